"""The plan page's hearing panel: the plan's hearings with their counts, in one query."""

from django import template
from django.db.models import Count

from klynge.healthplans.models import HealthPlan, Hearing

register = template.Library()


@register.simple_tag
def plan_hearings(plan: HealthPlan) -> list[Hearing]:
    """The plan's hearings, newest first, each with `party_count` and `answer_count`."""
    return list(
        Hearing.objects.filter(plan=plan)
        .select_related("version", "notat_item__meeting")
        .annotate(
            party_count=Count("parties", distinct=True),
            answer_count=Count("parties__answer", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
