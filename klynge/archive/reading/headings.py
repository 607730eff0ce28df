"""Signals that a line begins an item, each a function of a line or its neighbours.

An item heading is written in many ways: `3. Titel`, `3.Titel` and `38Titel` (glued),
`1.  1. Titel` (doubled), `• 301. Titel` (bulleted), `Punkt 5: Titel`, `Sag nr. 5 Titel`,
`Nr.60 - Titel`, `Ad 5. Titel`, `01 Titel`. None of these alone proves a heading (an
indstilling's clauses are numbered too); `items.find_item_starts` weighs them together with
the signals here: the section words that follow a title, the reader's heading markup, the
agenda list's titles.
"""

import re
from dataclasses import dataclass

from .elements import Line
from .shapes import CASE_NUMBER, CLAUSE, RECOMMENDS, SECTION

_BULLET = r"(?:[•·▪◦●*-]\s*)?"
#: `Åbent punkt 3`, `Ad pkt. 3`, `Ad 3.` (informal minutes answer the agenda point by point).
_LEAD = (
    r"(?:(?:(?:åbent|åben|lukket)\s+)?(?:ad\.?\s*)?"
    r"(?:punkt|pkt|dagsordens?punkt|dagsordenpunkt|sag|sagsnr|nr)\.?\s*(?:nr\.?\s*)?"
    r"|ad\.?\s*|§\s*"
    # `Åben 3 Titel`, `Lukket 4 Titel`: the open/closed mark of an InfRef export, no noun.
    r"|(?:åbent|åben|åbne|lukket|lukkede)\s+(?=\d))"
)
#: `Punkt 5: Titel`, `Sag nr. 5 Titel`, `Nr.60 - Titel`: a word says it is an item number.
LABELLED = re.compile(
    rf"^{_BULLET}{_LEAD}(?P<number>\d{{1,3}})[a-z]?\s*(?:[.:)\-–]\s*|\s+)(?P<title>.*)$",
    re.IGNORECASE,
)
#: `3. Titel`, `3) Titel`, `3.Titel`, `• 301. Titel`, `01 Titel`, `3 Titel`, `3 - Titel`,
#: `3: Titel`, `3.0 Titel` (a heading numbered like its sub-points `3.1`, `3.2`, which are not).
PLAIN = re.compile(
    rf"^{_BULLET}(?P<number>\d{{1,3}})(?:\.0)?\s*(?:[.):]\s*|\s*[-–]\s+|\s+|\t)"
    r"(?P<title>[\"“”'‘A-ZÆØÅ(\d].*)$"
)
#: `38Godkendelse af dagsorden`: the number glued to a capitalised title (web pages).
GLUED = re.compile(r"^(?P<number>\d{1,3})(?P<title>[A-ZÆØÅ][a-zæøå].*)$")
#: `IV. Titel`: a roman number, always with its full stop.
ROMAN = re.compile(r"^(?P<roman>[IVX]{1,5})\.\s+(?P<title>[A-ZÆØÅ\"“].*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(numeral: str) -> int | None:
    """`XIV` → 14; None for a string that is not a well-formed roman number up to 39."""
    total = 0
    for n, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[n + 1]] if n + 1 < len(numeral) else 0
        total += -value if value < following else value
    canonical = (
        "X" * (total // 10)
        + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][total % 10]
    )
    return total if total and canonical == numeral else None


#: `1.  1. Godkendelse`: the list's number and the heading's, the same.
DOUBLED = re.compile(r"^(?P<number>\d{1,3})\.\s+(?P=number)\.\s*(?P<title>.+)$")


@dataclass(frozen=True)
class Numbered:
    number: int
    title: str
    #: The number was introduced by a word (`Punkt`, `Sag nr.`): a strong sign.
    labelled: bool = False


