"""The pages: sending on, the next step, Sendt videre, the external bodies, the home box."""

import datetime

import pytest
from django.urls import reverse

from klynge.core.tests.personas import bearer, login
from klynge.meetings.models import MeetingStatus
from klynge.organisations.tests.factories import BodyFactory
from klynge.recommendations import services
from klynge.recommendations.models import ExternalBody, Outcome, Recommendation, State
from klynge.recommendations.tests.conftest import later, set_status
from klynge.recommendations.tests.factories import ExternalBodyFactory

pytestmark = pytest.mark.django_db


# Sending on ----------------------------------------------------------------------------------


def test_secretariat_sends_a_decision_on_and_the_item_shows_the_chain(
    client, item, region, secretariat
):
    council = BodyFactory.create(name="Sundhedsråd Limfjorden")
    login(client, secretariat)
    url = reverse("recommendation_send", args=[item.pk])
    assert "Regionsrådet, Region Midtjylland" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "to_external": [region.pk],
            "to_bodies": [council.pk],
            "sent_on": item.meeting.date.isoformat(),
        },
    )
    assert response.status_code == 302
    assert sorted(r.receiver_name for r in Recommendation.objects.all()) == [
        "Regionsrådet, Region Midtjylland",
        "Sundhedsråd Limfjorden",
    ]
    page = client.get(item.meeting.get_absolute_url()).content.decode()
    assert "Sendt videre" in page
    assert "sendt til Regionsrådet, Region Midtjylland" in page
    assert "venter på svar" in page


def test_member_cannot_send_a_decision_on(client, item, region, member):
    login(client, member)
    response = client.post(
        reverse("recommendation_send", args=[item.pk]),
        {"to_external": [region.pk], "sent_on": item.meeting.date.isoformat()},
    )
    assert response.status_code == 403
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Vælg mindst ét organ"),
        ({"sent_on": "2001-01-01"}, "før mødet"),
    ],
)
def test_sending_without_a_receiver_or_before_the_meeting_is_refused_in_words(
    client, item, region, secretariat, data, message
):
    login(client, secretariat)
    post = {"sent_on": item.meeting.date.isoformat()} | data
    if "sent_on" in data:
        post["to_external"] = [region.pk]
    response = client.post(reverse("recommendation_send", args=[item.pk]), post)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Recommendation.objects.exists()


# The next step -------------------------------------------------------------------------------


def test_secretariat_enters_the_agenda_then_the_decision(client, sent, secretariat):
    login(client, secretariat)
    url = reverse("recommendation_state", args=[sent.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "to_state": "on_agenda",
            "meeting_date": later(sent, 30).isoformat(),
            "agenda_url": "https://www.rm.dk/dagsorden/1",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "to_state": "decided",
            "decided_on": later(sent, 30).isoformat(),
            "outcome": "amended",
            "decision_text": "Tiltrådt med ændringer i punkt 2.",
            "minutes_url": "https://www.rm.dk/referat/1",
        },
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.state, sent.outcome) == (State.DECIDED, Outcome.AMENDED)
    page = client.get(sent.item.meeting.get_absolute_url()).content.decode()
    assert "Regionsrådet, Region Midtjylland besluttede" in page
    assert "tiltrådt med ændringer" in page
    assert "Tiltrådt med ændringer i punkt 2." in page
    assert 'href="https://www.rm.dk/referat/1"' in page


