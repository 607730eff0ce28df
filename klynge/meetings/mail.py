"""Mails about meetings: the agenda to read before it is sent (gennemlæsning), the agenda
sent, minutes to approve, minutes sent back, minutes published, an afbud.

Called by the task queue after the transaction commits, so a rolled-back change never sends
mail. `agenda_preview` / `minutes_preview` show the secretariat the same mail before sending.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from klynge.core import mail
from klynge.meetings.access import required_approvers, review_readers
from klynge.meetings.calendar import meetings_to_ics
from klynge.meetings.models import Attendance, Meeting, MeetingStatusChange
from klynge.organisations.models import Person, secretariat_of


@dataclass(frozen=True)
class Preview:
    subject: str
    text: str
    recipients: list[Person]  # everyone it is for, with or without an address

    @property
    def without_address(self) -> list[Person]:
        return [person for person in self.recipients if not person.email_address]


def _meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_related("body__cluster").get(pk=meeting_id)


def _context(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "where": meeting.where(with_online_link=True),
        "url": settings.SITE_URL + meeting.get_absolute_url(),
        **extra,
    }


def _participants(meeting: Meeting) -> list[Person]:
    return sorted(set(meeting.participants()), key=lambda person: person.name)


def _subject(what: str, meeting: Meeting) -> str:
    """The subject of every meeting mail: what, then the body, title and date."""
    return f"{what}: {meeting.display_title} {meeting.date:%d.%m.%Y}"


def _agenda_subject(meeting: Meeting) -> str:
    return _subject(_("Dagsorden"), meeting)


def _minutes_subject(meeting: Meeting) -> str:
    return _subject(_("Referat"), meeting)


def agenda_preview(meeting: Meeting) -> Preview:
    subject = _agenda_subject(meeting)
    text, _html = mail.render("meetings/mail/agenda_published.html", _context(meeting))
    return Preview(subject, text, _participants(meeting))


def minutes_preview(meeting: Meeting) -> Preview:
    subject = _minutes_subject(meeting)
    text, _html = mail.render("meetings/mail/minutes_published.html", _context(meeting))
    return Preview(subject, text, _participants(meeting))


def send_agenda_published(meeting_id: int) -> int:
    meeting = _meeting(meeting_id)
    recipients = mail.addresses(_participants(meeting))
    if not recipients:
        return 0
    message = mail.message(
        subject=_agenda_subject(meeting),
        template="meetings/mail/agenda_published.html",
        context=_context(meeting),
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
    )
    message.attach(
        "moede.ics",
        meetings_to_ics([meeting], name=meeting.display_title, with_online_link=True),
        "text/calendar",
    )
    return message.send()


def send_minutes_published(meeting_id: int) -> int:
    """One mail for all; those with a personal line (apps above meetings add one, such as
    the evaluation link) get their own."""
    meeting = _meeting(meeting_id)
    subject = _minutes_subject(meeting)
    template = "meetings/mail/minutes_published.html"
    makers = [import_string(path) for path in settings.MINUTES_MAIL_PERSONAL_LINES]
    shared: list[str] = []
    sent = 0
    for person in _participants(meeting):
        if not person.email_address:
            continue
        lines = [line for make in makers if (line := make(meeting, person))]
        if not lines:
            shared.append(person.email_address)
            continue
        context = _context(meeting, personal_lines=lines)
        sent += mail.message(
            subject=subject, template=template, context=context, to=[person.email_address]
        ).send()
    if shared:
        sent += mail.message(
            subject=subject,
            template=template,
            context=_context(meeting),
            to=[settings.DEFAULT_FROM_EMAIL],
            bcc=sorted(set(shared)),
        ).send()
    return sent


def send_minutes_for_approval(meeting_id: int) -> int:
    meeting = _meeting(meeting_id)
    recipients = mail.addresses(required_approvers(meeting))
    if not recipients:
        return 0
    return mail.message(
        subject=_subject(_("Referat til godkendelse"), meeting),
        template="meetings/mail/minutes_for_approval.html",
        context=_context(meeting),
        to=recipients,
    ).send()


def send_review_started(meeting_id: int) -> int:
    """The chair and vice-chair are asked to read the agenda before it is sent."""
    meeting = _meeting(meeting_id)
    recipients = mail.addresses(review_readers(meeting))
    if not recipients:
        return 0
    return mail.message(
        subject=_subject(_("Dagsorden til gennemlæsning"), meeting),
        template="meetings/mail/review_started.html",
        context=_context(meeting),
        to=recipients,
    ).send()


def send_minutes_returned(meeting_id: int) -> int:
    meeting = _meeting(meeting_id)
    change = (
        MeetingStatusChange.objects.filter(meeting=meeting)
        .exclude(comment="")
        .select_related("actor")
        .last()
    )
    recipients = mail.addresses(secretariat_of(meeting.body.cluster_id))
    if change is None or not recipients:
        return 0
    returned_by = Person.objects.filter(user=change.actor).first() or change.actor
    return mail.message(
        subject=_subject(_("Referatet er sendt tilbage"), meeting),
        template="meetings/mail/minutes_returned.html",
        context=_context(meeting, comment=change.comment, returned_by=returned_by),
        to=recipients,
    ).send()


def send_absence_notice(attendance_id: int) -> int:
    attendance = Attendance.objects.select_related("meeting__body__cluster", "person").get(
        pk=attendance_id
    )
    meeting = attendance.meeting
    recipients = mail.addresses(secretariat_of(meeting.body.cluster_id))
    if attendance.status != Attendance.Status.ABSENT or not recipients:
        return 0
    return mail.message(
        subject=_subject(_("Afbud fra %(name)s") % {"name": attendance.person.name}, meeting),
        template="meetings/mail/absence.html",
        context=_context(meeting, attendance=attendance),
        to=recipients,
    ).send()
