"""The search tests' archive: two clusters' minutes as Danish secretariats write them
(shared by the search tests; the fixture `archive` is in `conftest.py`)."""

import datetime

from klynge.actionplans.models import ActionPlan, Initiative, State
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.organisations.models import Body
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory

DAY = datetime.date(2024, 3, 12)


def make_meeting(body: Body, status: str = MeetingStatus.MINUTES_PUBLISHED, **values) -> Meeting:
    return Meeting.objects.create(body=body, date=values.pop("date", DAY), status=status, **values)


def make_item(meeting: Meeting, title: str, **values) -> AgendaItem:
    position = meeting.items.count() + 1
    return AgendaItem.objects.create(meeting=meeting, position=position, title=title, **values)


def make_initiative(body: Body, year: int, **values: object) -> Initiative:
    """An initiative in a two-year action plan of `body`'s cluster from `year`."""
    plan = ActionPlan.objects.create(
        cluster=body.cluster,
        body=body,
        title=f"Handleplan {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year + 1, 12, 31),
    )
    return Initiative.objects.create(plan=plan, **values)


def build_archive(body: Body) -> dict[str, object]:
    """Two clusters' minutes, written as Danish secretariats write them."""
    other = BodyFactory(name="Styregruppen", cluster=ClusterFactory(name="Sundhedsklynge Vest"))
    published = make_meeting(body)
    make_item(
        published,
        "Møderne i sundhedshusene",
        presentation="<p>Sundhedshuse i alle kommuner; akutteamet tager imod.</p>",
        decision="Fælles plan for rygestop godkendt.",
    )
    make_item(
        published, "Akutteamsygeplejersker i nattevagt", recommendation=["at indsatsen fortsætter"]
    )
    make_item(
        published, "Lukket punkt om personale", is_closed=True, presentation="Hemmeligholdt løn"
    )
    scanned = make_meeting(other, date=datetime.date(2016, 5, 24))
    make_item(scanned, "Psykiriplanens status", presentation="Skannet referat med OCR-skader.")
    make_item(scanned, "Indsatser for ældre", decision="Taget til efterretning.")
    draft = make_meeting(body, status=MeetingStatus.MINUTES_DRAFT, date=datetime.date(2024, 4, 2))
    make_item(draft, "Rygestop for unge", decision="Udkast: rygestop udskydes.")
    planned = make_meeting(body, status=MeetingStatus.PLANNED, date=datetime.date(2024, 6, 1))
    make_item(planned, "Hemmelig plan for nattevagt")
    make_initiative(
        body,
        2024,
        number=7,
        title="IPS for unge",
        problem="Unge med psykiske lidelser står uden for uddannelse.",
        state=State.ACTIVE,
    )
    return {"published": published, "draft": draft, "planned": planned, "other": other}
