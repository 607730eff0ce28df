"""Hostile files, small on the wire and huge (or broken) once read: the bombs of the outside
penetration test (issue 22) and their cousins, for the readers' tests.

Every builder is pure (bytes out) and cheap to run; none imports an app. `measure` runs a
reader on one in a child process and reports its seconds and peak memory.
"""

import io
import multiprocessing
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- Spreadsheets ----------------------------------------------------------------------------


def xlsx(rows: list[list[object]]) -> bytes:
    """A plain, valid workbook with `rows` on its first sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewrite_sheet(data: bytes, change: "re.Pattern[bytes] | None", to: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {}
    for info in source.infolist():
        content = source.read(info)
        if info.filename == "xl/worksheets/sheet1.xml" and change is not None:
            content = change.sub(to, content, count=1)
        members[info.filename] = content
    return _zip(members)


def xlsx_dimension_bomb(rows: int = 2000) -> bytes:
    """A tiny workbook whose `<dimension>` claims `A1:XFD<rows>`, with a value in its first and
    last row: openpyxl's read-only mode trusts the claim and pads every row between to 16,384
    cells (finding 2: 1.6 KB, 17 s; a million rows would run for hours)."""
    cells = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>dato</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>v\xc3\xa6rdi</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>2024-03-31</t></is></c>'
        b'<c r="B2"><v>1</v></c></row>'
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (rows, rows)
    )
    return xlsx_sheet(cells, ref=f"A1:XFD{rows}")


def _dimension(ref: str) -> bytes:
    return f'<dimension ref="{ref}"/>'.encode()


def xlsx_sheet(sheet_data: bytes, *, ref: str = "A1:B2") -> bytes:
    """A workbook whose first sheet's `<sheetData>` is `sheet_data`, written by hand."""
    data = xlsx([["a"]])
    pattern = re.compile(rb"<dimension.*</sheetData>|<dimension.*<sheetData\s*/>", re.S)
    sheet = _dimension(ref) + b"<sheetData>" + sheet_data + b"</sheetData>"
    return _rewrite_sheet(data, pattern, sheet)


def xlsx_far_cells(rows: int = 2000) -> bytes:
    """Every row holds one value in the last column (XFD): a reader that pads rows to their
    last cell builds 16,384 cells per row."""
    cells = b"".join(
        f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        for n in range(1, rows + 1)
    )
    return xlsx_sheet(cells, ref="A1:A1")


def xlsx_row_gap() -> bytes:
    """A header, then one row at the last row Excel allows: a million missing rows between."""
    cells = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>dato</t></is></c></row>'
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    return xlsx_sheet(cells, ref="A1:A1")


