"""E-mails to members when an agenda is sent and when minutes are published.

Called after the transaction commits, so a rolled-back change never sends mail.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from klynge.meetings.calendar import meetings_to_ics
from klynge.meetings.models import Attendance, Meeting


def _recipients(meeting: Meeting) -> list[str]:
    attendances = (
        Attendance.objects.filter(meeting=meeting)
        .exclude(status=Attendance.Status.ABSENT)
        .select_related("person__user")
    )
    return sorted({a.person.email_address for a in attendances} - {""})


def _send(meeting: Meeting, template: str, subject: str, *, with_ics: bool) -> int:
    recipients = _recipients(meeting)
    if not recipients:
        return 0
    body = render_to_string(
        template, {"meeting": meeting, "url": settings.SITE_URL + meeting.get_absolute_url()}
    )
    message = EmailMessage(
        subject=subject, body=body, to=[settings.DEFAULT_FROM_EMAIL], bcc=recipients
    )
    if with_ics:
        message.attach(
            "moede.ics",
            meetings_to_ics([meeting], name=meeting.display_title, with_online_link=True),
            "text/calendar",
        )
    return message.send()


def send_agenda_published(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("body__cluster").get(pk=meeting_id)
    subject = f"Dagsorden: {meeting.display_title} {meeting.date:%d.%m.%Y}"
    return _send(meeting, "meetings/mail/agenda_published.txt", subject, with_ics=True)


def send_minutes_published(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("body__cluster").get(pk=meeting_id)
    subject = f"Referat: {meeting.display_title} {meeting.date:%d.%m.%Y}"
    return _send(meeting, "meetings/mail/minutes_published.txt", subject, with_ics=False)
