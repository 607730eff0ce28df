"""Text out of the files minutes come in: text in any encoding, PDF, scans, Word and web pages.

Each reader gives `Line`s with where they stood (elements.py) or raises `ReadError` with a
Danish message for the person who uploaded the file. Text, PDF and OCR are read here; web pages
in `web.py`, Word in `word.py`. `extract` picks the reader by the file's first bytes.
"""

import functools
import io
import logging
import math
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any
from warnings import catch_warnings, simplefilter

from .elements import Line
from .extracted import Extracted, ReadError, decode, table_row
from .typography import Styled, as_lines, drop_running_lines, styled_lines, unwrap
from .web import read_html
from .word import MAX_UNZIPPED, MAX_XML_UNZIPPED, read_docx

__all__ = [
    "MAX_BYTES", "MAX_IMAGE_PIXELS", "MAX_OCR_PIXELS", "MAX_PAGES", "MAX_PAGE_IMAGE_PIXELS",
    "MAX_UNZIPPED", "MAX_XML_UNZIPPED", "OCR_MAX_PAGES", "OCR_MAX_SECONDS", "Extracted",
    "ReadError", "decode", "detect_format", "extract", "ocr_available", "page_image",
    "read_docx", "read_html", "read_pdf", "read_text", "table_row",
]  # fmt: skip

MAX_BYTES = 100 * 1024 * 1024
MAX_PAGES = 2000
#: Pixels a rendered page or a read image may have, whatever size the file claims (a PDF page
#: may be 200 inches tall): the page image beside the review (1000 x 3000), a page rendered
#: for OCR (A3 at 300 dpi is 17 million), a scanned image (A4 at 600 dpi is 35 million).
MAX_PAGE_IMAGE_PIXELS = 3_000_000
MAX_OCR_PIXELS = 20_000_000
MAX_IMAGE_PIXELS = 40_000_000
OCR_DPI = 300
OCR_TIMEOUT = 120
#: OCR of one document: pages given to tesseract, and seconds in all. Past either, the rest
#: of the pages are left unread, with a warning; one scan cannot hold the worker for long.
OCR_MAX_PAGES = 200
OCR_MAX_SECONDS = 600
#: A page whose 72 dpi rendering has fewer dark pixels (darker than DARK) than this share of
#: all (a word or two) is blank: no OCR. The last page of the corpus' scans, two short lines,
#: has five times as many.
INK_BELOW = 0.00005
DARK = 160
#: A page with less text than this is taken for a scan.
SCANNED_BELOW = 25


class OcrTimeout(ReadError):
    """Tesseract ran out of the time it was given."""


class OcrBudgetSpent(Exception):
    """The document has had all the OCR pages or seconds it may have."""


def detect_format(data: bytes, name: str) -> str:
    lower = name.lower()
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if lower.endswith(".docx") or b"word/" in data[:65536] else "zip"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return "image"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    sniff = head.lower()
    if lower.endswith((".htm", ".html")) or b"<html" in sniff or b"<!doctype html" in sniff:
        return "html"
    return "text"


def extract(data: bytes, name: str, *, use_ocr: bool = True) -> Extracted:
    """`use_ocr=False`: text layers only (a scan gives no text), for reading inside a request."""
    if not data:
        raise ReadError("Filen er tom.")
    if len(data) > MAX_BYTES:
        raise ReadError(
            f"Filen er for stor ({len(data) // (1024 * 1024)} MB); der kan højst indlæses "
            f"{MAX_BYTES // (1024 * 1024)} MB pr. fil."
        )
    kind = detect_format(data, name)
    if kind == "pdf":
        return read_pdf(data, use_ocr=use_ocr)
    if kind == "docx":
        return read_docx(data)
    if kind == "html":
        return read_html(data)
    if kind == "image":
        if not use_ocr:
            raise ReadError("Billeder læses kun med tekstgenkendelse.")
        return read_image(data)
    if kind == "doc":
        raise ReadError("Gamle Word-filer (.doc) kan ikke læses; gem filen som .docx eller PDF.")
    if kind == "zip":
        raise ReadError("En zip-fil skal pakkes ud; den indeholder ikke et Word-dokument.")
    return read_text(data)


