"""Error pages in Danish: 403, 404 and 500 (the last without the database or the menu)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from klynge.core.tests.personas import login

pytestmark = pytest.mark.django_db


def test_not_found_and_forbidden_are_danish_pages(client, member, settings):
    settings.DEBUG = False
    login(client, member)
    missing = client.get("/findes-ikke/")
    assert missing.status_code == 404
    assert "Siden findes ikke" in missing.content.decode()
    forbidden = client.get(reverse("audit_log"))
    assert forbidden.status_code == 403
    assert "Ingen adgang" in forbidden.content.decode()


def test_the_server_error_page_needs_nothing():
    page = render_to_string("500.html")
    assert "Der skete en fejl" in page and 'lang="da"' in page


def test_deleting_an_item_with_htmx_queues_no_message(client, meeting, secretariat):
    item = meeting.items.first()
    login(client, secretariat)
    client.post(reverse("item_delete", args=[item.pk]), HTTP_HX_REQUEST="true")
    later = client.get(reverse("home"))
    assert "Punktet er slettet" not in later.content.decode()
