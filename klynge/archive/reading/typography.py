"""A PDF's lines with their type: size and boldness, and the headings they suggest.

pdfium tells a character's font size and font name; asking for every character costs three
times the text extraction itself, so each line is asked about at its first visible character
only (a 500-page PDF: 0.06 s over 0.30 s of bare text). A line is bold when that character is
in a bold face (the font's name says so: "Verdana,Bold", "Arial-BoldMT"; pdfium's weight is
400 for most embedded bold faces).

A heading is guessed from type alone, without reading the words: a short line set at least
a point larger than the document's body text (levels by size, the largest 1), or bold at body
size (level 0: a heading of unknown rank). Lines set smaller than the body (running heads,
footnotes) are never headings.
"""

import ctypes
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .elements import Line

#: Longer lines are text, whatever their type.
HEADING_MAX_CHARS = 120
#: Larger than the body text by this many points (sizes rounded to half points): a heading by
#: size. eDoc sets item titles at 11 pt over a body of 10.1.
LARGER_BY = 0.75
BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass
class Styled:
    text: str
    page: int
    size: float = 0.0
    bold: bool = False
    #: Where the line starts and ends on the page, in points (0 where unknown), and the top
    #: of its first character (points from the page's foot).
    left: float = 0.0
    right: float = 0.0
    top: float = 0.0


def styled_lines(textpage: Any, text: str, page: int) -> list[Styled]:
    """The page's text (as pdfium gave it, "\\r\\n" between lines) with each line's type."""
    import pypdfium2.raw as raw

    out: list[Styled] = []
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    count = raw.FPDFText_CountChars(textpage)

    def face(index: int) -> tuple[float, bool]:
        if not 0 <= index < count:
            return 0.0, False
        size = float(raw.FPDFText_GetFontSize(textpage, index))
        raw.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
        font = name.value.decode("latin-1", errors="replace")
        return size, bool(BOLD_NAME.search(font)) or bool(flags.value & (1 << 18))

    box = [ctypes.c_double() for _ in range(4)]
    refs = [ctypes.byref(b) for b in box]

    def edges(index: int) -> tuple[float, float, float]:
        """A character's left, right and top."""
        if not 0 <= index < count or not raw.FPDFText_GetCharBox(textpage, index, *refs):
            return 0.0, 0.0, 0.0
        return box[0].value, box[1].value, box[3].value

    start = 0
    # Split on "\n" only, so that the offsets stay those of pdfium's characters.
    for raw_line in text.split("\n"):
        line = raw_line.rstrip("\r")
        if line.strip():
            first = start + len(line) - len(line.lstrip())
            size, bold = face(first)
            last = start + len(line.rstrip()) - 1
            left, _right, top = edges(first)
            out.append(Styled(line, page, size, bold, left, edges(last)[1], top))
        else:
            out.append(Styled(line, page))
        start += len(raw_line) + 1
    return out


#: Shorter lines are no wrapped text.
WRAP_MIN_CHARS = 20
#: Lines of one paragraph follow each other at about 1.2 times the type size (as pdfium tells
#: it); a wider step is the space a writer leaves between paragraphs.
PARAGRAPH_STEP = 1.55


def _wrapped(previous: Styled, line: Styled, left: float, right: float) -> bool:
    """The next line's first word would not have fitted after the previous line: the
    previous line was wrapped at the margin, not broken off by its writer."""
    text, following = previous.text.strip(), line.text.split()
    if len(text) < WRAP_MIN_CHARS or not following or previous.right <= previous.left:
        return False
    per_char = (previous.right - previous.left) / len(text)
    room = right - previous.right
    step = previous.top - line.top
    return (
        (len(following[0]) + 1) * per_char > room
        and not (previous.size and step > PARAGRAPH_STEP * previous.size)
        and abs(previous.size - line.size) < 0.5
        and previous.bold == line.bold
        and line.left - left <= previous.left - left + per_char
    )


def unwrap(lines: list[Styled], *, page_width: float = 0.0) -> list[Styled]:
    """Lines a PDF wrapped at the right margin joined back into the line that was written.

    A text printed to PDF (or a transcript with a page on one line) wraps every long line;
    read back line by line, its titles, labels and lists are cut in pieces. The classic
    reflow rule decides: a line was wrapped when the next line's first word would not have
    fitted in the room left after it, the type is the same and the next line is not indented.
    `page_width` is the widest page's width in points.
    """
    # The text's edges over the whole document: a page of short lines (a list of members)
    # reaches no further right than its longest line, which must not look like a full one.
    placed = [line for line in lines if line.text.strip() and line.right]
    if not placed:
        return lines
    left = min(line.left for line in placed)
    # Margins are the same on both sides, as a page is set: a short document whose longest
    # line ends mid-page has no full lines.
    right = max(max(line.right for line in placed), page_width - left)
    out: list[Styled] = []
    physical: Styled | None = None  # the last line as the page has it, before joining
    for line in lines:
        if (
            physical is not None
            and physical.page == line.page
            and line.text.strip()
            and line.right
            and _wrapped(physical, line, left, right)
        ):
            previous = out[-1]
            joined = f"{previous.text.rstrip()} {line.text.strip()}"
            out[-1] = Styled(
                joined,
                previous.page,
                previous.size,
                previous.bold,
                previous.left,
                line.right,
                previous.top,
            )
        else:
            out.append(line)
        physical = line
    return out


