"""Lines without page furniture: page numbers, running headers and footers, address blocks and
web buttons; words hyphenated over a line break joined again."""

import re
import unicodedata
from collections import Counter
from dataclasses import replace

from .attendance import ATTENDANCE
from .dates import find_dates
from .elements import Line
from .people import is_name
from .shapes import CASE_NUMBER, CLAUSE, RECOMMENDS, SECTION, standard_title

FURNITURE = re.compile(
    r"^(?:side|page|s\.)\s*\d+(?:\s*(?:af|/|of|ud af)\s*\d+)?$"
    r"|^\d+\s*(?:/|af)\s*\d+$"
    r"|^[-–]?\s*\d{1,3}\s*[-–]?$"
    r"|^(?:tilbage til toppen|til toppen|fold (?:dette punkt |punktet )?(?:ind|ud)"
    r"|fold alle (?:ind|ud)"
    r"|hent som pdf|hent pdf|download(?: som)? pdf|udskriv|print|del(?: på [\w ]+)?|luk|menu|søg"
    r"|til forsiden|forside|log ind|log på|cookie[\w ]*|accepter[\w ]*|spring til indhold"
    r"|gå til indhold|vis (?:hele )?(?:dagsorden|referat)|se (?:alle )?bilag|abonner[\w ]*"
    r"|tilgængelighedserklæring|hjælp|kontakt|print(?:venlig)? version|udskriftsvenlig version"
    r"|dagsordener og referater|vis mere|vis mindre|læs mere|åbn|åbn bilag|bilag \(\d+\))$",
    re.IGNORECASE,
)

ADDRESS = re.compile(
    r"^(?:(?:direkte\s+)?(?:telefon|tlf|tel|lokaltlf|mobil|fax)\.?\s*:?\s*[+\d][\d ]{6,}"
    r"|(?:direkte\s+)?e-?mail\s*:?\s*\S*@?\S*|mail\s*:\s*\S+@\S+|\S+@\S+\.\w+"
    r"|www\.\S+|https?://\S+|sagsbehandler\s*:?.*|cvr\.?\s*(?:nr\.?)?\s*:?\s*\d[\d ]+"
    r"|ean\s*:?.*|\d{4}\s+[A-ZÆØÅ][\w.]+(?:\s[A-ZÆØÅ]\.?)?|postboks\s+\d+.*)$",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\ufb01", "fi")
    text = text.replace("\ufb02", "fl").replace("\u2010", "-").replace("\u2011", "-")
    # Most lines hold no control or format character: isprintable() says so at C speed, and
    # only the others are walked character by character (a 500-page PDF has ~700k characters).
    if text.isprintable():
        return text
    return "".join(c for c in text if c in "\t\n" or unicodedata.category(c)[0] != "C")


def clean_lines(lines: list[Line]) -> list[Line]:
    """Without page numbers, running headers and footers, address blocks and web buttons."""
    out = [_with_text(line, _normalise(line.text).strip()) for line in lines]
    running = _running_lines(out)
    kept: list[Line] = []
    for line in out:
        text = line.text
        if text in running and not line.heading:
            continue
        if FURNITURE.match(text) or ADDRESS.match(text):
            # An address block: drop the short lines just before it that belong to it.
            while ADDRESS.match(text) and kept and _addressish(kept[-1].text):
                kept.pop()
            continue
        kept.append(line)
    joined: list[Line] = []
    for line in kept:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and re.search(r"[a-zæøå]-$", prev.text)
            and re.match(r"^[a-zæøå]", line.text)
        ):
            joined[-1] = replace(prev, text=prev.text[:-1] + line.text)
            continue
        joined.append(line)
    return joined


def _with_text(line: Line, text: str) -> Line:
    """The line with this text: itself where the text is unchanged (no copy per line)."""
    return line if text == line.text else replace(line, text=text)


def _running_lines(lines: list[Line]) -> set[str]:
    """Running headers and footers: near the top or bottom of most pages, or, without pages,
    short lines or dates repeated through the text."""
    pages: dict[int, list[str]] = {}
    for line in lines:
        if line.page is not None and line.text:
            pages.setdefault(line.page, []).append(line.text)
    if len(pages) > 2:
        edges = Counter(
            text
            for texts in pages.values()
            for text in {*texts[:4], *texts[-4:]}
            if len(text) < 120
        )
        return {
            text
            for text, n in edges.items()
            if n >= max(3, len(pages) // 2) and _may_be_furniture(text)
        }
    counts = Counter(line.text for line in lines if line.text and len(line.text) < 90)
    return {
        text
        for text, n in counts.items()
        if n >= 3 and (find_dates(text) or len(text) <= 40) and _may_be_furniture(text)
    }


def _may_be_furniture(text: str) -> bool:
    """Section headings, case numbers and list lines repeat by nature; they are content."""
    return not (
        SECTION.match(text)
        or ATTENDANCE.match(text)
        or standard_title(text)
        or CASE_NUMBER.match(text)
        or CLAUSE.match(text)
        or RECOMMENDS.match(text)
    )


def _addressish(text: str) -> bool:
    return (
        bool(text)
        and len(text) < 40
        and not text.endswith((".", ":"))
        and "," not in text
        and (
            ADDRESS.match(text) is not None
            or re.match(r"^[A-ZÆØÅ][\w.\- ]+\s\d+[A-Za-z]?(?:,.*)?$", text) is not None
            or text in {"Rådhuset", "Regionshuset"}
            or is_name(text)
        )
    )
