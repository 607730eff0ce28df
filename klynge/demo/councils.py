"""The sundhedsråd's first meeting in the demo: Sundhedsråd Aarhus in January 2027.

Loaded after the carry-over, so the members who continue from Aarhusklyngen are on the
council's body from 1 January 2027 (the carry-over's date); the council's own new political
members sit on it from `APPOINTED`, as it meets as a preparatory council before then.
"""

import datetime

from django.utils import timezone

from klynge.accounts.models import User
from klynge.audit.services import record
from klynge.demo import healthplan as healthplan_demo
from klynge.demo import money as money_demo
from klynge.demo.builder import DEMO_PASSWORD, DemoBuilder, _walk, _write_decisions
from klynge.meetings import services as meeting_services
from klynge.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    ReviewComment,
)
from klynge.organisations import services as org_services
from klynge.organisations.models import Body, Cluster, Region
from klynge.organisations.models import Membership as M
from klynge.recommendations import services as recommendation_services
from klynge.recommendations.models import ExternalBody, Outcome
from klynge.recommendations.models import State as RecommendationState
from klynge.votes import services as vote_services
from klynge.votes.models import Choice, Statement

Kind = AgendaItem.Kind
#: When the council's own political members (and its secretariat, `load.py`) start: the
#: sundhedsråd meet as preparatory councils through 2026 (DESIGN.md point 10; the reference's
#: member counts are from spring 2026), so their members are appointed before 1 January
#: 2027. The demo takes 1 November 2026, when its secretariat starts preparing the council's
#: first meeting and just before the council sends its nærsundhedsplan in hearing (9
#: November 2026), so the vice-chair and members read the council's work today.
APPOINTED = datetime.date(2026, 11, 1)

#: Item titles the later parts of the demo (votes, recommendations) look their items up by.
ITEM_TASKS = "Anbefaling til regionsrådet: placering af opgaver mellem region og kommuner"
ITEM_FRAME = "Minimumsramme 2027: anbefaling om fordeling"
ITEM_PLAN = "Nærsundhedsplan 2027–2030: høringssvar og indstilling til godkendelse"


