"""The API gives each recommendation's chain, as far as the caller may read the decision."""

import pytest

from klynge.core.tests.personas import bearer
from klynge.meetings.models import MeetingStatus
from klynge.recommendations import services
from klynge.recommendations.models import Outcome, State
from klynge.recommendations.tests.conftest import later, set_status

pytestmark = pytest.mark.django_db


def _answer(sent, secretariat):
    services.change_recommendation_state(
        actor=secretariat,
        recommendation=sent,
        to_state=State.ON_AGENDA,
        meeting_date=later(sent, 34),
        agenda_url="https://www.rm.dk/dagsorden",
    )
    services.change_recommendation_state(
        actor=secretariat,
        recommendation=sent,
        to_state=State.DECIDED,
        decided_on=later(sent, 34),
        outcome=Outcome.AMENDED,
        decision_text="Tiltrådt med ændringer.",
        minutes_url="https://www.rm.dk/referat",
    )


def test_item_recommendations_give_the_whole_chain(client, sent, secretariat):
    _answer(sent, secretariat)
    response = client.get(f"/api/v1/items/{sent.item_id}/recommendations", **bearer(secretariat))
    assert response.status_code == 200
    (chain,) = response.json()
    meeting = sent.item.meeting
    assert chain["from_body_name"] == meeting.body.name
    assert chain["recommended_on"] == meeting.date.isoformat()
    assert chain["receiver_name"] == "Regionsrådet, Region Midtjylland"
    assert chain["to_external_id"] == sent.to_external_id and chain["to_body_id"] is None
    assert (chain["state"], chain["outcome"]) == ("decided", "amended")
    assert chain["decided_on"] == later(sent, 34).isoformat()
    assert chain["minutes_url"] == "https://www.rm.dk/referat"
    assert [(s["from_state"], s["to_state"]) for s in chain["history"]] == [
        (None, "sent"),
        ("sent", "on_agenda"),
        ("on_agenda", "decided"),
    ]


def test_the_list_filters_by_body_and_state_and_follows_the_decisions_rule(
    client, sent, secretariat, member
):
    body = sent.item.meeting.body_id
    url = "/api/v1/recommendations"
    assert len(client.get(url, {"body_id": body}, **bearer(secretariat)).json()) == 1
    assert client.get(url, {"state": "decided"}, **bearer(secretariat)).json() == []
    assert client.get(url, {"body_id": body + 1}, **bearer(secretariat)).json() == []
    assert client.get(url, **bearer(member)).json() == []
    set_status(sent.item.meeting, MeetingStatus.MINUTES_APPROVED)
    assert [r["id"] for r in client.get(url, **bearer(member)).json()] == [sent.pk]


def test_an_item_the_caller_may_not_see_is_not_found(client, sent, outsider):
    response = client.get(f"/api/v1/items/{sent.item_id}/recommendations", **bearer(outsider))
    assert response.status_code == 200 and response.json() == []  # open item, decision hidden
    sent.item.is_closed = True
    sent.item.save(update_fields=["is_closed"])
    response = client.get(f"/api/v1/items/{sent.item_id}/recommendations", **bearer(outsider))
    assert response.status_code == 404


def test_the_schema_describes_the_chain(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/recommendations" in schema["paths"]
    assert "/api/v1/items/{item_id}/recommendations" in schema["paths"]
    fields = schema["components"]["schemas"]["RecommendationOut"]["properties"]
    assert {"state", "sent_on", "meeting_date", "decided_on", "outcome", "history"} <= set(fields)
