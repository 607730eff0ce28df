"""Password reset by mail, through Django's own views; the mail is Klynge's (HTML with a
plain-text part, the link built from SITE_URL rather than the request's Host header)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.core import mail
from klynge.core.forms import DkfdsFormMixin


class PasswordResetForm(DkfdsFormMixin, DjangoPasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        mail.message(
            subject=_("Ny adgangskode til Klynge"),
            template="accounts/mail/password_reset.html",
            context={"user": context["user"], "url": settings.SITE_URL + path},
            to=[to_email],
        ).send()


class SetPasswordForm(DkfdsFormMixin, DjangoSetPasswordForm):
    pass


class ApiTokenForm(DkfdsFormMixin, forms.Form):
    DAYS = [(30, _("30 dage")), (90, _("90 dage")), (180, _("180 dage")), (365, _("1 år"))]

    name = forms.CharField(
        label=_("Navn"), max_length=100, help_text=_("Hvad nøglen bruges til, fx 'Power BI'.")
    )
    days = forms.TypedChoiceField(label=_("Gyldig i"), choices=DAYS, coerce=int, initial=90)


class TwoFactorCodeForm(DkfdsFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Kode fra din godkendelsesapp"),
        max_length=10,
        help_text=_("De 6 cifre, appen viser lige nu."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        # Apps show the code as "123 456".
        return self.cleaned_data["code"].replace(" ", "")
