"""Text out of the files minutes come in: text in any encoding, PDF, scans, Word and web pages.

Each reader gives lines (with headings marked where the format says so) or raises `ReadError`
with a Danish message for the person who uploaded the file.
"""

import functools
import io
import logging
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from charset_normalizer import from_bytes

from .parse import Line

MAX_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_PAGES = 2000
OCR_DPI = 300
OCR_TIMEOUT = 120
#: A page with less text than this is taken for a scan.
SCANNED_BELOW = 25


class ReadError(Exception):
    """A file that cannot be read; the message is for the person who gave it."""


@dataclass
class Extracted:
    format: str
    lines: list[Line]
    pages: int = 0
    ocr_pages: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        out: list[str] = []
        page = None
        for line in self.lines:
            if out and line.page != page:
                out.append("\f")
            page = line.page
            out.append(line.text)
        return "\n".join(out).replace("\n\f\n", "\f")


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


def decode(data: bytes) -> str:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:400_000]).best()
    if best is None:
        raise ReadError("Filen er ikke tekst, og dens tegnsæt kan ikke genkendes.")
    return data.decode(best.encoding, errors="replace")


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
        lines: list[Line] = []
        ocr_pages = 0
        for n in range(count):
            page = pdf[n]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                if use_ocr and len(text.strip()) < SCANNED_BELOW:
                    image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
                    buffer = io.BytesIO()
                    image.save(buffer, format="PNG")
                    del image
                    text = ocr(buffer.getvalue())
                    ocr_pages += 1
            finally:
                page.close()
            lines.extend(
                Line(t, page=n) for t in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            )
    finally:
        pdf.close()
    return Extracted("pdf-ocr" if ocr_pages else "pdf", lines, count, ocr_pages, warnings)


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
        try:
            image = Image.open(io.BytesIO(data))
            image.thumbnail((width, width * 3))
        except (OSError, Image.DecompressionBombError) as error:
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
            pdf_page = pdf[page]
            scale = width / max(pdf_page.get_width(), 1)
            image = pdf_page.render(scale=min(scale, 4)).to_pil()
            pdf_page.close()
        finally:
            pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
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


