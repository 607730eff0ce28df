"""The head of a document: the body that met, the date and time, the place, agenda or minutes,
and the attendance lists that stand before the first item."""

import datetime
import itertools
import re
from collections import Counter

from .attendance import ATTENDANCE, Attendance, mode_of
from .dates import FoundDate, evidence_years, find_dates, find_time_range, infer_year
from .meeting import ParsedMeeting
from .shapes import LOCATION, TIME_LABEL, looks_like_sentence

KIND = re.compile(
    r"\b(?P<minutes>referat|beslutningsprotokol|protokol)\b|\b(?P<agenda>dagsorden)\b", re.I
)

BODY_LABEL = re.compile(
    r"^(?:m[øoa]de|udvalg|forum|organ|mødeforum|gruppe|møde i|m[øoa]deforum)"
    # "UdvalgÆldreråd": a web page's label glued to its value.
    r"(?:\s*:?\s+|(?=(?-i:[A-ZÆØÅ])))(?P<body>.+)$",
    re.IGNORECASE,
)

TITLE_DATE = re.compile(
    r"^(?:(?:referat|dagsorden|beslutningsprotokol)\s+(?:fra|for|til)?\s*(?:mødet?\s+)?(?:i\s+)?)?"
    r"(?P<body>.+?)\s*(?:[-–,:]\s*)?(?:\b(?:den|d\.|mødet?\s+(?:den|d\.))\s*)?"
    r"(?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\s*(?:den|d\.)?\s*)?"
    r"(?<!\d)\d{1,2}[./ -]",
    re.IGNORECASE,
)


def read_header(
    meeting: ParsedMeeting, people: Attendance, lines: list[str], whole_text: str
) -> None:
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
    if meeting.body is None:
        meeting.body = _label_above(lines)
    read_date(meeting, lines, whole_text)
    if meeting.body is None:
        meeting.body = body_from_title(lines)
    # The items are read first: absences written under an item ("Fraværende: …").
    absent_in_items, present_before = set(people.absent), set(people.present)
    absent_before = len(people.absent)
    i = 0
    while i < len(lines):
        heading = ATTENDANCE.match(lines[i]) if lines[i] else None
        if heading:
            if heading["rest"]:
                people.read_attendance_line(heading["rest"], mode_of(heading))
            i = people.read_attendance_block(lines, i + 1, mode_of(heading))
            continue
        if not people.read_embedded(lines[i]):
            people.read_prose(lines[i])
        i += 1
    for name in _absent_from_other_meetings(whole_text, meeting.date):
        people.absent.pop(name, None)
    # Listed as present at the meeting and absent under an item: away for that item only, which
    # is no apology for the meeting.
    present_in_head = set(people.present) - present_before
    absent_in_head = set(list(people.absent)[absent_before:])
    for name in (absent_in_items & present_in_head) - absent_in_head:
        people.absent.pop(name, None)


#: A case history's head: another body's treatment on its day ("Plan og Teknik, 7. januar 2020,
#: pkt. 207:"), under which its own absences are written.
_HISTORY_HEAD = re.compile(r"^[A-ZÆØÅ][^:]{2,90}\d{4}[^:]{0,30}:$")


def _absent_from_other_meetings(whole_text: str, date: datetime.date | None) -> set[str]:
    """Names absent only under an earlier meeting's head in a case history: that meeting's
    absences, not this one's."""
    if date is None:
        return set()
    other: set[str] = set()
    this: set[str] = set()
    previous = ""
    for text in (t.strip() for t in whole_text.splitlines()):
        if not text:
            continue
        heading = ATTENDANCE.match(text)
        if heading and heading["apologies"] and heading["rest"]:
            names = Attendance()
            names.read_attendance_line(heading["rest"], "apologies")
            found = find_dates(previous) if _HISTORY_HEAD.match(previous) else []
            day = found[0].resolve() if found and found[0].year else None
            (other if day is not None and day != date else this).update(names.absent)
        previous = text
    return other - this


#: "Mødeforum" / "Udvalg" alone on a line (a table's label cell), the name on the next.
_LABEL_ALONE = re.compile(r"^(?:udvalg|forum|organ|mødeforum|m[øo]de i|gruppe)\s*:?$", re.I)


def _label_above(lines: list[str]) -> str | None:
    texts = [text for text in lines[:40] if text]
    for label, value in itertools.pairwise(texts):
        # The value a body's name, not the next empty label ("Udvalg:" / "Dato:").
        if (
            _LABEL_ALONE.match(label)
            and len(value) < 90
            and BODY_NOUN.fullmatch(value.strip(" .,"))
        ):
            return value.strip(" .,")
    return None


