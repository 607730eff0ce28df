import pytest
from django.urls import reverse

from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import login

pytestmark = pytest.mark.django_db


def test_changes_through_pages_record_actor_ip_and_diff(client, meeting, secretariat):
    login(client, secretariat)
    item = meeting.items.get(position=1)
    client.post(
        reverse("item_edit", args=[item.pk]),
        {"title": "Godkendelse af dagsordenen", "kind": "approval", "version": item.version},
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.get(action="agenda_item.update")
    assert event.actor == secretariat
    assert event.ip_address == "10.1.2.3"
    assert event.changes["title"] == ["Godkendelse af dagsorden", "Godkendelse af dagsordenen"]


def test_audit_log_page_is_for_administrators(client, meeting, secretariat, admin_user):
    login(client, secretariat)
    assert client.get(reverse("audit_log")).status_code == 403
    login(client, admin_user)
    page = client.get(reverse("audit_log"), {"action": "meeting"})
    assert page.status_code == 200
    assert "meeting.create" in page.content.decode()


def test_object_history_is_shown_to_the_secretariat(client, meeting, secretariat, chair):
    login(client, secretariat)
    assert "Møde oprettet" in client.get(meeting.get_absolute_url()).content.decode()
    login(client, chair)
    assert "Møde oprettet" not in client.get(meeting.get_absolute_url()).content.decode()
