"""The agenda deadline of a body's meetings, counted in working days.

A sundhedsråd works under the municipal committee rules: items must be on the agenda a number
of working days (`Body.agenda_deadline_days`) before the meeting. Working days are Monday to
Friday that are not Danish public holidays (helligdage, helligdagsloven). Grundlovsdag,
juleaftensdag and nytårsaftensdag are days off by agreement, not helligdage, and count as
working days here; Store bededag is a helligdag until 2023 and no longer from 2024.
"""

import datetime
from functools import cache
from typing import TYPE_CHECKING

from dateutil.easter import easter
from django.utils import timezone

if TYPE_CHECKING:
    from klynge.meetings.models import AgendaItem, Meeting

#: The last year Store bededag (the fourth Friday after Easter) was a public holiday.
LAST_STORE_BEDEDAG = 2023


@cache
def danish_public_holidays(year: int) -> frozenset[datetime.date]:
    """The helligdage of `year`."""
    easter_day = easter(year)
    after_easter = [-3, -2, 0, 1, 39, 49, 50]  # skærtorsdag … 2. pinsedag
    if year <= LAST_STORE_BEDEDAG:
        after_easter.append(26)
    return frozenset(
        {
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 25),
            datetime.date(year, 12, 26),
            *(easter_day + datetime.timedelta(days=days) for days in after_easter),
        }
    )


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in danish_public_holidays(day.year)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day` (`day` itself not counted)."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def agenda_deadline(meeting: "Meeting") -> datetime.date | None:
    """The last day an item may be put on the meeting's agenda, or None where the body has
    no deadline."""
    days = meeting.body.agenda_deadline_days
    if not days:
        return None
    return working_days_before(meeting.date, days)


def added_after_deadline(item: "AgendaItem", deadline: datetime.date | None) -> bool:
    """Whether `item` was put on the agenda after `deadline` and before the meeting.

    Items from before this was recorded (`created_at` empty) and the standing items made with
    the meeting are never late; nor are items of meetings put in afterwards (the archive)."""
    if deadline is None or item.created_at is None:
        return False
    meeting = item.meeting
    if meeting.created_at is not None and item.created_at <= meeting.created_at:
        return False
    added = timezone.localdate(item.created_at)
    return deadline < added <= meeting.date
