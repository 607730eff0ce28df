"""HTML to PDF with WeasyPrint, fetching nothing but Klynge's own static files.

Documents carry user text (titles, a sagsfremstilling), and WeasyPrint follows every URL it
meets: stylesheets, images, `<link rel=attachment>` embeds. Without a guard a title could
pull `file:///etc/passwd` or an internal URL into a public PDF. The fetcher below serves
`data:` URLs and files under STATIC_URL (found as `collectstatic` would) and refuses
everything else, so a document can only hold what we render into it.
"""

import base64
import logging
import mimetypes
import time
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

logger = logging.getLogger(__name__)

#: The base URL documents are rendered against: `{% static %}` paths resolve under it.
DOCUMENT_BASE_URL = "https://klynge.invalid/"

#: A 1×1 PNG, a logo's picture.
_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)
#: A page with what Klynge's documents hold (see `warm_up`): the DejaVu faces they use, a
#: running footer, a table, a chart's inline SVG and a logo's PNG.
_WARM_UP_SOURCE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">
<title>Opvarmning</title><meta name="author" content="Klynge"><style>
@page { size: A4; margin: 2cm; @bottom-right { content: "Side " counter(page) " af "
counter(pages); font-family: "DejaVu Sans", sans-serif; font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
table { border-collapse: collapse; } th, td { border: 1px solid #bbb; }
</style></head><body><h1>Æblegrød på Ærø</h1><p>Tekst med <strong>fed</strong>,
<em>kursiv</em> og <strong><em>begge</em></strong>: 1.234,5 kr. – “citat”.</p>
<table><tr><th scope="col">Dato</th><td>31.12.2026</td></tr></table>
<svg class="chart" viewBox="0 0 100 40" role="img" aria-label="graf"><polyline
points="0,30 50,10 100,20" fill="none" stroke="#004993"/><text x="2" y="38"
font-size="6">2026</text></svg>
<img alt="logo" src="{logo}"></body></html>"""


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


def warm_up() -> float:
    """Render one small document now, so the first document a person asks for does not pay
    for WeasyPrint's start: its imports (with the C libraries' bindings), the browser style
    sheet, fontconfig's look-up of the fonts, and the DejaVu faces' loading and subsetting.
    Called where a process starts serving (gunicorn's master before it forks its workers,
    `klynge worker`). The seconds it took; a failure is logged, never raised: a process that
    cannot warm up still serves (its first document is slow, or fails with its own error)."""
    start = time.perf_counter()
    try:
        source = _WARM_UP_SOURCE.replace("{logo}", f"data:image/png;base64,{_PNG}")
        html_to_pdf(source, custom_metadata=True)
    except Exception:
        logger.warning("Could not warm up the PDF renderer", exc_info=True)
    seconds = time.perf_counter() - start
    logger.info("PDF renderer warmed up in %.1f s", seconds)
    return seconds
