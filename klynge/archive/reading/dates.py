"""Danish dates and times as minutes write them, and a missing year inferred from evidence only."""

import datetime
import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "marts": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "mandag": 0,
    "tirsdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lørdag": 5,
    "søndag": 6,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)

#: "Onsdag d. 24. maj 2017", "24. marts 2017", "den 3. okt. 2016", "24 maj".
WORD_DATE = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY})\s*(?:(?:den|d)\.?\s*)?)?"
    rf"\b(?P<day>[0-3]?\d)\.?\s*(?P<month>{_MONTH})\b\.?(?:\s*(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
#: "24-03-2017", "24.03.17", "d. 2/5 2025", "2017-03-24".
NUMERIC_DATE = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY})\s*(?:(?:den|d)\.?\s*)?)?"
    r"(?<![\d-])(?:(?P<day>[0-3]?\d)[-./](?P<month>[01]?\d)(?:[-./]|\s+)(?P<year>(?:19|20)?\d\d)"
    r"|(?P<iyear>(?:19|20)\d\d)-(?P<imonth>[01]\d)-(?P<iday>[0-3]\d))(?![\d-])",
    re.IGNORECASE,
)
TIME_RANGE = re.compile(
    r"(?<![\d.:])(?:kl\.?\s*)?(?P<h1>[0-2]?\d)[.:](?P<m1>[0-5]\d)"
    r"(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?(?P<h2>[0-2]?\d)[.:](?P<m2>[0-5]\d))?(?![\d])",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<![\d-])((?:19|20)\d\d)(?![\d-])")


@dataclass(frozen=True)
class FoundDate:
    day: int
    month: int
    year: int | None
    weekday: int | None
    start: int
    end: int

    def resolve(self, year: int | None = None) -> datetime.date | None:
        try:
            return datetime.date(self.year or year or 0, self.month, self.day)
        except ValueError:
            return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    if len(text) == 2:
        value += 2000 if value < 70 else 1900
    return value


def find_dates(text: str) -> list[FoundDate]:
    """Every date in the text, in order of appearance."""
    found: list[FoundDate] = []
    for match in WORD_DATE.finditer(text):
        weekday = match["weekday"]
        found.append(
            FoundDate(
                day=int(match["day"]),
                month=MONTHS[match["month"].lower()],
                year=_year(match["year"]),
                weekday=WEEKDAYS[weekday.lower()] if weekday else None,
                start=match.start(),
                end=match.end(),
            )
        )
    for match in NUMERIC_DATE.finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        weekday = match["weekday"]
        if match["iyear"]:
            day, month, year = int(match["iday"]), int(match["imonth"]), int(match["iyear"])
        else:
            day, month, year = int(match["day"]), int(match["month"]), _year(match["year"]) or 0
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        found.append(
            FoundDate(
                day=day,
                month=month,
                year=year,
                weekday=WEEKDAYS[weekday.lower()] if weekday else None,
                start=match.start(),
                end=match.end(),
            )
        )
    found = [f for f in found if f.resolve(2000) is not None]
    return sorted(found, key=lambda f: f.start)


def evidence_years(text: str, case_numbers: list[str]) -> set[int]:
    """Years a document itself names: in full dates, as plain years, in case numbers."""
    years = {int(y) for y in YEAR.findall(text) if 1990 <= int(y) <= 2045}
    for case in case_numbers:
        tail = re.search(r"[-/.](\d\d)$", case)
        head = re.match(r"((?:19|20)\d\d)[-/.]", case)
        if head:
            years.add(int(head[1]))
        elif tail:
            years.add(2000 + int(tail[1]))
    return years


def infer_year(
    found: FoundDate, *, full_dates: list[datetime.date], years: set[int]
) -> tuple[int | None, str]:
    """The year of a date written without one, from the document's own evidence, and why.

    Never from today's date: without evidence the year stays unknown.
    """
    if found.weekday is not None:
        low = min(years | {d.year for d in full_dates}, default=None)
        high = max(years | {d.year for d in full_dates}, default=None)
        if low is None or high is None:
            return None, "ingen årstal i dokumentet"
        fitting = [
            y
            for y in range(low - 1, high + 2)
            if (d := found.resolve(y)) is not None and d.weekday() == found.weekday
        ]
        if len(fitting) == 1:
            return fitting[0], "ugedagen passer kun med ét år"
        near = [y for y in fitting if low <= y <= high + 1]
        if len(near) == 1:
            return near[0], "ugedagen passer kun med ét af dokumentets årstal"
        return None, "ugedagen passer med flere år"
    full_years = {d.year for d in full_dates}
    if len(full_years) == 1:
        return full_years.pop(), "dokumentets øvrige datoer"
    return None, "ingen entydig dato i dokumentet"


def find_time_range(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    for match in TIME_RANGE.finditer(text):
        hour, minute = int(match["h1"]), int(match["m1"])
        if hour > 23:
            continue
        # "16.00" could be a decimal number; only take it with "kl." or a range or a colon.
        prefixed = match.group(0).lower().startswith("kl")
        if ":" not in match.group(0) and not prefixed and not match["h2"]:
            continue
        start = datetime.time(hour, minute)
        end = None
        if match["h2"] and int(match["h2"]) <= 23:
            end = datetime.time(int(match["h2"]), int(match["m2"]))
        return start, end
    return None, None
