"""Sundhedsråd Aarhus's nærsundhedsplan 2027–2030 in the demo: four sections with goals
linked to the initiatives and indicators carried over from Aarhusklyngen, a hearing with
five parties, its høringsnotat on the January agenda, and the plan recommended to the
regionsråd and the Aarhus and Samsø councils (two of them have answered)."""

from klynge.accounts.models import User
from klynge.demo import hearing as hearing_demo
from klynge.healthplans.models import HealthPlan
from klynge.meetings.models import AgendaItem


def before_meeting(*, item: AgendaItem, sec: User) -> HealthPlan:
    """The plan, its versions and its hearing, with the høringsnotat put on `item` (on the
    January meeting's agenda, before the agenda is published)."""
    plan = HealthPlan.objects.create(
        cluster=item.meeting.body.cluster,
        body=item.meeting.body,
        title="Nærsundhedsplan 2027–2030",
        period_start=2027,
        period_end=2030,
        created_by=sec,
    )
    hearing_demo.load(plan=plan, item=item, sec=sec)  # hearing helper: the høring and notat
    return plan


def after_meeting(*, plan: HealthPlan, item: AgendaItem, sec: User) -> None:
    """The council's decision on `item` recommends the plan; two bodies have answered."""