# --- Text ------------------------------------------------------------------------------------


def read_text(data: bytes) -> Extracted:
    sample = data[:65536]
    if sample.count(b"\x00") > len(sample) // 100 and not sample.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):
        raise ReadError("Filen er ikke tekst (den indeholder binære data).")
    text = decode(data)
    control = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if control > len(text[:65536]) // 50:
        raise ReadError("Filen er ikke tekst (den indeholder binære data).")
    pages = text.split("\f")
    lines = [Line(line, page=n) for n, page in enumerate(pages) for line in page.splitlines()]
    return Extracted("text", lines, pages=len(pages))


# --- PDF -------------------------------------------------------------------------------------


def read_pdf(data: bytes, *, use_ocr: bool = True) -> Extracted:
    import pypdfium2 as pdfium

    warnings: list[str] = []
    if b"%%EOF" not in data[-2048:]:
        warnings.append("PDF-filen er ufuldstændig (afskåret); kun det, der er i filen, er læst.")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ReadError("PDF-filen er beskyttet med adgangskode og kan ikke læses.") from error
        return _read_pdf_salvage(data, warnings, error)
    try:
        count = len(pdf)
        if count == 0:
            raise ReadError("PDF-filen har ingen sider.")
        if count > MAX_PAGES:
            raise ReadError(f"PDF-filen har {count} sider; der kan højst læses {MAX_PAGES}.")
        lines: list[Styled] = []
        page_width = 0.0
        ocr_pages = 0
        ocr_until = time.monotonic() + OCR_MAX_SECONDS
        for n in range(count):
            try:
                page = pdf[n]
                page_width = max(page_width, page.get_width())
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                warnings.append(f"Side {n + 1} i PDF-filen er beskadiget og er ikke læst.")
                continue
            try:
                text = textpage.get_text_range()
                styled = styled_lines(textpage, text, n)
                textpage.close()
                if use_ocr and len(text.strip()) < SCANNED_BELOW:
                    try:
                        scanned = _ocr_page(page, done=ocr_pages, until=ocr_until)
                    except OcrBudgetSpent:
                        use_ocr = False
                        warnings.append(
                            f"Tekstgenkendelsen er stoppet ved side {n + 1} (højst "
                            f"{OCR_MAX_PAGES} sider og {OCR_MAX_SECONDS // 60} minutter pr. "
                            "dokument); de sider, der er scannet derfra, er ikke læst."
                        )
                    else:
                        if scanned is not None:
                            styled = [Styled(t, n) for t in scanned.splitlines()]
                            ocr_pages += 1
            finally:
                page.close()
            lines.extend(
                Styled(t, s.page, s.size, s.bold, s.left, s.right, s.top)
                for s in styled
                for t in s.text.replace("\r", "\n").split("\n")
            )
    finally:
        pdf.close()
    return Extracted(
        "pdf-ocr" if ocr_pages else "pdf",
        as_lines(unwrap(drop_running_lines(lines), page_width=page_width)),
        count,
        ocr_pages,
        warnings,
    )


def _render(page: Any, *, scale: float, max_pixels: int, grayscale: bool = False) -> Any:
    """The page as a PIL image at `scale`, or smaller: never more than `max_pixels` pixels,
    whatever size the page claims."""
    import pypdfium2 as pdfium

    width, height = (max(side, 1.0) for side in page.get_size())
    # The largest scale at which the image, each side rounded up to a whole pixel, has at
    # most max_pixels: (width * s + 1) * (height * s + 1) <= max_pixels.
    area, sides = width * height, width + height
    fits = (math.sqrt(sides**2 + 4 * area * (max_pixels - 1)) - sides) / (2 * area)
    scale = min(scale, fits)
    try:
        return page.render(scale=scale, grayscale=grayscale).to_pil()
    except pdfium.PdfiumError as error:
        raise ReadError("En side i PDF-filen kan ikke tegnes.") from error


