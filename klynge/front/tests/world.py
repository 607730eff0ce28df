"""A small world for the who-sees-what tests: two clusters, nine personas, a meeting in every
state, initiatives in every state, open and closed escalations, and marker strings in every
field that some persona may not see.

Markers are single tokens (no spaces), so they survive PDF text extraction and line breaks.
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from klynge.accounts.models import User
from klynge.accounts.services import create_api_token
from klynge.accounts.tests.factories import UserFactory
from klynge.actionplans.models import (
    ActionPlan,
    Escalation,
    Initiative,
    InitiativeStateChange,
    ItemCase,
    OrderConfirmation,
    State,
    StatusCycle,
    StatusReport,
    Theme,
)
from klynge.archive.models import SourceDocument
from klynge.archive.services import read_source, store_source, unplaced_cluster
from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending
from klynge.evaluations.models import Evaluation
from klynge.evaluations.services import link_for
from klynge.followups.models import FollowUp
from klynge.healthplans import services as plan_services
from klynge.healthplans.links import issue_link
from klynge.healthplans.models import (
    HealthPlan,
    Hearing,
    HearingAnswer,
    HearingParty,
    PlanGoal,
    PlanSection,
    PlanVersion,
)
from klynge.meetings import services as meeting_services
from klynge.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    ReviewComment,
)
from klynge.organisations.models import Body, Cluster, Membership, Organisation, Person
from klynge.organisations.tests.factories import (
    BodyFactory,
    ClusterFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from klynge.outcomes.models import DataPackage, Indicator, Measurement
from klynge.recommendations.models import ExternalBody, Outcome, Recommendation
from klynge.reports.models import Report, ReportPart
from klynge.votes.models import Ballot, Inhabilitet, Statement, Vote

#: The personas, from no rights to all rights.
PERSONAS = [
    "anonymous",
    "outsider",  # logged in, member of nothing
    "other_member",  # member of a body in another cluster
    "member",  # member of Chefforum in cluster A
    "cochair",  # co-chair of Chefforum in cluster A
    "lead",  # project lead of cluster A's initiatives, member of no body
    "other_secretariat",  # secretariat of the other cluster
    "secretariat",  # secretariat of cluster A
    "admin",
]

MEETING_STATES = [s.value for s in MeetingStatus]
PASSWORD_MARKER = "MEETINGPWD"
NOTE_MARKER = "AFBUDNOTESYGEMELDT"
ANSWER_MARKER = "ESCANSWERONHELDMEETING"


def closed_marker(state: str) -> str:
    return f"CLOSEDITEM{state.upper().replace('_', '')}"


def decision_marker(state: str) -> str:
    return f"DECISION{state.upper().replace('_', '')}"


def outcome_marker(state: str) -> str:
    return f"CASEOUTCOME{state.upper().replace('_', '')}"


def review_marker(state: str) -> str:
    """A chair's comment from the review round: for the secretariat and the chairs only."""
    return f"REVIEWCOMMENT{state.upper().replace('_', '')}"


def escalation_marker(state: str) -> str:
    return f"ESCREASON{state.upper().replace('_', '')}"


@dataclass
class World:
    unplaced_body: Body
    scan: SourceDocument
    cluster: Cluster
    other_cluster: Cluster
    chief: Body
    director: Body
    political: Body
    other_body: Body
    users: dict[str, User | None]
    tokens: dict[str, str]
    meetings: dict[str, Meeting]
    open_items: dict[str, AgendaItem]
    closed_items: dict[str, AgendaItem]
    plan: ActionPlan
    initiatives: dict[str, Initiative]
    escalations: dict[str, Escalation]
    organisation: Organisation
    shared_organisation: Organisation
    membership: Membership
    attendance: Attendance
    report: StatusReport
    cycle: StatusCycle
    follow_up: FollowUp
    source: SourceDocument
    cases: dict[str, ItemCase] = field(default_factory=dict)
    #: Indicators, a data package, an afrapportering and an evaluation (see `_outcomes`).
    outcomes: dict[str, Any] = field(default_factory=dict)
    #: A chair's review comment on each meeting's open item (see `review_marker`).
    review_comments: dict[str, ReviewComment] = field(default_factory=dict)
    #: Each item's vote, inhabil member and minority statement (see `_votes`).
    votes: dict[str, Vote] = field(default_factory=dict)
    inhabilities: dict[str, Inhabilitet] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    #: Each item's recommendation to the regionsråd, decided (see `_recommendations`).
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    #: Cluster A's money in 2027: frame, allocation, co-financing, spending (see `_money`).
    money: dict[str, Any] = field(default_factory=dict)
    #: A plan in hearing, its parties, an answer and a party's valid link (see `_hearing`).
    hearing: dict[str, Any] = field(default_factory=dict)
    #: Plans approved and published, recommended, and a draft, with goals (see `_approval`).
    approval: dict[str, Any] = field(default_factory=dict)
    #: A council plan's draft past its frozen version 1, a goal linked (see `_plan_core`).
    plan_core: dict[str, Any] = field(default_factory=dict)