def load_aarhus_council(*, b: DemoBuilder, sec: User) -> Meeting:
    council = Cluster.objects.get(name="Sundhedsråd Aarhus")
    body = Body.objects.get(cluster=council, name="Sundhedsråd Aarhus")
    org_services.save_body(actor=None, body=body, values={"agenda_deadline_days": 10})
    for name, org, title, role in [
        ("Mette Kjær", "Region Midtjylland", "regionsrådsmedlem (A)", M.Role.VICE_CHAIR),
        ("Jens Vestergaard", "Region Midtjylland", "regionsrådsmedlem (V)", M.Role.MEMBER),
        ("Rasmus Holt", "Region Midtjylland", "regionsrådsmedlem (O)", M.Role.MEMBER),
        ("Lone Dalsgaard", "Aarhus Kommune", "byrådsmedlem (F)", M.Role.MEMBER),
        ("Karsten Møller", "Samsø Kommune", "borgmester (C)", M.Role.MEMBER),
    ]:
        b.member(body, name, org, title, role, start=APPOINTED)
    if not body.memberships.filter(role=M.Role.SECRETARIAT, person__user=sec).exists():
        b.member(body, "Sofie Holm", "Aarhus Kommune", "stabsleder", M.Role.SECRETARIAT, user=sec)

    meeting = meeting_services.create_meeting(
        actor=None,
        body=body,
        values={
            "title": "Sundhedsråd Aarhus",
            "date": datetime.date(2027, 1, 21),
            "start_time": datetime.time(15, 0),
            "end_time": datetime.time(17, 0),
            "place": "Rådhuset, Rådhuspladsen, 8000 Aarhus C",
        },
        # Its standing items are written below, with their decisions.
        standing_items=False,
    )
    items = [
        b.item(
            meeting,
            title="Godkendelse af dagsorden",
            kind=Kind.APPROVAL,
            recommendation=["at dagsordenen godkendes"],
            decision="Dagsordenen blev godkendt.",
        ),
        b.item(
            meeting,
            title="Forretningsorden for Sundhedsråd Aarhus",
            kind=Kind.DECISION,
            recommendation=["at sundhedsrådet vedtager forretningsordenen"],
            presentation=(
                "<p>Forretningsordenen følger de kommunale udvalgsregler: sager afgøres ved "
                "simpelt flertal, og punkter skal være sekretariatet i hænde ti arbejdsdage "
                "før mødet.</p>"
            ),
            decision="Forretningsordenen blev vedtaget.",
        ),
        b.item(
            meeting,
            title=ITEM_TASKS,
            kind=Kind.DECISION,
            recommendation=[
                "at sundhedsrådet anbefaler regionsrådet, at genoptræning efter "
                "udskrivning og de akutte sygeplejefunktioner placeres i kommunerne"
            ],
            presentation=(
                "<p>Sundhedsreformen lader sundhedsrådet anbefale, hvor opgaverne skal ligge. "
                "Administrationen foreslår, at de fire opgaver, der i dag løses på tværs, "
                "placeres som beskrevet i bilaget.</p>"
            ),
            bilag=["Opgaveplacering – oversigt.pdf"],
            decision=(
                "Sundhedsrådet anbefaler regionsrådet, at genoptræning efter udskrivning og "
                "de akutte sygeplejefunktioner placeres i kommunerne."
            ),
        ),
        b.item(
            meeting,
            title=ITEM_FRAME,
            kind=Kind.DECISION,
            recommendation=[
                "at sundhedsrådet anbefaler regionsrådet at fordele minimumsrammen 2027 "
                "med 60 % til det nære sundhedsvæsen og 40 % til fælles indsatser"
            ],
            decision=(
                "Sundhedsrådet anbefaler regionsrådet fordelingen af minimumsrammen 2027 "
                "som indstillet."
            ),
        ),
        b.item(
            meeting,
            title=ITEM_PLAN,
            kind=Kind.DECISION,
            recommendation=[
                "at sundhedsrådet tager høringssvarene og høringsnotatet til efterretning",
                "at sundhedsrådet indstiller nærsundhedsplanen 2027–2030 til godkendelse i "
                "regionsrådet og i kommunalbestyrelserne i Aarhus og Samsø",
            ],
            presentation=(
                "<p>Udkastet til nærsundhedsplan har været i høring hos kommunerne, regionen, "
                "PLO, patientforeningerne og hospitalet. Høringsnotatet samler svarene og "
                "sekretariatets bemærkninger; planen er rettet, hvor svarene gav anledning "
                "til det.</p>"
            ),
            decision=(
                "Sundhedsrådet tog høringssvarene til efterretning og indstiller "
                "nærsundhedsplanen 2027–2030 til godkendelse i regionsrådet og i "
                "kommunalbestyrelserne i Aarhus og Samsø."
            ),
        ),
        b.item(
            meeting,
            title="Eventuelt",
            kind=Kind.ANY_OTHER_BUSINESS,
            decision="Intet.",
        ),
    ]
    plan_item = next(item for item in items if item.title == ITEM_PLAN)
    plan = healthplan_demo.before_meeting(item=plan_item, sec=sec)
    _walk(meeting, MeetingStatus.AGENDA_PUBLISHED)
    _hold_ahead_of_time(meeting)
    _write_decisions(meeting, items)
    meeting_services.change_meeting_status(
        actor=sec, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
    )
    _recommendations(meeting, sec)
    healthplan_demo.after_meeting(plan=plan, item=plan_item, sec=sec)
    money_demo.load(
        council=council,
        frame_item=next(item for item in items if item.title == ITEM_FRAME),
        sec=sec,
    )
    _votes(meeting, sec)
    _review_round(b=b, body=body, sec=sec)
    return meeting


def _hold_ahead_of_time(meeting: Meeting) -> None:
    """Mark the meeting held even before its day. The demo shows the council's first meeting
    as held while 2027 may still lie ahead; for live work `change_meeting_status` refuses it."""
    if meeting.date <= timezone.localdate():
        _walk(meeting, MeetingStatus.HELD)
        return
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    MeetingStatusChange.objects.create(
        meeting=meeting, from_status=meeting.status, to_status=MeetingStatus.HELD
    )
    meeting.attendances.filter(status=Attendance.Status.INVITED).update(
        status=Attendance.Status.ATTENDING
    )
    meeting.status = MeetingStatus.HELD


def _recommendations(meeting: Meeting, sec: User) -> None:
    """Two of the meeting's decisions sent on to the regionsråd: the task placement answered
    (tiltrådt med ændringer on 24 February 2027), the minimum frame still waiting."""
    region, _new = ExternalBody.objects.get_or_create(
        name="Regionsrådet, Region Midtjylland",
        defaults={
            "kind": ExternalBody.Kind.REGIONAL_COUNCIL,
            "url": "https://www.rm.dk/politik/",
            "region": Region.MIDTJYLLAND,
        },
    )
    sent_on = datetime.date(2027, 1, 22)
    tasks = meeting.items.get(title=ITEM_TASKS)
    (answered,) = recommendation_services.send_recommendations(
        actor=sec, item=tasks, sent_on=sent_on, to_external=[region]
    )
    regional_meeting = datetime.date(2027, 2, 24)
    recommendation_services.change_recommendation_state(
        actor=sec,
        recommendation=answered,
        to_state=RecommendationState.ON_AGENDA,
        meeting_date=regional_meeting,
        agenda_url="https://www.rm.dk/politik/dagsordener-og-referater/regionsradet/",
    )
    recommendation_services.change_recommendation_state(
        actor=sec,
        recommendation=answered,
        to_state=RecommendationState.DECIDED,
        decided_on=regional_meeting,
        outcome=Outcome.AMENDED,
        decision_text=(
            "Regionsrådet tiltrådte sundhedsrådets anbefaling om, at genoptræning efter "
            "udskrivning placeres i kommunerne fra 1. juli 2027. De akutte "
            "sygeplejefunktioner bliver i regionen til og med 2027 og drøftes igen i "
            "sundhedsrådet, når erfaringerne fra akutteamene foreligger."
        ),
        minutes_url="https://www.rm.dk/politik/dagsordener-og-referater/regionsradet/",
    )
    recommendation_services.send_recommendations(
        actor=sec, item=meeting.items.get(title=ITEM_FRAME), sent_on=sent_on, to_external=[region]
    )