#: A date that is not the meeting's: when the papers were sent, printed, published or approved,
#: or a deadline.
_OTHER_DATE = re.compile(
    r"\b(?:udsendt|udsendelse|udskrevet|printet|offentliggjort|publiceret|opdateret|godkendt"
    r"|frist|svarfrist|deadline|senest|oprettet|sendt|udgivet|skrevet|posted|published|revideret"
    r"|indsendt|modtaget)\b",
    re.IGNORECASE,
)
#: Another meeting than this one: the next, the last, a plan of meetings.
_OTHER_MEETING = re.compile(
    r"\b(?:næste|kommende|forrige|sidste|foregående)\s+(?:ordinære\s+)?m[øo]de|\bm[øo]deplan"
    r"|\bm[øo]dekalender",
    re.IGNORECASE,
)
#: A line that says its date is the meeting's.
_MEETING_DATE = re.compile(r"\bm[øo]de(?:dato|tidspunkt|t)?\b|\bdato for m[øo]det\b", re.I)


#: A title line's words that say its date is a meeting's: the meeting, the papers, the hour, or
#: the body's own name.
_SAYS_MEETING = re.compile(
    r"m[øo]de|referat|dagsorden|beslutning|\bkl\.?\s*\d|\d[.:]\d\d|tid\s*:"
    r"|udvalg|råd(?:et)?\b|bestyrelse|nævn|forum|styregruppe",
    re.IGNORECASE,
)


def _without_dates(text: str, found: list[FoundDate]) -> str:
    parts, at = [], 0
    for date in found:
        parts.append(text[at : date.start])
        at = date.end
    return " ".join([*parts, text[at:]])


def _dates_by_standing(
    lines: list[str],
) -> tuple[list[FoundDate], list[FoundDate], list[FoundDate]]:
    """Dates of title and label lines, of a letter's "Dato:" line, and of running prose (an
    earlier meeting, a deadline): the meeting's date stands in the first."""
    titles: list[FoundDate] = []
    bare: list[FoundDate] = []
    letter: list[FoundDate] = []
    prose: list[FoundDate] = []
    other: list[FoundDate] = []
    for text in lines:
        found = find_dates(text)
        if not found:
            continue
        # The date's own words ("tirsdag den 14. marts") make no sentence of a title line.
        if looks_like_sentence(_without_dates(text, found)) or len(text) > 200:
            prose.extend(found)
        elif _OTHER_MEETING.search(text) or (
            _OTHER_DATE.search(text) and not _MEETING_DATE.search(text)
        ):
            other.extend(found)
        elif re.match(r"^\s*dato\s*:?", text, re.I):
            letter.extend(found)
        elif _SAYS_MEETING.search(text) or any(f.weekday is not None for f in found):
            titles.extend(found)
        else:
            bare.extend(found)
    # A date alone on its line is a page's or a post's date as often as the meeting's: a line
    # that says what met, or when in the day, goes first.
    return titles + bare, letter, prose + other


def _meeting_dates(text: str) -> list[FoundDate]:
    """Dates of the body's lines that speak of a meeting or its papers ("Godkendelse af
    dagsorden for KB den 22. januar 2020"), not a deadline or a hearing's start in a case."""
    return [
        found
        for line in text.splitlines()
        if _SAYS_MEETING.search(line) and not _OTHER_DATE.search(line)
        for found in find_dates(line)
    ]


def read_date(
    meeting: ParsedMeeting, header: list[str], whole_text: str, *, strict: bool = False
) -> None:
    """The meeting's date; `strict` (a document with no items) takes it from title and label
    lines only, never from prose or a letter's date."""
    titles, letter, prose = _dates_by_standing(header)
    if strict:
        meeting.date = None
        candidates = titles
    else:
        candidates = titles or letter or prose or _meeting_dates(whole_text[:3000])
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


#: The noun a meeting body's name ends in: "Socialudvalget", "Ældrerådet", "Bestyrelsen".
BODY_NOUN = re.compile(
    r"^.*?\b[\w-]*(?:udvalg(?:et)?|råd(?:et)?|bestyrelse(?:n)?|forum|nævn(?:et)?|styregruppe(?:n)?"
    r"|klynge(?:n)?|forsamling(?:en)?|komit[eé](?:en)?|repræsentantskab(?:et)?|chefforum)\b"
    r"(?:\s+for\s+[^.:]{2,60})?"
    # "Seniorrådet 2022-2025": the body of an election period is named with its years.
    r"(?:\s+(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\b)?",
    re.IGNORECASE,
)


KIND_WORDS = re.compile(
    # A flattened page starts with its page number ("1 Referat Handicaprådet").
    r"^(?:\d{1,3}\s+)?(?:(?:åben|åbent|lukket|ordinært|ekstraordinært|dagsorden|referat|beslutningsprotokol"
    r"|møde|mødet|udskriv|print|beslutning(?:er)?\s+(?:i|fra))\b\W*)+(?=[A-ZÆØÅ])",
    re.IGNORECASE,
)


