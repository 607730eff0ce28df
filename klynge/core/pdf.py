"""HTML to PDF with WeasyPrint, fetching nothing but Klynge's own static files.

Documents carry user text (titles, a sagsfremstilling), and WeasyPrint follows every URL it
meets: stylesheets, images, `<link rel=attachment>` embeds. Without a guard a title could
pull `file:///etc/passwd` or an internal URL into a public PDF. The fetcher below serves
`data:` URLs and files under STATIC_URL (found as `collectstatic` would) and refuses
everything else, so a document can only hold what we render into it.
"""

import base64
import mimetypes
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

#: The base URL documents are rendered against: `{% static %}` paths resolve under it.
DOCUMENT_BASE_URL = "https://klynge.invalid/"


def _static_path(url: str) -> str | None:
    prefix = DOCUMENT_BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        return None
    name = url[len(prefix) :].split("?")[0].split("#")[0]
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return found if isinstance(found, str) else None


def data_url(data: bytes, content_type: str) -> str:
    """`data` inlined as a `data:` URL: how a picture that is not a static file (a cluster's
    logo, an image bilag) gets into a document, the fetcher taking nothing else."""
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Klynge fetches nothing from {url[:80]!r} into a document.")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as file:
                body = file.read()
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticOnlyFetcher()


def html_to_pdf(source: str, **options: Any) -> bytes:
    """The PDF of `source` (tagged PDF/UA unless `pdf_variant` says otherwise)."""
    from weasyprint import HTML

    options.setdefault("pdf_variant", "pdf/ua-1")
    document = HTML(string=source, base_url=DOCUMENT_BASE_URL, url_fetcher=_fetcher())
    return bytes(document.write_pdf(**options))
