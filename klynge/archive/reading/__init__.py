"""Reading legacy minutes: a file in, a parsed meeting out. Pure functions; no database."""

from dataclasses import dataclass, field, replace

from .elements import Line
from .extract import ReadError, extract
from .parse import PARSER_VERSION, ParsedMeeting, parse_lines
from .repair import Repair, repair_text

__all__ = ["PARSER_VERSION", "ReadError", "Reading", "read_document"]


@dataclass
class Reading:
    source: str
    format: str = ""
    original_text: str = ""
    #: Where each page begins in `text` (PDFs and scans; one entry for other formats).
    page_starts: list[int] = field(default_factory=lambda: [0])
    text: str = ""
    pages: int = 0
    ocr_pages: int = 0
    repairs: list[Repair] = field(default_factory=list)
    meeting: ParsedMeeting = field(default_factory=ParsedMeeting)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def all_warnings(self) -> list[str]:
        return [*([self.error] if self.error else []), *self.warnings, *self.meeting.warnings]

    def as_json(self) -> dict[str, object]:
        data = self.meeting.as_json(self.source)
        data["warnings"] = self.all_warnings
        return data


def read_document(data: bytes, name: str, *, use_ocr: bool = True) -> Reading:
    """Extract, repair and parse one file; a file that cannot be read gives `error`.
    `use_ocr=False`: text layers only, for reading while a user waits."""
    reading = Reading(source=name)
    try:
        extracted = extract(data, name, use_ocr=use_ocr)
    except ReadError as error:
        reading.error = str(error)
        return reading
    reading.format = extracted.format
    reading.pages = extracted.pages
    reading.ocr_pages = extracted.ocr_pages
    reading.warnings = list(extracted.warnings)
    reading.original_text = extracted.text
    repaired_lines: list[Line] = []
    repairs: dict[tuple[str, str], Repair] = {}
    for line in extracted.lines:
        text, made = repair_text(line.text)
        for repair in made:
            repairs.setdefault((repair.original, repair.repaired), repair)
        repaired_lines.append(replace(line, text=text))
    reading.repairs = list(repairs.values())
    reading.text = "\n".join(line.text for line in repaired_lines)
    reading.page_starts, offset, page = [0], 0, repaired_lines[0].page if repaired_lines else 0
    for line in repaired_lines:
        if line.page != page:
            reading.page_starts.append(offset)
            page = line.page
        offset += len(line.text) + 1
    if not reading.text.strip():
        reading.error = "Der er ingen tekst i filen."
        return reading
    reading.meeting = parse_lines(repaired_lines)
    return reading