def ocr(image: bytes) -> str:
    """Danish OCR of one image with Debian's tesseract."""
    if not ocr_available():
        raise ReadError(
            "Filen er en scanning, men tekstgenkendelse (tesseract-ocr med dansk) er ikke "
            "installeret på serveren."
        )
    try:
        result = subprocess.run(
            ["tesseract", "-", "-", "-l", "dan", "--psm", "4"],  # noqa: S607
            input=image,
            capture_output=True,
            timeout=OCR_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ReadError("Tekstgenkendelsen af en side tog for lang tid.") from error
    if result.returncode != 0:
        raise ReadError("Billedet kunne ikke læses af tekstgenkendelsen.")
    return result.stdout.decode("utf-8", errors="replace")


def read_image(data: bytes) -> Extracted:
    text = ocr(data)
    return Extracted("image-ocr", [Line(t, page=0) for t in text.splitlines()], 1, 1)


# --- Word ------------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ReadError("Word-filen er beskadiget (ikke en gyldig .docx).") from error
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > MAX_UNZIPPED or total / packed > 200:
        raise ReadError("Word-filen pakker ud til urimeligt meget data og læses ikke.")
    if "word/document.xml" not in {info.filename for info in infos}:
        raise ReadError("Filen er ikke et Word-dokument (.docx).")


def read_docx(data: bytes) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a broken package
        raise ReadError("Word-filen er beskadiget og kan ikke læses.") from error
    lines: list[Line] = []

    def paragraph_line(paragraph: Paragraph) -> Line:
        text = paragraph.text
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        bold = bool(paragraph.runs) and all(r.bold for r in paragraph.runs if r.text.strip())
        heading = style.lower().startswith(("heading", "overskrift", "title", "titel")) or (
            bold and 0 < len(text) < 150
        )
        if style.lower().startswith(("list", "liste")) and text:
            text = f"- {text}"
        return Line(text, heading=heading)

    def table_lines(table: Table) -> Iterator[Line]:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = cell.text.strip()
                if text and (not cells or cells[-1] != text):
                    cells.append(text)
            if not cells:
                continue
            yield from (Line(t) for t in table_row(cells))

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(paragraph_line(block))
        else:
            lines.extend(table_lines(block))
            lines.append(Line(""))
    return Extracted("docx", lines, 1)


LABEL_CELL = re.compile(
    r"^(?:mødedato|dato|tid|tidspunkt|sted|mødested|møde|udvalg|forum|deltagere|mødedeltagere"
    r"|afbud|fraværende|gæster|referent|sekretariat|beslutning|indstilling|sagsfremstilling"
    r"|sagsnr\.?|sagsnummer|bilag|til stede|fremmødte|konklusion|referat|mødeleder)\s*:?$",
    re.IGNORECASE,
)


def table_row(cells: list[str]) -> list[str]:
    """One table row as text lines: "Label: value" for a label column, else the cells in a row."""
    first, rest = cells[0], cells[1:]
    if rest and LABEL_CELL.match(first):
        values = "\n".join(rest).splitlines()
        return [f"{first.rstrip(':')}: {values[0]}", *values[1:]]
    if len(cells) == 1:
        return cells[0].splitlines()
    if re.fullmatch(r"\d{1,3}\.?", first) and rest:
        return [f"{first.rstrip('.')}. {' '.join(rest)}"]
    return [", ".join(c.replace("\n", " ") for c in cells)]


# --- HTML ------------------------------------------------------------------------------------

DROP_TAGS = {
    "script", "style", "noscript", "nav", "button", "form", "select", "iframe", "svg", "aside",
    "template", "input", "textarea", "footer", "head", "menu", "dialog", "object", "embed",
}  # fmt: skip
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "address", "figure", "figcaption", "hr", "br", "details", "summary", "fieldset",
    "caption", "center",
}  # fmt: skip
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
NAV_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|cookie\w*|skip\w*|footer|toolbar|share"
    r"|social|sidebar|topbar|site-header|print-button|hidden|sr-only|visually-hidden|pagination)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)


def read_html(data: bytes) -> Extracted:
    import lxml.html
    from lxml import etree

    text = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, ValueError) as error:
        raise ReadError("Websiden kan ikke læses.") from error
    lines: list[Line] = []
    current: list[str] = []
    heading = [False]

    def flush() -> None:
        line = re.sub(r"\s+", " ", "".join(current)).strip()
        if line:
            lines.append(Line(line, heading=heading[0]))
        current.clear()
        heading[0] = False

    def walk(element: "lxml.html.HtmlElement") -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in DROP_TAGS or not isinstance(element.tag, str):
            if element.tail:
                current.append(element.tail)
            return
        attrs = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
        if (
            NAV_CLASSES.search(attrs)
            or element.get("aria-hidden") == "true"
            or element.get("hidden") is not None
        ):
            if element.tail:
                current.append(element.tail)
            return
        if tag == "tr":
            flush()
            cells = [
                re.sub(r"\s+", " ", cell.text_content()).strip()
                for cell in element
                if isinstance(cell.tag, str) and cell.tag.lower() in {"td", "th"}
            ]
            for row_line in table_row([c for c in cells if c]) if any(cells) else []:
                lines.append(Line(row_line))
            if element.tail and element.tail.strip():
                current.append(element.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if tag in HEADING_TAGS:
            heading[0] = True
        if tag == "li":
            current.append("- ")
        if element.text:
            current.append(element.text)
        for child in element:
            walk(child)
        if block:
            is_heading = tag in HEADING_TAGS
            if is_heading:
                heading[0] = True
            flush()
        if element.tail:
            current.append(element.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return Extracted("html", lines, 1)
