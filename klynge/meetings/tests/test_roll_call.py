"""The roll call: every invited person in one table, a status per person in one click."""

import pytest
from django.urls import reverse

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import login
from klynge.meetings import services
from klynge.meetings.models import Attendance, MeetingStatus
from klynge.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def status_of(meeting, user) -> str:
    return meeting.attendances.get(person=user.person).status


def test_one_click_saves_one_persons_status(client, meeting, secretariat, member, chair):
    login(client, secretariat)
    page = client.get(reverse("roll_call", args=[meeting.pk]))
    assert page.status_code == 200
    row = meeting.attendances.get(person=member.person)
    assert f'name="status-{row.pk}"' in page.content.decode()
    response = client.post(
        reverse("roll_call", args=[meeting.pk]), {f"status-{row.pk}": "attending"}, **HTMX
    )
    assert response.status_code == 200
    assert f'id="fremmoede-{row.pk}"' in response.content.decode()
    assert status_of(meeting, member) == Attendance.Status.ATTENDING
    assert status_of(meeting, chair) == Attendance.Status.INVITED  # only the clicked row
    assert AuditEvent.objects.filter(action="attendance.update").count() == 1


def test_without_javascript_the_whole_table_is_saved_at_once(
    client, meeting, secretariat, member, chair
):
    login(client, secretariat)
    rows = {a.person_id: a.pk for a in meeting.attendances.all()}
    response = client.post(
        reverse("roll_call", args=[meeting.pk]),
        {
            f"status-{rows[member.person.pk]}": "absent",
            f"status-{rows[chair.person.pk]}": "attending",
        },
    )
    assert response.status_code == 302
    assert status_of(meeting, member) == Attendance.Status.ABSENT
    assert status_of(meeting, chair) == Attendance.Status.ATTENDING


def test_a_substitute_cannot_be_marked_absent_and_nothing_is_saved(
    meeting, secretariat, member, chair
):
    substitute = PersonFactory(name="Stedfortræder Sif")
    services.add_participant(
        actor=secretariat, meeting=meeting, person=substitute, substitute_for=member.person
    )
    rows = {a.person_id: a.pk for a in meeting.attendances.all()}
    with pytest.raises(ServiceError, match="stedfortræder"):
        services.set_attendance_statuses(
            actor=secretariat,
            meeting=meeting,
            statuses={rows[chair.person.pk]: "attending", rows[substitute.pk]: "absent"},
        )
    assert status_of(meeting, chair) == Attendance.Status.INVITED  # all or none


def test_the_roll_call_is_for_the_secretariat_and_closes_with_the_minutes(
    client, meeting, secretariat, member
):
    login(client, member)
    assert client.get(reverse("roll_call", args=[meeting.pk])).status_code == 404
    with pytest.raises(ServiceError, match="Ukendt status"):
        services.set_attendance_statuses(
            actor=secretariat, meeting=meeting, statuses={meeting.attendances.first().pk: "x"}
        )
    meeting.status = MeetingStatus.MINUTES_PUBLISHED
    meeting.save()
    with pytest.raises(ServiceError, match="offentliggjort"):
        services.set_attendance_statuses(
            actor=secretariat,
            meeting=meeting,
            statuses={meeting.attendances.first().pk: "attending"},
        )


def test_a_guest_is_added_inline_and_back_on_the_roll_call(client, meeting, secretariat):
    login(client, secretariat)
    response = client.post(
        reverse("participant_add", args=[meeting.pk]),
        {"name": "Overlæge Gitte", "is_guest": "on", "next": "fremmoede"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("roll_call", args=[meeting.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Overlæge Gitte" in page and "Gæst" in page
