import pytest

from klynge.actionplans.models import State
from klynge.actionplans.tests.factories import CONFIRMATION
from klynge.core.tests.personas import bearer

pytestmark = pytest.mark.django_db


def test_flow_through_the_api(client, gov):
    from klynge.actionplans import services

    initiative = gov.initiative()
    lead = bearer(gov.lead)
    assert (
        client.get(f"/api/v1/plans/{gov.plan.pk}/initiatives", **lead).json()[0]["state"]
        == "ordered"
    )
    missing = client.post(
        f"/api/v1/initiatives/{initiative.pk}/confirmations",
        {**CONFIRMATION, "patient_involvement": ""},
        content_type="application/json",
        **lead,
    )
    assert missing.status_code == 400 and "patientinddragelsen" in missing.json()["detail"]
    created = client.post(
        f"/api/v1/initiatives/{initiative.pk}/confirmations",
        CONFIRMATION,
        content_type="application/json",
        **lead,
    )
    assert created.status_code == 201 and created.json()["version"] == 1
    meeting = gov.meeting(gov.chief)
    [item] = services.put_cases_on_agenda(actor=gov.secretariat, meeting=meeting)
    gov.hold(meeting)
    case = item.cases.get()
    refused = client.post(
        f"/api/v1/cases/{case.pk}/decision",
        {"approve": True},
        content_type="application/json",
        **lead,
    )
    assert refused.status_code == 403
    decided = client.post(
        f"/api/v1/cases/{case.pk}/decision",
        {"approve": True},
        content_type="application/json",
        **bearer(gov.chief_chair),
    )
    assert decided.status_code == 200 and "godkendt" in decided.json()["outcome"]
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED_CHIEF


def test_outsider_sees_no_plans(client, gov):
    gov.initiative()
    headers = bearer(gov.outsider)
    assert client.get("/api/v1/plans", **headers).json() == []
    assert client.get(f"/api/v1/plans/{gov.plan.pk}/initiatives", **headers).status_code == 404
