import pytest

from klynge.accounts.models import ApiToken
from klynge.core.tests.personas import bearer
from klynge.meetings import services
from klynge.meetings.models import MeetingStatus

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_public(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Klynge API"
    assert "/api/v1/meetings/{meeting_id}" in schema["paths"]


def test_requests_without_a_valid_token_are_refused(client, meeting):
    assert client.get("/api/v1/bodies").status_code == 401
    assert client.get("/api/v1/bodies", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_members_and_meeting_with_items(client, meeting, secretariat, member):
    services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": "Lukket sag", "is_closed": True}
    )
    services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    headers = bearer(member)
    members = client.get(f"/api/v1/bodies/{meeting.body_id}/members", **headers).json()
    assert {m["role"] for m in members} >= {"member", "co_chair", "secretariat"}
    data = client.get(f"/api/v1/meetings/{meeting.pk}", **headers).json()
    assert [i["title"] for i in data["items"]] == [
        "Godkendelse af dagsorden",
        "Lukket sag",
        "Eventuelt",
    ]
    assert data["items"][0]["decision"] is None  # minutes not approved yet
    assert len(data["attendance"]) == 3


def test_outsider_sees_no_closed_items_and_no_planned_meetings(
    client, meeting, secretariat, outsider
):
    headers = bearer(outsider)
    assert client.get(f"/api/v1/meetings/{meeting.pk}", **headers).status_code == 404
    assert client.get("/api/v1/meetings", **headers).json() == []
    services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": "Lukket sag", "is_closed": True}
    )
    services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    data = client.get(f"/api/v1/meetings/{meeting.pk}", **headers).json()
    assert "Lukket sag" not in [i["title"] for i in data["items"]]


FULL_ITEM_FIELDS = [
    "title",
    "case_number",
    "kind",
    "start_time",
    "end_time",
    "presenters_text",
    "recommendation",
    "presentation",
    "is_closed",
    "version",
]


def test_secretariat_writes_items_and_decisions(client, meeting, secretariat):
    headers = bearer(secretariat)
    created = client.post(
        f"/api/v1/meetings/{meeting.pk}/items",
        {"title": "Status for handleplan", "recommendation": ["at status tages til efterretning"]},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    item = created.json()
    assert item["position"] == 2
    full = {k: item[k] for k in FULL_ITEM_FIELDS}
    updated = client.put(
        f"/api/v1/items/{item['id']}",
        full | {"title": "Status for handleplanen"},
        content_type="application/json",
        **headers,
    )
    assert updated.json()["title"] == "Status for handleplanen"
    stale = client.put(
        f"/api/v1/items/{item['id']}",
        full | {"title": "For sent"},
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409
    assert "ændret af en anden" in stale.json()["detail"]
    early = client.put(
        f"/api/v1/items/{item['id']}/decision",
        {"decision": "Taget til efterretning", "version": updated.json()["version"]},
        content_type="application/json",
        **headers,
    )
    assert early.status_code == 400


def test_member_cannot_write_through_the_api(client, meeting, member, chair):
    services.change_meeting_status(
        actor=None, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/items",
        {"title": "Nyt"},
        content_type="application/json",
        **bearer(member),
    )
    assert response.status_code == 403
    assert meeting.items.count() == 2


def test_create_token_command_prints_a_working_token(client, member):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create-token", member.email, stdout=out)
    raw = out.getvalue().strip()
    assert client.get("/api/v1/bodies", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token = ApiToken.objects.get(user=member)
    assert raw.startswith(token.prefix) and token.key_hash != raw  # only the hash is kept