def _user(email: str, **extra: object) -> User:
    return UserFactory(email=email, **extra)


def _person(user: User | None, name: str) -> Person:
    return PersonFactory(user=user, name=name, email=user.email if user else "")


def build_world() -> World:
    since = datetime.date(2020, 1, 1)
    today = timezone.localdate()
    cluster = ClusterFactory(name="Klynge A")
    other_cluster = ClusterFactory(name="Klynge B")
    political = BodyFactory(cluster=cluster, name="Politisk Niveau A", level=Body.Level.POLITICAL)
    director = BodyFactory(
        cluster=cluster, name="Direktørforum A", level=Body.Level.DIRECTOR, parent=political
    )
    chief = BodyFactory(
        cluster=cluster, name="Chefforum A", level=Body.Level.CHIEF, parent=director
    )
    other_body = BodyFactory(cluster=other_cluster, name="Chefforum B", level=Body.Level.CHIEF)
    organisation = OrganisationFactory(name="Kommune kun i A")
    shared_organisation = OrganisationFactory(name="Region delt")

    users: dict[str, User | None] = {"anonymous": None}
    for persona in PERSONAS[1:]:
        users[persona] = _user(f"{persona}@example.dk", is_superuser=persona == "admin")
    people = {name: _person(users[name], name.title()) for name in PERSONAS[1:]}
    roles = {
        "other_member": (other_body, Membership.Role.MEMBER),
        "member": (chief, Membership.Role.MEMBER),
        "cochair": (chief, Membership.Role.CO_CHAIR),
        "other_secretariat": (other_body, Membership.Role.SECRETARIAT),
        "secretariat": (chief, Membership.Role.SECRETARIAT),
    }
    memberships = {}
    for name, (body, role) in roles.items():
        memberships[name] = MembershipFactory(
            person=people[name],
            body=body,
            role=role,
            start_date=since,
            organisation=organisation if body.cluster_id == cluster.pk else shared_organisation,
        )
    MembershipFactory(body=other_body, organisation=shared_organisation, start_date=since)
    MembershipFactory(body=chief, organisation=shared_organisation, start_date=since)
    tokens = {
        name: create_api_token(actor=None, user=user, name="matrix")[1]
        for name, user in users.items()
        if user is not None
    }

    meetings: dict[str, Meeting] = {}
    open_items: dict[str, AgendaItem] = {}
    closed_items: dict[str, AgendaItem] = {}
    for offset, state in enumerate(MEETING_STATES):
        meeting = meeting_services.create_meeting(
            actor=None,
            body=chief,
            values={
                "title": f"Møde {state}",
                "date": today - datetime.timedelta(days=10 + offset),
                "start_time": datetime.time(9),
                "end_time": datetime.time(11),
                # One meeting is online only: its place is the link, which must not leak.
                "place": "" if state == MeetingStatus.AGENDA_PUBLISHED else "Mødelokale 1",
                "online_url": f"https://meet.example.dk/j/1?pwd={PASSWORD_MARKER}",
            },
            standing_items=False,
        )
        open_item = AgendaItem.objects.create(
            meeting=meeting,
            position=1,
            title=f"Åbent punkt {state}",
            decision=decision_marker(state),
        )
        closed_item = AgendaItem.objects.create(
            meeting=meeting,
            position=2,
            title=closed_marker(state),
            presentation=f"<p>{closed_marker(state)}TEXT</p>",
            is_closed=True,
            decision=decision_marker(state) + "CLOSED",
        )
        for item, name in ((open_item, "open"), (closed_item, closed_marker(state))):
            meeting_services.add_attachment(
                actor=None,
                item=item,
                upload=SimpleUploadedFile(f"{name}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
            )
        Attendance.objects.filter(meeting=meeting, person=people["member"]).update(
            status=Attendance.Status.ABSENT, note=NOTE_MARKER
        )
        Meeting.objects.filter(pk=meeting.pk).update(status=state)
        meeting.refresh_from_db()
        meetings[state], open_items[state], closed_items[state] = meeting, open_item, closed_item

    plan = ActionPlan.objects.create(
        cluster=cluster,
        body=political,
        title="Handleplan A",
        period_start=since,
        period_end=today + datetime.timedelta(days=365),
    )
    theme = Theme.objects.create(cluster=cluster, name="Tema A")
    initiatives = {}
    for number, state in enumerate(State.values, start=1):
        initiatives[state] = Initiative.objects.create(
            plan=plan,
            number=number,
            title=f"Indsats {state}",
            theme=theme,
            state=state,
            project_lead=people["lead"],
            return_request="RETURNREQUEST" if state == State.RETURNED else "",
        )
        if state != State.ORDERED:
            OrderConfirmation.objects.create(
                initiative=initiatives[state],
                version=1,
                what="w",
                who="w",
                where="w",
                when="w",
                patient_involvement="p",
            )
    # Every meeting's open item carries a decided case and a state change of one initiative.
    cases = {}
    escalations = {}
    active = initiatives[State.ACTIVE]
    for state in MEETING_STATES:
        item = open_items[state]
        cases[state] = ItemCase.objects.create(
            agenda_item=item,
            initiative=active,
            purpose=ItemCase.Purpose.STATUS,
            decided_at=timezone.now(),
            outcome=outcome_marker(state),
        )
        InitiativeStateChange.objects.create(
            initiative=active,
            from_state=State.APPROVED_CHIEF,
            to_state=State.ACTIVE,
            agenda_item=item,
            note=outcome_marker(state) + "NOTE",
        )
        escalations[state] = Escalation.objects.create(
            initiative=active,
            from_body=chief,
            to_body=director,
            raised_item=item,
            reason=escalation_marker(state),
            ask=escalation_marker(state) + "ASK",
        )
    # An escalation raised in published minutes and answered in a meeting only held.
    escalations["answered"] = Escalation.objects.create(
        initiative=active,
        from_body=chief,
        to_body=director,
        raised_item=open_items[MeetingStatus.MINUTES_PUBLISHED],
        reason="ESCREASONANSWERED",
        ask="ESCASKANSWERED",
        decision=ANSWER_MARKER,
        closed_item=open_items[MeetingStatus.HELD],
        closed_at=timezone.now(),
    )
    cycle = StatusCycle.objects.create(
        plan=plan, meeting=meetings[MeetingStatus.PLANNED], deadline=today
    )
    report = StatusReport.objects.create(cycle=cycle, initiative=active)
    follow_up = FollowUp.objects.create(
        agenda_item=open_items[MeetingStatus.MINUTES_PUBLISHED],
        text="Sekretariatet sender materiale ud",
        responsible=people["member"],
    )
    attendance = Attendance.objects.get(
        meeting=meetings[MeetingStatus.AGENDA_PUBLISHED], person=people["member"]
    )
    source, _new = store_source(
        actor=None, data=b"Referat\n\nPunkt 1. Eventuelt\n", name="referat.txt", cluster=cluster
    )
    source = read_source(source=source)
    for state, meeting in meetings.items():
        # Each meeting as if imported from an original that holds its closed item too.
        original, _new = store_source(
            actor=None,
            data=f"Referat\n\nPunkt 1. {closed_marker(state)}\n".encode(),
            name=f"original-{state}.txt",
            cluster=cluster,
        )
        SourceDocument.objects.filter(pk=original.pk).update(
            meeting=meeting, status=SourceDocument.Status.ACCEPTED
        )
    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(blank)
    scan, _new = store_source(actor=None, data=blank.getvalue(), name="scan.pdf", cluster=cluster)
    SourceDocument.objects.filter(pk=scan.pk).update(format="pdf", pages=1)
    # The planned meeting's agenda is being read by the chairs; every meeting's open item has
    # a comment from its review round.
    Meeting.objects.filter(pk=meetings[MeetingStatus.PLANNED].pk).update(
        review_started_at=timezone.now()
    )
    meetings[MeetingStatus.PLANNED].refresh_from_db()
    review_comments = {
        state: ReviewComment.objects.create(
            item=open_items[state],
            author=people["cochair"],
            user=users["cochair"],
            text=review_marker(state),
        )
        for state in MEETING_STATES
    }
    world = World(
        review_comments=review_comments,
        scan=scan,
        unplaced_body=Body.objects.create(
            cluster=unplaced_cluster(), name="Styregruppen, 2012", is_active=False
        ),
        source=source,
        cluster=cluster,
        other_cluster=other_cluster,
        chief=chief,
        director=director,
        political=political,
        other_body=other_body,
        users=users,
        tokens=tokens,
        meetings=meetings,
        open_items=open_items,
        closed_items=closed_items,
        plan=plan,
        initiatives=initiatives,
        escalations=escalations,
        organisation=organisation,
        shared_organisation=shared_organisation,
        membership=memberships["member"],
        attendance=attendance,
        report=report,
        cycle=cycle,
        follow_up=follow_up,
        cases=cases,
    )
    world.outcomes = _outcomes(world, theme)
    _votes(world)
    world.recommendations = _recommendations(world)
    world.money = _money(world)
    world.money["marker"] = _money_elsewhere(world)
    world.hearing = _hearing(world)
    world.approval = _approval(world)
    world.plan_core = _plan_core(world)
    return world


#: Words in a cluster's afrapportering while it is still a draft: for that cluster only.
DRAFT_PART_MARKER = "DRAFTPART"


def _outcomes(world: World, theme: Theme) -> dict[str, Any]:
    active = world.initiatives[State.ACTIVE]
    active.deliverables = ["Leverance 1"]
    active.save(update_fields=["deliverables"])
    indicator = Indicator.objects.create(
        cluster=world.cluster,
        initiative=active,
        name="Andel røgfri",
        dimension="health",
        unit="percent",
        data_source="survey",
    )
    measurement = Measurement.objects.create(
        indicator=indicator, date=datetime.date(2024, 1, 1), value=40
    )
    package = DataPackage.objects.create(
        theme=theme,
        title="Rygning",
        target_group="Voksne",
        sources="Sundhedsprofilen",
        original_name="rygning.csv",
        sha256="0" * 64,
        table={"columns": ["Alder", "Andel"], "rows": [["16-24", 12.5]]},
    )
    package.file.save("rygning.csv", ContentFile(b"Alder;Andel\n16-24;12,5\n"))
    report = Report.objects.create(
        requester=world.political,
        cluster=world.cluster,
        title="Afrapportering",
        theme="Lighed",
        deadline=datetime.date(2030, 1, 1),
        questions=["Hvad er problemet?"],
    )
    own = ReportPart.objects.create(
        report=report, cluster=world.cluster, status="draft", answers=[DRAFT_PART_MARKER]
    )
    other = ReportPart.objects.create(
        report=report, cluster=world.other_cluster, status="submitted", answers=["Indsendt"]
    )
    held = world.meetings[MeetingStatus.HELD]
    evaluation = Evaluation.objects.create(meeting=held)
    attendee = held.attendances.exclude(status="absent").select_related("person").first()
    return {
        "indicator": indicator,
        "measurement": measurement,
        "package": package,
        "report": report,
        "own_part": own,
        "other_part": other,
        "evaluation_meeting": held,
        "evaluation_link": link_for(evaluation, attendee.person),
    }


def _votes(world: World) -> None:
    """Every item, open and closed, in every state, with a vote, an inhabil member and a
    minority statement, each carrying the item's decision marker: they are seen exactly
    when the item's decision is."""
    voter = world.users["member"].person
    inhabil = world.users["cochair"].person
    for state in MEETING_STATES:
        for item, key in ((world.open_items[state], state), (world.closed_items[state], None)):
            key = key or f"{state}-closed"
            vote = Vote.objects.create(
                item=item,
                subject=f"{item.decision}VOTE",
                result="adopted",
                votes_for=1,
                rule="simple",
            )
            Ballot.objects.create(vote=vote, person=voter, choice="for")
            world.votes[key] = vote
            world.inhabilities[key] = Inhabilitet.objects.create(
                item=item, person=inhabil, reason=f"{item.decision}INHABIL"
            )
            world.statements[key] = Statement.objects.create(
                item=item, group="Gruppe", text=f"{item.decision}STATEMENT"
            )


def _recommendations(world: World) -> dict[str, Recommendation]:
    """Every item, open and closed, in every state, recommended to the regionsråd and
    decided there: the receiver's decision carries the item's decision marker (it is seen
    exactly when the item's decision is)."""
    region = ExternalBody.objects.create(
        name="Regionsrådet", kind=ExternalBody.Kind.REGIONAL_COUNCIL
    )
    recommendations = {}
    for state in MEETING_STATES:
        meeting = world.meetings[state]
        for item, key in ((world.open_items[state], state), (world.closed_items[state], None)):
            recommendation = Recommendation.objects.create(
                item=item,
                to_external=region,
                state="decided",
                sent_on=meeting.date,
                meeting_date=meeting.date,
                decided_on=meeting.date,
                outcome=Outcome.AMENDED,
                decision_text=f"{item.decision}REC",
            )
            recommendations[key or f"{state}-closed"] = recommendation
    return recommendations


def _money(world: World) -> dict[str, Any]:
    """Cluster A's money in 2027: a frame, an allocation to the active initiative granted by
    the published minutes' open item, the region's co-financing and a quarter's spending."""
    active = world.initiatives[State.ACTIVE]
    granted_by = world.open_items[MeetingStatus.MINUTES_PUBLISHED]
    return {
        "frame": Frame.objects.create(cluster=world.cluster, year=2027, amount=1_000_000),
        "allocation": Allocation.objects.create(
            cluster=world.cluster,
            initiative=active,
            year=2027,
            amount=600_000,
            decision_item=granted_by,
        ),
        "co_financing": CoFinancing.objects.create(
            cluster=world.cluster,
            year=2027,
            payer=world.shared_organisation,
            recipient=world.organisation,
            service="Akutsygepleje",
            share_percent=50,
            amount=500_000,
        ),
        "spending": Spending.objects.create(
            cluster=world.cluster, initiative=active, year=2027, quarter=1, amount=150_000
        ),
    }


# --- money-elsewhere: cluster A's money on the portfolio and the initiative page ---
#: A grant's amount as pages and PDFs write it: for those who read cluster A's money (its
#: members, secretariat and administrators), never for the project lead, who reads the plan
#: and its initiatives without being a member.
MONEY_MARKER = "7.654.321"


def _money_elsewhere(world: World) -> Allocation:
    """A second 2027 grant to the active initiative, listed on its page and summed in the
    portfolio's columns."""
    return Allocation.objects.create(
        cluster=world.cluster,
        initiative=world.initiatives[State.ACTIVE],
        year=2027,
        amount=7_654_321,
    )


#: A hearing answer and the secretariat's summary of it: for the secretariat only.
HEARING_ANSWER_MARKER = "HEARINGANSWERTEXT"
#: The plan's draft written after the hearing version was frozen: the secretariat's only
#: (a hearing party sees the frozen version, members the versions).
HEARING_DRAFT_MARKER = "HEARINGDRAFTTEXT"


def _hearing(world: World) -> dict[str, Any]:
    """Cluster A's plan in hearing (version 1), two parties: one has answered (a file too),
    the other holds a valid link. The draft has moved on since the version was frozen. A
    second plan, still a draft, is there to be sent in hearing."""
    plan = HealthPlan.objects.create(
        cluster=world.cluster,
        body=world.political,
        title="Nærsundhedsplan A",
        period_start=2027,
        period_end=2030,
        status="in_hearing",
    )
    section = PlanSection.objects.create(plan=plan, title="Forløb", text="<p>Høringsudkast</p>")
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        purpose=PlanVersion.Purpose.HEARING,
        content={
            "title": plan.title,
            "introduction": "",
            "period_start": 2027,
            "period_end": 2030,
            "sections": [
                {"id": section.pk, "title": "Forløb", "text": "<p>Høringsudkast</p>", "goals": []}
            ],
        },
    )
    section.text = f"<p>{HEARING_DRAFT_MARKER}</p>"
    section.save(update_fields=["text"])
    hearing = Hearing.objects.create(
        plan=plan,
        version=version,
        deadline=timezone.localdate() + datetime.timedelta(days=60),
        sent_at=timezone.now(),
    )
    answered = HearingParty.objects.create(
        hearing=hearing, name="Kommune A", email="hoering@kommune-a.dk", kind="municipality"
    )
    waiting = HearingParty.objects.create(
        hearing=hearing, name="PLO A", email="plo@example.dk", kind="general_practice"
    )
    answer = HearingAnswer.objects.create(
        party=answered,
        text=HEARING_ANSWER_MARKER,
        summary=f"{HEARING_ANSWER_MARKER}SUMMARY",
        received_at=timezone.now(),
        via=HearingAnswer.Via.LINK,
        file_name="svar.txt",
    )
    answer.file.save("svar.txt", ContentFile(HEARING_ANSWER_MARKER.encode()))
    draft = HealthPlan.objects.create(
        cluster=world.cluster,
        body=world.political,
        title="Nærsundhedsplan A, kladde",
        period_start=2031,
        period_end=2034,
    )
    return {
        "plan": plan,
        "draft_plan": draft,
        "hearing": hearing,
        "answered": answered,
        "waiting": waiting,
        "answer": answer,
        # The link is /hoering/#<token>: the token is posted, never in an address.
        "token": issue_link(waiting).rpartition("#")[2],
    }


