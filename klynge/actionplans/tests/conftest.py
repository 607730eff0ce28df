import datetime
from dataclasses import dataclass

import pytest

from conftest import day as conftest_day
from klynge.accounts.models import User
from klynge.accounts.tests.factories import UserFactory
from klynge.actionplans import services
from klynge.actionplans.models import ActionPlan, Initiative, Theme
from klynge.meetings import services as meeting_services
from klynge.meetings.access import required_approvers
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import (
    BodyFactory,
    ClusterFactory,
    MembershipFactory,
    PersonFactory,
)

SINCE = datetime.date(2020, 1, 1)


@dataclass
class Governance:
    """Sundhedsklynge Midt in miniature: political level, Direktørforum, Chefforum."""

    political: Body
    director: Body
    chief: Body
    secretariat: User
    chief_chair: User
    director_chair: User
    lead: User
    outsider: User
    plan: ActionPlan
    theme: Theme

    def meeting(self, body: Body, day: int = 1) -> Meeting:
        return meeting_services.create_meeting(
            actor=self.secretariat,
            body=body,
            values={
                "date": conftest_day(day),
                "start_time": datetime.time(9),
                "end_time": datetime.time(11),
                "place": "Hjulmagervej 22",
            },
        )

    def hold(self, meeting: Meeting) -> Meeting:
        for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
            meeting_services.change_meeting_status(
                actor=self.secretariat, meeting=meeting, to_status=status
            )
        return meeting

    def publish_minutes(self, meeting: Meeting) -> Meeting:
        """Held → minutes in draft → approved by every chair → published."""
        meeting_services.change_meeting_status(
            actor=self.secretariat, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
        )
        for person in required_approvers(meeting):
            meeting_services.approve_minutes(actor=person.user, meeting=meeting)
        meeting.refresh_from_db()
        return meeting_services.change_meeting_status(
            actor=self.secretariat, meeting=meeting, to_status=MeetingStatus.MINUTES_PUBLISHED
        )

    def initiative(self, number: int = 1, **values) -> Initiative:
        return services.save_initiative(
            actor=self.secretariat,
            initiative=Initiative(plan=self.plan),
            values={
                "number": number,
                "title": values.pop("title", f"Indsats nummer {number}"),
                "theme": self.theme,
                "project_lead": self.lead.person,
                **values,
            },
        )


def _user(body: Body, email: str, role: str) -> User:
    user = UserFactory(email=email)
    MembershipFactory(
        body=body, person=PersonFactory(user=user, name=user.name), role=role, start_date=SINCE
    )
    return user


@pytest.fixture
def gov(db) -> Governance:
    cluster = ClusterFactory(name="Sundhedsklynge Midt")
    political = BodyFactory(cluster=cluster, name="Politisk Niveau", level=Body.Level.POLITICAL)
    director = BodyFactory(
        cluster=cluster, name="Direktørforum", level=Body.Level.DIRECTOR, parent=political
    )
    chief = BodyFactory(cluster=cluster, name="Chefforum", level=Body.Level.CHIEF, parent=director)
    secretariat = _user(political, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    chief_chair = _user(chief, "chefformand@example.dk", Membership.Role.CO_CHAIR)
    director_chair = _user(director, "direktoerformand@example.dk", Membership.Role.CO_CHAIR)
    lead_user = UserFactory(email="projektleder@example.dk")
    lead = PersonFactory(user=lead_user, name="Projekt Leder")
    MembershipFactory(body=BodyFactory(cluster=cluster, level=Body.Level.WORKING), person=lead)
    outsider = UserFactory(email="borger@example.dk")
    theme = services.save_theme(
        actor=secretariat, theme=Theme(cluster=cluster), values={"name": "Det nære sundhedsvæsen"}
    )
    plan = services.save_plan(
        actor=secretariat,
        plan=ActionPlan(),
        values={
            "title": "Handleplan 2023-2026",
            "body": political,
            "period_start": datetime.date(2023, 1, 1),
            "period_end": datetime.date(2026, 12, 31),
        },
    )
    return Governance(
        political,
        director,
        chief,
        secretariat,
        chief_chair,
        director_chair,
        lead_user,
        outsider,
        plan,
        theme,
    )


CONFIRMATION = {
    "what": "IPS-forløb for 15-17-årige i Jammerbugt",
    "who": "Jobcentret og Børne- og Ungdomspsykiatrien",
    "where": "Jammerbugt Kommune",
    "when": "Fra 1. september 2023",
    "patient_involvement": "Unge og forældre beskriver behovet i to workshops.",
}
