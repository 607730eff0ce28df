"""What the plan page's approval and follow-up panels, and the public index, read: they are
included by pages that do not compute them (`healthplans/plan_detail.html`,
`meetings/public_list.html`)."""

from typing import Any

from django import template

from klynge.healthplans import services
from klynge.healthplans.followup import FOLLOWED_UP_STATES, default_year
from klynge.healthplans.models import HealthPlan, PlanGoal, PlanStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_approval(context: template.Context, plan: HealthPlan) -> services.Approval:
    """Each approving body's answer, as far as the viewer may read the council's decision."""
    request = context.get("request")
    return services.approval_of(plan, user=getattr(request, "user", None))


@register.simple_tag
def hearing_in_the_way(plan: HealthPlan) -> str:
    """Why the plan cannot be recommended yet because of its open hearing, or ""."""
    return services.hearing_in_the_way(plan)


@register.simple_tag
def plan_goals(plan: HealthPlan) -> list[PlanGoal]:
    """The plan's goals with their follow-up status now, in the plan's order."""
    return list(
        PlanGoal.objects.filter(section__plan=plan)
        .select_related("section")
        .order_by("section__position", "section_id", "position", "pk")
    )


@register.filter
def followup_year(plan: HealthPlan) -> int:
    return default_year(plan)


@register.filter
def is_followed_up(plan: HealthPlan) -> bool:
    """Members read the follow-up once the draft is frozen."""
    return plan.status in FOLLOWED_UP_STATES


@register.simple_tag
def published_health_plans() -> Any:
    """The published plans, for the public index: title, council, period, nothing else."""
    return (
        HealthPlan.objects.filter(status=PlanStatus.APPROVED, published_at__isnull=False)
        .select_related("cluster")
        .order_by("cluster__name", "-period_start")
    )


#: A goal's status in the status colours (with its words beside, never colour alone).
GOAL_COLOURS = {"on_track": "green", "at_risk": "yellow", "off_track": "red"}


@register.filter
def goal_colour(status: str) -> str:
    return GOAL_COLOURS.get(status, "missing")
