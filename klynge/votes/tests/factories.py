"""A council at a held meeting: members seated and attending, ready to vote."""

from klynge.accounts.models import User
from klynge.core.tests.personas import SINCE
from klynge.meetings import services as meeting_services
from klynge.meetings.models import Attendance, Meeting, MeetingStatus
from klynge.organisations.models import Body, Membership, Organisation, Person
from klynge.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)


def seat(body: Body, names: list[str], organisation: Organisation | None = None) -> list[Person]:
    """Members of `body` since long before the meeting (one organisation each, or the one
    given: a party or a delegation)."""
    people = []
    for name in names:
        person = PersonFactory(name=name)
        MembershipFactory(
            body=body,
            person=person,
            role=Membership.Role.MEMBER,
            start_date=SINCE,
            organisation=organisation or OrganisationFactory(name=f"Org {name}"),
        )
        people.append(person)
    return people


def hold(meeting: Meeting, actor: User, status: str = MeetingStatus.HELD) -> Meeting:
    """Everyone invited attends; the meeting is held (or further, set directly)."""
    meeting.attendances.update(status=Attendance.Status.ATTENDING)
    for step in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        meeting_services.change_meeting_status(actor=actor, meeting=meeting, to_status=step)
    if status != MeetingStatus.HELD:
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        meeting.refresh_from_db()
    return meeting
