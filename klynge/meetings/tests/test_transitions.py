"""Every pair of meeting statuses, allowed or refused, as ALLOWED_TRANSITIONS says; and the
named phases used by the other apps."""

import itertools

import pytest
from django.utils import timezone

from klynge.core.exceptions import ServiceError
from klynge.followups.services import create_follow_up
from klynge.meetings import services
from klynge.meetings.models import (
    ALLOWED_TRANSITIONS,
    BEFORE_MEETING,
    HELD_OR_LATER,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
)

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a, b in itertools.product(MeetingStatus.values, repeat=2) if a != b]


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS)
def test_every_status_change_is_allowed_or_refused_as_the_map_says(
    meeting, secretariat, chair, from_status, to_status
):
    Meeting.objects.filter(pk=meeting.pk).update(status=from_status, date=timezone.localdate())
    meeting.refresh_from_db()
    if to_status == MeetingStatus.MINUTES_APPROVED and from_status == MeetingStatus.MINUTES_DRAFT:
        services.approve_minutes(actor=chair, meeting=meeting)  # approving is the way there
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.MINUTES_APPROVED
        return
    allowed = to_status in ALLOWED_TRANSITIONS[from_status]
    if allowed:
        services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=to_status)
        assert MeetingStatusChange.objects.filter(
            meeting=meeting, from_status=from_status, to_status=to_status
        ).exists()
    else:
        with pytest.raises(ServiceError):
            services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=to_status)
        assert not MeetingStatusChange.objects.filter(meeting=meeting).exists()
    meeting.refresh_from_db()
    assert meeting.status == (to_status if allowed else from_status)


@pytest.mark.parametrize("status", MeetingStatus.values)
def test_follow_ups_are_created_only_once_the_meeting_is_held(meeting, member, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    item = meeting.items.first()
    item.meeting.refresh_from_db()
    if status in HELD_OR_LATER:
        create_follow_up(actor=None, item=item, text="Opgave", responsible=member.person)
    else:
        with pytest.raises(ServiceError, match="når mødet er holdt"):
            create_follow_up(actor=None, item=item, text="Opgave", responsible=member.person)


def test_the_phases_split_the_statuses():
    assert BEFORE_MEETING.isdisjoint(HELD_OR_LATER)
    assert BEFORE_MEETING | HELD_OR_LATER | {MeetingStatus.CANCELLED} == set(MeetingStatus)
