"""Minutes and agendas as text lines → a meeting: header, items, decisions and attendance.

The parser reads what the document says and nothing more: a date without a year gets one only
from evidence in the document, a title is not completed, a person is not merged by guess.
Everything uncertain is said in `warnings`. Each concern reads in a module of its own:
`cleaning` (page furniture), `agenda_list`, `items`, `header` and `attendance`.
"""

import re

from .agenda_list import ListEntry, split_agenda_list, title_key
from .attendance import Attendance
from .cleaning import clean_lines
from .closed import ClosedItems, strip_closed_mark
from .elements import Line
from .flattened import is_flattened, resegment
from .header import read_date, read_decision_heads, read_header
from .item_table import unfold_item_table
from .items import ItemStart, find_item_starts, read_item
from .meeting import ParsedItem, ParsedMeeting
from .outcomes import informal_decisions
from .shapes import SECTION, standard_title

__all__ = ["PARSER_VERSION", "ParsedItem", "ParsedMeeting", "parse_lines", "parse_text"]

PARSER_VERSION = "2.5"


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
    flattened = is_flattened(lines)
    lines = unfold_item_table(clean_lines(resegment(lines, flattened=flattened)))
    listed = [line.text for line in lines]  # with the table of contents and its marks
    lines, entries = split_agenda_list(lines)
    by_number = {e.number: e.title for e in entries if e.number is not None}
    starts = find_item_starts(
        lines, [entry.title for entry in entries], flattened=flattened, numbers=by_number
    )
    texts = [line.text for line in lines]
    whole = "\n".join(texts)
    people = Attendance()
    meeting = ParsedMeeting()
    headless = None if starts else _headless_bodies(texts)
    header_end = starts[0].index if starts else headless or len(lines)
    closed = ClosedItems(listed, texts[:header_end])
    for n, cand in enumerate(starts):
        stop = starts[n + 1].index if n + 1 < len(starts) else len(lines)
        meeting.items.append(_read_item(people, closed, cand, texts[cand.index : stop]))
    read_header(meeting, people, texts[:header_end], whole)
    read_decision_heads(meeting, texts[:header_end], texts)
    informal_decisions(meeting, texts)
    missing = _listed_only(entries, meeting.items)
    if missing:
        meeting.items.extend(missing)
        numbers = ", ".join(item.number or item.title for item in missing)
        meeting.warnings.append(
            f"Dagsordenens oversigt nævner punkter, hvis tekst ikke står i dokumentet ({numbers}); "
            "de er oprettet med titlen alene."
        )
    # Numbers lost in a scan: from the neighbour's, where there is one.
    for prev, item in zip(meeting.items, meeting.items[1:], strict=False):
        if item.number is None and prev.number and prev.number.isdigit():
            item.number = str(int(prev.number) + 1)
    present = [p for name, p in people.present.items() if name not in people.absent]
    meeting.participants = present
    meeting.apologies = list(people.absent)
    meeting.substitutes = list(people.substitutes)
    meeting.guests = [g for g in people.guests if g not in people.absent]
    if not meeting.items and headless is not None:
        # Item bodies whose headings the page lost: the meeting's header and attendance are
        # read, but no item is claimed without its title.
        meeting.warnings.append(
            "Dokumentet rummer punkternes tekst, men ikke deres overskrifter; "
            "punkterne er ikke oprettet."
        )
        return meeting
    if not meeting.items:
        # No meeting structure (a report, a letter, or minutes too broken to read): the document
        # is kept as an archive document, dated and named where it says so; no people or items
        # are claimed from it.
        read_date(meeting, texts[:header_end], whole, strict=True)
        return ParsedMeeting(
            body=meeting.body,
            date=meeting.date,
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            location=meeting.location,
            kind=meeting.kind,
            warnings=[
                "Dokumentet har ingen genkendelige dagsordenspunkter og ser ikke ud til at være "
                "en dagsorden eller et referat."
            ],
        )
    elif _cut_off(texts, meeting):
        meeting.warnings.append(
            "Dokumentet ser ud til at være afskåret: det slutter midt i et punkt."
        )
    if meeting.body is None:
        meeting.warnings.append("Dokumentet nævner ikke, hvilket organ mødet er i.")
    return meeting


def _listed_only(entries: list[ListEntry], items: list[ParsedItem]) -> list[ParsedItem]:
    """Items the agenda list names after the last item the text holds: the text is cut off
    before them, but they were items of the meeting."""
    found = {title_key(item.title) for item in items}
    numbers = [int(item.number) for item in items if item.number and item.number.isdigit()]
    last = max(numbers, default=None)
    after = [e for e in entries if title_key(e.title) not in found]
    if last is not None:
        after = [e for e in after if e.number is None or e.number > last]
    elif items:
        last_listed = max(
            (n for n, e in enumerate(entries) if title_key(e.title) in found), default=-1
        )
        after = [e for e in entries[last_listed + 1 :] if title_key(e.title) not in found]
    out = []
    for entry in after:
        title, marked = strip_closed_mark(entry.title)
        out.append(
            ParsedItem(
                number=str(entry.number) if entry.number is not None else None,
                title=title or entry.title,
                closed=marked,
                listed_only=True,
            )
        )
    return out


def _headless_bodies(texts: list[str]) -> int | None:
    """Where the item bodies begin in a text that holds two or more of them (each with its
    decision section) but none of their headings; None if it does not."""
    sections = [
        (i, m)
        for i, text in enumerate(texts)
        if len(text) < 120
        and (m := SECTION.match(text))
        and not m["case"]
        # `Referat`, `Protokol` also head the whole document.
        and not re.match(r"^(?:referat|protokol)\b", text, re.I)
    ]
    if sum(1 for _, m in sections if m["decision"]) < 2:
        return None
    return sections[0][0]


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
