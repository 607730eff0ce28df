"""A held meeting whose first item's decision is sent on to the regionsråd."""

import datetime

import pytest

from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.recommendations import services
from klynge.recommendations.models import ExternalBody, Recommendation
from klynge.recommendations.tests.factories import ExternalBodyFactory


def set_status(meeting: Meeting, status: str) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def held(meeting: Meeting, secretariat) -> Meeting:
    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        meeting_services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=status)
    return meeting


@pytest.fixture
def item(held: Meeting) -> AgendaItem:
    item = held.items.first()
    assert item is not None
    item.decision = "Rådet anbefaler regionsrådet at tiltræde."
    item.save(update_fields=["decision"])
    return item


@pytest.fixture
def region() -> ExternalBody:
    return ExternalBodyFactory.create()


@pytest.fixture
def sent(item: AgendaItem, region: ExternalBody, secretariat) -> Recommendation:
    (recommendation,) = services.send_recommendations(
        actor=secretariat, item=item, sent_on=item.meeting.date, to_external=[region]
    )
    return recommendation


def later(recommendation: Recommendation, days: int) -> datetime.date:
    return recommendation.sent_on + datetime.timedelta(days=days)