def _approval(world: World) -> dict[str, Any]:
    """Cluster A's plans for approval and follow-up: one approved and published (a goal at
    risk), one recommended (its text frozen, not public), one a draft (the secretariat's)."""
    plans: dict[str, Any] = {}
    for key, status, start in [
        ("published", "approved", 2035),
        ("recommended", "recommended", 2039),
        ("draft", "draft", 2043),
    ]:
        plan = HealthPlan.objects.create(
            cluster=world.cluster,
            body=world.political,
            title=f"Nærsundhedsplan A {key}",
            period_start=start,
            period_end=start + 3,
        )
        section = PlanSection.objects.create(plan=plan, title="Forebyggelse", text="<p>Tekst</p>")
        goal = PlanGoal.objects.create(
            section=section,
            text="Færre røgere",
            status="at_risk",
            status_reason="Rygestop starter sent",
        )
        goal.initiatives.add(world.initiatives[State.ACTIVE])
        goal.indicators.add(world.outcomes["indicator"])
        if status != "draft":
            version = PlanVersion.objects.create(
                plan=plan,
                number=1,
                purpose=PlanVersion.Purpose.APPROVAL,
                content={"title": plan.title, "introduction": "", "sections": []},
            )
            HealthPlan.objects.filter(pk=plan.pk).update(
                status=status,
                approved_version=version if status == "approved" else None,
                approved_on=datetime.date(start, 1, 1) if status == "approved" else None,
                published_at=timezone.now() if status == "approved" else None,
            )
        plan.refresh_from_db()
        plans[key] = plan
    plans["goal"] = plans["published"].sections.get().goals.get()
    return plans


