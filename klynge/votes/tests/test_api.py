import pytest
from django.test import Client

from klynge.api import api
from klynge.core.tests.personas import bearer
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.votes import services
from klynge.votes.models import Choice, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(item, council, secretariat):
    services.declare_inhabil(actor=secretariat, item=item, person=council[4], reason="PERSONLIGT")
    services.record_vote(
        actor=secretariat, item=item, subject="Indstillingen", choices={council[0].pk: Choice.FOR}
    )
    services.add_statement(actor=secretariat, item=item, text="Imod.", group="V")
    return item


def test_the_schema_describes_votes():
    schema = api.get_openapi_schema()
    assert "/api/v1/items/{item_id}/votes" in schema["paths"]
    components = schema["components"]["schemas"]
    assert {"ItemVotesOut", "VoteOut", "BallotOut", "InhabilitetOut", "StatementOut"} <= set(
        components
    )
    assert set(components["VoteOut"]["properties"]) >= {"result", "votes_for", "ballots"}


def test_the_secretariat_reads_votes_with_the_reason(client: Client, recorded, secretariat):
    answer = client.get(f"/api/v1/items/{recorded.pk}/votes", **bearer(secretariat)).json()
    assert answer["visible"] is True
    assert answer["votes"][0]["result"] == "adopted"
    assert answer["inhabil"][0]["reason"] == "PERSONLIGT"
    assert answer["statements"][0]["group"] == "V"


def test_a_member_sees_nothing_of_a_vote_in_draft_minutes(client: Client, recorded, member):
    Meeting.objects.filter(pk=recorded.meeting_id).update(status=MeetingStatus.MINUTES_DRAFT)
    answer = client.get(f"/api/v1/items/{recorded.pk}/votes", **bearer(member)).json()
    assert answer == {
        "item_id": recorded.pk,
        "visible": False,
        "votes": [],
        "inhabil": [],
        "statements": [],
    }
    Meeting.objects.filter(pk=recorded.meeting_id).update(status=MeetingStatus.MINUTES_APPROVED)
    answer = client.get(f"/api/v1/items/{recorded.pk}/votes", **bearer(member)).json()
    assert answer["votes"] and answer["inhabil"][0]["reason"] is None


def test_the_secretariat_records_a_vote_through_the_api(client: Client, item, council, secretariat):
    response = client.post(
        f"/api/v1/items/{item.pk}/votes",
        {
            "subject": "Ændringsforslag",
            "ballots": [
                {"person_id": council[0].pk, "choice": "for"},
                {"person_id": council[1].pk, "choice": "against"},
            ],
        },
        content_type="application/json",
        **bearer(secretariat),
    )
    assert response.status_code == 201
    assert response.json()["result"] == "tie"


def test_an_inhabil_members_vote_is_refused_through_the_api(
    client: Client, recorded, council, secretariat
):
    response = client.post(
        f"/api/v1/items/{recorded.pk}/votes",
        {"ballots": [{"person_id": council[4].pk, "choice": "for"}]},
        content_type="application/json",
        **bearer(secretariat),
    )
    assert response.status_code == 400
    assert "inhabil" in response.json()["detail"]
    assert Vote.objects.count() == 1


def test_a_member_cannot_record_a_vote(client: Client, item, council, member):
    response = client.post(
        f"/api/v1/items/{item.pk}/votes",
        {"ballots": [{"person_id": council[0].pk, "choice": "for"}]},
        content_type="application/json",
        **bearer(member),
    )
    assert response.status_code == 403


def test_a_person_twice_or_more_ballots_than_members_is_refused(
    client: Client, item, council, secretariat
):
    """Once the second of two ballots for one person won without a word."""
    twice = [
        {"person_id": council[0].pk, "choice": "for"},
        {"person_id": council[0].pk, "choice": "against"},
    ]
    response = client.post(
        f"/api/v1/items/{item.pk}/votes",
        {"ballots": twice},
        content_type="application/json",
        **bearer(secretariat),
    )
    assert response.status_code == 400
    assert "én gang" in response.json()["detail"]
    many = [{"person_id": council[0].pk, "choice": "for"}] * 501
    response = client.post(
        f"/api/v1/items/{item.pk}/votes",
        {"ballots": many},
        content_type="application/json",
        **bearer(secretariat),
    )
    assert response.status_code == 422
    assert not Vote.objects.exists()


def test_the_log_says_who_voted_how(client: Client, item, council, secretariat):
    from klynge.audit.models import AuditEvent

    client.post(
        f"/api/v1/items/{item.pk}/votes",
        {"ballots": [{"person_id": council[0].pk, "choice": "against"}]},
        content_type="application/json",
        **bearer(secretariat),
    )
    from klynge.audit.wording import describe

    event = AuditEvent.objects.get(action="vote.record")
    assert event.changes["ballots"] == {council[0].name: "against"}
    assert f"{council[0].name}: against" in [change.new for change in describe(event)]
