"""The head of a document: the body that met, the date and time, the place, agenda or minutes,
and the attendance lists that stand before the first item."""

import re

from .attendance import ATTENDANCE, Attendance, mode_of
from .dates import FoundDate, evidence_years, find_dates, find_time_range, infer_year
from .meeting import ParsedMeeting
from .shapes import LOCATION, TIME_LABEL, looks_like_sentence

KIND = re.compile(
    r"\b(?P<minutes>referat|beslutningsprotokol|protokol)\b|\b(?P<agenda>dagsorden)\b", re.I
)

BODY_LABEL = re.compile(
    r"^(?:m[øoa]de|udvalg|forum|organ|mødeforum|gruppe|møde i|m[øoa]deforum)\s*:?\s+(?P<body>.+)$",
    re.IGNORECASE,
)

TITLE_DATE = re.compile(
    r"^(?:(?:referat|dagsorden|beslutningsprotokol)\s+(?:fra|for|til)?\s*(?:mødet?\s+)?(?:i\s+)?)?"
    r"(?P<body>.+?)\s*(?:[-–,:]\s*)?(?:(?:den|d\.|mødet?\s+(?:den|d\.))\s*)?"
    r"(?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\s*(?:den|d\.)?\s*)?"
    r"\d{1,2}[./ -]",
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
    read_date(meeting, lines, whole_text)
    if meeting.body is None:
        meeting.body = body_from_title(lines)
    i = 0
    while i < len(lines):
        heading = ATTENDANCE.match(lines[i]) if lines[i] else None
        if heading:
            if heading["rest"]:
                people.read_attendance_line(heading["rest"], mode_of(heading))
            i = people.read_attendance_block(lines, i + 1, mode_of(heading))
            continue
        people.read_prose(lines[i])
        i += 1


def _dates_by_standing(
    lines: list[str],
) -> tuple[list[FoundDate], list[FoundDate], list[FoundDate]]:
    """Dates of title and label lines, of a letter's "Dato:" line, and of running prose (an
    earlier meeting, a deadline): the meeting's date stands in the first."""
    titles: list[FoundDate] = []
    letter: list[FoundDate] = []
    prose: list[FoundDate] = []
    for text in lines:
        found = find_dates(text)
        if not found:
            continue
        if looks_like_sentence(text) or len(text) > 200:
            prose.extend(found)
        elif re.match(r"^\s*dato\s*:?", text, re.I):
            letter.extend(found)
        else:
            titles.extend(found)
    return titles, letter, prose


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
        candidates = titles or letter or prose or find_dates(whole_text[:3000])
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
    r"(?:\s+for\s+[^.:]{2,60})?",
    re.IGNORECASE,
)


def body_from_title(lines: list[str]) -> str | None:
    """The body named at the top: a name that ends in a body's noun where the head has one
    (page furniture such as a site's logo text or "Tilbage til forsiden" has none), else the
    first title-like line."""
    named = _body_from(lines[:40], require_noun=True)
    return named or _body_from(lines[:12], require_noun=False)


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
            candidate = re.sub(r"\s*(?:den|d\.)$", "", candidate).strip(" -–,:")
            if require_noun:
                noun = BODY_NOUN.match(candidate)
                candidate = noun.group(0) if noun and len(noun.group(0)) < 90 else None
                # "af møde i Klima- og Planudvalget": the words before the name.
                candidate = candidate and re.sub(
                    r"^\W*(?:.*?m[øo]de(?:t)?\s+i\s+|af\s+)?", "", candidate, flags=re.I
                )
            if candidate and not re.fullmatch(r"(?:møde|mødet|referat|dagsorden)", candidate, re.I):
                return candidate
    return None