#: Text written in a plan's draft after its last version was frozen: the secretariat's only
#: (members read the frozen versions, nobody else the plan).
PLAN_DRAFT_MARKER = "PLANDRAFTTEXT"


def _plan_core(world: World) -> dict[str, Any]:
    """Cluster A's plan for the plan-core routes: a section and a goal (linked to the active
    initiative and the indicator) frozen as versions 1 and 2 through the service (the text
    changed between them), then a section and the goal's text written in the draft with
    `PLAN_DRAFT_MARKER`."""
    plan = HealthPlan.objects.create(
        cluster=world.cluster,
        body=world.political,
        title="Nærsundhedsplan A, kernen",
        period_start=2047,
        period_end=2050,
    )
    section = PlanSection.objects.create(plan=plan, title="Ældre", text="<p>Frosset</p>")
    goal = PlanGoal.objects.create(section=section, text="Færre indlæggelser")
    goal.initiatives.add(world.initiatives[State.ACTIVE])
    goal.indicators.add(world.outcomes["indicator"])
    version = plan_services.freeze_version(actor=None, plan=plan, purpose="hearing")
    PlanSection.objects.filter(pk=section.pk).update(text="<p>Rettet efter høringen</p>")
    second = plan_services.freeze_version(actor=None, plan=plan, purpose="other")
    # Written in the draft after both versions: only the secretariat may read it.
    PlanSection.objects.create(
        plan=plan, position=2, title="Samsø", text=f"<p>{PLAN_DRAFT_MARKER}</p>"
    )
    PlanGoal.objects.filter(pk=goal.pk).update(text=f"{PLAN_DRAFT_MARKER} mål")
    return {"plan": plan, "section": section, "goal": goal, "version": version, "second": second}