_NOUN_WORD = re.compile(
    r"(?:udvalg|råd|bestyrelse|forum|nævn|styregruppe|klynge|forsamling|komit|repræsentantskab)",
    re.IGNORECASE,
)


def _written_as_a_name(text: str) -> bool:
    """Capitalised up to the body's noun ("Klima- og Planudvalget"), as a name is; not a
    sentence that mentions one ("Du kan søge på enkelte udvalg")."""
    tokens = text.split()
    head = tokens
    for n, token in enumerate(tokens):
        if _NOUN_WORD.search(token):
            head = tokens[:n]
            break
    return all(
        t[:1].isupper()
        or t[:1].isdigit()
        or t in {"og", "&", "-", "–", "i", "for", "af"}
        or t.endswith(("-", "-,"))
        for t in head
    )


def body_from_title(lines: list[str]) -> str | None:
    """The body named at the top: a name that ends in a body's noun where the head has one
    (page furniture such as a site's logo text or "Tilbage til forsiden" has none), else the
    first title-like line."""
    # A line that also says what it is or when ("Referat – Socialudvalget 3. marts 2024") goes
    # before a name alone, which may be a site's menu ("Byråd og udvalg", a list of councils).
    titled = [
        t if find_dates(t) or KIND.search(t) or "møde" in t.lower() else "" for t in lines[:40]
    ]
    named = _body_from(titled, require_noun=True) or _body_from(lines[:40], require_noun=True)
    return named or _named_after_its_date(lines[:40]) or _body_from(lines[:12], require_noun=False)


_NOUN_TOKEN = re.compile(
    r"^[\w-]*(?:udvalg(?:et)?|råd(?:et)?|bestyrelse(?:n)?|nævn(?:et)?|forum|styregruppe(?:n)?"
    r"|repræsentantskab(?:et)?)[.,:]?$",
    re.IGNORECASE,
)


def _named_after_its_date(lines: list[str]) -> str | None:
    """A title line that names the body after its date ("Beslutninger fra mødet onsdag
    29-11-2006 kl. 15.00 ordinært møde Kultur- og Fritidsudvalget"): the capitalised name that
    ends in a body's noun, read back from the noun to the first word written in lower case."""
    for text in lines:
        if not text or not (find_dates(text) or KIND.search(text)) or ATTENDANCE.match(text):
            continue
        tokens = text.split()
        for end, token in enumerate(tokens):
            if not _NOUN_TOKEN.match(token) or not token[:1].isupper():
                continue
            start = end
            while start > 0 and (
                tokens[start - 1][:1].isupper()
                or tokens[start - 1] in ("og", "&")
                or tokens[start - 1].endswith(("-", "-,"))
            ):
                start -= 1
            while start < end and not tokens[start][:1].isupper():
                start += 1
            name = KIND_WORDS.sub("", " ".join(tokens[start : end + 1])).strip(" .,:")
            if BODY_NOUN.fullmatch(name) and _written_as_a_name(name):
                return name
    return None


def _body_from(lines: list[str], *, require_noun: bool) -> str | None:
    for text in lines:
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
            candidate = re.sub(r"(?:^|\s+)(?:den|d\.)$", "", candidate).strip(" -–,:")
            candidate = _named_by_its_meeting(candidate)
            if require_noun:
                noun = BODY_NOUN.match(candidate)
                candidate = noun.group(0) if noun and len(noun.group(0)) < 90 else None
                # "af møde i Klima- og Planudvalget": the words before the name.
                candidate = candidate and re.sub(
                    r"^\W*(?:.*?m[øo]de(?:t)?\s+i\s+|af\s+)?", "", candidate, flags=re.I
                )
                # "Åben dagsorden Økonomiudvalget", "Referat MØDE Seniorråd", "Udskriv …": what
                # the page says it is (or a button) before the name.
                candidate = candidate and KIND_WORDS.sub("", candidate)
                candidate = candidate if candidate and _written_as_a_name(candidate) else None
            elif (
                ":" in candidate
                or _MUNICIPALITY.match(candidate)
                or not re.search(r"[^\W\d_]{3}", candidate)
                or not _written_as_a_name(candidate)
                or len(candidate.split()) < 2
            ):
                # A label ("Størrelse: px"), no word at all ("1") or a sentence of the page
                # ("Starte visningen fra side"): not a name.
                candidate = None
            if candidate and not re.fullmatch(r"(?:møde|mødet|referat|dagsorden)", candidate, re.I):
                return candidate
    return None


