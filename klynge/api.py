"""The versioned REST API: /api/v1/, OpenAPI schema at /api/v1/openapi.json.

Personal tokens (`klynge create-token EMAIL`) are sent as `Authorization: Bearer …`. Every
endpoint reaches objects through the same access helpers as the pages and writes through the
same services.
"""

import math

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from klynge.accounts.models import User
from klynge.accounts.services import user_for_token
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.core.http import client_ip


class RateLimit(SimpleRateThrottle):
    """`API_RATE_PER_MINUTE` requests a minute per token's user, and as many tries with a
    wrong token per address (so a token cannot be guessed at speed); then 429."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(rate="1/m")  # replaced by the setting on each request

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = settings.API_RATE_PER_MINUTE, 60
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        user = getattr(request, "auth", None)
        ident = f"user-{user.pk}" if isinstance(user, User) else f"ip-{client_ip(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


WRONG_TOKENS = RateLimit("wrong-token")


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is None:
            if not WRONG_TOKENS.allow_request(request):
                raise Throttled(math.ceil(WRONG_TOKENS.wait() or 60))
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="Klynge API",
    version="1",
    description="Bodies, members, meetings, agenda items and decisions.",
    auth=BearerToken(),
    throttle=[RateLimit("token")],
    urls_namespace="api-v1",
)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("For mange forespørgsler. Prøv igen om lidt.")}, status=429
    )
    if exc.wait:
        response["Retry-After"] = str(math.ceil(exc.wait))
    return response


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Adgang nægtet."}, status=403)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": _("Forespørgslen er for stor (højst %(mb)s MB).")
            % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2**20}
        },
        status=413,
    )


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    status = 409 if isinstance(exc, ConcurrentEditError) else 400
    return api.create_response(request, {"detail": exc.message}, status=status)


from klynge.actionplans.api import router as actionplans_router  # noqa: E402
from klynge.archive.api import router as archive_router  # noqa: E402
from klynge.budgets.api import router as budgets_router  # noqa: E402
from klynge.healthplans.api import router as healthplans_router  # noqa: E402
from klynge.meetings.api import router as meetings_router  # noqa: E402
from klynge.organisations.api import router as organisations_router  # noqa: E402
from klynge.outcomes.api import router as outcomes_router  # noqa: E402
from klynge.recommendations.api import router as recommendations_router  # noqa: E402
from klynge.reports.api import router as reports_router  # noqa: E402
from klynge.search.api import router as search_router  # noqa: E402
from klynge.votes.api import router as votes_router  # noqa: E402

api.add_router("/", organisations_router)
api.add_router("/", meetings_router)
api.add_router("/", recommendations_router)
api.add_router("/", actionplans_router)
api.add_router("/", archive_router)
api.add_router("/", outcomes_router)
api.add_router("/", reports_router)
api.add_router("/", search_router)
api.add_router("/", votes_router)
api.add_router("/", healthplans_router)
api.add_router("/", budgets_router)


def api_urls() -> tuple[list, str, str]:
    """The API's URL patterns, exempt from the session login (tokens guard them)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
    return patterns, app_name, namespace
