"""Logging as Datatilsynet asks: reads of closed items and personal data, searches, downloads,
logins, refusals, token use and the admin's changes, with who, what, when and from where; the
data protection officer's look-up per person; retention and an append-only log."""

import csv
import io
from datetime import timedelta
from importlib import import_module

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AppendOnlyError, AuditEvent
from klynge.audit.services import record_read
from klynge.core.tests.personas import PASSWORD, bearer, log_in_with_password, login
from klynge.meetings.models import AgendaItem
from klynge.meetings.services import register_absence, set_attendance
from klynge.organisations.models import Person

pytestmark = pytest.mark.django_db


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_afbud_notes_and_closed_items_shown_are_logged_with_the_people(
    client, meeting, secretariat, member
):
    person = Person.objects.get(user=member)
    register_absence(actor=member, meeting=meeting, person=person, absent=True, note="Syg")
    item = meeting.items.first()
    AgendaItem.objects.filter(pk=item.pk).update(is_closed=True)
    login(client, secretariat)
    client.get(reverse("meeting_detail", args=[meeting.pk]), REMOTE_ADDR="10.1.2.3")
    note_read = events("attendance_note.read").get()
    assert note_read.actor == secretariat and note_read.kind == AuditEvent.Kind.READ
    assert note_read.ip_address == "10.1.2.3" and note_read.path == f"/moeder/{meeting.pk}/"
    assert list(note_read.subjects.values_list("person_id", flat=True)) == [person.pk]
    closed = events("closed_item.read").get()
    assert closed.changes == {"closed_items": [item.position]}
    # The member's own note is not someone else's data: their own page view logs no note read.
    login(client, member)
    client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert events("attendance_note.read").count() == 1


def test_the_change_log_says_an_afbud_note_changed_without_copying_it(
    client, meeting, secretariat, member, admin_user
):
    person = Person.objects.get(user=member)
    register_absence(actor=member, meeting=meeting, person=person, absent=True, note="Kemo")
    set_attendance(
        actor=secretariat,
        attendance=meeting.attendances.get(person=person),
        status="absent",
        note="Indlagt",
    )
    changed = AuditEvent.objects.filter(object_type="meetings.attendance").order_by("pk")
    assert [e.action for e in changed] == ["attendance.absence", "attendance.update"]
    assert all(e.changes["note"] == "<redacted>" for e in changed)
    assert changed[0].changes["status"] == ["invited", "absent"]
    login(client, admin_user)
    page = client.get(reverse("audit_log")).content.decode()
    assert "indholdet logges ikke" in page
    assert "Kemo" not in page and "Indlagt" not in page


def test_a_migration_redacts_afbud_notes_logged_by_earlier_releases(meeting, member):
    attendance = meeting.attendances.get(person__user=member)
    old = AuditEvent.objects.create(
        action="attendance.absence",
        object_type="meetings.attendance",
        object_id=str(attendance.pk),
        changes={"status": ["invited", "absent"], "note": ["", "Kemo"]},
    )
    migration = "0005_redact_afbud_notes_in_audit_log"
    historical = MigrationLoader(connection).project_state(("meetings", migration)).apps
    import_module(f"klynge.meetings.migrations.{migration}").redact(historical, None)
    old.refresh_from_db()
    assert old.changes == {"status": ["invited", "absent"], "note": "<redacted>"}


def test_searches_downloads_and_refusals_are_logged(client, meeting, secretariat, outsider):
    login(client, secretariat)
    client.get(reverse("search"), {"q": "diabetes", "kind": "meeting"})
    search = events("search.query").get()
    assert search.changes == {"query": "diabetes", "kind": "meeting"}
    response = client.get(reverse("meeting_document", args=[meeting.pk, "dagsorden", "pdf"]))
    assert response.status_code == 200
    download = events("file.download").get()
    assert download.actor == secretariat and download.changes["file"].endswith(".pdf")
    login(client, outsider)
    assert client.get(reverse("audit_log")).status_code == 403
    refused = AuditEvent.objects.get(action="access.refused")
    assert refused.actor == outsider and refused.path == reverse("audit_log")


def test_anonymous_public_downloads_are_not_logged(client, meeting):
    client.get(reverse("public_meeting_list"))
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.READ).exists()


def test_logins_failures_and_token_use_are_logged(client, member):
    assert not log_in_with_password(client, member.email, "forkert")
    failed = events("session.login_failed").get()
    assert failed.changes == {"username": member.email} and failed.actor is None
    assert "forkert" not in str(failed.changes)  # never the password typed
    assert log_in_with_password(client, member.email, PASSWORD)
    assert events("session.login").get().actor == member
    client.post(reverse("logout"))
    assert events("session.logout").get().actor == member
    client.get("/api/v1/bodies", **bearer(member))
    use = events("api_token.use").get()
    assert use.actor == member and use.kind == AuditEvent.Kind.SECURITY


