import pytest
from django.urls import reverse

from klynge.core.tests.personas import login
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import VotesBy
from klynge.votes import services
from klynge.votes.models import Choice, Inhabilitet, Result, Statement, Vote

pytestmark = pytest.mark.django_db


def _set_status(meeting, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)


def test_secretariat_records_a_vote_and_sees_the_result(client, item, council, secretariat):
    login(client, secretariat)
    url = reverse("vote_create", args=[item.pk])
    form = client.get(url)
    assert form.status_code == 200
    page = form.content.decode()
    assert "<legend" in page and council[0].name in page
    data = {"subject": "Ændringsforslag fra V"}
    data |= {f"ballot_{p.pk}": Choice.FOR for p in council[:3]}
    data[f"ballot_{council[3].pk}"] = Choice.AGAINST
    response = client.post(url, data, follow=True)
    vote = Vote.objects.get()
    assert (vote.votes_for, vote.votes_against, vote.result) == (3, 1, Result.ADOPTED)
    page = response.content.decode()
    assert "Ændringsforslag fra V: Vedtaget" in page
    assert "3 for, 1 imod, 0 undlod" in page


def test_a_vote_with_nobody_is_refused_with_a_message(client, item, secretariat):
    login(client, secretariat)
    response = client.post(reverse("vote_create", args=[item.pk]), {"subject": "Indstillingen"})
    assert response.status_code == 422
    assert "ingen stemmer" in response.content.decode()
    assert not Vote.objects.exists()


