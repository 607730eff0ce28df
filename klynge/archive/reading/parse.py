"""Minutes and agendas as text lines → a meeting: header, items, decisions and attendance.

The parser reads what the document says and nothing more: a date without a year gets one only
from evidence in the document, a title is not completed, a person is not merged by guess.
Everything uncertain is said in `warnings`. Each concern reads in a module of its own:
`cleaning` (page furniture), `agenda_list`, `items`, `header` and `attendance`.
"""

from .agenda_list import split_agenda_list
from .attendance import Attendance
from .cleaning import clean_lines
from .closed import ClosedItems, strip_closed_mark
from .elements import Line
from .header import read_header
from .items import ItemStart, find_item_starts, read_item
from .meeting import ParsedItem, ParsedMeeting
from .shapes import standard_title

__all__ = ["PARSER_VERSION", "ParsedItem", "ParsedMeeting", "parse_lines", "parse_text"]

PARSER_VERSION = "1.0"


def _read_item(
    people: Attendance, closed: ClosedItems, cand: ItemStart, lines: list[str]
) -> ParsedItem:
    """One item, marked closed where the document says so (without the marks in its text)."""
    lines, marked = closed.take(lines)
    item = read_item(cand, lines, people)
    title, in_title = strip_closed_mark(item.title)
    item.title = title or item.title
    item.closed = marked or in_title or closed.listed(item.number, item.title)
    return item


def parse_lines(lines: list[Line]) -> ParsedMeeting:
    lines = clean_lines(lines)
    listed = [line.text for line in lines]  # with the table of contents and its marks
    lines, toc = split_agenda_list(lines)
    starts = find_item_starts(lines, toc)
    texts = [line.text for line in lines]
    whole = "\n".join(texts)
    people = Attendance()
    meeting = ParsedMeeting()
    header_end = starts[0].index if starts else len(lines)
    closed = ClosedItems(listed, texts[:header_end])
    for n, cand in enumerate(starts):
        stop = starts[n + 1].index if n + 1 < len(starts) else len(lines)
        meeting.items.append(_read_item(people, closed, cand, texts[cand.index : stop]))
    read_header(meeting, people, texts[:header_end], whole)
    # Numbers lost in a scan: from the neighbour's, where there is one.
    for prev, item in zip(meeting.items, meeting.items[1:], strict=False):
        if item.number is None and prev.number and prev.number.isdigit():
            item.number = str(int(prev.number) + 1)
    present = [p for name, p in people.present.items() if name not in people.absent]
    meeting.participants = present
    meeting.apologies = list(people.absent)
    meeting.substitutes = list(people.substitutes)
    meeting.guests = [g for g in people.guests if g not in people.absent]
    if not meeting.items:
        # Not minutes or an agenda (a report, a letter): nothing about a meeting is claimed.
        return ParsedMeeting(
            warnings=[
                "Dokumentet har ingen genkendelige dagsordenspunkter og ser ikke ud til at være "
                "en dagsorden eller et referat."
            ]
        )
    elif _cut_off(texts, meeting):
        meeting.warnings.append(
            "Dokumentet ser ud til at være afskåret: det slutter midt i et punkt."
        )
    if meeting.body is None:
        meeting.warnings.append("Dokumentet nævner ikke, hvilket organ mødet er i.")
    return meeting


def _cut_off(texts: list[str], meeting: ParsedMeeting) -> bool:
    last_text = next((t for t in reversed(texts) if t), "")
    last = meeting.items[-1]
    if (
        meeting.kind == "minutes"
        and not last.decision
        and not last.presentation
        and not standard_title(last.title)
    ):
        return True
    return (
        bool(last_text)
        and len(last_text) > 20
        and not last_text.endswith((".", "!", "?", ":", ")", '"', "”"))
        and last_text[-1].isalpha()
        and not standard_title(last.title)
    )


def parse_text(text: str) -> ParsedMeeting:
    pages = text.split("\f")
    lines = [Line(line, page=n) for n, page in enumerate(pages) for line in page.splitlines()]
    return parse_lines(lines)