def test_chair_cannot_enter_the_next_step(client, sent, chair):
    set_status(sent.item.meeting, MeetingStatus.MINUTES_DRAFT)
    login(client, chair)
    url = reverse("recommendation_state", args=[sent.pk])
    response = client.post(
        url, {"to_state": "on_agenda", "meeting_date": later(sent, 1).isoformat()}
    )
    assert response.status_code == 403
    assert Recommendation.objects.get().state == State.SENT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_state": "decided", "decided_on": "2030-01-01", "outcome": "adopted"}, "gå fra"),
        ({"to_state": "on_agenda", "meeting_date": "2001-01-01"}, "kan ikke ligge før"),
        (
            {"to_state": "on_agenda", "meeting_date": "2030-01-01", "agenda_url": "ftp://x.dk"},
            "http:// eller https://",
        ),
        ({"to_state": "on_agenda"}, "Angiv datoen"),
    ],
)
def test_a_bad_step_is_refused_in_words_and_nothing_is_saved(
    client, sent, secretariat, data, message
):
    login(client, secretariat)
    response = client.post(reverse("recommendation_state", args=[sent.pk]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    sent.refresh_from_db()
    assert (sent.state, sent.meeting_date, sent.changes.count()) == (State.SENT, None, 1)


# Who sees it: the decision's rule ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "seen_by"),
    [
        (MeetingStatus.HELD, {"secretariat"}),
        (MeetingStatus.MINUTES_DRAFT, {"secretariat", "chair"}),
        (MeetingStatus.MINUTES_APPROVED, {"secretariat", "chair", "member"}),
        (MeetingStatus.MINUTES_PUBLISHED, {"secretariat", "chair", "member", "outsider"}),
    ],
)
def test_a_recommendation_is_seen_when_the_decision_is(client, sent, request, status, seen_by):
    set_status(sent.item.meeting, status)
    body = sent.item.meeting.body
    for persona in ("secretariat", "chair", "member", "outsider"):
        login(client, request.getfixturevalue(persona))
        listed = client.get(reverse("body_recommendations", args=[body.pk])).content.decode()
        api = client.get("/api/v1/recommendations", **_bearer(request, persona)).json()
        assert (sent.item.title in listed) == (persona in seen_by), persona
        assert bool(api) == (persona in seen_by), persona
        if persona != "outsider" or status == MeetingStatus.MINUTES_PUBLISHED:
            page = client.get(sent.item.meeting.get_absolute_url()).content.decode()
            assert ("venter på svar" in page) == (persona in seen_by), persona
        state_page = client.get(reverse("recommendation_state", args=[sent.pk]))
        assert state_page.status_code == (
            200 if persona == "secretariat" else 404 if persona not in seen_by else 403
        ), persona


def _bearer(request, persona):
    return bearer(request.getfixturevalue(persona))


def test_member_does_not_see_a_recommendation_of_draft_minutes(client, sent, member):
    set_status(sent.item.meeting, MeetingStatus.MINUTES_DRAFT)
    login(client, member)
    page = client.get(sent.item.meeting.get_absolute_url()).content.decode()
    assert "Regionsrådet, Region Midtjylland" not in page
    listed = client.get(reverse("body_recommendations", args=[sent.item.meeting.body_id]))
    assert "Intet sendt videre." in listed.content.decode()
    answer = client.get(f"/api/v1/items/{sent.item_id}/recommendations", **bearer(member))
    assert answer.status_code == 200 and answer.json() == []


# Sendt videre: the body's list and its filters ------------------------------------------------


def test_the_body_list_filters_by_state_and_receiver(client, item, region, secretariat):
    kkr = ExternalBodyFactory.create(name="KKR Midtjylland", kind=ExternalBody.Kind.KKR)
    council = BodyFactory.create(name="Sundhedsråd Limfjorden")
    _to_region, to_kkr, _to_council = services.send_recommendations(
        actor=secretariat,
        item=item,
        sent_on=item.meeting.date,
        to_external=[region, kkr],
        to_bodies=[council],
    )
    services.change_recommendation_state(
        actor=secretariat,
        recommendation=to_kkr,
        to_state=State.ON_AGENDA,
        meeting_date=later(to_kkr, 5),
    )
    login(client, secretariat)
    url = reverse("body_recommendations", args=[item.meeting.body_id])

    def shown(**filters):
        page = client.get(url, filters).context["page"]
        return sorted(r.receiver_name for r in page)

    assert shown() == [
        "KKR Midtjylland",
        "Regionsrådet, Region Midtjylland",
        "Sundhedsråd Limfjorden",
    ]
    assert shown(status="on_agenda") == ["KKR Midtjylland"]
    assert shown(status="sent") == ["Regionsrådet, Region Midtjylland", "Sundhedsråd Limfjorden"]
    assert shown(til=f"e{region.pk}") == ["Regionsrådet, Region Midtjylland"]
    assert shown(til=f"b{council.pk}") == ["Sundhedsråd Limfjorden"]
    assert shown(til=f"e{kkr.pk}", status="sent") == []
    assert shown(til="nonsense", status="x") == shown()
    # Not ids: digits that are not ASCII, and numbers past a key (once a 500).
    everything = ["KKR Midtjylland", "Regionsrådet, Region Midtjylland", "Sundhedsråd Limfjorden"]
    for not_an_id in ("b²", "e①", "b" + "9" * 20):
        assert shown(til=not_an_id) == everything
    receivers = client.get(url, {"side": "1"}).context["receivers"]
    assert [label for _value, label in receivers] == [
        "KKR Midtjylland",
        "Regionsrådet, Region Midtjylland",
        "Sundhedsråd Limfjorden",
    ]


def test_the_body_page_links_to_sendt_videre(client, meeting, member):
    login(client, member)
    page = client.get(meeting.body.get_absolute_url()).content.decode()
    assert reverse("body_recommendations", args=[meeting.body_id]) in page


# External bodies ------------------------------------------------------------------------------


def test_secretariat_adds_and_edits_an_external_body(client, secretariat):
    login(client, secretariat)
    response = client.post(
        reverse("external_body_list"),
        {
            "name": "Kommunalbestyrelsen, Samsø Kommune",
            "kind": "municipal_council",
            "url": "https://www.samsoe.dk/politik",
            "region": "midtjylland",
        },
    )
    assert response.status_code == 302
    external = ExternalBody.objects.get()
    assert external.url == "https://www.samsoe.dk/politik"
    edit = reverse("external_body_edit", args=[external.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"name": "Samsø Kommunalbestyrelse", "kind": "municipal_council", "url": ""}
    )
    assert response.status_code == 302
    external.refresh_from_db()
    assert (external.name, external.url, external.region) == ("Samsø Kommunalbestyrelse", "", "")


def test_member_cannot_keep_external_bodies(client, member, region):
    login(client, member)
    assert client.get(reverse("external_body_list")).status_code == 403
    response = client.post(
        reverse("external_body_edit", args=[region.pk]), {"name": "X", "kind": "kkr"}
    )
    assert response.status_code == 403
    region.refresh_from_db()
    assert region.name == "Regionsrådet, Region Midtjylland"


@pytest.mark.parametrize(
    ("url", "message"),
    [("javascript:alert(1)", "http:// eller https://"), ("rm.dk", "http:// eller https://")],
)
def test_an_external_body_with_a_bad_address_is_refused_in_words(client, secretariat, url, message):
    login(client, secretariat)
    response = client.post(
        reverse("external_body_list"), {"name": "KKR", "kind": "kkr", "url": url}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ExternalBody.objects.exists()


# The home page: waiting for an answer -------------------------------------------------------------


def _sent_days_ago(recommendation, days):
    sent_on = datetime.date.today() - datetime.timedelta(days=days)
    Recommendation.objects.filter(pk=recommendation.pk).update(sent_on=sent_on)


def test_home_shows_the_secretariat_what_waits_longer_than_the_chosen_days(
    client, sent, item, secretariat
):
    kkr = ExternalBodyFactory.create(name="KKR Midtjylland", kind=ExternalBody.Kind.KKR)
    (recent,) = services.send_recommendations(
        actor=secretariat, item=item, sent_on=item.meeting.date, to_external=[kkr]
    )
    _sent_days_ago(sent, 45)
    _sent_days_ago(recent, 20)
    login(client, secretariat)
    home = client.get(reverse("home"))
    assert [r.pk for r in home.context["waiting_recommendations"]] == [sent.pk]
    assert "Anbefalinger der venter på svar" in home.content.decode()
    assert [
        r.pk for r in client.get(reverse("home"), {"venter": 14}).context["waiting_recommendations"]
    ] == [sent.pk, recent.pk]
    assert not client.get(reverse("home"), {"venter": 60}).context["waiting_recommendations"]
    # A value not offered falls back to the default.
    assert client.get(reverse("home"), {"venter": "7"}).context["wait_days"] == 30


def test_home_box_leaves_out_the_answered_and_those_the_chair_may_not_read_yet(
    client, sent, secretariat, chair, member
):
    _sent_days_ago(sent, 45)
    login(client, chair)
    assert not client.get(reverse("home")).context["waiting_recommendations"]  # held only
    set_status(sent.item.meeting, MeetingStatus.MINUTES_DRAFT)
    assert [r.pk for r in client.get(reverse("home")).context["waiting_recommendations"]] == [
        sent.pk
    ]
    login(client, member)
    assert not client.get(reverse("home")).context["follows_up_recommendations"]
    services.change_recommendation_state(
        actor=secretariat,
        recommendation=sent,
        to_state=State.ON_AGENDA,
        meeting_date=later(sent, 50),
    )
    services.change_recommendation_state(
        actor=secretariat,
        recommendation=sent,
        to_state=State.DECIDED,
        decided_on=later(sent, 50),
        outcome=Outcome.ADOPTED,
    )
    login(client, secretariat)
    assert not client.get(reverse("home")).context["waiting_recommendations"]


def test_the_list_and_the_home_box_run_as_many_queries_for_many_as_for_few(
    client, item, secretariat
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def grow(n, start):
        for i in range(start, start + n):
            external = ExternalBodyFactory.create(name=f"Kommunalbestyrelse {i}")
            (rec,) = services.send_recommendations(
                actor=secretariat, item=item, sent_on=item.meeting.date, to_external=[external]
            )
            _sent_days_ago(rec, 40)

    login(client, secretariat)
    lists = reverse("body_recommendations", args=[item.meeting.body_id])
    grow(3, 0)
    small = count(lists), count(reverse("home"))
    grow(30, 3)
    large = count(lists + "?side=1"), count(reverse("home") + "?venter=30")
    assert small == large


def test_the_public_page_shows_the_chain_once_the_minutes_are_published(client, sent):
    meeting = sent.item.meeting
    url = reverse("public_meeting_detail", args=[meeting.pk])
    set_status(meeting, MeetingStatus.MINUTES_APPROVED)
    assert "Regionsrådet, Region Midtjylland" not in client.get(url).content.decode()
    set_status(meeting, MeetingStatus.MINUTES_PUBLISHED)
    page = client.get(url).content.decode()
    assert "sendt til Regionsrådet, Region Midtjylland" in page
    assert reverse("recommendation_send", args=[sent.item_id]) not in page


def test_the_step_form_offers_the_step_forward_first_and_nothing_once_decided(
    client, item, region, secretariat
):
    [sent] = services.send_recommendations(
        actor=secretariat, item=item, sent_on=item.meeting.date, to_external=[region]
    )
    services.change_recommendation_state(
        actor=secretariat,
        recommendation=sent,
        to_state=State.ON_AGENDA,
        meeting_date=later(sent, 5),
    )
    login(client, secretariat)
    url = reverse("recommendation_state", args=[sent.pk])
    form = client.get(url).context["form"]
    assert form.fields["to_state"].initial == State.DECIDED
    assert [value for value, _label in form.fields["to_state"].widget.choices] == [
        State.DECIDED,
        State.SENT,
    ]
    services.change_recommendation_state(
        actor=secretariat,
        recommendation=sent,
        to_state=State.DECIDED,
        decided_on=later(sent, 5),
        outcome="adopted",
    )
    page = client.get(url).content.decode()
    assert "Der er ikke flere skridt" in page and 'name="to_state"' not in page
