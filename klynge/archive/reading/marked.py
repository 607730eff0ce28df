"""A meeting from the item starts a person marked in a document's text.

Where the structure finder finds no items (a layout it does not know), the review page lets a
person mark the lines where items begin. Those lines are taken as given; what each item holds
(presentation, recommendation, decision, bilag), its closed mark and the document's head (body,
date, attendance) are read by the same functions the structure finder uses, so a marked
document reads like a found one.
"""

import re
from collections.abc import Iterable

from .attendance import Attendance
from .closed import ClosedItems, strip_closed_mark
from .header import read_header
from .items import ItemStart, read_item
from .meeting import ParsedMeeting

#: How many item starts one document may be given (a long council meeting has ~80).
MAX_MARKED = 300

#: The number a heading may open with: "5.", "Punkt 5:", "Sag nr. 5", "38Titel", "• 301.".
HEADING_NUMBER = re.compile(
    r"^[-•–*·▪]?\s*(?:(?:punkt|pkt|dagsordens?punkt|sag\s*nr)\.?\s*)?"
    r"(?P<number>\d{1,3})(?!\d)\s*[.):]?\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)


def lines_of(text: str) -> list[str]:
    """The lines a person marks, in the order and with the indexes the review page shows."""
    return text.split("\n")


def number_and_title(text: str) -> tuple[int | None, str]:
    """A marked line's item number, if it opens with one, and its title."""
    text = " ".join(text.split())
    match = HEADING_NUMBER.match(text)
    if match and re.match(r"[^\W\d_]", match["title"]):
        return int(match["number"]), match["title"]
    return None, text.lstrip("-•–*·▪ ")


def read_head(text: str) -> ParsedMeeting:
    """Only what the head of a document says (body, date, time, place, kind, attendance):
    for a document kept without items, so it is dated and named where it says so."""
    lines = lines_of(text)
    meeting = ParsedMeeting()
    people = Attendance()
    read_header(meeting, people, lines[:60], text)
    meeting.participants = [p for n, p in people.present.items() if n not in people.absent]
    meeting.apologies = list(people.absent)
    meeting.substitutes = list(people.substitutes)
    return meeting


def read_marked(text: str, marked: Iterable[int]) -> ParsedMeeting:
    """The meeting whose items begin at the lines `marked` (indexes into `lines_of(text)`).

    An item runs from its line to the next marked one; the lines before the first are the
    document's head. Raises ValueError when no marked line holds text.
    """
    lines = [" ".join(line.split()) for line in lines_of(text)]
    chosen = sorted({n for n in marked if 0 <= n < len(lines) and lines[n]})
    if not chosen:
        raise ValueError("no marked line holds text")
    if len(chosen) > MAX_MARKED:
        raise ValueError("too many marked lines")
    meeting = ParsedMeeting()
    people = Attendance()
    head = lines[: chosen[0]]
    closed = ClosedItems(lines, head)
    for n, index in enumerate(chosen):
        stop = chosen[n + 1] if n + 1 < len(chosen) else len(lines)
        number, title = number_and_title(lines[index])
        item_lines, marked_closed = closed.take([title, *lines[index + 1 : stop]])
        start = ItemStart(index=index, number=number, title=item_lines[0], score=1.0)
        item = read_item(start, item_lines, people)
        clean, in_title = strip_closed_mark(item.title)
        item.title = clean or item.title
        item.closed = marked_closed or in_title or closed.listed(item.number, item.title)
        meeting.items.append(item)
    read_header(meeting, people, head, "\n".join(lines))
    meeting.participants = [p for n, p in people.present.items() if n not in people.absent]
    meeting.apologies = list(people.absent)
    meeting.substitutes = list(people.substitutes)
    meeting.guests = [g for g in people.guests if g not in people.absent]
    if meeting.body is None:
        meeting.warnings.append("Dokumentet nævner ikke, hvilket organ mødet er i.")
    return meeting
