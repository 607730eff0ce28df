"""How long a login lasts: an idle timeout and an absolute one (settings
`SESSION_IDLE_MINUTES`, `SESSION_MAX_HOURS`), and no session older than the user's last
deactivation."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

STARTED = "_klynge_started"
SEEN = "_klynge_seen"
#: The last-seen time is written at most this often: not a session write per request.
SEEN_RESOLUTION = 60
#: The password is given, the second factor not yet (`TwoFactorMiddleware` asks for it).
TWO_FACTOR_PENDING = "_klynge_two_factor_pending"
#: Logged in through the organisation's identity provider, which does its own second factor.
TWO_FACTOR_DONE_ELSEWHERE = "_klynge_two_factor_elsewhere"


def mark_session_start(session: Any) -> None:
    now = time.time()
    session[STARTED] = now
    session[SEEN] = now


class SessionLimitsMiddleware:
    """Ends a session that has been idle too long, is too old, or began before the user was
    deactivated; the next page then asks for a login."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> None:
        session = request.session
        now = time.time()
        if STARTED not in session:  # a session from before these limits
            mark_session_start(session)
            return
        started, seen = session[STARTED], session.get(SEEN, session[STARTED])
        valid_after = user.sessions_valid_after
        reason = ""
        if valid_after is not None and started < valid_after.timestamp():
            reason = _("Du er logget ud, fordi din adgang er ændret.")
        elif now - started > settings.SESSION_MAX_HOURS * 3600:
            reason = _("Du er logget ud, fordi du har været logget ind i %(hours)s timer.") % {
                "hours": settings.SESSION_MAX_HOURS
            }
        elif now - seen > settings.SESSION_IDLE_MINUTES * 60:
            reason = _(
                "Du er logget ud, fordi du ikke har brugt Klynge i %(minutes)s minutter."
            ) % {"minutes": settings.SESSION_IDLE_MINUTES}
        if reason:
            logout(request)
            messages.info(request, reason)
        elif now - seen > SEEN_RESOLUTION:
            session[SEEN] = now
