"""What the approval and follow-up tests share (no tests here): a council's plan with two
sections and goals linked to an initiative and an indicator, a held meeting whose decision
recommends it, three approving bodies, and the steps of their answers."""

import datetime
from dataclasses import dataclass

from klynge.accounts.models import User
from klynge.actionplans.models import ActionPlan, Initiative, Theme
from klynge.healthplans import services
from klynge.healthplans.models import HealthPlan, PlanGoal
from klynge.healthplans.tests.factories import (
    HealthPlanFactory,
    PlanGoalFactory,
    PlanSectionFactory,
)
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.outcomes.models import Dimension, Indicator, Unit
from klynge.recommendations import services as recommendation_services
from klynge.recommendations.models import ExternalBody, Outcome, Recommendation, State

DRAFT_MARKER = "KLADDETEKSTEFTERGODKENDELSE"


@dataclass
class PlanWorld:
    plan: HealthPlan
    goals: list[PlanGoal]
    initiative: Initiative
    indicator: Indicator
    approvers: list[ExternalBody]


def make_plan(meeting: Meeting) -> PlanWorld:
    """The meeting's body's plan (its council's), with approvers set."""
    body = meeting.body
    plan = HealthPlanFactory(body=body, cluster=body.cluster, introduction="<p>Indledning.</p>")
    action_plan = ActionPlan.objects.create(
        cluster=body.cluster,
        body=body,
        title="Handleplan 2027",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2030, 12, 31),
    )
    theme = Theme.objects.create(cluster=body.cluster, name="Det nære sundhedsvæsen")
    initiative = Initiative.objects.create(
        plan=action_plan, number=1, title="Akutteam i hjemmeplejen", theme=theme
    )
    indicator = Indicator.objects.create(
        cluster=body.cluster,
        initiative=initiative,
        name="Forebyggelige indlæggelser pr. 1.000 ældre",
        dimension=Dimension.HEALTH,
        unit=Unit.COUNT,
        direction="down",
        data_source="national_database",
        baseline_value=40,
        baseline_date=datetime.date(2025, 1, 1),
        target_value=30,
        target_date=datetime.date(2030, 12, 31),
    )
    first = PlanSectionFactory(plan=plan, title="Sammenhængende forløb")
    second = PlanSectionFactory(plan=plan, title="Forebyggelse")
    goals = [
        PlanGoalFactory(section=first, text="Færre forebyggelige indlæggelser"),
        PlanGoalFactory(section=second, text="Flere røgfri unge", population="Unge 15-24 år"),
    ]
    goals[0].initiatives.add(initiative)
    goals[0].indicators.add(indicator)
    approvers = [
        ExternalBody.objects.create(name=name, kind=kind)
        for name, kind in [
            ("Regionsrådet, Region Midtjylland", ExternalBody.Kind.REGIONAL_COUNCIL),
            ("Aarhus Byråd", ExternalBody.Kind.MUNICIPAL_COUNCIL),
            ("Samsø Kommunalbestyrelse", ExternalBody.Kind.MUNICIPAL_COUNCIL),
        ]
    ]
    plan.approvers.set(approvers)
    return PlanWorld(plan, goals, initiative, indicator, approvers)


def hold_with_decision(meeting: Meeting, actor: User) -> AgendaItem:
    """The meeting held, its first item's decision recommending the plan."""
    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        meeting_services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)
    item = meeting.items.order_by("position").first()
    assert item is not None
    item.decision = "Rådet indstiller nærsundhedsplanen til godkendelse."
    item.save(update_fields=["decision"])
    return item


def recommend(world: PlanWorld, item: AgendaItem, actor: User) -> None:
    services.recommend_plan(actor=actor, plan=world.plan, item=item, sent_on=item.meeting.date)


def answer(
    recommendation: Recommendation, actor: User, outcome: str = Outcome.ADOPTED, days: int = 20
) -> Recommendation:
    """The receiver puts it on its agenda and decides, `days` after it was sent."""
    when = recommendation.sent_on + datetime.timedelta(days=days)
    recommendation_services.change_recommendation_state(
        actor=actor, recommendation=recommendation, to_state=State.ON_AGENDA, meeting_date=when
    )
    return recommendation_services.change_recommendation_state(
        actor=actor,
        recommendation=recommendation,
        to_state=State.DECIDED,
        decided_on=when,
        outcome=outcome,
        decision_text="Planen blev behandlet.",
    )


def recommendation_to(world: PlanWorld, item: AgendaItem, index: int) -> Recommendation:
    return Recommendation.objects.get(item=item, to_external=world.approvers[index])
