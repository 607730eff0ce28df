"""Tables from CSV and XLSX files, and the Danish way of writing their numbers and dates.

Secretariats get their figures from many places: an export from the hospitals' EPJ, a
spreadsheet from the municipal care system, a CSV from a regional database. So a file may be
UTF-8 or Windows-1252, separated by semicolons, commas or tabs, and write `1.234,5` as much
as `1234.5`. Everything here is pure: bytes in, rows and Danish messages out, nothing saved.
"""

import calendar
import csv
import datetime
import decimal
import io
import re
import time
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from klynge.core.files import TooManyMembers, unpacked_size

#: A file over this size is refused before it is read. The imports carry the file to their
#: confirmation in a signed token (base64: a third more), which must stay under
#: `DATA_UPLOAD_MAX_MEMORY_SIZE` (5 MB); a 5 MB file's token was refused there.
MAX_FILE_BYTES = 3 * 2**20
#: What an .xlsx may hold once unpacked (its XML): a real export of figures is a few MB.
MAX_UNPACKED_BYTES = 25 * 2**20
#: Cells looked at (blank ones and missing rows between values included), columns in a row
#: and seconds spent, whatever the file claims about its size: what a sheet really holds
#: bounds the work, not its `<dimension>` tag.
MAX_CELLS = 500_000
MAX_COLUMNS = 1_000
MAX_SECONDS = 10


