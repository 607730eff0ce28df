"""Mails to the person responsible for a follow-up: when it is created, and once a day a
digest of what is overdue (rather than a mail per task)."""

import datetime
from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from klynge.core import mail
from klynge.followups.models import FollowUp


def _url(follow_up: FollowUp) -> str:
    return settings.SITE_URL + follow_up.agenda_item.meeting.get_absolute_url()


def send_follow_up_created(follow_up_id: int) -> int:
    follow_up = FollowUp.objects.select_related("responsible", "agenda_item__meeting__body").get(
        pk=follow_up_id
    )
    address = follow_up.responsible.email_address
    if not address or follow_up.done_at is not None:
        return 0
    meeting = follow_up.agenda_item.meeting
    subject = _("Ny opfølgning fra %(title)s: %(text)s") % {
        "title": meeting.display_title,
        "text": follow_up.text[:80],
    }
    return mail.message(
        subject=subject,
        template="followups/mail/created.html",
        context={"follow_up": follow_up, "meeting": meeting, "url": _url(follow_up)},
        to=[address],
    ).send()


def send_overdue_digest(today: datetime.date) -> int:
    """One mail per person with all their overdue follow-ups, at most once a day: those
    already reminded today are not mailed again when the command runs twice."""
    due = (
        FollowUp.objects.filter(FollowUp.overdue_q(today))
        .select_related("responsible", "agenda_item__meeting__body")
        .order_by("responsible_id", "due_date", "id")
    )
    sent = 0
    for _person_id, rows in groupby(due, key=lambda follow_up: follow_up.responsible_id):
        follow_ups = list(rows)
        person = follow_ups[0].responsible
        if not person.email_address or all(f.reminded_on == today for f in follow_ups):
            continue
        items = [(follow_up, _url(follow_up)) for follow_up in follow_ups]
        subject = _("Opfølgninger over fristen: %(count)s") % {"count": len(follow_ups)}
        with transaction.atomic():
            FollowUp.objects.filter(pk__in=[f.pk for f in follow_ups]).update(reminded_on=today)
            sent += mail.message(
                subject=subject,
                template="followups/mail/overdue_digest.html",
                context={"person": person, "items": items, "today": today},
                to=[person.email_address],
            ).send()
    return sent
