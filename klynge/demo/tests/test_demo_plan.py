"""The demo's nærsundhedsplan: four sections with goals linked to the initiatives and
indicators carried over from Aarhusklyngen, the hearing draft as version 1, and the draft
revised after the hearing, so the comparison with the version recommended shows it."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from klynge.core.tests.personas import log_in_with_password
from klynge.healthplans.diff import CHANGED, UNCHANGED, compare
from klynge.healthplans.models import HealthPlan, PlanGoal, PlanVersion

pytestmark = pytest.mark.django_db


def test_the_demo_plan_has_four_sections_with_linked_goals_and_a_revision(settings):
    settings.DEMO_MODE = True
    call_command("load-demo")
    plan = HealthPlan.objects.get(cluster__name="Sundhedsråd Aarhus")
    assert list(plan.sections.values_list("title", flat=True)) == [
        "Sammenhængende forløb for ældre medicinske patienter",
        "Mental sundhed for børn og unge",
        "Det nære sundhedsvæsen i yderområderne (Samsø)",
        "Forebyggelse og lighed i sundhed",
    ]
    goals = PlanGoal.objects.filter(section__plan=plan)
    assert all(2 <= section.goals.count() <= 3 for section in plan.sections.all())
    # Linked only to the council's own work, carried over from Aarhusklyngen.
    linked = {i.plan.cluster_id for g in goals for i in g.initiatives.all()}
    linked |= {i.cluster_id for g in goals for i in g.indicators.all()}
    assert linked == {plan.cluster_id}
    assert goals.filter(initiatives__isnull=False).distinct().count() >= 7
    assert goals.filter(indicators__isnull=False).distinct().count() >= 3

    first, recommended = plan.versions.order_by("number")[:2]
    assert (first.number, first.purpose) == (1, PlanVersion.Purpose.HEARING)
    comparison = compare(first.content, recommended.content)
    kinds = [section.kind for section in comparison.sections]
    assert kinds == [CHANGED, UNCHANGED, UNCHANGED, UNCHANGED]
    elderly = comparison.sections[0]
    assert "praksiskonsulenterne" in str(elderly.text)
    (goal,) = elderly.changed_goals
    assert [fact.label for fact in goal.facts] == ["Frist"]

    client = Client()
    assert log_in_with_password(client, "sekretariat@klynge.test", "demo")
    url = reverse("health_plan_compare", args=[plan.pk])
    page = client.get(f"{url}?fra=1&til={recommended.number}").content.decode()
    assert "Ændret afsnit" in page and "praksiskonsulenterne" in page
