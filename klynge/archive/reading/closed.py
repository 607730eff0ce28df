"""Which items of a legacy document were closed (lukket/fortroligt), from what it says.

Kept apart from the parser so that it survives a new one: every signal is a function of plain
text lines, testable alone. A closed item that is missed would be published with its decision,
so the signals lean towards "closed": the secretariat sees the mark in the review and can clear
it.
"""

import re
import unicodedata
from collections.abc import Sequence

#: The words that close an item. "Lukket" alone is also an everyday word ("den lukkede
#: afdeling"), so it closes only where it stands as a mark: first, last after a separator, or
#: in brackets; the other words (`_ALWAYS`) and phrases close wherever they stand.
_ALWAYS = r"fortrolig[et]?|ikke[\s-]*offentlig[et]?"
_WORD = (
    rf"(?:lukket|lukkede|{_ALWAYS}"
    r"|undtaget(?:\s+(?:fra\s+)?(?:offentlighed(?:en)?|aktindsigt))?)"
)
_NOUNS = r"(?:punkt|sag|sager|møde|del|dagsorden|dagsordenspunkt|behandling)"
_NOUN = rf"(?:\s+{_NOUNS})?"
_FOR = r"(?:\s*,?\s*(?:for\s+(?:offentligheden|pressen)|jf\.?\s[^)\]}]*))?"
_MARK = rf"{_WORD}{_NOUN}{_FOR}"
_SEP = r"[:.,;/|\-–—]"