#: A line among the first or last this many of a page may be its running head or foot.
EDGE_LINES = 2
#: ... and is one when it stands there, word for word, on this share of the pages.
RUNNING_SHARE = 0.6


#: `Side 2 af 7`, `side 2/7`: a page stamp, running whatever the number of pages.
PAGE_STAMP = re.compile(r"\bside\s*\d{1,4}\s*(?:af|/)\s*\d{1,4}\b", re.IGNORECASE)


def _edge_key(line: Styled) -> str | None:
    """The line as its pages repeat it: the same words at the same height. `Godkendt.` ending
    an item on every page stands somewhere else each time; where the height is not known
    (OCR), nothing is taken as repeated."""
    if not line.top or len(line.text.strip()) > HEADING_MAX_CHARS:
        return None
    # Numbers count: a case number or an item number at the same place on every page is text.
    return f"{round(line.top / 4)} {' '.join(line.text.split()).casefold()}"


def drop_running_lines(lines: list[Styled]) -> list[Styled]:
    """The document without the head and foot its pages repeat (`Side 2 af 7 – Sundhedsudvalget`),
    which would otherwise run into the items' text. Found by comparing the pages, not by words
    (only a page stamp is known by its form); a head is kept where it first stands, as it may
    name the body or the day."""
    pages: dict[int, list[int]] = {}
    for index, line in enumerate(lines):
        if line.text.strip():
            pages.setdefault(line.page, []).append(index)
    heads: Counter[str | None] = Counter()
    foots: Counter[str | None] = Counter()
    for indexes in pages.values():
        heads.update({_edge_key(lines[i]) for i in indexes[:EDGE_LINES]} - {None})
        foots.update({_edge_key(lines[i]) for i in indexes[-EDGE_LINES:]} - {None})
    least = max(2, RUNNING_SHARE * len(pages))
    running_heads = {key for key, seen in heads.items() if seen >= least}
    running_foots = {key for key, seen in foots.items() if seen >= least}
    dropped: set[int] = set()
    kept_heads: set[str | None] = set()
    for indexes in pages.values():
        for i in indexes[:EDGE_LINES]:
            key = _edge_key(lines[i])
            if _stamp(lines[i].text):
                dropped.add(i)
            elif key in running_heads:
                if key in kept_heads:
                    dropped.add(i)
                kept_heads.add(key)
        dropped.update(
            i
            for i in indexes[-EDGE_LINES:]
            if _edge_key(lines[i]) in running_foots or _stamp(lines[i].text)
        )
    return [line for index, line in enumerate(lines) if index not in dropped]


def _stamp(text: str) -> bool:
    """A short line with a page stamp; in a long one, `side 3/4` is the text's own word."""
    return len(text.strip()) <= HEADING_MAX_CHARS and bool(PAGE_STAMP.search(text))


def body_size(lines: list[Styled]) -> float:
    """The size most of the document's characters are set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.size:
            sizes[round(line.size * 2) / 2] += len(line.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def as_lines(lines: list[Styled]) -> list[Line]:
    """Lines with their type and heading guesses: larger sizes rank above smaller ones."""
    body = body_size(lines)
    larger = sorted(
        {round(s.size * 2) / 2 for s in lines if body and s.size >= body + LARGER_BY}, reverse=True
    )
    out: list[Line] = []
    for line in lines:
        stripped = line.text.strip()
        if not stripped or not line.size or not body:
            out.append(Line(line.text, page=line.page))
            continue
        size = round(line.size * 2) / 2
        short = len(stripped) <= HEADING_MAX_CHARS
        if short and size in larger:
            level = larger.index(size) + 1
            previous = out[-1] if out else None
            if (
                previous is not None
                and (previous.level, previous.page) == (level, line.page)
                and not previous.text.rstrip().endswith((".", ":", ";", "!", "?"))
                and stripped[0].islower()
            ):
                # A heading wrapped onto a second line in the same type goes on as one line.
                previous.text = f"{previous.text.rstrip()} {stripped}"
                continue
            out.append(
                Line(
                    line.text, page=line.page, heading=True, kind="heading", level=level,
                    strong=True,
                )
            )  # fmt: skip
        elif short and line.bold and size >= body - 0.5:
            out.append(Line(line.text, page=line.page, heading=True, kind="heading", strong=True))
        else:
            out.append(Line(line.text, page=line.page, strong=line.bold))
    return out
