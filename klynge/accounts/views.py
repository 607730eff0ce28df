"""The user's own account: their API tokens and two-factor login; the second step of a
two-factor login; the lockout page."""

from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from klynge.accounts import services
from klynge.accounts.forms import ApiTokenForm, TwoFactorCodeForm
from klynge.accounts.http import AuthedRequest
from klynge.accounts.sessions import (
    TWO_FACTOR_DONE_ELSEWHERE,
    TWO_FACTOR_PENDING,
    mark_session_start,
)
from klynge.audit.services import record_security
from klynge.core.http import safe_next


def account(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.create_api_token(
            actor=request.user,
            user=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        form = ApiTokenForm()
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": request.user.api_tokens.order_by("-created_at"),
            "two_factor": services.two_factor_device(request.user),
            "two_factor_required": getattr(request, "two_factor_required", False),
        },
    )


@require_POST
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    # Only the owner's own tokens are found: anyone else's is a 404.
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("API-nøglen “%(name)s” er tilbagekaldt.") % {"name": token.name})
    return redirect("account")


def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    """The second step of a login with two factors: the code from the app."""
    device = services.two_factor_device(request.user)
    if device is None:
        # Removed since the password was given (an administrator's help with a lost phone):
        # there is no code to ask for, and asking would send the user round in a circle.
        request.session.pop(TWO_FACTOR_PENDING, None)
    if device is None or not request.session.get(TWO_FACTOR_PENDING):
        return redirect(safe_next(request, reverse("home")))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _wait = device.verify_is_allowed()
        if not allowed:
            # django-otp waits longer after each wrong code (1, 2, 4 … seconds).
            form.add_error("code", _("For mange forkerte koder i træk. Vent lidt, og prøv igen."))
        elif device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            del request.session[TWO_FACTOR_PENDING]
            record_security(actor=request.user, action="session.two_factor", obj=request.user)
            return redirect(safe_next(request, reverse("home")))
        else:
            record_security(
                actor=request.user, action="session.two_factor_failed", obj=request.user
            )
            form.add_error("code", _("Koden er forkert eller udløbet. Prøv den næste kode."))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": safe_next(request, "")}
    )


def _code_first(request: AuthedRequest) -> HttpResponse | None:
    """Where to send a session that has not given the code of the device the user has: to
    the code page, before it may replace or remove that device. (The middleware already
    sends a half-logged-in login there; this also holds a session begun before the device
    was set up.)"""
    verified = request.user.is_verified()  # type: ignore[attr-defined]  # by OTPMiddleware
    if verified or request.session.get(TWO_FACTOR_DONE_ELSEWHERE):
        return None
    if services.two_factor_device(request.user) is None:
        return None
    request.session[TWO_FACTOR_PENDING] = True
    return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': reverse('account')})}")


def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Turn on two-factor login: scan the QR code (or type the key), confirm with a code."""
    if refused := _code_first(request):
        return refused
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        device = services.two_factor_device(request.user, confirmed=False)
        if device is None:
            return redirect("two_factor_setup")
        if form.is_valid():
            code = form.cleaned_data["code"]
            if services.confirm_two_factor(actor=request.user, device=device, code=code):
                mark_session_start(request.session)
                otp_login(request, device)
                messages.success(request, _("To-faktor-login er slået til."))
                return redirect(safe_next(request, reverse("account")))
            form.add_error("code", _("Koden passer ikke. Tjek at appen har den nye nøgle."))
    else:
        device = services.start_two_factor(user=request.user)
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": getattr(request, "two_factor_required", False),
            "next": safe_next(request, ""),
        },
    )


@require_POST
def two_factor_disable(request: AuthedRequest) -> HttpResponse:
    if refused := _code_first(request):
        return refused
    if getattr(request, "two_factor_required", False):
        messages.error(
            request, _("Du skal bruge to-faktor-login i din rolle; det kan ikke slås fra.")
        )
    else:
        services.disable_two_factor(actor=request.user, user=request.user)
        messages.success(request, _("To-faktor-login er slået fra."))
    return redirect("account")


def locked_out(request: HttpRequest, *args: Any) -> HttpResponse:
    """django-axes' answer to a locked-out login (`AXES_LOCKOUT_CALLABLE`), in Danish."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
