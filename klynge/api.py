"""The versioned REST API: /api/v1/, OpenAPI schema at /api/v1/openapi.json.

Personal tokens (`klynge create-token EMAIL`) are sent as `Authorization: Bearer …`. Every
endpoint reaches objects through the same access helpers as the pages and writes through the
same services.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import HttpBearer

from klynge.accounts.models import User
from klynge.accounts.services import user_for_token
from klynge.core.exceptions import ConcurrentEditError, ServiceError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Klynge API",
    version="1",
    description="Bodies, members, meetings, agenda items and decisions.",
    auth=BearerToken(),
    urls_namespace="api-v1",
)


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
from klynge.meetings.api import router as meetings_router  # noqa: E402
from klynge.organisations.api import router as organisations_router  # noqa: E402
from klynge.outcomes.api import router as outcomes_router  # noqa: E402
from klynge.reports.api import router as reports_router  # noqa: E402
from klynge.search.api import router as search_router  # noqa: E402

api.add_router("/", organisations_router)
api.add_router("/", meetings_router)
api.add_router("/", actionplans_router)
api.add_router("/", archive_router)
api.add_router("/", outcomes_router)
api.add_router("/", reports_router)
api.add_router("/", search_router)


def api_urls() -> tuple[list, str, str]:
    """The API's URL patterns, exempt from the session login (tokens guard them)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
    return patterns, app_name, namespace
