"""What an outside test of the page cache by scope found, kept as tests: pages that showed
another cluster's body or rows from clusters the viewer is not (yet) a member of, an
initiative carried over between two clusters, SQLite's bulk inserts, and writes that
needlessly rendered every page anew (a two-factor login, an API read)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from klynge.core import pagecache
from klynge.core.tests.personas import day
from klynge.core.tests.test_pagecache_scopes import (
    Elsewhere,
    logged_in,
    meeting_url,
    primed,
    view,
)
from klynge.meetings import services
from klynge.meetings.models import MeetingStatus
from klynge.organisations import services as org_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def elsewhere(db) -> Elsewhere:
    return Elsewhere()


def hold(meeting, actor):
    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)
    meeting.refresh_from_db()
    return meeting


def test_receiver_body_renamed_in_other_cluster_meeting_page(meeting, secretariat, elsewhere):
    from klynge.recommendations.services import send_recommendations

    hold(meeting, secretariat)
    item = meeting.items.first()
    send_recommendations(
        actor=secretariat, item=item, sent_on=meeting.date, to_bodies=[elsewhere.body]
    )
    old = elsewhere.body.name
    here = primed(secretariat, meeting_url(meeting))
    assert old in view(here, meeting_url(meeting))[1]
    # The other cluster's secretariat renames its body, in the browser.
    there = logged_in(elsewhere.secretariat)
    body = elsewhere.body
    response = there.post(
        reverse("body_edit", args=[body.cluster_id, body.pk]),
        {
            "name": "Omdøbt Modtagerorgan",
            "level": body.level,
            "description": body.description,
            "former_names": body.former_names,
            "is_active": "on",
            "agenda_deadline_days": body.agenda_deadline_days or "",
        },
    )
    assert response.status_code == 302
    state, content = view(here, meeting_url(meeting))
    assert "Omdøbt Modtagerorgan" in view(primed(secretariat), meeting_url(meeting))[1]  # new key
    assert "Omdøbt Modtagerorgan" in content, state  # fails: ("hit", the old name)


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture
def bumps(monkeypatch):
    """Every set of scopes replaced (after commit), in order."""
    seen: list[set[str]] = []
    real = pagecache.bump

    def spy(scopes):
        scopes = set(scopes)
        seen.append(scopes)
        real(scopes)

    monkeypatch.setattr(pagecache, "bump", spy)
    return seen


def test_receiver_body_renamed_home_waiting(meeting, secretariat, elsewhere):
    from klynge.meetings.models import Meeting
    from klynge.recommendations.services import send_recommendations

    Meeting.objects.filter(pk=meeting.pk).update(date=day(1))
    meeting.refresh_from_db()
    hold(meeting, secretariat)
    item = meeting.items.first()
    send_recommendations(
        actor=secretariat, item=item, sent_on=meeting.date, to_bodies=[elsewhere.body]
    )
    url = reverse("home") + "?venter=14"
    here = primed(secretariat, url)
    assert elsewhere.body.name in view(here, url)[1]
    body = elsewhere.body
    with pagecache.unit_of_work():
        org_services.save_body(
            actor=elsewhere.secretariat, body=body, values={"name": "Omdøbt Modtagerorgan"}
        )
    state, content = view(here, url)
    assert "Omdøbt Modtagerorgan" in view(primed(secretariat), url)[1]  # a new key shows it
    assert "Omdøbt Modtagerorgan" in content, state  # fails: hit, old name


def _future_member(body, email):
    from klynge.core.tests.personas import persona
    from klynge.organisations.models import Membership, Person

    user = persona(None, email)
    Membership.objects.create(
        person=Person.objects.get(user=user),
        body=body,
        role=Membership.Role.MEMBER,
        start_date=day(31) + datetime.timedelta(days=3),
    )
    return user


def _future_meeting(body, secretariat):
    return services.create_meeting(
        actor=secretariat,
        body=body,
        values={
            "date": day(31) + datetime.timedelta(days=10),
            "start_time": datetime.time(16, 0),
            "end_time": datetime.time(18, 0),
            "place": "Mødelokale 1",
        },
    )


def test_future_member_home_meeting_time_changed(body, secretariat):
    newcomer = _future_member(body, "ny@example.dk")
    later = _future_meeting(body, secretariat)
    services.change_meeting_status(
        actor=secretariat, meeting=later, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    home = reverse("home")
    client = primed(newcomer, home)
    assert "kl. 16:00" in view(client, home)[1]
    with pagecache.unit_of_work():
        services.update_meeting(
            actor=secretariat, meeting=later, values={"start_time": datetime.time(13, 0)}
        )
    state, content = view(client, home)
    assert "kl. 13:00" in view(primed(newcomer), home)[1]  # a new key shows it
    assert "kl. 13:00" in content, state  # fails: hit, still "kl. 16:00"


def test_future_member_home_agenda_withdrawn(body, secretariat):
    newcomer = _future_member(body, "ny@example.dk")
    later = _future_meeting(body, secretariat)
    services.change_meeting_status(
        actor=secretariat, meeting=later, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    home = reverse("home")
    client = primed(newcomer, home)
    assert "Dagsordener der venter på dit svar" in view(client, home)[1]
    with pagecache.unit_of_work():
        services.change_meeting_status(
            actor=secretariat, meeting=later, to_status=MeetingStatus.PLANNED
        )
    state, content = view(client, home)
    assert "Dagsordener der venter på dit svar" not in view(primed(newcomer), home)[1]
    assert "Dagsordener der venter på dit svar" not in content, state  # fails: hit


def test_needless_reads(meeting, secretariat, member, elsewhere, bumps, client):
    from klynge.core.tests.personas import PASSWORD, log_in_with_password

    publish_agenda = MeetingStatus.AGENDA_PUBLISHED
    services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=publish_agenda)
    here = primed(secretariat, meeting_url(meeting), reverse("home"))
    bumps.clear()
    # A login through the login page, a search, pages viewed, a PDF downloaded.
    report = {}
    c = Client()
    assert log_in_with_password(c, "medlem@example.dk", PASSWORD)
    report["login"] = list(bumps)
    bumps.clear()
    c.get(reverse("home"))
    c.get(meeting_url(meeting))
    report["views"] = list(bumps)
    bumps.clear()
    c.get(reverse("search") + "?q=dagsorden")
    report["search"] = list(bumps)
    bumps.clear()
    for name in ("public_meeting_list",):
        Client().get(reverse(name))
    report["public"] = list(bumps)
    bumps.clear()
    bad = Client()
    bad.post(reverse("login"), {"username": "medlem@example.dk", "password": "forkert"})
    report["failed login"] = list(bumps)
    bumps.clear()
    c.post(reverse("logout"))
    report["logout"] = list(bumps)
    assert view(here, meeting_url(meeting))[0] == "hit"
    assert view(here, reverse("home"))[0] == "hit"
    # The login replaces only the member's own user scope (their last_login).
    assert report["login"] == [{f"user:{member.pk}"}]
    assert all(not b for name, b in report.items() if name != "login"), report


def test_bulk_insert_outside_a_request_reaches_the_page(meeting, secretariat):
    from klynge.meetings.models import AgendaItem

    here = primed(secretariat, meeting_url(meeting))
    # A command or the worker adds an item in bulk (no signal names the row).
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=9, title="Tilføjet i bulk", kind="orientation")]
    )
    state, content = view(here, meeting_url(meeting))
    assert "Tilføjet i bulk" in content, state


def test_bulk_insert_in_a_request_reaches_the_page(meeting, secretariat, elsewhere):
    from klynge.meetings.models import AgendaItem

    here = primed(secretariat, meeting_url(meeting))
    with pagecache.unit_of_work():
        AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=meeting, position=9, title="Tilføjet i bulk", kind="orientation")]
        )
    state, content = view(here, meeting_url(meeting))
    assert "Tilføjet i bulk" in content, state


# --- carry-over: an initiative moved to a council, its history left in the cluster ---------


def test_needless_an_api_read_renders_every_page_anew(meeting, secretariat, member, bumps):
    from klynge.core.tests.personas import bearer

    here = primed(secretariat, meeting_url(meeting), reverse("home"))
    headers = bearer(member)  # made beforehand (an integration's token)
    view(here, meeting_url(meeting))  # the token made: both pages into the cache again
    view(here, reverse("home"))
    bumps.clear()
    response = Client().get("/api/v1/meetings", **headers)  # an integration reads the API
    assert response.status_code == 200
    assert view(here, meeting_url(meeting))[0] == "hit", bumps
    assert view(here, reverse("home"))[0] == "hit", bumps


def test_needless_a_two_factor_login_renders_every_page_anew(meeting, secretariat, member, bumps):
    from klynge.accounts.tests.test_two_factor import code, turn_on
    from klynge.core.tests.personas import PASSWORD, log_in_with_password

    device = turn_on(Client(), member)
    here = primed(secretariat, meeting_url(meeting))
    c = Client()
    assert log_in_with_password(c, member.email, PASSWORD)
    bumps.clear()
    response = c.post(reverse("two_factor_verify"), {"code": code(device, step=1)})
    assert response.status_code == 302
    assert view(here, meeting_url(meeting))[0] == "hit", bumps


def test_needless_opening_the_two_factor_page_renders_every_page_anew(
    meeting, secretariat, member, bumps
):
    here = primed(secretariat, meeting_url(meeting))
    c = logged_in(member)
    bumps.clear()
    assert c.get(reverse("two_factor_setup")).status_code == 200  # only looking at the QR code
    assert view(here, meeting_url(meeting))[0] == "hit", bumps


# --- what held ---------------------------------------------------------------------------


def fresh_after(client, url, marker, present=True):
    state, content = view(client, url)
    assert (marker in content) is present, (state, marker)
    return state


def test_held_meeting_page_and_home(meeting, secretariat, chair, member, elsewhere):
    from klynge.followups import services as followups
    from klynge.organisations.models import Membership, Person
    from klynge.recommendations.services import change_recommendation_state, send_recommendations
    from klynge.votes import services as votes
    from klynge.votes.tests.factories import hold as hold_all
    from klynge.votes.tests.factories import seat

    people = seat(meeting.body, ["Anna Bech", "Bo Dahl", "Carl Enevold"])
    services.invite_members(meeting=meeting)
    hold_all(meeting, secretariat)
    item = meeting.items.first()
    mine = Person.objects.get(user=member)
    url, home = meeting_url(meeting), reverse("home")
    here = primed(secretariat, url, reverse("body_detail", args=[meeting.body_id]))
    own = primed(member, home)
    with pagecache.unit_of_work():
        f = followups.create_follow_up(
            actor=secretariat, item=item, text="Ring til kommunen", responsible=mine
        )
    fresh_after(own, home, "Ring til kommunen")
    fresh_after(here, url, "Ring til kommunen")
    with pagecache.unit_of_work():  # a guarded update() named by the audit
        followups.complete_follow_up(actor=member, follow_up=f)
    fresh_after(here, url, "Udført")
    fresh_after(own, home, "Ring til kommunen", present=False)
    [rec] = send_recommendations(
        actor=secretariat, item=item, sent_on=meeting.date, to_bodies=[elsewhere.body]
    )
    view(here, url)
    with pagecache.unit_of_work():
        change_recommendation_state(
            actor=secretariat, recommendation=rec, to_state="on_agenda", meeting_date=day(31)
        )
    fresh_after(here, url, "på dagsordenen hos")
    with pagecache.unit_of_work():
        services.set_attendance(
            actor=secretariat,
            attendance=meeting.attendances.get(person=mine),
            status="attending",
            absent_items=[item],
        )
    fresh_after(here, url, "deltog ikke i punkt")
    with pagecache.unit_of_work():
        vote = votes.record_vote(
            actor=secretariat,
            item=item,
            subject="Forslaget om bus",
            choices={people[0].pk: "for", people[1].pk: "for", people[2].pk: "against"},
        )
    fresh_after(here, url, "Forslaget om bus")
    with pagecache.unit_of_work():  # a delete with a cascade (the ballots)
        votes.delete_vote(actor=secretariat, vote=vote)
    fresh_after(here, url, "Forslaget om bus", present=False)
    membership = Membership.objects.get(person=people[0], body=meeting.body)
    with pagecache.unit_of_work():
        org_services.end_membership(actor=secretariat, membership=membership, end_date=day(30))
    fresh_after(here, reverse("body_detail", args=[meeting.body_id]), "Tidligere medlemmer")
    with pagecache.unit_of_work():
        services.change_meeting_status(
            actor=secretariat, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
        )
    fresh_after(here, url, "Referat i kladde")


def test_former_member_home_follow_up_body_renamed(meeting, secretariat, member):
    from klynge.followups import services as followups
    from klynge.organisations.models import Membership, Person

    hold(meeting, secretariat)
    mine = Person.objects.get(user=member)
    followups.create_follow_up(
        actor=secretariat, item=meeting.items.first(), text="Ring til kommunen", responsible=mine
    )
    org_services.end_membership(
        actor=secretariat,
        membership=Membership.objects.get(person=mine),
        end_date=day(30),
    )
    home = reverse("home")
    own = primed(member, home)
    assert meeting.body.name in view(own, home)[1]
    with pagecache.unit_of_work():
        org_services.save_body(
            actor=secretariat, body=meeting.body, values={"name": "Omdøbt organ"}
        )
    state, content = view(own, home)
    assert "Omdøbt organ" in view(primed(member), home)[1]  # a new key shows it
    assert "Omdøbt organ" in content, state  # fails: hit, old body name
