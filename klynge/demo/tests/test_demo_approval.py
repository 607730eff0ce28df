"""The demo's nærsundhedsplan waits for approval: recommended by the council's January
decision to the regionsråd and the Aarhus and Samsø councils, Samsø and Aarhus have said yes,
the regionsråd has it on its agenda; three goals have their first follow-up."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from klynge.core.tests.personas import log_in_with_password
from klynge.demo.councils import ITEM_PLAN
from klynge.healthplans.models import GoalStatus, HealthPlan, PlanStatus, PlanVersion
from klynge.healthplans.services import approval_of
from klynge.recommendations.models import Outcome, State

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_sent_for_approval_two_have_answered(settings):
    settings.DEMO_MODE = True
    call_command("load-demo")
    plan = HealthPlan.objects.get(cluster__name="Sundhedsråd Aarhus")
    assert plan.status == PlanStatus.RECOMMENDED
    assert plan.get_status_display() == "Sendt til godkendelse"
    approval = approval_of(plan)
    assert approval.version is not None
    assert approval.version.purpose == PlanVersion.Purpose.APPROVAL
    assert approval.version.item.title == ITEM_PLAN
    states = {a.body.name: a.recommendation for a in approval.answers}
    assert set(states) == {
        "Regionsrådet, Region Midtjylland",
        "Aarhus Byråd",
        "Samsø Kommunalbestyrelse",
    }
    for name in ["Aarhus Byråd", "Samsø Kommunalbestyrelse"]:
        assert (states[name].state, states[name].outcome) == (State.DECIDED, Outcome.ADOPTED)
    assert states["Regionsrådet, Region Midtjylland"].state == State.ON_AGENDA
    assert approval.yes_count == 2
    assert plan.approved_version is None and plan.published_at is None

    followed = [
        goal for section in plan.sections.all() for goal in section.goals.all() if goal.status
    ]
    assert {g.status for g in followed} == set(GoalStatus.values)
    assert all(g.status_reason and g.status_changes.count() == 1 for g in followed)

    client = Client()
    assert log_in_with_password(client, "sekretariat@klynge.test", "demo")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "2 af 3 har tiltrådt planen." in page
    year = plan.period_start
    report = client.get(reverse("health_plan_followup", args=[plan.pk, year]))
    assert report.status_code == 200
    assert followed[0].status_reason in report.content.decode()
    # Not published: no public page yet.
    assert Client().get(reverse("public_health_plan", args=[plan.pk])).status_code == 404