def test_changes_in_django_admin_are_logged_on_the_object(client, admin_user, member):
    login(client, admin_user)
    response = client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        {"email": member.email, "name": "Nyt Navn", "is_active": "on"},
    )
    assert response.status_code == 302
    change = events("admin.update").get()
    assert change.actor == admin_user
    assert (change.object_type, change.object_id) == ("accounts.user", str(member.pk))
    assert "Navn" in change.changes["message"] or "name" in change.changes["message"].lower()


def test_the_dpo_looks_up_who_saw_a_persons_data(client, meeting, secretariat, member, admin_user):
    person = Person.objects.get(user=member)
    register_absence(actor=member, meeting=meeting, person=person, absent=True, note="Syg")
    login(client, secretariat)
    client.get(reverse("meeting_detail", args=[meeting.pk]))
    client.get(reverse("person_edit", args=[person.pk]))
    other = Person.objects.exclude(pk=person.pk).first()
    record_read(actor=secretariat, action="person.read", obj=other, people=[other.pk])
    login(client, admin_user)
    page = client.get(reverse("audit_log"), {"person": person.pk})
    shown = list(page.context["page"])
    assert {e.action for e in shown} >= {"attendance_note.read", "person.read"}
    assert all(e.actor == secretariat or e.action == "attendance.absence" for e in shown)
    assert not any(e.object_id == str(other.pk) and e.action == "person.read" for e in shown)
    text = page.content.decode()
    assert person.name in text and "Afbudsbemærkninger vist" in text


def test_the_dpo_finds_the_person_by_name_or_email_and_takes_the_result_as_csv(
    client, meeting, secretariat, member, admin_user
):
    person = Person.objects.get(user=member)
    record_read(actor=secretariat, action="person.read", obj=person, people=[person.pk])
    odd = Person.objects.exclude(pk=person.pk).first()
    Person.objects.filter(pk=odd.pk).update(name='=HYPERLINK("http://x")')
    odd.refresh_from_db()
    record_read(actor=secretariat, action="person.read", obj=odd, people=[odd.pk])
    login(client, admin_user)
    # Several people match part of a name: the DPO chooses; one match is taken at once.
    several = client.get(reverse("audit_log"), {"hvem": "example.dk"})
    assert f"?person={person.pk}" in several.content.decode()
    assert several.context["person"] is None and not several.context["page"].object_list
    found = client.get(reverse("audit_log"), {"hvem": person.email.upper()})
    assert found.context["person"] == person
    assert [e.action for e in found.context["page"]] == ["person.read"]
    assert "format=csv" in found.content.decode()
    export = client.get(reverse("audit_log"), {"person": person.pk, "format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Tidspunkt (UTC)", "Af", "Handling"]
    assert [(row[1], row[3]) for row in rows[1:]] == [(str(secretariat), "person.read")]
    # The whole log as CSV: a name that looks like a formula stays text in a spreadsheet.
    everything = client.get(reverse("audit_log"), {"art": "read", "format": "csv"})
    cells = [
        row[4]
        for row in csv.reader(io.StringIO(everything.content.decode("utf-8-sig")), delimiter=";")
    ]
    assert """'=HYPERLINK("http://x")""" in cells and person.name in cells
    nobody = client.get(reverse("audit_log"), {"hvem": "ingen-saadan-person"})
    assert "Ingen personer passer" in nobody.content.decode()


def test_the_log_is_append_only(member):
    event = record_read(actor=member, action="search.query", details={"query": "x"})
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, action="search.query").exists()


def test_purge_keeps_each_kind_for_its_time(member, meeting, settings):
    settings.AUDIT_KEEP_READS_DAYS = 180
    settings.AUDIT_KEEP_CHANGES_DAYS = 1800
    read = record_read(actor=member, action="search.query", details={"query": "x"})
    change = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE).first()
    assert change is not None
    # Back-date both by 200 days (in SQL: the application cannot): the read goes, the
    # change stays.
    old = timezone.now() - timedelta(days=200)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET created_at = %s WHERE id IN (%s, %s)",
            [old, read.pk, change.pk],
        )
    call_command("purge-audit-log")
    assert not AuditEvent.objects.filter(pk=read.pk).exists()
    assert AuditEvent.objects.filter(pk=change.pk).exists()


def test_a_search_with_a_nul_is_logged_without_it(client, member):
    login(client, member)
    assert client.get(reverse("search"), {"q": "natte\x00vagt"}).status_code == 200
    assert events("search.query").get().changes == {"query": "nattevagt"}
