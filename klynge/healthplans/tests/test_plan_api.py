"""The plans in the API: the pages' rules (drafts are the secretariat's, versions the
council's, a published plan everyone's as its approved version)."""

import datetime

import pytest
from django.utils import timezone

from klynge.core.tests.personas import bearer
from klynge.healthplans import services
from klynge.healthplans.models import HealthPlan, PlanStatus, PlanVersion
from klynge.healthplans.tests.factories import PlanGoalFactory, PlanSectionFactory
from klynge.healthplans.tests.plan_data import council_plan, council_work
from klynge.recommendations.models import ExternalBody

pytestmark = pytest.mark.django_db

DRAFT = "Kun i kladden"


@pytest.fixture
def plan(body, secretariat) -> HealthPlan:
    plan = council_plan(body)
    work = council_work(plan.cluster)
    goal = PlanGoalFactory(
        section=PlanSectionFactory(plan=plan, title="Samsø", text="<p>Akutteam</p>"),
        deadline=datetime.date(2029, 12, 31),
    )
    goal.initiatives.add(work.initiative)
    plan.approvers.add(
        ExternalBody.objects.create(
            name="Samsø Kommunalbestyrelse", kind=ExternalBody.Kind.MUNICIPAL_COUNCIL
        )
    )
    services.freeze_version(actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.HEARING)
    plan.sections.update(text=f"<p>{DRAFT}</p>")
    return plan


def _get(client, user, plan):
    return client.get(f"/api/v1/health-plans/{plan.pk}", **bearer(user))


def test_the_secretariat_reads_the_draft_and_the_versions(client, plan, secretariat):
    response = _get(client, secretariat, plan)
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["period_start"], data["period_end"]) == ("draft", 2027, 2030)
    assert [a["name"] for a in data["approvers"]] == ["Samsø Kommunalbestyrelse"]
    (section,) = data["draft"]["sections"]
    assert section["text"] == f"<p>{DRAFT}</p>"
    goal = section["goals"][0]
    assert goal["deadline"] == "2029-12-31"
    assert goal["initiatives"][0][1] == "Indsats 1: Opsporing af KOL i almen praksis"
    (version,) = data["versions"]
    assert version["number"] == 1 and version["purpose"] == "hearing"
    assert version["content"]["sections"][0]["text"] == "<p>Akutteam</p>"


def test_a_member_reads_the_versions_but_not_the_draft(client, plan, member):
    data = _get(client, member, plan).json()
    assert data["draft"] is None
    assert data["versions"][0]["content"]["sections"][0]["title"] == "Samsø"
    assert DRAFT not in str(data)


def test_an_outsider_reads_only_a_published_plans_approved_version(
    client, plan, outsider, secretariat
):
    assert _get(client, outsider, plan).status_code == 404
    assert client.get("/api/v1/health-plans", **bearer(outsider)).json()["items"] == []
    approved = services.freeze_version(actor=secretariat, plan=plan, purpose="approved")
    HealthPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.APPROVED,
        approved_version=approved,
        approved_on=datetime.date(2027, 4, 1),
        published_at=timezone.now(),
    )
    data = _get(client, outsider, plan).json()
    assert data["draft"] is None
    assert [v["number"] for v in data["versions"]] == [approved.number]
    listed = client.get("/api/v1/health-plans", **bearer(outsider)).json()["items"]
    assert [p["id"] for p in listed] == [plan.pk]


def test_the_list_filters_by_council_and_status(client, plan, member):
    url = "/api/v1/health-plans"
    items = client.get(url, **bearer(member)).json()["items"]
    assert [p["id"] for p in items] == [plan.pk]
    assert items[0]["url"] == plan.get_absolute_url()
    assert client.get(url, {"status": "approved"}, **bearer(member)).json()["items"] == []
    other = {"cluster_id": plan.cluster_id + 1000}
    assert client.get(url, other, **bearer(member)).json()["items"] == []


def test_the_schema_describes_plans_and_versions(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/health-plans/{plan_id}" in schema["paths"]
    fields = schema["components"]["schemas"]["PlanDetailOut"]["properties"]
    assert {"status", "approvers", "draft", "versions"} <= set(fields)


def test_a_member_finds_no_plan_without_a_version_they_may_read(client, body, member, secretariat):
    """The API's list and plan by the pages' rule (`access.readable_plans`, `can_read_plan`):
    a plan only in the draft, or saved as a working version, is the secretariat's."""
    plan = council_plan(body)
    PlanSectionFactory(plan=plan, title="Samsø")
    services.freeze_version(actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.OTHER)
    url = "/api/v1/health-plans"
    assert [p["id"] for p in client.get(url, **bearer(secretariat)).json()["items"]] == [plan.pk]
    assert client.get(url, **bearer(member)).json()["items"] == []
    assert _get(client, member, plan).status_code == 404
    services.freeze_version(actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.HEARING)
    assert [p["id"] for p in client.get(url, **bearer(member)).json()["items"]] == [plan.pk]
    assert _get(client, member, plan).status_code == 200
