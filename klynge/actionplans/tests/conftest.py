import datetime
from dataclasses import dataclass

import pytest

from klynge.accounts.models import User
from klynge.accounts.tests.factories import UserFactory
from klynge.actionplans import services
from klynge.actionplans.models import ActionPlan, Initiative, Theme
from klynge.actionplans.tests.factories import CONFIRMATION
from klynge.core.tests import personas
from klynge.core.tests.personas import persona
from klynge.meetings import services as meeting_services
from klynge.meetings.access import required_approvers
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import (
    BodyFactory,
    ClusterFactory,
)


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
                "date": personas.day(day),
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

    def approve_at(
        self,
        body: Body,
        initiative: Initiative,
        approve: bool = True,
        note: str = "",
        actor: User | None = None,
    ) -> AgendaItem:
        """A meeting of `body` takes up the confirmation and approves it (or sends it back)."""
        meeting = self.meeting(body)
        [item] = services.put_cases_on_agenda(actor=self.secretariat, meeting=meeting)
        self.hold(meeting)
        case = item.cases.get(initiative=initiative)
        services.decide_confirmation(
            actor=actor or self.secretariat, case=case, approve=approve, note=note
        )
        initiative.refresh_from_db()
        return item

    def activate(self, initiative: Initiative) -> Initiative:
        """Confirmed by its lead, approved in Chefforum and then in Direktørforum."""
        services.submit_confirmation(actor=self.lead, initiative=initiative, values=CONFIRMATION)
        self.approve_at(self.chief, initiative)
        self.approve_at(self.director, initiative)
        return initiative

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


@pytest.fixture
def gov(db) -> Governance:
    cluster = ClusterFactory(name="Sundhedsklynge Midt")
    political = BodyFactory(cluster=cluster, name="Politisk Niveau", level=Body.Level.POLITICAL)
    director = BodyFactory(
        cluster=cluster, name="Direktørforum", level=Body.Level.DIRECTOR, parent=political
    )
    chief = BodyFactory(cluster=cluster, name="Chefforum", level=Body.Level.CHIEF, parent=director)
    secretariat = persona(political, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    chief_chair = persona(chief, "chefformand@example.dk", Membership.Role.CO_CHAIR)
    director_chair = persona(director, "direktoerformand@example.dk", Membership.Role.CO_CHAIR)
    working_group = BodyFactory(cluster=cluster, level=Body.Level.WORKING)
    lead_user = persona(working_group, "projektleder@example.dk", Membership.Role.MEMBER)
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
