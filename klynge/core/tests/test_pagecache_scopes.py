"""A write renders anew the cached pages that can show it, and leaves the others: an afbud or
an item edited in another cluster leaves this cluster's pages in the cache; the same write
here, a person renamed, a write no row names, or the viewer's own membership elsewhere does
not."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.core import pagecache
from klynge.core.tests.personas import day, login, persona
from klynge.meetings import services
from klynge.meetings.models import AgendaItem, Attendance, Meeting
from klynge.organisations import services as org_services
from klynge.organisations.models import Body, CarryOver, Membership, Person
from klynge.organisations.tests.factories import BodyFactory
from klynge.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


class Elsewhere:
    """A body of another cluster, its secretariat, a member and a meeting."""

    def __init__(self) -> None:
        self.body = Body.objects.get(pk=BodyFactory().pk)
        self.secretariat: User = persona(
            self.body, "sekretariat-b@example.dk", Membership.Role.SECRETARIAT
        )
        self.member: User = persona(self.body, "medlem-b@example.dk", Membership.Role.MEMBER)
        self.meeting: Meeting = services.create_meeting(
            actor=self.secretariat,
            body=self.body,
            values={
                "date": day(31),
                "start_time": datetime.time(10, 0),
                "end_time": datetime.time(12, 0),
                "place": "Regionshuset",
            },
        )


@pytest.fixture
def elsewhere(db) -> Elsewhere:
    return Elsewhere()


def view(client: Client, url: str) -> tuple[str, str]:
    """The page and whether it came from the cache ("hit") or was rendered ("miss")."""
    response = client.get(url)
    assert response.status_code == 200
    return response[pagecache.CACHE_HEADER], response.content.decode()


def logged_in(user: User) -> Client:
    with pagecache.unit_of_work():  # as the login page's request: it writes last_login
        return login(Client(), user)


def primed(user: User, *urls: str) -> Client:
    """A logged-in browser that has seen the pages (the CSRF cookie, then each page once)."""
    client = logged_in(user)
    client.get(reverse("home"))
    for url in urls:
        view(client, url)
        assert view(client, url)[0] == "hit"
    return client


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting_detail", args=[meeting.pk])


def publish_agenda(meeting: Meeting, actor: User) -> None:
    services.change_meeting_status(actor=actor, meeting=meeting, to_status="agenda_published")


def test_an_afbud_elsewhere_leaves_the_page_and_reaches_its_own_meeting(
    meeting, secretariat, member, elsewhere
):
    publish_agenda(meeting, secretariat)
    publish_agenda(elsewhere.meeting, elsewhere.secretariat)
    here = primed(secretariat, meeting_url(meeting), reverse("body_detail", args=[meeting.body_id]))
    there = primed(elsewhere.secretariat, meeting_url(elsewhere.meeting))
    # The other cluster's member sends afbud, in the browser.
    absent = logged_in(elsewhere.member)
    response = absent.post(
        reverse("absence", args=[elsewhere.meeting.pk]), {"absent": "1", "note": ""}
    )
    assert response.status_code in (200, 302)
    assert Attendance.objects.get(
        meeting=elsewhere.meeting, person__user=elsewhere.member
    ).status == (Attendance.Status.ABSENT)
    assert view(here, meeting_url(meeting))[0] == "hit"
    assert view(here, reverse("body_detail", args=[meeting.body_id]))[0] == "hit"
    assert view(there, meeting_url(elsewhere.meeting))[0] == "miss"
    # The same here: this cluster's meeting page is rendered anew.
    absent = logged_in(member)
    absent.post(reverse("absence", args=[meeting.pk]), {"absent": "1", "note": ""})
    assert view(here, meeting_url(meeting))[0] == "miss"


def test_an_item_edited_elsewhere_leaves_the_page_and_shows_on_its_own(
    meeting, secretariat, elsewhere
):
    here = primed(secretariat, meeting_url(meeting), reverse("home"))
    there = primed(elsewhere.secretariat, meeting_url(elsewhere.meeting))
    item = elsewhere.meeting.items.first()
    with pagecache.unit_of_work():  # as in a request
        services.update_agenda_item(
            actor=elsewhere.secretariat,
            item=item,
            values={"title": "Nyt navn derovre"},
            version=item.version,
        )
    assert view(here, meeting_url(meeting))[0] == "hit"
    assert view(here, reverse("home"))[0] == "hit"
    state, content = view(there, meeting_url(elsewhere.meeting))
    assert state == "miss" and "Nyt navn derovre" in content
    mine = meeting.items.first()
    with pagecache.unit_of_work():
        services.update_agenda_item(
            actor=secretariat, item=mine, values={"title": "Nyt navn her"}, version=mine.version
        )
    state, content = view(here, meeting_url(meeting))
    assert state == "miss" and "Nyt navn her" in content


def test_a_person_renamed_renders_every_page_anew(meeting, secretariat, member, elsewhere):
    here = primed(secretariat, meeting_url(meeting))
    person = Person.objects.get(user=elsewhere.member)
    with pagecache.unit_of_work():
        person.name = "Nyt Navn"
        person.save()
    assert view(here, meeting_url(meeting))[0] == "miss"


def test_a_write_that_names_no_row_renders_every_page_anew(meeting, secretariat, elsewhere):
    here = primed(secretariat, meeting_url(meeting))
    with pagecache.unit_of_work():  # a queryset update that no save, delete or audit names
        AgendaItem.objects.filter(meeting=elsewhere.meeting).update(title="Stille ændring")
    assert view(here, meeting_url(meeting))[0] == "miss"
    # Outside a request (a command, the worker) the same at once.
    assert view(here, meeting_url(meeting))[0] == "hit"
    AgendaItem.objects.filter(meeting=elsewhere.meeting).update(title="Igen")
    assert view(here, meeting_url(meeting))[0] == "miss"


def test_the_viewers_own_membership_elsewhere_renders_their_pages_anew(
    meeting, secretariat, chair, elsewhere
):
    # The secretary also sits on the other cluster's body; the chair does not.
    person = Person.objects.get(user=secretariat)
    there = Membership.objects.create(
        person=person, body=elsewhere.body, role=Membership.Role.MEMBER, start_date=day(1)
    )
    mine = primed(secretariat, meeting_url(meeting))
    theirs = primed(chair, meeting_url(meeting))
    with pagecache.unit_of_work():
        org_services.end_membership(actor=elsewhere.secretariat, membership=there, end_date=day(30))
    assert view(mine, meeting_url(meeting))[0] == "miss"
    assert view(theirs, meeting_url(meeting))[0] == "hit"


def test_where_rows_belong(meeting, elsewhere, secretariat):
    item = meeting.items.first()
    cluster = f"cluster:{meeting.body.cluster_id}"
    assert pagecache.scopes_of(item) == {cluster}
    attendance = meeting.attendances.first()
    assert pagecache.scopes_of(attendance) == {cluster, f"person:{attendance.person_id}"}
    assert pagecache.scopes_of(Person.objects.first()) >= {pagecache.ALL}
    assert pagecache.scopes_of(secretariat, update_fields=["last_login"]) == {
        f"user:{secretariat.pk}"
    }
    assert pagecache.ALL in pagecache.scopes_of(secretariat)
    # A row between two clusters belongs to both.
    between = CarryOver(cluster=meeting.body.cluster, council=elsewhere.body.cluster)
    assert pagecache.scopes_of(between) == {cluster, f"cluster:{elsewhere.body.cluster_id}"}
    # The index follows the rows it indexes: only the pages showing it are rendered anew.
    assert pagecache.scopes_of(SearchEntry.objects.first()) == {"search"}
