"""Minutes and agendas as text lines → a meeting: header, items, decisions and attendance.

The parser reads what the document says and nothing more: a date without a year gets one only
from evidence in the document, a title is not completed, a person is not merged by guess.
Everything uncertain is said in `warnings`.
"""

import datetime
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .closed import ClosedItems, strip_closed_mark
from .dates import evidence_years, find_dates, find_time_range, infer_year
from .elements import Line
from .people import PersonName, is_name, parse_people

PARSER_VERSION = "1.0"


@dataclass
class ParsedItem:
    number: str | None
    title: str
    case_number: str | None = None
    recommendation: list[str] = field(default_factory=list)
    presentation: str | None = None
    decision: str | None = None
    attachments: list[str] = field(default_factory=list)
    #: Lukket/fortroligt: never published (see `closed.py`).
    closed: bool = False
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    presenters: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "title": self.title,
            "case_number": self.case_number,
            "recommendation": self.recommendation,
            "presentation": self.presentation,
            "decision": self.decision,
            "attachments": self.attachments,
            "closed": self.closed,
        }


@dataclass
class ParsedMeeting:
    body: str | None = None
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    location: str | None = None
    kind: str | None = None  # "minutes" or "agenda"
    items: list[ParsedItem] = field(default_factory=list)
    participants: list[PersonName] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    substitutes: list[tuple[str, str]] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_meeting(self) -> bool:
        return bool(self.items)

    def meeting_json(self) -> dict[str, str | None]:
        return {
            "body": self.body,
            "date": self.date.isoformat() if self.date else None,
            "start_time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "location": self.location,
        }

    def as_json(self, source: str) -> dict[str, object]:
        return {
            "source": source,
            "meeting": self.meeting_json(),
            "items": [item.as_json() for item in self.items],
            "participants": [p.as_json() for p in self.participants],
            "apologies": [{"name": name} for name in self.apologies],
            "substitutes": [{"name": name, "for": whom} for name, whom in self.substitutes],
            "warnings": self.warnings,
        }


# --- Page furniture --------------------------------------------------------------------------

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
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.{3,}|…+|\t|\s{3,}|_{3,})\s*(?P<page>\d{1,3})\s*$")
TOC_HEAD = re.compile(r"^(?:indholdsfortegnelse|indhold|dagsordenspunkter|oversigt)\s*:?$", re.I)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\ufb01", "fi")
    text = text.replace("\ufb02", "fl").replace("\u2010", "-").replace("\u2011", "-")
    return "".join(c for c in text if c in "\t\n" or unicodedata.category(c)[0] != "C")


def clean_lines(lines: list[Line]) -> list[Line]:
    """Without page numbers, running headers and footers, address blocks and web buttons."""
    out = [Line(_normalise(line.text).strip(), line.heading, line.page) for line in lines]
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
            prev.text = prev.text[:-1] + line.text
            continue
        joined.append(line)
    return joined


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
        or _standard_title(text)
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


# --- Sections --------------------------------------------------------------------------------

