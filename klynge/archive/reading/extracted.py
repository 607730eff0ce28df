"""What every reader returns or raises, and what several readers share (decoding text, a
table row as lines). The readers themselves: `extract.py` (text, PDF, scans), `web.py` (web
pages), `word.py` (.docx)."""

import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from .elements import Line


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


def small_int(text: str | None, default: int) -> int:
    """A number written in a file's markup (a list's start, a heading level), or `default`:
    ASCII digits only, at most six (int() takes "²" and 4,000 digits and then fails)."""
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,6}", text) else default


LABEL_CELL = re.compile(
    r"^(?:mødedato|dato|tid|tidspunkt|sted|mødested|møde|udvalg|forum|deltagere|mødedeltagere"
    r"|afbud|fraværende|gæster|referent|sekretariat|beslutning|indstilling|sagsfremstilling"
    r"|sagsnr\.?|sagsnummer|bilag|til stede|fremmødte|konklusion|referat|mødeleder)\s*:?$",
    re.IGNORECASE,
)
#: A first cell that ends in a colon is a label whatever it says ("Information:"), if short.
COLON_LABEL = re.compile(r"^[^\W\d_][\w .,/()-]{0,38}:$")


def is_label(cell: str) -> bool:
    return bool(LABEL_CELL.match(cell) or COLON_LABEL.match(cell))


def table_row(cells: list[str]) -> list[str]:
    """One table row as text lines: "Label: value" for a label column, else the cells in a row."""
    first, rest = cells[0], cells[1:]
    if rest and is_label(first):
        values = "\n".join(rest).splitlines()
        return [f"{first.rstrip(':')}: {values[0]}", *values[1:]]
    if len(cells) == 1:
        return cells[0].splitlines()
    if re.fullmatch(r"\d{1,3}\.?", first) and rest:
        return [f"{first.rstrip('.')}. {' '.join(rest)}"]
    return [", ".join(c.replace("\n", " ") for c in cells)]


def row_lines(cells: list[str], *, page: int | None = None) -> list[Line]:
    """A table row as Lines: the label row's first line is kind "label", the rest "table"."""
    texts = table_row(cells)
    kind = "label" if len(cells) > 1 and is_label(cells[0]) else "table"
    return [Line(text, page=page, kind=kind if n == 0 else "table") for n, text in enumerate(texts)]
