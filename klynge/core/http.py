import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is one of our reverse proxies
    (`TRUSTED_PROXIES`); then the nearest address in X-Forwarded-For that is not. A header
    from anyone else is ignored: it is the client's to write, and could say anything."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if remote is None or not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for address in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            return remote  # a broken chain: trust nothing in it
        if not _is_trusted(address, networks):
            return address
    return remote


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` parameter if it points into this site, else `fallback` (no open redirects)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


#: The documents Klynge writes, by their file name's suffix.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(content: bytes, filename: str) -> HttpResponse:
    """A document Klynge made, to save as `filename` (its suffix gives the type)."""
    response = HttpResponse(content, content_type=DOCUMENT_TYPES[filename.rsplit(".", 1)[1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def form_status(request: HttpRequest) -> int:
    """The status of a form page: 422 when a posted form comes back with its errors."""
    return 422 if request.method == "POST" else 200