def has_ink(page: Any) -> bool:
    """Whether a page has more than a speck of dark pixels, on a rendering at 72 dpi (a
    fraction of a millisecond; the 300 dpi one for OCR costs ten times more)."""
    image = _render(page, scale=1, max_pixels=MAX_PAGE_IMAGE_PIXELS, grayscale=True)
    if image.getextrema()[0] >= DARK:
        return False
    return sum(image.histogram()[:DARK]) > INK_BELOW * image.width * image.height


def _ocr_page(page: Any, *, done: int, until: float) -> str | None:
    """The text OCR finds on a page; None for a blank page (left to tesseract, it costs
    seconds and finds nothing). Raises OcrBudgetSpent when the document has had its share."""
    left = until - time.monotonic()
    if done >= OCR_MAX_PAGES or left <= 0:
        raise OcrBudgetSpent
    if not has_ink(page):
        return None
    image = _render(page, scale=OCR_DPI / 72, max_pixels=MAX_OCR_PIXELS, grayscale=True)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    del image
    try:
        return ocr(buffer.getvalue(), timeout=min(OCR_TIMEOUT, left))
    except OcrTimeout:
        if left < OCR_TIMEOUT:
            raise OcrBudgetSpent from None
        raise


def _read_pdf_salvage(data: bytes, warnings: list[str], error: Exception) -> Extracted:
    """A damaged or cut-off PDF: pypdf reads the pages it can still find."""
    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # a broken file makes pypdf log every repair it tries
    try:
        if b"%%EOF" not in data[-2048:]:
            # Without an end marker pypdf gives up; with a false one it rebuilds the
            # cross-reference table by scanning the objects that arrived.
            data += b"\nstartxref\n0\n%%EOF\n"
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ReadError("PDF-filen er beskyttet med adgangskode og kan ikke læses.")
        lines: list[Line] = []
        pages = 0
        for text in _salvaged_page_texts(reader, data):
            lines.extend(Line(t, page=pages) for t in text.splitlines())
            pages += 1
    except ReadError:
        raise
    except Exception as salvage_error:  # pypdf raises many kinds on a broken file
        raise ReadError("PDF-filen er beskadiget og kan ikke læses.") from salvage_error
    finally:
        pypdf_log.setLevel(level)
    if not any(line.text.strip() for line in lines):
        raise ReadError(
            "PDF-filen er beskadiget eller afskåret, og der er ingen læsbar tekst tilbage i den."
        ) from error
    if not warnings:
        warnings.append("PDF-filen er beskadiget; teksten er læst, så langt det var muligt.")
    return Extracted("pdf", lines, pages, 0, warnings)


def _salvaged_page_texts(reader: Any, data: bytes) -> Iterator[str]:
    """The text of each page pypdf can reach: through the page tree, else (a download cut off
    before the page tree) every page object found in the file, in the order they were written."""
    from pypdf import PageObject
    from pypdf.generic import DictionaryObject, IndirectObject

    try:
        tree = list(reader.pages)[:MAX_PAGES]
    except Exception:  # no catalogue or page tree left
        tree = []
    if tree:
        for page in tree:
            try:
                yield page.extract_text() or ""
            except Exception:
                return
        return
    seen: set[int] = set()
    for match in re.finditer(rb"(?<![0-9])(\d{1,7})\s+(\d{1,5})\s+obj\b", data):
        reference = IndirectObject(int(match[1]), int(match[2]), reader)
        try:
            obj = reader.get_object(reference)
        except Exception:  # noqa: S112 - an object the cut went through; the next may be whole
            continue
        if int(match[1]) in seen or not isinstance(obj, DictionaryObject):
            continue
        if obj.get("/Type") != "/Page":
            continue
        seen.add(int(match[1]))
        page = PageObject(reader, reference)
        page.update(obj)
        try:
            yield page.extract_text() or ""
        except Exception:
            return  # the page whose content the cut went through, and all after it
        if len(seen) >= MAX_PAGES:
            return


