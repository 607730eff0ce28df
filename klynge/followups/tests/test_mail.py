"""The responsible person hears of a new follow-up, and once a day of what is overdue."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from klynge.followups.mail import send_overdue_digest
from klynge.followups.models import FollowUp
from klynge.followups.services import complete_follow_up, create_follow_up
from klynge.meetings import services
from klynge.meetings.models import MeetingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(meeting, secretariat):
    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=status)
    return meeting.items.first()


def follow_up(item, secretariat, person, text, due):
    return create_follow_up(
        actor=secretariat, item=item, text=text, responsible=person, due_date=due
    )


def test_the_responsible_person_is_told_of_a_new_follow_up(
    item, secretariat, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_up(item, secretariat, member.person, "Send materialet ud", datetime.date(2030, 4, 1))
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "Send materialet ud" in message.body and "1. april 2030" in message.body


def test_one_digest_a_day_with_every_overdue_task(item, secretariat, member, chair):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    follow_up(item, secretariat, member.person, "Første opgave", yesterday)
    follow_up(item, secretariat, member.person, "Anden opgave", yesterday)
    follow_up(item, secretariat, member.person, "Ikke over fristen", today)
    done = follow_up(item, secretariat, chair.person, "Allerede løst", yesterday)
    complete_follow_up(actor=chair, follow_up=done)

    assert send_overdue_digest(today) == 1
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "Første opgave" in message.body and "Anden opgave" in message.body
    assert "Ikke over fristen" not in message.body
    # A second run the same day sends nothing.
    call_command("send-follow-up-reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    # The next day the digest comes again, now with the task due today as well.
    tomorrow = today + datetime.timedelta(days=1)
    assert send_overdue_digest(tomorrow) == 1
    assert "Ikke over fristen" in mail.outbox[-1].body
    assert FollowUp.objects.filter(reminded_on=tomorrow).count() == 3