def numbered_heading(text: str) -> Numbered | None:
    """The number and title of a line written like a numbered heading, or None."""
    text = text.strip()
    for pattern, labelled in ((DOUBLED, False), (LABELLED, True), (PLAIN, False), (GLUED, False)):
        match = pattern.match(text)
        if match and match["title"].strip():
            title = match["title"].strip()
            # `4. marts 2020`, `2.000 kr.`: a date or an amount, not a heading.
            if re.match(r"^\d", title) and not re.match(r"^\d{1,2}\.\s+[a-zæøå]", title):
                return None
            return Numbered(int(match["number"]), title, labelled)
    roman = ROMAN.match(text)
    if roman and (value := roman_value(roman["roman"])):
        return Numbered(value, roman["title"].strip())
    return None


def heading_markup(line: Line) -> float:
    """What the reader saw of the line's type: a heading, bold, a list item."""
    if line.heading or line.kind == "heading":
        return 1.5
    if line.strong:
        return 1.0
    return 0.0


def followed_by_section(texts: list[str], i: int, reach: int = 4) -> bool:
    """A section word (Resume, Sagsfremstilling, Beslutning, Sagsnr. …) or a case number within
    the next few lines: what follows an item's title in every publishing system."""
    seen = 0
    for text in texts[i + 1 :]:
        if not text:
            continue
        if (SECTION.match(text) and len(text) < 120) or CASE_NUMBER.match(text):
            return True
        seen += 1
        if seen >= reach:
            return False
    return False


def in_a_clause_list(texts: list[str], i: int) -> bool:
    """A numbered line inside an indstilling ("Det indstilles, at: 1. …"): a clause."""
    prev = next((t for t in reversed(texts[:i]) if t), "")
    return (
        prev.endswith(":")
        or bool(RECOMMENDS.match(prev))
        or bool(CLAUSE.match(prev) and prev.startswith(("at ", "- at", "• at")))
    )


SPACED = re.compile(r"\b(?:[A-ZÆØÅ] ){3,}[A-ZÆØÅ]\b")
#: Either spacing below, cheaply: most lines have neither and are passed as they are.
_ANY_SPACED = re.compile(r"[A-ZÆØÅ] [A-ZÆØÅa-zæøå] [A-ZÆØÅa-zæøå] [A-ZÆØÅa-zæøå]")


def unspace_capitals(text: str) -> str:
    """`R e f e r a t` → `Referat`, `B E S L U T N I N G E R` → `BESLUTNINGER`: letters spaced
    out for emphasis, read as the word."""

    if not _ANY_SPACED.search(text):
        return text

    def join(match: re.Match[str]) -> str:
        word = match.group(0).replace(" ", "")
        return word if word.isupper() and len(word) > 5 else word.capitalize()

    text = re.sub(r"\b(?:[A-ZÆØÅ] ){3,}[A-ZÆØÅ]\b", join, text)
    return re.sub(r"\b[A-ZÆØÅ](?: [a-zæøå]){3,}\b", lambda m: m.group(0).replace(" ", ""), text)


#: Words a title does not end with: the title goes on on the next line.
_OPEN_END = re.compile(
    r"(?:\s(?:af|i|til|for|om|på|med|fra|ved|og|samt|eller|mellem|under|efter|vedr\.?)|[-–,])$",
    re.IGNORECASE,
)


def wraps_on(title: str, nxt: str) -> bool:
    """The heading's title goes on on the next line: the title ends in a word that cannot end
    it (`… for boligområdet ved` / `Møllebakken i Nordby`), or the next line goes on in lower
    case (`… lokalplan 512` / `ved Møllebakken`). A section word, a case number, a clause or a
    sentence on the next line is the item's text."""
    nxt = nxt.strip()
    if (
        not nxt
        or len(nxt) > 90
        or nxt.endswith((".", ":", "!", "?"))
        or SECTION.match(nxt)
        or CASE_NUMBER.match(nxt)
        or CLAUSE.match(nxt)
        or numbered_heading(nxt)
        or re.match(r"^(?:at|og|samt)\s", nxt)
    ):
        return False
    return bool(_OPEN_END.search(title.strip())) or (nxt[:1].islower() and len(nxt.split()) <= 8)
