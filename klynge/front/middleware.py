"""Two-factor login: a login is not complete until the second factor is given, and with
`TWO_FACTOR_REQUIRED` administrators and secretariats must set one up before anything else."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode

from klynge.accounts.sessions import TWO_FACTOR_DONE_ELSEWHERE, TWO_FACTOR_PENDING
from klynge.organisations.models import roles_for


def must_use_two_factor(user: object) -> bool:
    """Who must log in with two factors when `TWO_FACTOR_REQUIRED` is on."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    roles = roles_for(user)
    return roles.is_secretariat  # administrators included


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        """What a half-logged-in user may still reach: the code and setup pages, logging
        out, the language and the static files."""
        names = ["two_factor_verify", "two_factor_setup", "logout", "set_language"]
        return (*[reverse(name) for name in names], settings.STATIC_URL, "/api/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.two_factor_required = False  # type: ignore[attr-defined]
        if user.is_authenticated and not request.session.get(TWO_FACTOR_DONE_ELSEWHERE):
            required = must_use_two_factor(user)
            request.two_factor_required = required  # type: ignore[attr-defined]
            verified = user.is_verified()  # type: ignore[attr-defined]  # by OTPMiddleware
            if not verified and not request.path.startswith(self.open_paths):
                if request.session.get(TWO_FACTOR_PENDING):
                    return self._to("two_factor_verify", request)
                if required:
                    return self._to("two_factor_setup", request)
        return self.get_response(request)

    def _to(self, name: str, request: HttpRequest) -> HttpResponse:
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
