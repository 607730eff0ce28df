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
    def code_paths(self) -> frozenset[str]:
        """All a half-logged-in session (password given, code not) may reach: the code page,
        logging out and the language. Exact paths: a prefix would open every page below it
        (the setup page's prefix opened the removal of the device)."""
        return frozenset(reverse(name) for name in ["two_factor_verify", "logout", "set_language"])

    @cached_property
    def setup_paths(self) -> frozenset[str]:
        """All a user who must set up two-factor login and has no device yet may reach."""
        return frozenset(reverse(name) for name in ["two_factor_setup", "logout", "set_language"])

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.two_factor_required = False  # type: ignore[attr-defined]
        if user.is_authenticated and not request.session.get(TWO_FACTOR_DONE_ELSEWHERE):
            required = must_use_two_factor(user)
            request.two_factor_required = required  # type: ignore[attr-defined]
            verified = user.is_verified()  # type: ignore[attr-defined]  # by OTPMiddleware
            if not verified:
                # The code is asked for first: a user who has a device never reaches set-up
                # (a new secret) or removal without it, required or not.
                if request.session.get(TWO_FACTOR_PENDING):
                    if request.path not in self.code_paths:
                        return self._to("two_factor_verify", request)
                elif required and request.path not in self.setup_paths:
                    return self._to("two_factor_setup", request)
        return self.get_response(request)

    def _to(self, name: str, request: HttpRequest) -> HttpResponse:
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
