"""Synthetic but realistic data at small or national scale, for benchmarks and load tests.

National: 5 regions, 21 sundhedsklynger (2012-2026) and the 17 sundhedsråd (from 2027),
five bodies each, members changing every few years, a meeting a month per body
(~20,000 meetings) with a dozen items each (~250,000 items) and attendance.

Rows are written with bulk_create, not through the services: this is generated data for
measuring, and a quarter of a million audit events would only measure the audit log.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from klynge.actionplans.models import (
    ActionPlan,
    Initiative,
    Rag,
    State,
    StatusCycle,
    StatusReport,
)
from klynge.demo.danish import NEEDLES, item_text, paragraph
from klynge.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from klynge.organisations.models import Body, Cluster, Membership, Organisation, Person, Region


@dataclass(frozen=True)
class Scale:
    regions: int
    clusters_per_region: int
    first_year: int
    meetings_per_year: int
    items_per_meeting: int
    members_per_body: int
    initiatives_per_plan: int
    cycles_per_plan: int


SCALES = {
    "small": Scale(1, 2, 2025, 4, 6, 8, 5, 4),
    "national": Scale(5, 4, 2012, 12, 13, 14, 50, 20),
}
PLAN_YEARS = 3
REGIONS = [
    Region.NORDJYLLAND,
    Region.MIDTJYLLAND,
    Region.SYDDANMARK,
    Region.SJAELLAND,
    Region.HOVEDSTADEN,
]
LEVELS = [
    ("Politisk niveau", Body.Level.POLITICAL),
    ("Direktørforum", Body.Level.DIRECTOR),
    ("Chefforum", Body.Level.CHIEF),
    ("Styregruppe for den ældre medicinske patient", Body.Level.STEERING),
    ("Arbejdsgruppe for børn og unges mentale sundhed", Body.Level.WORKING),
]
TOPICS = [
    "Godkendelse af dagsorden",
    "Status på handleplanens indsatser",
    "Tema: IPS for unge",
    "Virtuelle udskrivelsesmøder",
    "Færdigbehandlede patienter i psykiatrien",
    "Sundhedsreformen og overgangen til sundhedsrådet",
    "Akutplan for sygehusvæsenet",
    "Dialog med Patientinddragelsesudvalget",
    "Fælles investeringer i sundhed",
    "Datapakker og effektmål",
    "Velfærdsteknologi",
    "Eventuelt",
]
FIRST = ["Anne", "Mette", "Lars", "Jens", "Hanne", "Peter", "Louise", "Søren", "Camilla", "Rasmus"]
LAST = ["Nielsen", "Jensen", "Hansen", "Pedersen", "Kristensen", "Larsen", "Madsen", "Holm"]


@transaction.atomic
def generate(scale_name: str, *, seed: int = 2027) -> dict[str, int]:
    scale = SCALES[scale_name]
    rng = random.Random(seed)
    last_year = 2026
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Kommune {r}-{i}", kind=Organisation.Kind.MUNICIPALITY, region=region)
        for r, region in enumerate(REGIONS[: scale.regions])
        for i in range(6)
    )
    clusters: list[tuple[Cluster, int, int]] = []  # (cluster, first year, last year)
    for r, region in enumerate(REGIONS[: scale.regions]):
        for c in range(scale.clusters_per_region):
            council = Cluster.objects.create(
                name=f"Sundhedsråd {r}-{c} (genereret)",
                kind=Cluster.Kind.HEALTH_COUNCIL,
                region=region,
                valid_from=datetime.date(2027, 1, 1),
            )
            cluster = Cluster.objects.create(
                name=f"Sundhedsklynge {r}-{c} (genereret)",
                kind=Cluster.Kind.HEALTH_CLUSTER,
                region=region,
                valid_from=datetime.date(scale.first_year, 1, 1),
                valid_to=datetime.date(last_year, 12, 31),
                successor=council,
            )
            clusters += [(cluster, scale.first_year, last_year), (council, 2026, 2026)]
    bodies: list[tuple[Body, int, int]] = []
    for cluster, first, last in clusters:
        parent = None
        for name, level in LEVELS:
            body = Body.objects.create(cluster=cluster, name=name, level=level, parent=parent)
            parent = body if level != Body.Level.POLITICAL else None
            bodies.append((body, first, last))
    people: list[Person] = []
    memberships: list[Membership] = []
    members_of: dict[int, list[Person]] = {}
    for body, first, last in bodies:
        term_start = first
        body_people: list[Person] = []
        while term_start <= last:
            term_end = min(term_start + 3, last)
            for seat in range(scale.members_per_body):
                person = Person(name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {len(people)}")
                people.append(person)
                body_people.append(person)
                role = Membership.Role.CO_CHAIR if seat < 2 else Membership.Role.MEMBER
                memberships.append(
                    Membership(
                        person=person,
                        body=body,
                        organisation=rng.choice(orgs),
                        title="medlem",
                        role=role,
                        start_date=datetime.date(term_start, 1, 1),
                        end_date=None if term_end == last else datetime.date(term_end, 12, 31),
                    )
                )
            term_start = term_end + 1
        members_of[body.pk] = body_people[-scale.members_per_body :]
    Person.objects.bulk_create(people, batch_size=2000)
    for membership in memberships:
        membership.person_id = membership.person.pk
    Membership.objects.bulk_create(memberships, batch_size=2000)

    meetings: list[Meeting] = []
    for body, first, last in bodies:
        for year in range(first, last + 1):
            for month in range(1, scale.meetings_per_year + 1):
                date = datetime.date(year, month, rng.randint(1, 28))
                meetings.append(
                    Meeting(
                        body=body,
                        date=date,
                        start_time=datetime.time(9),
                        end_time=datetime.time(12),
                        place="Mødelokale 1",
                        status=MeetingStatus.MINUTES_PUBLISHED,
                    )
                )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    items: list[AgendaItem] = []
    attendances: list[Attendance] = []
    body_names = {body.pk: body.name for body, _first, _last in bodies}
    # The planted items the search benchmark must find, spread over the years and clusters.
    planted = random.Random(seed).sample(meetings, min(len(NEEDLES), len(meetings)))
    needle_at = {meeting.pk: needle for meeting, needle in zip(planted, NEEDLES, strict=False)}
    for meeting in meetings:
        for position in range(1, scale.items_per_meeting + 1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    case_number=f"{meeting.date.year}-{meeting.body_id}-{position}",
                    is_closed=position == 5,
                    **item_text(rng, body_names[meeting.body_id], meeting.date.year),
                )
            )
        if meeting.pk in needle_at:
            title, presentation, decision = needle_at[meeting.pk]
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=scale.items_per_meeting + 1,
                    title=title,
                    presentation=f"<p>{presentation}</p>",
                    decision=decision,
                )
            )
        for person in members_of[meeting.body_id]:
            status = (
                Attendance.Status.ABSENT if rng.random() < 0.15 else Attendance.Status.ATTENDING
            )
            attendances.append(Attendance(meeting=meeting, person=person, status=status))
        if len(items) > 20000:
            AgendaItem.objects.bulk_create(items, batch_size=2000)
            Attendance.objects.bulk_create(attendances, batch_size=2000)
            items, attendances = [], []
    AgendaItem.objects.bulk_create(items, batch_size=2000)
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    plan_counts = _generate_plans(scale, rng, bodies, meetings, members_of)
    return {
        "clusters": len(clusters),
        "bodies": len(bodies),
        "people": len(people),
        "meetings": len(meetings),
        "agenda items": AgendaItem.objects.count(),
        "attendances": Attendance.objects.count(),
        **plan_counts,
    }


def _generate_plans(
    scale: Scale,
    rng: random.Random,
    bodies: list[tuple[Body, int, int]],
    meetings: list[Meeting],
    members_of: dict[int, list[Person]],
) -> dict[str, int]:
    """Action plans every three years per health cluster, with status before Chefforum."""
    chief_meetings: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        chief_meetings.setdefault(meeting.body_id, []).append(meeting)
    by_cluster: dict[int, dict[str, Body]] = {}
    for body, _first, _last in bodies:
        by_cluster.setdefault(body.cluster_id, {})[body.level] = body
    plans: list[ActionPlan] = []
    for cluster_id, levels in by_cluster.items():
        political = levels[Body.Level.POLITICAL]
        if political.cluster.kind != Cluster.Kind.HEALTH_CLUSTER:
            continue
        for start in range(scale.first_year, 2027, PLAN_YEARS):
            plans.append(
                ActionPlan(
                    cluster_id=cluster_id,
                    body=political,
                    title=f"Handleplan {start}-{start + PLAN_YEARS - 1}",
                    period_start=datetime.date(start, 1, 1),
                    period_end=datetime.date(start + PLAN_YEARS - 1, 12, 31),
                    adopted_on=datetime.date(start, 3, 13),
                )
            )
    ActionPlan.objects.bulk_create(plans)
    initiatives: list[Initiative] = []
    for plan in plans:
        lead_pool = members_of[by_cluster[plan.cluster_id][Body.Level.CHIEF].pk]
        for number in range(1, scale.initiatives_per_plan + 1):
            state = State.ACTIVE if rng.random() < 0.8 else rng.choice(list(State.values))
            initiatives.append(
                Initiative(
                    plan=plan,
                    number=number,
                    title=f"{TOPICS[number % len(TOPICS)]} ({number})",
                    problem=paragraph(rng, "Politisk niveau", plan.period_start.year),
                    state=state,
                    sectors=["region", "municipality"],
                    project_lead=rng.choice(lead_pool),
                    patient_involvement="Patienter beskriver opgaven i en workshop.",
                )
            )
    Initiative.objects.bulk_create(initiatives, batch_size=2000)
    cycles: list[StatusCycle] = []
    for plan in plans:
        chief = by_cluster[plan.cluster_id][Body.Level.CHIEF]
        within = [
            m
            for m in chief_meetings.get(chief.pk, [])
            if plan.period_start <= m.date <= plan.period_end
        ]
        step = max(1, len(within) // scale.cycles_per_plan)
        for meeting in within[::step][: scale.cycles_per_plan]:
            cycles.append(StatusCycle(plan=plan, meeting=meeting, deadline=meeting.date))
    StatusCycle.objects.bulk_create(cycles, batch_size=2000)
    plan_initiatives: dict[int, list[Initiative]] = {}
    for initiative in initiatives:
        plan_initiatives.setdefault(initiative.plan_id, []).append(initiative)
    reports: list[StatusReport] = []
    for cycle in cycles:
        reported_at = timezone.make_aware(
            datetime.datetime.combine(cycle.deadline, datetime.time(9))
        )
        for initiative in plan_initiatives[cycle.plan_id]:
            roll = rng.random()
            rag = Rag.GREEN if roll < 0.7 else Rag.YELLOW if roll < 0.9 else Rag.RED
            deviation = "" if rag == Rag.GREEN else "Leverancen er forsinket."
            reports.append(
                StatusReport(
                    reported_at=reported_at,
                    cycle=cycle,
                    initiative=initiative,
                    rag=rag,
                    delivered="Følger planen.",
                    deviation=deviation,
                    cause=deviation and "Rekruttering.",
                    proposed_action=deviation and "Ny tidsplan.",
                )
            )
        if len(reports) > 20000:
            StatusReport.objects.bulk_create(reports, batch_size=2000)
            reports = []
    StatusReport.objects.bulk_create(reports, batch_size=2000)
    return {
        "action plans": len(plans),
        "initiatives": len(initiatives),
        "status reports": StatusReport.objects.count(),
    }