#: "Seniorrådets møde", "Byrådets ordinære møde": the body named in the genitive.
_GENITIVE = re.compile(
    r"^(?:af\s+|fra\s+)?(?P<name>.*?(?:udvalg|råd|bestyrelse|nævn|forum)\w*?)s(?:\s+(?:\w+\s+)?møde\b|$)",
    re.IGNORECASE,
)
#: "ældrerådsmøde", "bestyrelsesmøde i Ældresagen", "Ekstraordinært byrådsmøde – referat": the
#: body's noun compounded with the meeting names the body (an organisation after it owns it).
_COMPOUND = re.compile(
    r"(?:^|\s)(?P<stem>[\w-]*(?:råd|udvalg|nævn|bestyrelse))s?møde(?:t)?\b", re.I
)
_DEFINITE = {"råd": "et", "udvalg": "et", "nævn": "et", "bestyrelse": "n"}
#: "Nordby Kommune", "Region Nordby": who publishes, not which body met.
_MUNICIPALITY = re.compile(r"^(?:[\w-]+\s+(?:regions)?kommune|region\s+[\w-]+)$", re.I)


def _named_by_its_meeting(text: str) -> str:
    """The body where the head names its meeting ("Seniorrådets møde", "ældrerådsmøde"), without
    the municipality that publishes it ("Nordby Kommunes Ældreråd")."""
    publisher = re.match(r"^[\w-]+\s+(?:regions)?kommunes?\s+(?P<rest>.+)$", text, re.I)
    if publisher and BODY_NOUN.match(publisher["rest"]):
        text = publisher["rest"]
    genitive = _GENITIVE.match(text)
    if genitive and BODY_NOUN.fullmatch(genitive["name"]):
        return genitive["name"]
    compound = _COMPOUND.search(text)
    # "udvalgsmøde", "rådsmøde" alone name no body: the noun needs its first part.
    if compound and compound["stem"].lower() not in ("råd", "udvalg", "nævn"):
        stem = compound["stem"]
        ending = next(v for k, v in _DEFINITE.items() if stem.lower().endswith(k))
        return stem[:1].upper() + stem[1:] + ending
    return text


#: "Beslutning i Økonomiudvalget den 23-03-2015", "Sundheds- og Forebyggelsesudvalgets
#: beslutning den 04.12.2012", "Beslutninger Handicaprådet den 23.11.2015".
DECISION_HEAD = re.compile(
    r"^(?:beslutning(?:er)?\s+(?:i\s+)?(?P<named>[A-ZÆØÅ].{2,90}?)"
    r"|(?P<owner>[A-ZÆØÅ].{2,90}?)s\s+beslutning)\s+den\s+(?P<when>.+)$"
    # "Ældrerådet, den 23. marts 2021:", "Økonomiudvalget 23-03-2021, pkt. 5:": a decision
    # field headed by the body and the day it met.
    r"|^(?P<body>[A-ZÆØÅ][^,:]{2,80}?),?\s+(?:den\s+)?(?P<day>\d{1,2}[-./ ].{3,40}?)"
    r"(?:,?\s*(?:pkt|punkt)\.?\s*\d+)?\s*:$",
    re.IGNORECASE,
)


def _head_body(head: re.Match[str]) -> str:
    return (head["named"] or head["owner"] or head["body"] or "").strip(" ,")


def _head_key(head: re.Match[str]) -> tuple[str, datetime.date | None]:
    return _head_body(head).lower(), _head_date(head)


def _head_date(head: re.Match[str]) -> datetime.date | None:
    found = find_dates(head["when"] or head["day"] or "")
    return found[0].resolve() if found and found[0].year else None


def read_decision_heads(meeting: ParsedMeeting, header: list[str], texts: list[str]) -> None:
    """A page of items without a meeting head (one item exported alone) is dated and named by
    its decision heading: the last one, as a case history's earlier meetings come first."""
    heads = [
        m
        for text in texts
        if len(text) < 160
        and ("eslutning" in text or "ESLUTNING" in text or text.endswith(":"))
        and (m := DECISION_HEAD.match(text))
        and (not m["body"] or (BODY_NOUN.fullmatch(m["body"]) and find_dates(m["day"])))
    ]
    if not heads:
        return
    dated = any(find_dates(text) for text in header)
    if dated:
        # The meeting's own decision where the head dates it: earlier committees' come first.
        same_day = [m for m in heads if meeting.date and _head_date(m) == meeting.date]
        last = (same_day or heads)[-1]
    else:
        # Each item's case history names other committees once; the meeting's own body and day
        # head every item's decision: the most frequent, the latest of equals.
        counts = Counter(_head_key(m) for m in heads)
        last = max(reversed(heads), key=lambda m: counts[_head_key(m)])
    if meeting.body is None:
        body = _head_body(last)
        meeting.body = body if BODY_NOUN.match(body) else None
    if not dated:
        found = find_dates(last["when"] or last["day"])
        date = found[0].resolve() if found and found[0].year else None
        if date is not None:
            meeting.date = date
            meeting.warnings = [w for w in meeting.warnings if "dato står ikke" not in w]
