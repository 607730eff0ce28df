"""Logged-in pages from the cache: served again only to the same viewer while no data has
changed, whichever way the data changed, with the reads they show logged every time."""

import datetime

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEvent
from klynge.core import pagecache
from klynge.core.tests.personas import login
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Body, Membership

pytestmark = pytest.mark.django_db


def page(client, meeting):
    return client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()


def test_a_page_comes_from_the_cache_until_any_write_changes_the_data(
    client, meeting, secretariat, django_assert_num_queries
):
    login(client, secretariat)
    item = meeting.items.first()
    assert item.title in page(client, meeting)  # sets the CSRF cookie a browser has
    page(client, meeting)
    # The user, the meeting's cluster and the viewer's person (the scopes the page is keyed
    # by); the page itself from the cache.
    with django_assert_num_queries(3):
        assert item.title in page(client, meeting)
    # A queryset update, raw SQL and a plain save all reach the next view.
    AgendaItem.objects.filter(pk=item.pk).update(title="Opdateret med update()")
    assert "Opdateret med update()" in page(client, meeting)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_agendaitem SET title = %s WHERE id = %s",
            ["Opdateret med SQL", item.pk],
        )
    assert "Opdateret med SQL" in page(client, meeting)
    item.refresh_from_db()
    item.title = "Opdateret med save()"
    item.save()
    assert "Opdateret med save()" in page(client, meeting)


def test_each_viewer_has_their_own_copy(client, meeting, secretariat, member):
    login(client, secretariat)
    page(client, meeting)
    assert "Udsend dagsorden" in page(client, meeting)
    login(client, member)
    page(client, meeting)
    assert "Udsend dagsorden" not in page(client, meeting)


def test_closed_items_shown_from_the_cache_are_logged_as_read_each_time(
    client, meeting, secretariat
):
    item = meeting.items.first()
    AgendaItem.objects.filter(pk=item.pk).update(is_closed=True)
    login(client, secretariat)
    for _ in range(3):
        page(client, meeting)
    reads = AuditEvent.objects.filter(action="closed_item.read")
    assert reads.count() == 3
    assert {(e.actor_id, e.object_id) for e in reads} == {(secretariat.pk, str(meeting.pk))}
    assert all(e.changes == {"closed_items": [item.position]} for e in reads)


def test_logging_a_read_or_an_update_that_matches_nothing_is_no_change(meeting):
    before = pagecache.generation()
    AuditEvent.objects.create(action="search.query", kind=AuditEvent.Kind.READ)
    AgendaItem.objects.filter(pk=0).update(title="x")
    assert pagecache.generation() == before
    AgendaItem.objects.filter(meeting=meeting).update(title="x")
    assert pagecache.generation() != before


@pytest.mark.django_db(transaction=True)
def test_a_transaction_replaces_the_generation_again_when_it_commits_once(body):
    with transaction.atomic():
        Body.objects.filter(pk=body.pk).update(name="a")
        Body.objects.filter(pk=body.pk).update(name="b")
        pending = [entry[1] for entry in connection.run_on_commit]
        assert len(pending) == 1 and pending[0].scopes == {pagecache.ALL}
        inside = pagecache.generation()
    assert pagecache.generation() != inside


@pytest.mark.parametrize(
    ("sql", "changes"),
    [
        ('UPDATE "meetings_agendaitem" SET "title" = %s', True),
        ('INSERT INTO "organisations_person" ("name") VALUES (%s)', True),
        ("DELETE FROM meetings_attendance WHERE id = 1", True),
        ("INSERT OR REPLACE INTO search_fts VALUES (1)", True),
        ('ALTER TABLE "x" ADD COLUMN "y" int', True),
        ('SELECT * FROM "meetings_meeting"', False),
        ('INSERT INTO "audit_auditevent" ("action") VALUES (%s)', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('DELETE FROM "klynge_cache" WHERE "expires" < %s', False),
        ("SAVEPOINT s1", False),
    ],
)
def test_which_statements_change_data(sql, changes):
    assert pagecache.changes_data(sql) is changes


def test_a_pending_message_an_htmx_request_or_no_csrf_cookie_is_never_served_from_the_cache(
    secretariat, settings
):
    def request(**headers):
        made = RequestFactory().get("/", **headers)
        made.user = secretariat
        made.session = SessionStore()
        made._messages = SessionStorage(made)
        made.COOKIES[settings.CSRF_COOKIE_NAME] = "x" * 32
        return made

    assert pagecache._key(request()) is not None
    assert pagecache._key(request(HTTP_HX_REQUEST="true")) is None
    without_cookie = request()
    del without_cookie.COOKIES[settings.CSRF_COOKIE_NAME]
    assert pagecache._key(without_cookie) is None
    with_message = request()
    with_message._messages.add(constants.SUCCESS, "Gemt")
    assert pagecache._key(with_message) is None
    assert len(get_messages(with_message)) == 1  # counted, still there to be shown
    settings.PAGE_CACHE_SECONDS = 0
    assert pagecache._key(request()) is None


def test_public_pages_are_one_page_for_all_visitors_without_a_csrf_token(
    client, meeting, django_assert_num_queries
):
    path = reverse("public_meeting_list")
    first = client.get(path)
    assert first.status_code == 200 and not first.cookies  # no token, so no CSRF cookie
    with django_assert_num_queries(0):
        again = Client().get(path)  # another visitor
    assert again.content == first.content
    # Switching the language needs no token either, and gives that language's page.
    client.post(reverse("set_language"), {"language": "en", "next": path})
    assert client.get(path).content != first.content


def test_a_membership_ended_closes_the_cached_page_at_once(client, meeting, secretariat):
    login(client, secretariat)
    page(client, meeting)
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
    Membership.objects.filter(person__user=secretariat).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 404


def test_a_generation_store_that_cannot_be_used_breaks_no_write_and_serves_no_page(
    client, meeting, secretariat, settings
):
    # A database cache whose table does not exist, as while `migrate` runs on a new database.
    settings.CACHES = {
        **settings.CACHES,
        "generation": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "klynge_no_such_table",
        },
    }
    item = meeting.items.first()
    AgendaItem.objects.filter(pk=item.pk).update(title="Skrevet alligevel")
    assert AgendaItem.objects.get(pk=item.pk).title == "Skrevet alligevel"  # no aborted transaction
    assert pagecache.generation() is None
    login(client, secretariat)
    page(client, meeting)
    AgendaItem.objects.filter(pk=item.pk).update(title="Og igen")
    assert "Og igen" in page(client, meeting)
