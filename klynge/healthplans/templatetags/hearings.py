"""The plan page's hearing panel: the plan's hearings with their counts, in one query; and
the answers of a hearing not read yet, before its høringsnotat goes on an agenda."""

from django import template
from django.db.models import Count

from klynge.healthplans.models import HealthPlan, Hearing, HearingAnswer

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


@register.simple_tag
def unassessed_answers(hearing: Hearing) -> int:
    """The hearing's answers the secretariat has not read yet (`HearingAnswer.is_assessed`)."""
    answers = HearingAnswer.objects.filter(party__hearing=hearing)
    return sum(
        1 for answer in answers.only("summary", "comment", "changes_plan") if not answer.is_assessed
    )