def test_members_cannot_record_votes(client, item, council, member):
    login(client, member)
    url = reverse("vote_create", args=[item.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {f"ballot_{council[0].pk}": Choice.FOR}).status_code == 403
    assert not Vote.objects.exists()


def test_a_vote_cannot_be_recorded_once_the_minutes_are_approved(
    client, item, council, secretariat
):
    _set_status(item.meeting, MeetingStatus.MINUTES_APPROVED)
    login(client, secretariat)
    response = client.post(
        reverse("vote_create", args=[item.pk]),
        {"subject": "Indstillingen", f"ballot_{council[0].pk}": Choice.FOR},
    )
    assert response.status_code == 422
    assert not Vote.objects.exists()


def test_group_vote_form_lists_groups(client, body, item, council, secretariat):
    body.votes_by = VotesBy.GROUP
    body.save()
    login(client, secretariat)
    url = reverse("vote_create", args=[item.pk])
    page = client.get(url).content.decode()
    assert f"Org {council[0].name}" in page
    form = client.get(url).context["form"]
    index = list(form.groups).index(f"Org {council[0].name}")
    response = client.post(
        url,
        {
            "subject": "Indstillingen",
            f"group_{index}_name": "Venstre",
            f"group_{index}": Choice.AGAINST,
        },
    )
    assert response.status_code == 302
    ballot = Vote.objects.get().ballots.get()
    assert (ballot.person, ballot.group, ballot.choice) == (council[0], "Venstre", Choice.AGAINST)


def test_vote_delete(client, item, council, secretariat, member):
    vote = services.record_vote(
        actor=secretariat, item=item, subject="", choices={council[0].pk: Choice.FOR}
    )
    url = reverse("vote_delete", args=[vote.pk])
    login(client, member)
    assert client.post(url).status_code == 403
    login(client, secretariat)
    assert client.post(url).status_code == 302
    assert not Vote.objects.exists()


def test_inhabilitet_is_declared_and_named_on_the_item(client, item, council, secretariat):
    login(client, secretariat)
    url = reverse("inhabilitet_create", args=[item.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"person": council[0].pk, "reason": "Ejer grunden"}, follow=True)
    page = response.content.decode()
    assert f"{council[0].name} deltog ikke i behandlingen af punktet (inhabil)" in page
    # The secretariat sees the reason; the vote form leaves the member out.
    assert "Ejer grunden" in page
    assert (
        council[0].name not in client.get(reverse("vote_create", args=[item.pk])).content.decode()
    )


def test_inhabilitet_form_refuses_nobody_and_outsiders(client, item, secretariat, member):
    login(client, secretariat)
    response = client.post(reverse("inhabilitet_create", args=[item.pk]), {"person": ""})
    assert response.status_code == 422
    login(client, member)
    assert client.get(reverse("inhabilitet_create", args=[item.pk])).status_code == 403
    assert not Inhabilitet.objects.exists()


def test_inhabilitet_delete(client, item, council, secretariat, chair):
    inhabilitet = services.declare_inhabil(actor=secretariat, item=item, person=council[0])
    url = reverse("inhabilitet_delete", args=[inhabilitet.pk])
    login(client, chair)
    assert client.post(url).status_code == 403
    login(client, secretariat)
    assert client.post(url).status_code == 302
    assert not Inhabilitet.objects.exists()


def test_statement_is_added_and_shown(client, item, council, secretariat):
    login(client, secretariat)
    url = reverse("statement_create", args=[item.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"kind": "minority", "people": [council[0].pk, council[1].pk], "text": "Vi er imod."},
        follow=True,
    )
    page = response.content.decode()
    assert "Mindretalsudtalelse fra" in page and "Vi er imod." in page


def test_statement_without_anyone_is_refused(client, item, secretariat, member):
    login(client, secretariat)
    url = reverse("statement_create", args=[item.pk])
    response = client.post(url, {"kind": "minority", "text": "Vi er imod."})
    assert response.status_code == 422
    assert "medlemmer eller en gruppe" in response.content.decode()
    login(client, member)
    assert client.post(url, {"kind": "minority", "group": "V", "text": "x"}).status_code == 403
    assert not Statement.objects.exists()


def test_statement_delete(client, item, secretariat, member):
    statement = services.add_statement(actor=secretariat, item=item, text="Imod", group="V")
    url = reverse("statement_delete", args=[statement.pk])
    login(client, member)
    assert client.post(url).status_code == 403
    login(client, secretariat)
    assert client.post(url).status_code == 302
    assert not Statement.objects.exists()


@pytest.fixture
def recorded(item, council, secretariat):
    services.declare_inhabil(actor=secretariat, item=item, person=council[4], reason="PERSONLIGT")
    services.record_vote(
        actor=secretariat,
        item=item,
        subject="AFSTEMNINGEN",
        choices={council[0].pk: Choice.FOR, council[1].pk: Choice.AGAINST},
    )
    services.add_statement(actor=secretariat, item=item, text="UDTALELSEN", group="V")
    return item


@pytest.mark.parametrize(
    ("status", "persona", "sees"),
    [
        (MeetingStatus.HELD, "chair", False),
        (MeetingStatus.MINUTES_DRAFT, "chair", True),
        (MeetingStatus.MINUTES_DRAFT, "member", False),
        (MeetingStatus.MINUTES_APPROVED, "member", True),
        (MeetingStatus.MINUTES_DRAFT, "secretariat", True),
    ],
)
def test_a_vote_is_seen_when_the_decision_is(client, request, recorded, status, persona, sees):
    _set_status(recorded.meeting, status)
    login(client, request.getfixturevalue(persona))
    page = client.get(recorded.meeting.get_absolute_url()).content.decode()
    for marker in ("AFSTEMNINGEN", "UDTALELSEN", "(inhabil)"):
        assert (marker in page) == sees, marker
    assert ("PERSONLIGT" in page) == (sees and persona in {"chair", "secretariat"})


@pytest.mark.parametrize(
    ("status", "sees"),
    [(MeetingStatus.MINUTES_APPROVED, False), (MeetingStatus.MINUTES_PUBLISHED, True)],
)
def test_the_public_sees_votes_once_the_minutes_are_published(client, recorded, status, sees):
    _set_status(recorded.meeting, status)
    page = client.get(reverse("public_meeting_detail", args=[recorded.meeting.pk]))
    text = page.content.decode()
    for marker in ("AFSTEMNINGEN", "UDTALELSEN", "(inhabil)"):
        assert (marker in text) == sees, marker
    assert "PERSONLIGT" not in text
    assert "Slet afstemningen" not in text


def test_the_meeting_page_queries_stay_flat_as_votes_grow(client, held, council, secretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from klynge.meetings.tests.factories import AgendaItemFactory

    login(client, secretariat)

    def add_items(n):
        for _ in range(n):
            item = AgendaItemFactory(meeting=held, position=held.items.count() + 1)
            services.declare_inhabil(actor=secretariat, item=item, person=council[4])
            services.record_vote(
                actor=secretariat,
                item=item,
                subject="Indstillingen",
                choices={council[0].pk: Choice.FOR, council[1].pk: Choice.AGAINST},
            )
            services.add_statement(actor=secretariat, item=item, text="Imod", people=[council[1]])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(held.get_absolute_url()).status_code == 200
        return len(queries)

    add_items(1)
    small = count()
    add_items(5)
    assert count() == small
