"""The user's own account: their API tokens (and two-factor login), and the lockout page."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts import services
from klynge.accounts.forms import ApiTokenForm
from klynge.accounts.http import AuthedRequest


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
        },
    )


@require_POST
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    # Only the owner's own tokens are found: anyone else's is a 404.
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("API-nøglen “%(name)s” er tilbagekaldt.") % {"name": token.name})
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