class UnreadableTable(Exception):
    """The file as a whole cannot be read; the message says why, in Danish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    columns: list[str]
    #: (line number in the file, cells as text or numbers)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


class Formula(str):
    """A cell that held a formula: its text, never its value."""


def _is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableTable(_("Filen kan ikke læses som tekst (hverken UTF-8 eller Windows-1252)."))


def _csv_rows(content: bytes) -> Any:
    text = _decode(content)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    for row in csv.reader(io.StringIO(text), dialect):
        yield [Formula(c) if c.startswith("=") else c for c in row]


def _xlsx_rows(content: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        try:
            too_big = unpacked_size(content) > MAX_UNPACKED_BYTES
        except TooManyMembers:
            too_big = True
        if not too_big:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:
        raise UnreadableTable(
            _("Filen kan ikke læses som et Excel-ark (.xlsx): %(error)s") % {"error": error}
        ) from error
    if too_big:
        raise UnreadableTable(
            _("Excel-arket fylder over %(mb)s MB, når det pakkes ud, og læses ikke.")
            % {"mb": MAX_UNPACKED_BYTES // 2**20}
        )
    try:
        sheet = workbook.worksheets[0]
        # Read-only mode pads every row to the width its `<dimension>` tag claims (and cuts
        # rows that are wider); forgetting the tag, a row is as wide as its last cell.
        sheet.reset_dimensions()
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                value = cell.value
                if getattr(cell, "data_type", None) == "f" or (
                    isinstance(value, str) and value.startswith("=")
                ):
                    value = Formula(str(value))
                cells.append(value)
            yield cells
    except Exception as error:  # the sheet is read lazily: a part broken inside shows up here
        raise UnreadableTable(
            _("Filen kan ikke læses som et Excel-ark (.xlsx): %(error)s") % {"error": error}
        ) from error
    finally:
        workbook.close()


def read_table(content: bytes, *, max_rows: int) -> Table:
    """The first sheet (or the CSV) as a header and rows, blank rows skipped.

    Stops reading past `max_rows` data rows: a 100,000-row file is refused, not parsed.
    """
    if not content.strip():
        raise UnreadableTable(_("Filen er tom."))
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableTable(
            _("Filen er for stor (højst %(mb)s MB).") % {"mb": MAX_FILE_BYTES // 2**20}
        )
    rows = _xlsx_rows(content) if _is_xlsx(content) else _csv_rows(content)
    table: Table | None = None
    cells_read, deadline = 0, time.monotonic() + MAX_SECONDS
    try:
        for line, cells in enumerate(rows, start=1):
            cells_read += max(len(cells), 1)
            if cells_read > MAX_CELLS or time.monotonic() > deadline:
                raise UnreadableTable(
                    _(
                        "Filen er for stor til at blive læst (højst %(cells)s celler på "
                        "%(seconds)s sekunder). Gem kun de kolonner og rækker, der skal "
                        "indlæses, i en ny fil."
                    )
                    % {"cells": f"{MAX_CELLS:,}".replace(",", "."), "seconds": MAX_SECONDS}
                )
            width = len(cells)
            while width and cells[width - 1] in (None, ""):
                width -= 1
            if width > MAX_COLUMNS:
                raise UnreadableTable(
                    _("Række %(line)s har værdier i mere end %(max)s kolonner.")
                    % {"line": line, "max": MAX_COLUMNS}
                )
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            if table is None:
                columns = [str(c or "").strip() for c in cells]
                while columns and not columns[-1]:
                    columns.pop()
                table = Table(columns=columns)
                continue
            if len(table.rows) >= max_rows:
                raise UnreadableTable(
                    _(
                        "Filen har mere end %(max)s rækker. Del den op, eller indlæs kun de "
                        "perioder, der mangler."
                    )
                    % {"max": f"{max_rows:,}".replace(",", ".")}
                )
            table.rows.append((line, list(cells)))
    except csv.Error as error:
        raise UnreadableTable(
            _("Filen kan ikke læses som CSV: %(error)s") % {"error": error}
        ) from error
    if table is None or not table.columns:
        raise UnreadableTable(_("Filen har ingen overskriftsrække."))
    return table


# Numbers and dates, as Danes write them --------------------------------------------------

_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")


def parse_number(value: Any) -> decimal.Decimal:
    """A number from a cell: `1.234,5`, `1234,5`, `1 234,5`, `46 %`, `1234.5` or a number
    cell. A lone dot followed by three digits (`1.234`) is a Danish thousands separator.

    Raises ValueError with a Danish message.
    """
    if isinstance(value, Formula):
        raise ValueError(
            _("cellen indeholder en formel (%(text)s); indsæt værdien") % {"text": value[:40]}
        )
    if isinstance(value, bool):
        raise ValueError(_("“%(text)s” er ikke et tal") % {"text": value})
    if isinstance(value, int | float | decimal.Decimal):
        number = decimal.Decimal(str(value))
    else:
        text = str(value or "").strip()
        text = re.sub(r"(?i)\s*(%|kr\.?|dkk)$", "", text)
        text = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
        if not text:
            raise ValueError(_("værdien mangler"))
        if "," in text:
            # Danish: dots group thousands, the comma is the decimal mark.
            candidate = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS_DOT.match(text):
            candidate = text.replace(".", "")
        else:
            candidate = text
        if not _NUMBER.match(candidate):
            raise ValueError(_("“%(text)s” er ikke et tal") % {"text": str(value)[:40]})
        number = decimal.Decimal(candidate)
    # A cell is read before it meets its column (models.storable_value, the one check of a
    # value); this bound only keeps quantize() from failing on an absurd number.
    if not number.is_finite() or abs(number) >= 10**12:
        raise ValueError(_("“%(text)s” er ikke et brugbart tal") % {"text": str(value)[:40]})
    return number.quantize(decimal.Decimal("0.0001"))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DANISH = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(
    r"^(\d{4})\s*-?\s*[Kk]?[Qq]?(?:vt\.?)?\s*([1-4])$|^([1-4])\.\s*kvt\.?\s*(\d{4})$"
)
_YEAR = re.compile(r"^(\d{4})$")


def _last_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_date(value: Any) -> datetime.date:
    """A date from a cell: `2024-03-31`, `31-03-2024`, `31.3.2024`, `31/3/2024`, or a period
    (`2024-03`, `2024-K1`, `1. kvt. 2024`, `2024`) read as its last day, as figures are
    reported "opgjort pr.". Raises ValueError with a Danish message."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, Formula):
        raise ValueError(
            _("cellen indeholder en formel (%(text)s); indsæt datoen") % {"text": value[:40]}
        )
    text = str(value or "").strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value))
    if not text:
        raise ValueError(_("datoen mangler"))
    try:
        if m := _ISO.match(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DANISH.match(text):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _MONTH.match(text):
            return _last_of_month(int(m[1]), int(m[2]))
        if m := _QUARTER.match(text):
            year, quarter = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
            return _last_of_month(year, quarter * 3)
        if m := _YEAR.match(text):
            return datetime.date(int(m[1]), 12, 31)
    except ValueError:
        pass
    raise ValueError(
        _("“%(text)s” er ikke en dato (skriv fx 31-03-2024 eller 2024-03-31)") % {"text": text[:40]}
    )


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()
