"""The history in words: every action the code records has a Danish name, and changes read
as "field: old → new" with the models' own labels."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from klynge.audit.models import AuditEvent
from klynge.audit.services import record
from klynge.audit.wording import ACTION_LABELS
from klynge.core.tests.personas import login
from klynge.meetings.models import MeetingStatus
from klynge.meetings.services import change_meeting_status, update_meeting

PACKAGE = Path(__file__).resolve().parents[2]
ACTION = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")


def recorded_actions() -> set[str]:
    """Every action name written in a service or view (`action="x.y"`, `"x.y" if ...`)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if "action" in line and ("record(" in line or "action=" in line or " if " in line):
                found.update(ACTION.findall(line))
    return {name for name in found if not name.endswith((".py", ".html"))}


def test_every_recorded_action_has_a_danish_name():
    actions = recorded_actions()
    assert "meeting.status" in actions and "attendance.attending" in actions
    assert not actions - set(ACTION_LABELS)


@pytest.mark.django_db
def test_a_status_change_reads_from_what_to_what(meeting, secretariat):
    change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    event = AuditEvent.objects.get(action="meeting.status")
    assert event.action_label == "Mødets status ændret"
    [change] = event.described_changes
    assert (change.label, change.old, change.new) == ("Status", "Planlagt", "Dagsorden udsendt")


@pytest.mark.django_db
def test_field_names_and_values_come_from_the_model(meeting, secretariat):
    update_meeting(
        actor=secretariat,
        meeting=meeting,
        values={"place": "Regionshuset", "date": meeting.date.replace(day=1)},
    )
    event = AuditEvent.objects.get(action="meeting.update")
    words = {c.label: (c.old, c.new) for c in event.described_changes}
    assert words["Sted"][1] == "Regionshuset"
    assert words["Dato"][1] == f"1. {_month(meeting.date)} {meeting.date.year}"


def _month(date):
    from django.utils.formats import date_format

    return date_format(date, "F")


@pytest.mark.django_db
def test_facts_without_a_before_read_as_one_value(meeting, secretariat):
    record(
        actor=secretariat,
        action="minutes.approve",
        obj=meeting,
        changes={"minutes_version": 2, "note": "<p>Fint</p>"},
    )
    event = AuditEvent.objects.get(action="minutes.approve")
    # PostgreSQL's jsonb keeps keys in its own order.
    assert sorted((c.label, c.old, c.new) for c in event.described_changes) == [
        ("Bemærkning", None, "Fint"),
        ("Referatets version", None, "2"),
    ]


@pytest.mark.django_db
def test_the_meeting_page_history_shows_words_not_codes(client, meeting, secretariat):
    change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    login(client, secretariat)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Mødets status ændret" in page
    assert "<del>Planlagt</del>" in page and "<ins>Dagsorden udsendt</ins>" in page
    assert "agenda_published" not in page
    admin_page = client.get(reverse("audit_log"))
    assert admin_page.status_code == 403