#: "Lukket punkt: Personsag", "FORTROLIGT – Personsag", "Lukket, Personsag".
_PREFIX = re.compile(rf"^{_MARK}\s*{_SEP}\s*(?P<rest>.+)$", re.IGNORECASE)
#: "LUKKET PUNKT Personsag", "Fortroligt Personsag", "Lukket Personsag": without a separator
#: only a phrase or a capital after it says it is a mark, not "Lukket afdeling på …".
_PREFIX_SPACED = re.compile(
    rf"^(?:{_WORD}\s+{_NOUNS}|{_ALWAYS}|{_WORD}(?=\s+(?-i:[A-ZÆØÅ])))\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
#: A mark in brackets anywhere ("(Lukket)", "[lukket punkt]", "(Lukket, jf. § 10)", "{Lukket}",
#: "*Lukket*", "(L)"), or a lock.
_BRACKETED = re.compile(
    rf"\s*(?:[(\[{{]\s*(?:{_WORD}\b[^)\]}}]*|L)\s*[)\]}}]|\*+\s*{_WORD}\b[^*]*\*+|🔒|🔐)\s*",
    re.IGNORECASE,
)
#: "Personsag – lukket punkt", "Personsag. Fortroligt", "Personsag / lukket".
_SUFFIX = re.compile(rf"\s*{_SEP}\s*{_MARK}\s*[.!]?\s*$", re.IGNORECASE)
#: Phrases that close an item wherever they stand in its title.
_ANYWHERE = re.compile(
    r"\b(?:(?:lukket|lukkede)\s+(?:punkt|sag|møde|dagsorden|dagsordenspunkt|døre"
    rf"|for\s+(?:offentligheden|pressen))|{_ALWAYS}"
    r"|undtaget\s+(?:fra\s+)?(?:offentlighed|aktindsigt))\b",
    re.IGNORECASE,
)
#: The title is the mark alone ("5. Lukket punkt"): e-dagsorden systems hide the real one.
_ALONE = re.compile(rf"^{_MARK}\s*[.:]?$", re.IGNORECASE)
#: A line of its own under the heading that says the item is closed.
_LABEL = re.compile(
    rf"^(?:{_MARK}|(?:punktet|sagen)\s+(?:er\s+)?(?:lukket|fortrolig[et]?"
    r"|behandles\s+for\s+lukkede\s+døre|behandles\s+(?:som\s+)?(?:lukket|fortroligt?)))"
    r"\s*[.:!]?$",
    re.IGNORECASE,
)
_PART = r"(?:dagsorden|møde|mødet|del|punkter|dagsordenspunkter|sager)"
_LEAD = r"(?:(?:dagsorden|referat)\s+(?:for|til|fra)\s+(?:\w+\s+)?)?"
#: A section heading: "Lukket dagsorden", "Lukket møde", "Dagsorden til lukket møde".
_CLOSED_PART = re.compile(rf"^{_LEAD}(?:lukket|lukkede|{_ALWAYS})\s+{_PART}\s*:?$", re.I)
_OPEN_PART = re.compile(rf"^{_LEAD}(?:åben|åbent|åbne|offentlig[et]?)\s+{_PART}\s*:?$", re.I)
#: A line of an agenda list or a table of contents: "3. Personsag (L) ...... 4".
_LIST_LINE = re.compile(r"^(?:punkt\s*)?(?P<number>\d{1,3})\s*[.):]?\s+(?P<title>\S.*)$", re.I)
_LEADER = re.compile(r"\s*(?:\.{3,}|…+|_{3,}|\t)\s*\d*\s*$")
#: Letter-spaced words ("L u k k e t"), read as the word.
_SPACED = re.compile(r"(?<!\w)(?:\w ){3,}\w(?!\w)")
#: How many lines under an item's heading may carry its label.
LABEL_REACH = 3


def plain(text: str) -> str:
    """The text as the marks are looked for in: compatibility forms folded (a full-width
    colon), soft hyphens and zero-width characters dropped, letter-spaced words joined."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u00ad\u200b-\u200d\u2060\ufeff]", "", text)
    return _SPACED.sub(lambda match: match.group(0).replace(" ", ""), text)


def strip_closed_mark(title: str) -> tuple[str, bool]:
    """The title without a closed mark, and whether it had one."""
    title = plain(title).strip()
    if _ALONE.match(title):
        return title, True
    text, marked = title, False
    prefix = _PREFIX.match(text) or _PREFIX_SPACED.match(text)
    if prefix:
        text, marked = prefix["rest"], True
    stripped = _BRACKETED.sub(" ", text)
    marked = marked or stripped != text
    text = _SUFFIX.sub("", stripped)
    marked = marked or text != stripped or bool(_ANYWHERE.search(text))
    return " ".join(text.split()), marked


def is_closed_label(text: str) -> bool:
    """A line such as "Lukket punkt" or "Punktet behandles for lukkede døre"."""
    return bool(_LABEL.match(text.strip()))


def section_mark(text: str) -> bool | None:
    """True for a closed part's heading ("Lukket dagsorden"), False for an open part's
    ("Åbent møde"), None for any other line."""
    text = text.strip()
    if _CLOSED_PART.match(text):
        return True
    if _OPEN_PART.match(text):
        return False
    return None


def title_key(title: str) -> str:
    """A title as an agenda list and the item's own heading both write it."""
    title = _LEADER.sub("", strip_closed_mark(title)[0])
    return re.sub(r"\W+", " ", title).strip().lower()[:50]


def closed_in_lists(texts: Sequence[str]) -> tuple[set[str], set[str]]:
    """(title keys, numbers) of the agenda list's closed entries: an agenda list at the top
    names the items its body then repeats. An entry is closed by a mark of its own (its
    number counts then too) or by standing in the list under a closed part's heading (only
    its title: numbered clauses in a closed item's text stand there too). The list ends at a
    line of text or where its numbering starts over (the body repeating it)."""
    keys: set[str] = set()
    numbers: set[str] = set()
    in_closed, last = False, 0
    for text in texts:
        mark = section_mark(text)
        if mark is not None:
            in_closed, last = mark, 0
            continue
        if not text.strip():
            continue
        line = _LIST_LINE.match(text.strip())
        if line is None or int(line["number"]) <= last:
            # Text, or the numbering starting over: the list under the heading has ended.
            in_closed, last = False, 0
        if line is None:
            continue
        last = int(line["number"])
        marked = strip_closed_mark(_LEADER.sub("", line["title"]))[1]
        if marked:
            numbers.add(line["number"])
        if in_closed or marked:
            keys.add(title_key(line["title"]))
    keys.discard("")
    return keys, numbers


def header_is_closed(header: Sequence[str]) -> bool:
    """Whether the lines before the first item declare the whole meeting closed ("Lukket
    møde"): the last part heading there, unless list lines follow it (then it heads the
    agenda list, which `closed_in_lists` reads)."""
    closed = False
    for n, text in enumerate(header):
        mark = section_mark(text)
        if mark is None:
            continue
        following = []
        for later in header[n + 1 :]:
            if section_mark(later) is not None:
                break
            following.append(later)
        if not any(_LIST_LINE.match(t.strip()) for t in following):
            closed = mark
    return closed


def heading_is_marked(heading: str) -> bool:
    """An item's heading line ("2. Lukket punkt: Personsag") carries a closed mark."""
    line = _LIST_LINE.match(heading.strip())
    return strip_closed_mark(line["title"] if line else heading)[1]


class ClosedItems:
    """What one document says about its closed items, asked item by item in order."""

    def __init__(self, texts: Sequence[str], header: Sequence[str]) -> None:
        self.keys, self.numbers = closed_in_lists(texts)
        #: Inside a closed part ("Lukket dagsorden") of the document.
        self.in_closed_part = header_is_closed(header)

    def take(self, lines: Sequence[str]) -> tuple[list[str], bool]:
        """An item's lines (its heading first) without those that only mark it closed, and
        whether its heading, a label under it or the part it stands in closes it. A part
        heading among its lines holds for the items after it."""
        kept = [lines[0]] if lines else []
        closed = self.in_closed_part or bool(kept and heading_is_marked(kept[0]))
        seen = 0
        for text in lines[1:]:
            mark = section_mark(text)
            if mark is not None:
                self.in_closed_part = mark
                continue
            if text.strip():
                seen += 1
                if seen <= LABEL_REACH and is_closed_label(text):
                    closed = True
                    continue
            kept.append(text)
        return kept, closed

    def listed(self, number: str | None, title: str) -> bool:
        """The agenda list marked this item closed."""
        return title_key(title) in self.keys or (number is not None and number in self.numbers)
