"""A council with an action plan of three initiatives under two themes, a held meeting whose
first item's decision grants money, and a second council with its own initiative and
decision (what a crafted request would try to reach)."""

import datetime

import pytest

from klynge.actionplans.models import ActionPlan, Initiative, Theme
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.organisations.models import Body, Cluster
from klynge.organisations.tests.factories import BodyFactory


def make_plan(cluster: Cluster, body: Body, titles: list[tuple[str, str]]) -> list[Initiative]:
    plan = ActionPlan.objects.create(
        cluster=cluster,
        body=body,
        title=f"Handleplan {cluster.name}",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2030, 12, 31),
    )
    themes: dict[str, Theme] = {}
    initiatives = []
    for number, (title, theme) in enumerate(titles, start=1):
        if theme and theme not in themes:
            themes[theme], _new = Theme.objects.get_or_create(cluster=cluster, name=theme)
        initiatives.append(
            Initiative.objects.create(
                plan=plan, number=number, title=title, theme=themes.get(theme)
            )
        )
    return initiatives


@pytest.fixture
def council(body: Body) -> Cluster:
    cluster = body.cluster
    cluster.kind = Cluster.Kind.HEALTH_COUNCIL
    cluster.name = "Sundhedsråd Testby"
    cluster.save()
    return cluster


@pytest.fixture
def initiatives(council: Cluster, body: Body) -> list[Initiative]:
    return make_plan(
        council,
        body,
        [
            ("Akutteam i nattevagt", "Det nære sundhedsvæsen"),
            ("Virtuelle udskrivelsesmøder", "Det nære sundhedsvæsen"),
            ("Børn og unges trivsel", "Mental sundhed"),
        ],
    )


@pytest.fixture
def held(meeting: Meeting, secretariat) -> Meeting:
    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        meeting_services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=status)
    return meeting


@pytest.fixture
def decision(held: Meeting) -> AgendaItem:
    item = held.items.first()
    assert item is not None
    item.title = "Minimumsramme: fordeling"
    item.decision = "Rådet bevilgede pengene som indstillet."
    item.save(update_fields=["title", "decision"])
    return item


@pytest.fixture
def other_council(db) -> tuple[Cluster, Initiative, AgendaItem]:
    """Another council: its initiative and a decision on its own (held) meeting."""
    other_body = BodyFactory(cluster__kind=Cluster.Kind.HEALTH_COUNCIL)
    (initiative,) = make_plan(other_body.cluster, other_body, [("Andet råds indsats", "")])
    meeting = Meeting.objects.create(
        body=other_body,
        date=datetime.date(2027, 1, 10),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        status=MeetingStatus.HELD,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Andet råds bevilling", decision="Bevilget."
    )
    return other_body.cluster, initiative, item
