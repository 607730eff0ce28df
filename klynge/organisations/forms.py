from typing import Any

import filetype
from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import DateInput, DkfdsFormMixin, limit_choices
from klynge.organisations.models import Body, Cluster, Membership, Organisation, Person


class OrganisationForm(DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "region"]


#: A logo in a document header: small pictures only.
LOGO_TYPES = {"image/png", "image/jpeg"}
LOGO_MAX_BYTES = 1024 * 1024


class ClusterForm(DkfdsFormMixin, forms.ModelForm):
    new_logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG eller JPEG, højst 1 MB. Står i sidehovedet på dagsordener og referater."),
    )
    remove_logo = forms.BooleanField(label=_("Fjern logoet"), required=False)

    class Meta:
        model = Cluster
        fields = ["name", "kind", "region", "valid_from", "valid_to", "successor", "organisations"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def clean_new_logo(self) -> Any:
        upload = self.cleaned_data.get("new_logo")
        if upload is None:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Logoet må højst fylde 1 MB."))
        kind = filetype.guess(upload.read(2048))
        upload.seek(0)
        if kind is None or kind.mime not in LOGO_TYPES:
            raise forms.ValidationError(_("Logoet skal være et billede i PNG eller JPEG."))
        return upload

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            limit_choices(self, "successor", Cluster.objects.exclude(pk=self.instance.pk))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Slutdatoen ligger før startdatoen."))
        return data


class BodyForm(DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "level",
            "parent",
            "description",
            "former_names",
            "is_active",
            "agenda_deadline_days",
            "vote_rule",
            "votes_by",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "former_names": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Body.objects.filter(cluster=cluster)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        limit_choices(self, "parent", parents)
        # Most bodies never vote: a form without the voting rules keeps what they were.
        for name in ("vote_rule", "votes_by"):
            self.fields[name].required = False

    def clean_vote_rule(self) -> str:
        return self.cleaned_data["vote_rule"] or self.instance.vote_rule

    def clean_votes_by(self) -> str:
        return self.cleaned_data["votes_by"] or self.instance.votes_by


class PersonForm(DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "organisation", "user"]
        help_texts = {"user": _("Den brugerkonto, personen logger ind med (kun administratorer).")}

    def __init__(self, *args: Any, can_link_user: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_link_user:
            del self.fields["user"]


class MembershipForm(DkfdsFormMixin, forms.ModelForm):
    """Add a member: pick a known person or type a new one."""

    person = forms.ModelChoiceField(
        Person.objects.all(), required=False, label=_("Eksisterende person")
    )
    new_person_name = forms.CharField(
        label=_("Eller ny person: navn"), max_length=200, required=False
    )
    new_person_email = forms.EmailField(label=_("Ny person: e-mail"), required=False)

    class Meta:
        model = Membership
        fields = ["organisation", "title", "role", "start_date", "end_date", "substitute_for"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ["person", "new_person_name", "new_person_email"]:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.instance.pk and not data.get("person") and not data.get("new_person_name"):
            self.add_error("person", _("Vælg en person, eller skriv navnet på en ny."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatoen ligger før startdatoen."))
        if data.get("substitute_for") and data.get("role") != Membership.Role.SUBSTITUTE:
            self.add_error(
                "substitute_for", _("Kun en stedfortræder kan stå i stedet for et andet medlem.")
            )
        return data


class EndMembershipForm(DkfdsFormMixin, forms.Form):
    end_date = forms.DateField(label=_("Sidste dag som medlem"), widget=DateInput())