_DECISION = (
    r"beslutning(?:er)?(?:\s+(?:i|på|fra)\s+.{2,90}?)?|konklusion(?:er)?|referat|protokol"
    r"|beslutningsprotokol|behandling\s+i\s+.{2,90}?|udvalgets beslutning|afgørelse"
    r"|drøftelse og beslutning|referat af (?:drøftelsen|punktet)|beslutning og opfølgning"
)
SECTIONS = {
    "presentation": r"sagsfremstilling|sagsbeskrivelse|sagens (?:indhold|baggrund)|baggrund"
    r"|resum[eé]|kort om sagen|beskrivelse|redegørelse|sagsforklaring|formål",
    "recommendation": r"indstilling(?:er)?(?:\s+(?:fra|til)\s+.{2,60}?)?"
    r"|forslag til (?:beslutning|indstilling)"
    r"|(?:administrationens|direktionens|sekretariatets|forvaltningens) indstilling",
    "decision": _DECISION,
    "attachments": r"bilag(?:sliste)?|vedhæftede bilag|bilag til punktet|relaterede bilag",
    "case": r"sagsnr\.?|sagsnummer|sags\s*nr\.?|sag\s*nr\.?|j\.?\s*nr\.?|journalnr\.?"
    r"|journalnummer|acadre[\w\s.]*|dok\.?\s*nr\.?|emne\s*nr\.?|sagsid",
}
SECTION = re.compile(
    r"^(?P<head>" + "|".join(f"(?P<{k}>{v})" for k, v in SECTIONS.items()) + r")"
    r"\s*(?:(?::|\.|-|–)\s*(?P<rest>.*)|(?P<date_rest>\s+(?:den|d\.)\s+.*)|)$",
    re.IGNORECASE,
)
RECOMMENDS = re.compile(
    r"^(?:det\s+indstilles|indstillingen er"
    r"|[\w\s,-]{2,70}?\s+indstiller(?:\s+til\s+[\w\s-]{2,60})?)"
    r"\s*[,:]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
CLAUSE = re.compile(r"^(?:[-•–*·▪○]\s*|\d{1,2}\s*[.)]\s+|[a-h][.)]\s+)(?P<text>.+)$")
CASE_NUMBER = re.compile(
    r"^(?:\d{1,2}-\d{1,2}-\d{1,3}-\d{1,5}-\d{2}"
    r"|\d{2}\.\d{2}\.\d{2}-[A-ZØÆÅ]\d{2}-\d+-\d{2}"
    r"|(?:EMN|SAG|SJ|DOK|J)-?\s?\d{4}-\d{3,}"
    r"|\d{4}-\d{4,}|\d{2}/\d{3,6}|\d{4}/\d{4,})$"
)
INLINE_CASE = re.compile(
    r"\(?\b(?:sagsnr|sags\s*nr|sag\s*nr|j\.\s*nr|journalnr)\.?\s*:?\s*(?P<case>[\w./-]*\d[\w./-]*)\)?",
    re.IGNORECASE,
)

# --- Attendance ------------------------------------------------------------------------------

ATTENDANCE = re.compile(
    r"^(?:(?P<apologies>afbud(?:\s+fra)?|fraværende|fravær|forfald|ikke til stede|meldt afbud"
    r"|afbud/fravær)"
    r"|(?P<guests>g[æa]e?ster|g[æa]st|inviterede(?: gæster)?|oplægsholdere?"
    r"|deltog under punkt[\w\s.,]*)"
    r"|(?P<participants>deltagere|mødedeltagere|m[øoa]dedeltagere|deltagende|til\s?stede|fremmødte"
    r"|fremmødt|mødt|medlemmer|følgende deltog|til stede var|administrativ deltagelse"
    r"|sekretariat(?:et)?|referent|m[øoa]deleder|medformænd|formandskab(?:et)?|observatører"
    r"|[\w\s]{0,40}med observat[øg]rstatus|øvrige deltagere|deltagere fra [\w\s,&-]{2,120}"
    r"|deltog))"
    r"\s*(?::|\t|\s{2,}|$|\s(?=(?-i:[A-ZÆØÅ])))\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
ALL_BUT = re.compile(
    r"\balle\b[^.]{0,40}?\b(?:mødt|til stede|deltog|fremmødt)e?,?\s+(?:med\s+)?undtagen"
    r"\s+(?P<names>[^.]+)",
    re.IGNORECASE,
)
PROSE_APOLOGY = re.compile(
    r"(?:\bder\s+(?:var|er|havde været)\s+)?\bafbud\s+fra:?\s+(?P<names>[^.]+)"
    r"|(?P<before>(?-i:[A-ZÆØÅ])[^.]{3,200}?)\s+(?:havde|har)\s+(?:meldt|sendt|givet)\s+afbud",
    re.IGNORECASE,
)
_NAME = r"[A-ZÆØÅ][\w'’.-]+(?:\s+(?:[A-ZÆØÅ][\w'’.-]+|von|van|de|la|af)){1,5}"
SUBSTITUTE = [
    re.compile(
        rf"(?P<sub>{_NAME})[^.()]{{0,80}}?\b(?:deltog|deltager|mødte|var mødt)\s+"
        rf"(?:i stedet\s+)?for\s+(?P<for>{_NAME})"
    ),
    re.compile(
        rf"(?P<sub>{_NAME})[^.()]{{0,80}}?[(,]?\s*(?:tilforordnet|stedfortræder|suppleant|substitut)"
        rf"\s+for\s+(?P<for>{_NAME})"
    ),
    re.compile(rf"(?P<sub>{_NAME})[^.()]{{0,80}}?\(?\bi stedet for\s+(?P<for>{_NAME})"),
    re.compile(
        rf"(?P<for>{_NAME})[^.()]{{0,80}}?\bi stedet\s+(?:deltager|deltog|mødte)\s+(?P<sub>{_NAME})"
    ),
    re.compile(rf"\bfor\s+(?P<for>{_NAME})\s+(?:deltog|mødte)\s+(?P<sub>{_NAME})"),
    re.compile(rf"(?P<for>{_NAME})\s+var\s+repræsenteret\s+ved\s+(?P<sub>{_NAME})"),
]
#: Membership changes, not a stand-in at this meeting.
NOT_A_SUBSTITUTE = re.compile(
    r"fremadrettet|fremover|nyt? medlem|nye medlemmer|pension|nyt job|efterfølger", re.I
)

# --- Items -----------------------------------------------------------------------------------

PUNKT = re.compile(
    r"^(?:punkt|pkt|dagsordens?punkt|dagsordenpunkt)\.?\s*(?:nr\.?\s*)?(?P<number>\d{1,3}[a-z]?)"
    r"\s*(?:[.:)\-–]\s*|\s+)(?P<title>.*)$",
    re.IGNORECASE,
)
NUMBERED = re.compile(r"^(?P<number>\d{1,3})\s*(?:[.)]\s*|\s+|\t)(?P<title>[\"“”'‘A-ZÆØÅ(].*)$")
NUMBER_ALONE = re.compile(r"^(?P<number>\d{1,3})\s*[.)]?$")
LOST_NUMBER = re.compile(r"^[.,·]\s*(?P<title>[A-ZÆØÅ\"“].{2,})$")
TIME_SLOT = re.compile(
    r"\s*(?:kl\.?\s*)?(?P<start>[0-2]?\d[.:][0-5]\d)\s*(?:-|–|til)\s*(?P<end>[0-2]?\d[.:][0-5]\d)?\s*$"
)
TIME_ALONE = re.compile(
    r"^(?:kl\.?\s*)?[0-2]?\d[.:][0-5]\d\s*(?:(?:-|–)\s*(?:[0-2]?\d[.:][0-5]\d)?)?$"
)
PRESENTER = re.compile(
    r"\s+(?:v/|v\.|ved)\s*I?(?=[A-ZÆØÅ ])\s*(?P<who>.+)$|\s+v\s+(?P<who2>[A-ZÆØÅ].+)$"
)
STANDARD_TITLES = re.compile(
    r"^(?:godkendelse af (?:dagsorden(?:en)?|referat(?:et)?)|eventuelt|evt\.|meddelelser"
    r"|orientering(?:spunkter)?|næste møde|velkomst|velkommen)\b",
    re.IGNORECASE,
)
KIND = re.compile(
    r"\b(?P<minutes>referat|beslutningsprotokol|protokol)\b|\b(?P<agenda>dagsorden)\b", re.I
)
LOCATION = re.compile(
    r"^(?:mødested|m[øoa]dested|sted|lokale|lokation|adresse|mødelokale)\s*:?\s+(?P<place>.+)$",
    re.I,
)
BODY_LABEL = re.compile(
    r"^(?:m[øoa]de|udvalg|forum|organ|mødeforum|gruppe|møde i|m[øoa]deforum)\s*:?\s+(?P<body>.+)$",
    re.IGNORECASE,
)
TIME_LABEL = re.compile(
    r"^(?:tid|tidspunkt|mødetidspunkt|mødedato|dato|dato og tid|mødetid)\s*:?\s+", re.I
)
TITLE_DATE = re.compile(
    r"^(?:(?:referat|dagsorden|beslutningsprotokol)\s+(?:fra|for|til)?\s*(?:mødet?\s+)?(?:i\s+)?)?"
    r"(?P<body>.+?)\s*(?:[-–,:]\s*)?(?:(?:den|d\.|mødet?\s+(?:den|d\.))\s*)?"
    r"(?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\s*(?:den|d\.)?\s*)?"
    r"\d{1,2}[./ -]",
    re.IGNORECASE,
)


def _standard_title(text: str) -> bool:
    return bool(STANDARD_TITLES.match(text))


def _heading_like(title: str) -> bool:
    return (
        2 <= len(title) <= 220
        and not title.rstrip().endswith((",", ";"))
        and not re.match(r"^(?:at|og|samt)\s", title)
    )


@dataclass
class _Candidate:
    index: int
    number: int | None
    title: str
    score: float


def _candidates(lines: list[Line]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for i, line in enumerate(lines):
        text = line.text
        match = NUMBERED.match(text)
        if not match or not _heading_like(match["title"]):
            alone = NUMBER_ALONE.match(text)
            nxt = lines[i + 1].text if i + 1 < len(lines) else ""
            if (
                alone
                and nxt
                and _heading_like(nxt)
                and nxt[:1].isupper()
                and not NUMBERED.match(nxt)
            ):
                found.append(_Candidate(i, int(alone["number"]), nxt, 0.0))
            continue
        title = match["title"]
        score = 0.0
        if line.heading:
            score += 1.5
        if PRESENTER.search(title) or TIME_SLOT.search(title):
            score += 1.0
        prev = next((lines[j].text for j in range(i - 1, -1, -1) if lines[j].text), "")
        nxt = next((lines[j].text for j in range(i + 1, len(lines)) if lines[j].text), "")
        if prev.endswith(":") or RECOMMENDS.match(prev):
            score -= 1.0
        if NUMBERED.match(prev) or CLAUSE.match(prev):
            score -= 0.8
        if NUMBERED.match(nxt) or CLAUSE.match(nxt):
            score -= 0.8
        if title.endswith(".") and not title.endswith(("evt.", "m.v.", "mv.", "bl.a.")):
            score -= 0.3
        if len(title) > 120:
            score -= 0.5
        if SECTION.match(nxt) or ATTENDANCE.match(nxt):
            score += 0.5
        found.append(_Candidate(i, int(match["number"]), title, score))
    return found


def _best_chain(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest run of headings numbered n, n+1, n+2 … (ties: the more heading-like)."""
    best: list[tuple[float, int]] = []  # (value, previous index) per candidate
    for i, cand in enumerate(candidates):
        value, back = 1.0 + cand.score, -1
        for j in range(i):
            prev = candidates[j]
            follows = prev.number is not None and cand.number == prev.number + 1
            if follows and best[j][0] + 1.0 + cand.score > value:
                value, back = best[j][0] + 1.0 + cand.score, j
        best.append((value, back))
    if not best:
        return []
    at = max(range(len(best)), key=lambda k: best[k][0])
    chain = []
    while at != -1:
        chain.append(candidates[at])
        at = best[at][1]
    return chain[::-1]


def find_item_starts(lines: list[Line], toc: list[str]) -> list[_Candidate]:
    punkt = [
        _Candidate(i, None, m["title"], 0.0)
        for i, line in enumerate(lines)
        if (m := PUNKT.match(line.text)) and (m["title"] or i + 1 < len(lines))
    ]
    if punkt:
        for cand in punkt:
            match = PUNKT.match(lines[cand.index].text)
            assert match is not None
            number = re.match(r"\d+", match["number"])
            cand.number = int(number[0]) if number else None
            if not cand.title and cand.index + 1 < len(lines):
                cand.title = lines[cand.index + 1].text
        return punkt
    chain = _best_chain(_candidates(lines))
    if len(chain) >= 2 and sum(c.score for c in chain) / len(chain) > -0.6:
        return chain
    # No numbered run: numbers lost in a scan (". Status for …"), headings that end with a
    # time slot, the standard titles, the table of contents' titles, marked-up headings.
    starts: dict[int, _Candidate] = {c.index: c for c in chain if c.score > 0} if chain else {}
    toc_keys = {_key(t) for t in toc}
    for i, line in enumerate(lines):
        text = line.text
        if i in starts or not text:
            continue
        lost = LOST_NUMBER.match(text)
        if lost and _heading_like(lost["title"]):
            starts[i] = _Candidate(i, None, lost["title"], 0.0)
        elif (
            TIME_SLOT.search(text)
            and len(text) < 160
            and text[:1].isupper()
            and not TIME_ALONE.match(text)
            and not TIME_LABEL.match(text)
            and not find_dates(text)
        ) or (
            (_standard_title(text) and len(text) < 120)
            or (toc_keys and _key(text) in toc_keys)
            or (line.heading and i > 0 and not SECTION.match(text) and not ATTENDANCE.match(text))
        ):
            starts[i] = _Candidate(i, None, text, 0.0)
    # A number on a line of its own ("1.") goes with the next heading.
    for i, line in enumerate(lines):
        alone = NUMBER_ALONE.match(line.text)
        if alone:
            following = [k for k in sorted(starts) if i < k <= i + 25]
            if following and starts[following[0]].number is None:
                starts[following[0]].number = int(alone["number"])
    ordered = [starts[k] for k in sorted(starts)]
    return ordered


def _key(text: str) -> str:
    text = TIME_SLOT.sub("", text)
    text = re.sub(r"^(?:punkt\s*)?\d{1,3}\s*[.):]?\s*", "", text, flags=re.I)
    return re.sub(r"\W+", " ", text).strip().lower()[:50]


def _split_toc(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Drop a table of contents (titles with page numbers or dot leaders), keep its titles."""
    toc: list[str] = []
    out: list[Line] = []
    in_toc = False
    for line in lines:
        text = line.text
        if TOC_HEAD.match(text):
            in_toc = True
            continue
        match = TOC_LINE.match(text)
        if match and (in_toc or re.search(r"\.{4,}|…", text)):
            toc.append(match["title"].strip())
            in_toc = True
            continue
        if in_toc and text and not match:
            in_toc = False
        out.append(line)
    return out, toc


# --- The parser ------------------------------------------------------------------------------


def _clean_title(title: str) -> tuple[str, datetime.time | None, datetime.time | None, str | None]:
    start = end = None
    title = re.sub(r"\s*(?:\.{3,}|…+)\s*\d*\s*$", "", title).strip()
    slot = TIME_SLOT.search(title)
    if slot:
        start, end = _time(slot["start"]), _time(slot["end"])
        title = title[: slot.start()].strip(" ,-–")
    presenters = None
    who = PRESENTER.search(title)
    if who:
        presenters = (who["who"] or who["who2"] or "").strip(" .")
        title = title[: who.start()].strip(" ,-–")
    title = INLINE_CASE.sub("", title).strip(" ,-–:")
    title = re.sub(r"\s{2,}", " ", title)
    return title, start, end, presenters


def _time(text: str | None) -> datetime.time | None:
    if not text:
        return None
    hour, minute = (int(x) for x in re.split(r"[.:]", text))
    return datetime.time(hour, minute) if hour < 24 else None


def _paragraphs(lines: list[str]) -> str | None:
    """Lines wrapped by a page back into paragraphs; list lines stay lines."""
    paragraphs: list[str] = []
    current: list[str] = []
    for text in [*lines, ""]:
        if not text:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if CLAUSE.match(text) and current:
            paragraphs.append(" ".join(current))
            current = []
        if current and current[-1].endswith((".", ":", "?", "!")) and text[:1].isupper():
            paragraphs.append(" ".join(current))
            current = []
        current.append(text)
    result = "\n\n".join(p for p in paragraphs if p.strip())
    return result or None


class _Reader:
    def __init__(self) -> None:
        self.meeting = ParsedMeeting()
        self.present: dict[str, PersonName] = {}
        self.absent: dict[str, None] = {}
        self.substitutes: dict[tuple[str, str], None] = {}
        self.guests: dict[str, None] = {}

    # Attendance ------------------------------------------------------------------------------

    def add_person(self, person: PersonName, mode: str) -> None:
        key = person.name
        if person.absent or mode == "apologies":
            self.absent.setdefault(key, None)
            return
        if mode == "guests":
            self.guests.setdefault(key, None)
        existing = self.present.get(key)
        if existing is None:
            self.present[key] = person
        else:
            existing.title = existing.title or person.title
            existing.organisation = existing.organisation or person.organisation

    def read_substitutes(self, text: str, *, in_list: bool) -> None:
        if NOT_A_SUBSTITUTE.search(text):
            return
        for pattern in SUBSTITUTE:
            for match in pattern.finditer(text):
                sub, whom = _name_only(match["sub"]), _name_only(match["for"])
                if not (sub and whom) or sub == whom:
                    continue
                if (
                    "i stedet for" in match.group(0)
                    and not in_list
                    and "delt" not in match.group(0)
                ):
                    continue
                self.substitutes.setdefault((sub, whom), None)
                if sub not in self.present and sub not in self.absent:
                    self.present[sub] = PersonName(name=sub)
                return

    def read_prose(self, text: str) -> None:
        for match in ALL_BUT.finditer(text):
            for person in parse_people(match["names"]):
                self.absent.setdefault(person.name, None)
        for match in PROSE_APOLOGY.finditer(text):
            names = match["names"] or match["before"] or ""
            for person in parse_people(names):
                self.absent.setdefault(person.name, None)
        self.read_substitutes(text, in_list=False)

    def read_attendance_block(self, lines: list[str], start: int, mode: str) -> int:
        """People listed after an attendance heading; returns where the list ends."""
        i, misses = start, 0
        while i < len(lines):
            text = lines[i]
            if not text:
                i += 1
                continue
            if SECTION.match(text) or PUNKT.match(text) or _label(text):
                break
            heading = ATTENDANCE.match(text)
            if heading and (not heading["rest"] or not _looks_like_sentence(text)):
                mode = _mode(heading)
                if heading["rest"]:
                    self.read_attendance_line(heading["rest"], mode)
                i += 1
                misses = 0
                continue
            while text.endswith(",") and i + 1 < len(lines) and lines[i + 1]:
                i += 1
                text = f"{text} {lines[i]}"
            people = self.read_attendance_line(text, mode)
            if people:
                misses = 0
            else:
                misses += 1
                if misses > 2 or _looks_like_sentence(text):
                    return i - misses + 1
            i += 1
        return i

    def read_attendance_line(self, text: str, mode: str) -> bool:
        all_but = ALL_BUT.search(text)
        if all_but:
            self.read_prose(text)
            return True
        self.read_substitutes(text, in_list=True)
        people = parse_people(text)
        reverse = re.search(r"\bi stedet\s+(?:deltager|deltog|mødte)\b", text)
        for person in people:
            self.add_person(person, mode)
            if reverse:
                break
        return bool(people)

    # Header ----------------------------------------------------------------------------------

    def read_header(self, lines: list[str], whole_text: str) -> None:
        meeting = self.meeting
        head_text = "\n".join(lines[:40])
        kind = KIND.search(head_text)
        if kind:
            meeting.kind = "minutes" if kind["minutes"] else "agenda"
        for text in lines:
            if not text:
                continue
            loc = LOCATION.match(text)
            if loc and meeting.location is None:
                meeting.location = loc["place"].strip(" .")
                continue
            label = BODY_LABEL.match(text)
            if label and meeting.body is None and not find_dates(label["body"]):
                meeting.body = label["body"].strip(" .,")
        self.read_date(lines, whole_text)
        if meeting.body is None:
            meeting.body = self.body_from_title(lines)
        i = 0
        while i < len(lines):
            heading = ATTENDANCE.match(lines[i]) if lines[i] else None
            if heading:
                if heading["rest"]:
                    self.read_attendance_line(heading["rest"], _mode(heading))
                i = self.read_attendance_block(lines, i + 1, _mode(heading))
                continue
            self.read_prose(lines[i])
            i += 1

    def read_date(self, header: list[str], whole_text: str) -> None:
        meeting = self.meeting
        header_text = "\n".join(header)
        dates = find_dates(header_text)
        # A "Dato:" line on a letter is the date it was written; prefer the meeting's.
        preferred = [
            d
            for d in dates
            if not re.search(r"(?:^|\n)\s*dato\s*:?\s*[^\n]*$", header_text[: d.end], re.I)
        ]
        candidates = preferred or dates or find_dates(whole_text[:3000])
        found = candidates[0] if candidates else None
        if found is None:
            meeting.warnings.append("Mødets dato står ikke i dokumentet.")
        else:
            date = found.resolve() if found.year else None
            if date is None:
                full = [d.resolve() for d in find_dates(whole_text) if d.year]
                cases = [item.case_number for item in meeting.items if item.case_number]
                year, why = infer_year(
                    found,
                    full_dates=[d for d in full if d],
                    years=evidence_years(whole_text, cases),
                )
                if year is None:
                    meeting.warnings.append(
                        f"Mødedatoen står uden årstal, og årstallet kan ikke udledes ({why})."
                    )
                else:
                    date = found.resolve(year)
                    meeting.warnings.append(f"Årstallet {year} er udledt: {why}.")
            meeting.date = date
            if date and found.weekday is not None and date.weekday() != found.weekday:
                meeting.warnings.append("Ugedagen passer ikke med datoen.")
        for text in header:
            start, end = find_time_range(text)
            if start and (TIME_LABEL.match(text) or find_dates(text) or "kl" in text.lower()):
                meeting.start_time, meeting.end_time = start, end
                break

    def body_from_title(self, lines: list[str]) -> str | None:
        for text in lines[:12]:
            if not text or ATTENDANCE.match(text) or LOCATION.match(text) or TIME_LABEL.match(text):
                continue
            if re.fullmatch(r"(?:referat|dagsorden|beslutningsprotokol)\s*:?", text, re.I):
                continue
            match = TITLE_DATE.match(text)
            candidate = match["body"] if match else None
            if candidate is None and not find_dates(text) and len(text) < 100:
                candidate = text
            if candidate:
                candidate = re.sub(
                    r"^(?:referat|dagsorden|beslutningsprotokol)\b\s*(?:fra|for|til)?\s*(?:mødet?\s+)?(?:i\s+)?",
                    "",
                    candidate,
                    flags=re.I,
                ).strip(" -–,:.")
                candidate = re.sub(r"\s*(?:den|d\.)$", "", candidate).strip(" -–,:")
                if candidate and not re.fullmatch(
                    r"(?:møde|mødet|referat|dagsorden)", candidate, re.I
                ):
                    return candidate
        return None

    # Items -----------------------------------------------------------------------------------

    def read_item(self, cand: _Candidate, lines: list[str]) -> ParsedItem:
        title, start, end, presenters = _clean_title(cand.title)
        first = 1
        # A heading wrapped over two lines, or its time slot on the next line.
        if lines[1:2] and TIME_ALONE.match(lines[1]):
            start, end = find_time_range(lines[1])
            first = 3 if lines[2:3] and TIME_ALONE.match(lines[2]) else 2
        inline_case = INLINE_CASE.search(cand.title)
        item = ParsedItem(
            number=str(cand.number) if cand.number is not None else None,
            title=title,
            case_number=inline_case["case"] if inline_case else None,
            start_time=start,
            end_time=end,
            presenters=presenters,
        )
        sections: dict[str, list[str]] = {"presentation": [], "decision": [], "attachments": []}
        clauses: list[str] = []
        mode = "presentation"
        i = first
        while i < len(lines):
            text = lines[i]
            if not text:
                if mode in sections:
                    sections[mode].append("")
                i += 1
                continue
            section = SECTION.match(text) if len(text) < 120 else None
            if section and not (section["presentation"] and section["rest"]):
                kind = next(k for k in SECTIONS if section[k])
                rest = (section["rest"] or "").strip()
                if kind == "case":
                    if rest:
                        item.case_number = item.case_number or rest.strip()
                    elif i + 1 < len(lines) and CASE_NUMBER.match(lines[i + 1]):
                        item.case_number = item.case_number or lines[i + 1]
                        i += 1
                    i += 1
                    continue
                mode = kind
                if rest and kind in sections:
                    sections[kind].append(rest)
                elif rest and kind == "recommendation":
                    clauses.append(rest)
                i += 1
                continue
            if CASE_NUMBER.match(text) and item.case_number is None:
                item.case_number = text
                i += 1
                continue
            attendance = ATTENDANCE.match(text)
            if attendance and (
                not attendance["rest"] or not _looks_like_sentence(attendance["rest"])
            ):
                if attendance["rest"]:
                    self.read_attendance_line(attendance["rest"], _mode(attendance))
                end_at = self.read_attendance_block(lines, i + 1, _mode(attendance))
                if end_at > i + 1 or attendance["rest"]:
                    i = end_at
                    continue
            recommends = RECOMMENDS.match(text)
            if recommends and mode != "decision":
                mode = "recommendation"
                rest = recommends["rest"].strip()
                if rest and (re.match(r"^at\s", rest) or not rest.endswith((",", ":"))):
                    clauses.append(rest)
                    # "Det indstilles, at Politisk Niveau" + numbered clauses: the lead-in
                    # is not a clause of its own.
                    nxt = next((lines[k] for k in range(i + 1, len(lines)) if lines[k]), "")
                    if CLAUSE.match(nxt) and not rest.endswith("."):
                        clauses.pop()
                i += 1
                continue
            if mode == "recommendation":
                clause = CLAUSE.match(text)
                if clause:
                    clauses.append(clause["text"].strip())
                elif re.match(r"^at\s", text):
                    clauses.append(text)
                elif clauses and not clauses[-1].endswith("."):
                    # A clause wrapped over lines.
                    clauses[-1] = f"{clauses[-1]} {text}"
                else:
                    sections["presentation"].append(text)
                i += 1
                continue
            if mode == "attachments":
                if len(text) > 160 or (_looks_like_sentence(text) and len(text) > 90):
                    mode = "presentation"
                    sections[mode].append(text)
                else:
                    sections["attachments"].append(text)
                i += 1
                continue
            if mode == "decision":
                self.read_prose(text)
            sections[mode].append(text)
            i += 1
        item.recommendation = [re.sub(r"\s{2,}", " ", c).strip() for c in clauses if c.strip()]
        item.presentation = _paragraphs(sections["presentation"])
        item.decision = _paragraphs(sections["decision"])
        item.attachments = [
            a
            for a in (
                re.sub(
                    r"^(?:[-•–*·▪]\s*|\d{1,2}[.)]\s*|bilag\s*\d+\s*[:.-]?\s*)", "", t, flags=re.I
                ).strip()
                for t in sections["attachments"]
                if t
            )
            if a
        ]
        if item.presentation:
            for paragraph in item.presentation.split("\n\n"):
                self.read_prose(paragraph)
        return item


def _read_item(
    reader: _Reader, closed: ClosedItems, cand: _Candidate, lines: list[str]
) -> ParsedItem:
    """One item, marked closed where the document says so (without the marks in its text)."""
    lines, marked = closed.take(lines)
    item = reader.read_item(cand, lines)
    title, in_title = strip_closed_mark(item.title)
    item.title = title or item.title
    item.closed = marked or in_title or closed.listed(item.number, item.title)
    return item


def _name_only(text: str) -> str | None:
    people = parse_people(text)
    if people:
        return people[0].name
    tokens = text.split()
    for size in range(len(tokens), 1, -1):
        if is_name(" ".join(tokens[:size])):
            return " ".join(tokens[:size])
    return None


def _label(text: str) -> bool:
    """A key-value line of a letter or header ("Dato: …", "Sted …") that ends a list."""
    return bool(
        TIME_LABEL.match(text)
        or LOCATION.match(text)
        or re.match(
            r"^(?:dato|mail|e-mail|tlf|telefon|journalnr|sagsnr|emne|vedr)\.?\s*:", text, re.I
        )
    )


def _mode(match: re.Match[str]) -> str:
    if match["apologies"]:
        return "apologies"
    if match["guests"]:
        return "guests"
    return "participants"


def _looks_like_sentence(text: str) -> bool:
    words = text.split()
    lower = sum(1 for w in words if w[:1].islower())
    return len(words) > 6 and lower > len(words) / 2


def parse_lines(lines: list[Line]) -> ParsedMeeting:
    lines = clean_lines(lines)
    listed = [line.text for line in lines]  # with the table of contents and its marks
    lines, toc = _split_toc(lines)
    starts = find_item_starts(lines, toc)
    texts = [line.text for line in lines]
    whole = "\n".join(texts)
    reader = _Reader()
    meeting = reader.meeting
    header_end = starts[0].index if starts else len(lines)
    closed = ClosedItems(listed, texts[:header_end])
    for n, cand in enumerate(starts):
        stop = starts[n + 1].index if n + 1 < len(starts) else len(lines)
        meeting.items.append(_read_item(reader, closed, cand, texts[cand.index : stop]))
    reader.read_header(texts[:header_end], whole)
    # Numbers lost in a scan: from the neighbour's, where there is one.
    for prev, item in zip(meeting.items, meeting.items[1:], strict=False):
        if item.number is None and prev.number and prev.number.isdigit():
            item.number = str(int(prev.number) + 1)
    present = [p for name, p in reader.present.items() if name not in reader.absent]
    meeting.participants = present
    meeting.apologies = list(reader.absent)
    meeting.substitutes = list(reader.substitutes)
    meeting.guests = [g for g in reader.guests if g not in reader.absent]
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
        and not _standard_title(last.title)
    ):
        return True
    return (
        bool(last_text)
        and len(last_text) > 20
        and not last_text.endswith((".", "!", "?", ":", ")", '"', "”"))
        and last_text[-1].isalpha()
        and not _standard_title(last.title)
    )


def parse_text(text: str) -> ParsedMeeting:
    pages = text.split("\f")
    lines = [Line(line, page=n) for n, page in enumerate(pages) for line in page.splitlines()]
    return parse_lines(lines)
