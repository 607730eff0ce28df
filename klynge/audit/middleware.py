"""Keeps the client IP and the address of the current request where the audit log can find
them (`klynge.audit.context`), and logs what every view would otherwise each have to:
downloads and refusals."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from klynge.audit.context import current_ip, current_path
from klynge.audit.services import record_read, record_security
from klynge.core.http import client_ip


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ip_token = current_ip.set(client_ip(request))
        path_token = current_path.set(request.get_full_path())
        try:
            response = self.get_response(request)
            log_response(request, response)
            return response
        finally:
            current_ip.reset(ip_token)
            current_path.reset(path_token)


def log_response(request: HttpRequest, response: HttpResponse) -> None:
    """Downloads by a logged-in user (every PDF, Word, Excel, iCal and bilag: anything sent as a
    file) and every refused request go to the audit log. Public documents fetched anonymously
    are not personal and are left out."""
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    if response.status_code == 403:
        record_security(actor=actor, action="access.refused", details={"method": request.method})
        return
    if actor is None or response.status_code != 200:
        return
    disposition = response.get("Content-Disposition", "")
    if disposition or response.get("Content-Type", "").startswith("text/calendar"):
        filename = disposition.partition("filename=")[2].strip('"') if disposition else ""
        record_read(actor=actor, action="file.download", details={"file": filename})