#: Who voted against the task placement, and wrote the minority statement.
MINORITY = ("Jens Vestergaard", "Rasmus Holt")
INHABIL = "Karsten Møller"


def _votes(meeting: Meeting, sec: User) -> None:
    """A majority vote on the task placement (V and O against, with their minority
    statement), and Samsø's mayor inhabil on the minimum frame, voted on unanimously without
    him. Whoever is present votes: the members carried over from the klynge too."""
    tasks = meeting.items.get(title=ITEM_TASKS)
    voters = vote_services.voters(tasks)
    against = [v.person for v in voters if v.person.name in MINORITY]
    vote_services.record_vote(
        actor=sec,
        item=tasks,
        subject="Indstillingen",
        choices={
            v.person.pk: Choice.AGAINST if v.person in against else Choice.FOR for v in voters
        },
    )
    if against:
        vote_services.add_statement(
            actor=sec,
            item=tasks,
            kind=Statement.Kind.MINORITY,
            people=against,
            text=(
                "V og O kan ikke anbefale, at de akutte sygeplejefunktioner flyttes til "
                "kommunerne, før finansieringen og vagtdækningen er afklaret."
            ),
        )
    frame = meeting.items.get(title=ITEM_FRAME)
    mayor = next((v.person for v in vote_services.voters(frame) if v.person.name == INHABIL), None)
    if mayor is not None:
        vote_services.declare_inhabil(
            actor=sec,
            item=frame,
            person=mayor,
            reason="Formand for bestyrelsen i Samsø Sundhedshus, som fordelingen omfatter.",
        )
    vote_services.record_vote(
        actor=sec,
        item=frame,
        subject="Indstillingen",
        choices={v.person.pk: Choice.FOR for v in vote_services.voters(frame)},
    )


def _review_round(*, b: DemoBuilder, body: Body, sec: User) -> Meeting:
    """The council's next meeting (18 March 2027), planned, its agenda read by the chairs
    before it is sent: the review round started and one comment from the vice-chair, Mette
    Kjær, who has a demo login (naestformand@klynge.test)."""
    vice_chair = b.people["Mette Kjær"]
    user = User.objects.create_user("naestformand@klynge.test", DEMO_PASSWORD, name=vice_chair.name)
    org_services.save_person(
        actor=None,
        person=vice_chair,
        values={"user": user, "email": "naestformand@klynge.test"},
    )
    meeting = meeting_services.create_meeting(
        actor=sec,
        body=body,
        values={
            "title": "Sundhedsråd Aarhus",
            "date": datetime.date(2027, 3, 18),
            "start_time": datetime.time(15, 0),
            "end_time": datetime.time(17, 0),
            "place": "Rådhuset, Rådhuspladsen, 8000 Aarhus C",
        },
    )
    agreement = b.item(
        meeting,
        title="Sundhedsplan 2027-2030: udkast til høring",
        kind=Kind.DECISION,
        recommendation=["at sundhedsrådet sender udkastet til sundhedsplan i høring"],
        presentation=(
            "<p>Udkastet samler kommunernes og regionens indsatser for de kronisk syge og "
            "de ældre medicinske patienter i én plan for 2027-2030.</p>"
        ),
    )
    b.item(
        meeting,
        title="Status på akutteamene i Aarhus og på Samsø",
        kind=Kind.ORIENTATION,
        recommendation=["at orienteringen tages til efterretning"],
    )
    meeting_services.start_review(actor=sec, meeting=meeting)
    # Written as `add_review_comment` would: the service asks for her chair role on the day
    # the demo is loaded, and a demo loaded before `APPOINTED` would not yet find it.
    comment = ReviewComment.objects.create(
        item=agreement,
        author=vice_chair,
        user=user,
        text=(
            "Høringsfristen bør gå til efter kommunernes budgetforhandlinger. Kan "
            "sekretariatet skrive de fire målsætninger ind i indstillingen?"
        ),
    )
    record(
        actor=user,
        action="review_comment.create",
        obj=comment,
        changes={"item": agreement.pk, "text": comment.text},
    )
    return meeting
