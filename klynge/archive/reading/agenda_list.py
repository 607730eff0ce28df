"""The agenda list at the top of a document: a table of contents with page numbers or dot
leaders, or a run of numbered titles that the body repeats as its headings. It is taken out of
the text, and its entries kept: to recognise the items' headings in the body, and to name the
items whose text the document does not hold (cut off)."""

import re
from dataclasses import dataclass, replace

from .dates import find_dates
from .elements import Line
from .headings import numbered_heading
from .shapes import LEADING_TIME, NUMBER_ALONE, TIME_SLOT

TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.{3,}|…+|\t|\s{3,}|_{3,})\s*(?P<page>\d{1,3})\s*$")

TOC_HEAD = re.compile(
    r"^(?:indholdsfortegnelse|indhold|dagsordenspunkter|oversigt|sagsoversigt"
    r"|følgende sager behandles|punkter på dagsordenen)\s*:?$",
    re.I,
)
#: `åbent 3 Titel`, `Lukket 4 Titel`: the list's open/closed mark before the number.
OPEN_MARK = re.compile(r"^(?:åben|åbent|åbne|lukket|lukkede)\s+(?=\d)", re.I)


@dataclass(frozen=True)
class ListEntry:
    number: int | None
    title: str


def title_key(text: str) -> str:
    text = TIME_SLOT.sub("", LEADING_TIME.sub("", OPEN_MARK.sub("", text)))
    text = re.sub(r"^(?:punkt\s*)?\d{1,3}\s*[.):]?\s*", "", text, flags=re.I)
    return re.sub(r"\W+", " ", text).strip().lower()[:50]


def split_agenda_list(lines: list[Line]) -> tuple[list[Line], list[ListEntry]]:
    """The lines without the agenda list, and the list's entries."""
    lines, entries = _split_toc(lines)
    if entries:
        return lines, entries
    lines, entries = split_numbered_list(lines)
    if entries:
        return lines, entries
    return split_unnumbered_list(lines)


def _entry(text: str) -> ListEntry:
    numbered = numbered_heading(OPEN_MARK.sub("", text))
    if numbered is None:
        return ListEntry(None, text.strip())
    return ListEntry(numbered.number, numbered.title)


def _split_toc(lines: list[Line]) -> tuple[list[Line], list[ListEntry]]:
    """Drop a table of contents (titles with page numbers or dot leaders), keep its titles."""
    toc: list[ListEntry] = []
    out: list[Line] = []
    in_toc = False
    for line in lines:
        text = line.text
        if TOC_HEAD.match(text):
            in_toc = True
            continue
        # Every entry ends in its page number: only such lines are tried (the pattern is slow).
        match = TOC_LINE.match(text) if text[-1:].isdigit() else None
        if match and (in_toc or re.search(r"\.{4,}|…", text)):
            toc.append(_entry(match["title"]))
            in_toc = True
            continue
        if in_toc and text and not match:
            in_toc = False
        out.append(line)
    return out, toc


#: The fewest numbered lines in a row that make a list.
RUN_LENGTH = 3


def _numbered_runs(lines: list[Line]) -> list[list[int]]:
    """Indexes of runs of numbered lines, numbers rising by one, nothing but a wrapped title
    line between them."""
    runs: list[list[int]] = []
    run: list[int] = []
    last: int | None = None
    for i, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        numbered = numbered_heading(OPEN_MARK.sub("", text))
        if numbered and (last is None or numbered.number == last + 1):
            run.append(i)
            last = numbered.number
            continue
        if run and text[:1].islower() and len(text) < 120 and run[-1] == i - 1:
            continue  # a title wrapped over two lines
        if len(run) >= RUN_LENGTH:
            runs.append(run)
        run, last = ([i], numbered.number) if numbered else ([], None)
    if len(run) >= RUN_LENGTH:
        runs.append(run)
    return runs


def _joined(lines: list[Line]) -> tuple[list[Line], list[list[int]]]:
    """The lines with a number that stands alone (`2.`) joined to the title on the next line
    (`2. Budget`), and for each joined line the lines it was made of."""
    view: list[Line] = []
    origin: list[list[int]] = []
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if NUMBER_ALONE.match(text) and nxt[:1].isupper() and not numbered_heading(nxt):
            view.append(replace(lines[i], text=f"{text.rstrip('.')}. {nxt}"))
            origin.append([i, i + 1])
            i += 2
            continue
        view.append(lines[i])
        origin.append([i])
        i += 1
    return view, origin


def split_numbered_list(lines: list[Line]) -> tuple[list[Line], list[ListEntry]]:
    """Take out the first run of numbered titles that the text after it repeats as headings."""
    view, origin = _joined(lines)
    drop, entries = _split_numbered(view)
    if not entries and len(view) < len(lines):
        view, origin = lines, [[i] for i in range(len(lines))]
        drop, entries = _split_numbered(view)
    gone = {k for n in drop for k in origin[n]}
    return [line for i, line in enumerate(lines) if i not in gone], entries