def page_image(data: bytes, page: int, *, width: int = 1000) -> bytes:
    """Page `page` (from 0) of a PDF, or the scanned image itself, as a PNG `width` pixels wide
    (the review page shows the original beside what was read from it)."""
    from PIL import Image

    if detect_format(data, "") == "image":
        if page != 0:
            raise ReadError("Billedet har kun én side.")
        image = open_image(data)
        try:
            image.thumbnail((width, width * 3))
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            raise ReadError("Billedet kan ikke vises.") from error
    else:
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise ReadError("PDF-filen kan ikke vises.") from error
        try:
            if not 0 <= page < len(pdf):
                raise ReadError("PDF-filen har ikke den side.")
            try:
                pdf_page = pdf[page]
            except pdfium.PdfiumError as error:
                raise ReadError("Siden i PDF-filen er beskadiget og kan ikke vises.") from error
            try:
                scale = min(width / max(pdf_page.get_width(), 1), 4)
                image = _render(pdf_page, scale=scale, max_pixels=MAX_PAGE_IMAGE_PIXELS)
            finally:
                pdf_page.close()
        finally:
            pdf.close()
    out = io.BytesIO()
    try:
        image.save(out, format="PNG", optimize=True)  # a damaged image fails only as it is read
    except (OSError, ValueError, SyntaxError) as error:
        raise ReadError("Billedet kan ikke vises.") from error
    return out.getvalue()


# --- OCR -------------------------------------------------------------------------------------


@functools.cache
def ocr_available() -> bool:
    if shutil.which("tesseract") is None:
        return False
    result = subprocess.run(
        ["tesseract", "--list-langs"],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return "dan" in result.stdout.split()


def open_image(data: bytes) -> Any:
    """An image, opened (its pixels not yet read) and checked to be no larger than
    MAX_IMAGE_PIXELS."""
    from PIL import Image

    try:
        with catch_warnings():
            # Pillow warns from 89 million pixels; the size is checked just below, lower.
            simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ReadError("Billedet er beskadiget eller i et format, der ikke kan læses.") from error
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise ReadError(
            f"Billedet er for stort ({image.width} x {image.height} punkter); der kan højst "
            f"læses {MAX_IMAGE_PIXELS // 1_000_000} millioner punkter."
        )
    return image


def ocr(image: bytes, *, timeout: float = OCR_TIMEOUT) -> str:
    """Danish OCR of one image with Debian's tesseract: its lines, a blank line between
    paragraphs, and lines the page wrapped at its margin joined back (see `unwrap`)."""
    if not ocr_available():
        raise ReadError(
            "Filen er en scanning, men tekstgenkendelse (tesseract-ocr med dansk) er ikke "
            "installeret på serveren."
        )
    try:
        result = subprocess.run(
            ["tesseract", "-", "-", "-l", "dan", "--psm", "4", "tsv"],  # noqa: S607
            input=image,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise OcrTimeout("Tekstgenkendelsen af en side tog for lang tid.") from error
    if result.returncode != 0:
        raise ReadError("Billedet kunne ikke læses af tekstgenkendelsen.")
    return ocr_text(result.stdout.decode("utf-8", errors="replace"))


def ocr_text(tsv: str) -> str:
    """Tesseract's word boxes (its `tsv` output) as lines of text."""
    width = 0.0
    lines: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or not cells[0].isdigit():
            continue
        level, block, par, line, left, box_width = (int(cells[i]) for i in (0, 2, 3, 4, 6, 8))
        if level == 1:
            width = float(box_width)
        elif level == 5 and cells[11].strip():
            lines.setdefault((block, par, line), []).append((left, left + box_width, cells[11]))
    styled: list[Styled] = []
    paragraph = None
    for (block, par, _line), words in lines.items():
        if paragraph is not None and paragraph != (block, par):
            styled.append(Styled("", 0))
        paragraph = (block, par)
        text = " ".join(word for _left, _right, word in words)
        styled.append(Styled(text, 0, left=words[0][0], right=words[-1][1]))
    return "\n".join(line.text for line in unwrap(styled, page_width=width))


def read_image(data: bytes) -> Extracted:
    open_image(data)
    text = ocr(data, timeout=min(OCR_TIMEOUT, OCR_MAX_SECONDS))
    return Extracted("image-ocr", [Line(t, page=0) for t in text.splitlines()], 1, 1)
