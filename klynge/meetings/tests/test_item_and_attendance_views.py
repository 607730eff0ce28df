"""The pages no test reached before: deleting items and bilag, editing attendance, the public
bilag. Each with a success, a refusal and bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import login
from klynge.meetings import services
from klynge.meetings.models import AgendaItem, Attachment, Attendance, MeetingStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def bilag(item: AgendaItem, name: str = "bilag.pdf") -> Attachment:
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    return services.add_attachment(actor=None, item=item, upload=upload)


def test_secretariat_deletes_an_item_and_the_rest_are_renumbered(client, meeting, secretariat):
    first, last = list(meeting.items.order_by("position"))
    login(client, secretariat)
    response = client.post(reverse("item_delete", args=[first.pk]))
    assert response.status_code == 302
    assert list(meeting.items.values_list("pk", "position")) == [(last.pk, 1)]
    assert AuditEvent.objects.filter(action="agenda_item.delete").exists()


def test_member_cannot_delete_an_item(client, meeting, member):
    item = meeting.items.first()
    login(client, member)
    assert client.post(reverse("item_delete", args=[item.pk])).status_code in {403, 404}
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_item_of_a_held_meeting_is_not_deleted(client, meeting, secretariat):
    item = meeting.items.first()
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    login(client, secretariat)
    page = client.post(reverse("item_delete", args=[item.pk]), follow=True)
    assert "kan ikke ændres, når mødet er afholdt" in page.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_secretariat_deletes_a_bilag_and_its_file(
    client, meeting, secretariat, django_capture_on_commit_callbacks
):
    attachment = bilag(meeting.items.first())
    path = attachment.file.path
    login(client, secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("attachment_delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    import os

    assert not os.path.exists(path)


def test_member_cannot_delete_a_bilag(client, meeting, member):
    attachment = bilag(meeting.items.first())
    login(client, member)
    assert client.post(reverse("attachment_delete", args=[attachment.pk])).status_code in {
        403,
        404,
    }
    assert client.get(reverse("attachment_delete", args=[attachment.pk])).status_code == 405
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_deleting_a_bilag_that_is_gone_is_404(client, secretariat, db):
    login(client, secretariat)
    assert client.post(reverse("attachment_delete", args=[999999])).status_code == 404


def test_secretariat_records_a_substitute(client, meeting, secretariat, chair, member):
    attendance = Attendance.objects.get(meeting=meeting, person=chair.person)
    login(client, secretariat)
    response = client.post(
        reverse("attendance_edit", args=[attendance.pk]),
        {"status": "attending", "substitute_for": member.person.pk, "note": ""},
    )
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.substitute_for == member.person


def test_member_cannot_edit_attendance(client, meeting, member, chair):
    attendance = Attendance.objects.get(meeting=meeting, person=chair.person)
    login(client, member)
    response = client.post(
        reverse("attendance_edit", args=[attendance.pk]), {"status": "absent", "note": "x"}
    )
    assert response.status_code in {403, 404}
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.INVITED


def test_a_substitute_for_oneself_is_refused(client, meeting, secretariat, chair):
    attendance = Attendance.objects.get(meeting=meeting, person=chair.person)
    login(client, secretariat)
    response = client.post(
        reverse("attendance_edit", args=[attendance.pk]),
        {"status": "attending", "substitute_for": chair.person.pk},
    )
    assert response.status_code == 422
    assert "for sig selv" in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.substitute_for is None


def test_public_bilag_of_an_open_item_once_the_agenda_is_out(client, meeting, secretariat):
    item = meeting.items.first()
    attachment = bilag(item, "Indstilling.pdf")
    url = reverse("public_attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404  # the agenda is not out yet
    services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "Indstilling.pdf" in response["Content-Disposition"]


def test_public_bilag_of_a_closed_item_is_never_served(client, meeting, secretariat):
    item = meeting.items.first()
    AgendaItem.objects.filter(pk=item.pk).update(is_closed=True)
    attachment = bilag(item)
    services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    assert client.get(reverse("public_attachment", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("public_attachment", args=[999999])).status_code == 404
