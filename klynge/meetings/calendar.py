"""iCalendar (.ics) for meetings: the feed per body and the invitation attached to e-mails."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from klynge.meetings.models import Meeting, MeetingStatus


def meetings_to_ics(
    meetings: Iterable[Meeting], *, name: str, with_online_link: bool = False
) -> bytes:
    """`with_online_link` only for invitations to invited people: the public feed never
    carries the online meeting's link (it often holds the meeting password)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Klynge//klynge//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@klynge")
        event.add("dtstamp", timezone.now())
        event.add("summary", meeting.display_title)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("location", meeting.where(with_online_link=with_online_link))
        event.add("url", settings.SITE_URL + meeting.get_absolute_url())
        event.add(
            "status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
