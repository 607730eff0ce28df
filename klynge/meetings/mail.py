"""E-mails to members when an agenda is sent and when minutes are published.

Called after the transaction commits, so a rolled-back change never sends mail.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from klynge.meetings.calendar import meetings_to_ics
from klynge.meetings.models import Meeting
from klynge.organisations.models import Person


def _recipients(meeting: Meeting) -> dict[str, Person]:
    people = {person.email_address: person for person in meeting.participants()}
    people.pop("", None)
    return dict(sorted(people.items()))


def _send(
    meeting: Meeting, template: str, subject: str, *, with_ics: bool, personal: bool = False
) -> int:
    recipients = _recipients(meeting)
    if not recipients:
        return 0
    body = render_to_string(
        template, {"meeting": meeting, "url": settings.SITE_URL + meeting.get_absolute_url()}
    )
    sent = 0
    if personal:
        # Apps above meetings add a personal line (the evaluation link): those who get one
        # get their own mail; the rest share one.
        makers = [import_string(path) for path in settings.MINUTES_MAIL_PERSONAL_LINES]
        for address, person in list(recipients.items()):
            lines = [line for make in makers if (line := make(meeting, person))]
            if lines:
                sent += EmailMessage(
                    subject=subject, body=body + "\n" + "\n".join(lines), to=[address]
                ).send()
                del recipients[address]
        if not recipients:
            return sent
    message = EmailMessage(
        subject=subject, body=body, to=[settings.DEFAULT_FROM_EMAIL], bcc=list(recipients)
    )
    if with_ics:
        message.attach(
            "moede.ics",
            meetings_to_ics([meeting], name=meeting.display_title, with_online_link=True),
            "text/calendar",
        )
    return sent + message.send()


def send_agenda_published(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("body__cluster").get(pk=meeting_id)
    subject = f"Dagsorden: {meeting.display_title} {meeting.date:%d.%m.%Y}"
    return _send(meeting, "meetings/mail/agenda_published.txt", subject, with_ics=True)


def send_minutes_published(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("body__cluster").get(pk=meeting_id)
    subject = f"Referat: {meeting.display_title} {meeting.date:%d.%m.%Y}"
    return _send(
        meeting, "meetings/mail/minutes_published.txt", subject, with_ics=False, personal=True
    )