def xlsx_many_cells(rows: int, columns: int) -> bytes:
    """Real values in every cell of a `rows` x `columns` block (a file that honestly is big)."""
    parts = []
    for n in range(1, rows + 1):
        parts.append(f'<row r="{n}">'.encode())
        parts.extend(f'<c r="{_column(c)}{n}"><v>1</v></c>'.encode() for c in range(1, columns + 1))
        parts.append(b"</row>")
    return xlsx_sheet(b"".join(parts), ref=f"A1:{_column(columns)}{rows}")


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx_xml_bomb(megabytes: int = 300) -> bytes:
    """A workbook whose sheet XML inflates to `megabytes` MB (a zip bomb inside an .xlsx)."""
    data = xlsx([["dato", "værdi"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {info.filename: source.read(info) for info in source.infolist()}
    filler = b"<!--" + b" " * (megabytes * 2**20) + b"-->"
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData", filler + b"<sheetData", 1
    )
    return _zip(members)


# --- Zip archives ----------------------------------------------------------------------------


def zip_of(members: dict[str, bytes]) -> bytes:
    return _zip(members)


def zip_bomb(*, members: int = 4, megabytes: int = 95) -> bytes:
    """`members` files of `megabytes` MB each, compressed to a few hundred KB (finding 14).
    Each member differs in its first byte, so no two are the same file."""
    body = b"\n" * (megabytes * 2**20 - 1)
    return _zip({f"referat-{n}.txt": bytes([65 + n]) + body for n in range(members)})


def zip_many_members(count: int = 5000) -> bytes:
    return _zip({f"m{n}.txt": b"x" for n in range(count)}, compression=zipfile.ZIP_STORED)


def _patch_headers(data: bytes, name: bytes, patch: "dict[str, int]") -> bytes:
    """Set fields of `name`'s local and central headers (flag bits, compression method)."""
    out = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at : name_at + len(name)] == name:
                if "flags" in patch:
                    struct.pack_into("<H", out, start + flag_at, patch["flags"])
                if "method" in patch:
                    struct.pack_into("<H", out, start + method_at, patch["method"])
            start += 4
    return bytes(out)


def zip_with_broken_members(good: dict[str, bytes]) -> bytes:
    """`good` members, and beside them one with a bad CRC, one encrypted, one imploded (a
    compression method Python cannot read) and one named `!!!`."""
    members = {
        **good,
        "skadet.txt": b"Referat med forkert kontrolsum " * 20,
        "krypteret.txt": b"hemmeligt referat",
        "imploded.txt": b"gammel komprimering",
        "!!!": b"Referat uden rigtigt filnavn",
    }
    data = bytearray(_zip(members, compression=zipfile.ZIP_STORED))
    at = data.find(b"Referat med forkert kontrolsum")
    data[at] ^= 0xFF  # the stored bytes change, the CRC in the headers does not
    patched = _patch_headers(bytes(data), b"krypteret.txt", {"flags": 0x1})
    return _patch_headers(patched, b"imploded.txt", {"method": 6})


def docx(paragraphs: list[str]) -> bytes:
    """A plain, valid Word document."""
    import docx as python_docx

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb(megabytes: int = 300) -> bytes:
    """A Word package whose document.xml inflates to `megabytes` MB."""
    return _zip({"word/document.xml": b"0" * (megabytes * 2**20)})


# --- PDF -------------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table; object n+1 is `objects[n]`."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_page(*, width: float = 612, height: float = 792, text: str = "") -> bytes:
    """One page of the given size (points), with `text` on it if any."""
    stream = f"BT /F1 12 Tf 72 {height - 72:.0f} Td ({text}) Tj ET".encode() if text else b""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>" % (width, height),
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def pdf_huge_page(height: float = 50_000) -> bytes:
    """A page 8.5 inches wide and `height` points tall (finding 8: 654 bytes, 1.5 GB)."""
    return pdf_page(height=height)


def pdf_blank_pages(count: int = 2000, *, inked: bool = False) -> bytes:
    """`count` pages without text, so every one looks like a scan (finding 9): blank, or
    `inked` with a black bar as a scanned line would be."""
    kids = b" ".join(b"%d 0 R" % (n + 4) for n in range(count))
    contents = b" /Contents 3 0 R" if inked else b""
    bar = b"0 g 72 700 300 12 re f"
    pages = [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]" + contents + b" >>"
        for _n in range(count)
    ]
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            b"<< /Length %d >>\nstream\n" % len(bar) + bar + b"\nendstream",
            *pages,
        ]
    )


# --- Images and HTML -------------------------------------------------------------------------


def png(width: int = 200, height: int = 100) -> bytes:
    """A small, valid grey image with a black bar on it."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (width, height), 255)
    ImageDraw.Draw(image).rectangle((10, 10, width // 2, 20), fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def png_pixel_bomb(width: int = 12_000, height: int = 12_000) -> bytes:
    """A one-bit PNG of `width` x `height` white pixels, a few hundred KB on disk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _n in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def deep_html(depth: int = 100_000) -> bytes:
    return b"<html><body>" + b"<div>" * depth + b"Referat" + b"</div>" * depth + b"</body></html>"


# --- Measuring a reader ----------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    #: Peak memory (VmHWM) above what the process held when the reader started.
    peak_mb: float
    #: The reader's result (its repr), or its exception as "TypeName: message".
    outcome: str


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def measure(reader: Callable[..., object], *args: object, timeout: float = 60) -> Measured:
    """Run `reader(*args)` in a forked child and return its time, peak memory and outcome.

    The child starts from this process's memory, so its peak is reset (`clear_refs`) and
    counted from there; a child still running after `timeout` seconds is killed and reported
    as taking that long."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # peak RSS := current RSS
        start_kb, start = _status_kb("VmRSS"), time.monotonic()
        try:
            outcome = repr(reader(*args))[:500]
        except BaseException as error:  # whatever it is, the parent asserts on it
            outcome = f"{type(error).__name__}: {error}"
        seconds = time.monotonic() - start
        sender.send(Measured(seconds, (_status_kb("VmHWM") - start_kb) / 1024, outcome))

    process = context.Process(target=child)
    process.start()
    if not receiver.poll(timeout):
        process.kill()
        process.join()
        return Measured(timeout, 0, "Timeout")
    measured = receiver.recv()
    process.join()
    return measured