def _split_numbered(lines: list[Line]) -> tuple[set[int], list[ListEntry]]:
    """The first run of numbered titles that the text after it repeats as headings: the lines
    it takes and its entries."""
    for run in _numbered_runs(lines):
        drop = set(run)
        entries = []
        for i in run:
            title = lines[i].text
            if i + 1 < len(lines) and lines[i + 1].text[:1].islower() and i + 1 not in run:
                title = f"{title} {lines[i + 1].text}"
                drop.add(i + 1)
            entry = _entry(title)
            page = TOC_LINE.match(entry.title)
            entries.append(ListEntry(entry.number, page["title"] if page else entry.title))
        entries = _without_pages(entries)
        keys = {title_key(e.title) for e in entries}
        later = {title_key(line.text) for line in lines[run[-1] + 1 :] if line.text}
        if keys & later:
            return drop, entries
    return set(), []


def _without_pages(entries: list[ListEntry]) -> list[ListEntry]:
    """`1. Godkendelse af dagsorden 2`, `2. Budget 2025 3`: every title ends in a number, and
    the numbers never fall: the page each item begins on, after a single space."""
    pages = [re.search(r"\s(\d{1,3})$", e.title) for e in entries]
    found = [int(p[1]) for p in pages if p]
    if len(found) < len(entries) or found != sorted(found):
        return entries
    return [ListEntry(e.number, re.sub(r"\s+\d{1,3}$", "", e.title)) for e in entries]


#: How far down the agenda list without numbers may stand (it opens the document).
LIST_WINDOW = 80
#: `Dagsorden:` on its own line: a list may follow.
LIST_HEAD = re.compile(r"^(?:dagsorden|dagsordenen|dagsordenspunkter)\s*:?$", re.I)


def starts_with_title(key: str, listed: str) -> bool:
    """A body line (as its title_key) equal to, or beginning with, a listed title (whole words)."""
    return key == listed or (len(listed) > 5 and key.startswith(listed + " "))


def same_title(text: str, listed: str) -> bool:
    """A heading that names the listed title, perhaps reworded a little (a word added, dropped
    or changed: `Budget 2025 - 1. behandling` / `Budget 2025, første behandling`), or glued to
    the next word (`Meddelelse fra formandenReferat`)."""
    key, want = title_key(text), title_key(listed)
    if not key or not want:
        return False
    if key == want or (
        min(len(key), len(want)) > 5 and (key.startswith(want) or want.startswith(key))
    ):
        return True
    words = {w for w in key.split() if len(w) > 2}
    wanted = {w for w in want.split() if len(w) > 2}
    if not words or not wanted:
        return False
    return len(words & wanted) >= 0.6 * max(len(words), len(wanted))


def _list_line(text: str) -> bool:
    text = LEADING_TIME.sub("", text)
    return (
        3 <= len(text) <= 100
        and text[:1].isupper()
        and not text.endswith((".", ",", ";", ":"))
        # The header's day and hour are no title; a year in a title is (`Budget 2025`).
        and not re.search(r"\bkl\.?\s*\d|\d[.:]\d\d\b", text)
        and not find_dates(text)
        and len(text.split()) <= 14
    )


def split_unnumbered_list(lines: list[Line]) -> tuple[list[Line], list[ListEntry]]:
    """Take out a run of three or more short lines at the top (or under `Dagsorden:`) that
    recur later, in the same order, as lines of the body: an agenda list without numbers.
    Its titles find the items' headings in the body."""
    window = min(len(lines), LIST_WINDOW)
    head = next((i for i in range(window) if LIST_HEAD.match(lines[i].text)), None)
    if head is not None:
        window = min(len(lines), head + LIST_WINDOW)

    def recurs(i: int, after: int) -> int | None:
        """The first later line (after `after`) that repeats line i's title; a cheap test of
        the title's first letters comes before the key (long documents, many lines)."""
        listed = title_key(lines[i].text)
        prefix = LEADING_TIME.sub("", lines[i].text).strip()[:12].lower()
        if not listed:
            return None
        for k in range(after + 1, len(lines)):
            if prefix in lines[k].text[:60].lower() and starts_with_title(
                title_key(lines[k].text), listed
            ):
                return k
        return None

    start = head + 1 if head is not None else 0
    i = start
    while i < window:
        run: list[int] = []
        k = i
        while k < len(lines) and lines[k].text and _list_line(lines[k].text):
            run.append(k)
            k += 1
        if len(run) >= RUN_LENGTH:
            # The titles recur after the list, each after the one before; one in four may be
            # reworded in its heading.
            at, recurring, misses = run[-1], 0, 0
            for j in run:
                found = recurs(j, at)
                if found is not None:
                    at, recurring = found, recurring + 1
                else:
                    misses += 1
                    if misses > len(run) / 4:
                        break
            if recurring >= RUN_LENGTH and recurring >= 0.75 * len(run):
                entries = [
                    ListEntry(None, LEADING_TIME.sub("", lines[j].text).strip()) for j in run
                ]
                drop = set(run)
                return [line for n, line in enumerate(lines) if n not in drop], entries
        if head is not None and run:
            break  # the list stands right under its head, or not at all
        i = k + 1 if run else i + 1
    return lines, []
