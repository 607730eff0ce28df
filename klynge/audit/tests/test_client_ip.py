"""The audit log records the client's address: X-Forwarded-For is believed only when it
comes from one of our reverse proxies (TRUSTED_PROXIES)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from klynge.audit.models import AuditEvent
from klynge.core.http import client_ip
from klynge.core.tests.personas import login


def ip(remote: str, forwarded: str | None = None) -> str | None:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert ip("198.51.100.7", "10.0.0.1") == "198.51.100.7"


def test_the_nearest_untrusted_address_behind_our_proxies_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert ip("127.0.0.1", "198.51.100.7") == "198.51.100.7"
    # nginx behind a load balancer: both ours; a client's own forged entry stays to the left.
    assert ip("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3") == "198.51.100.7"
    # Someone else sending the header is not believed.
    assert ip("203.0.113.9", "198.51.100.7") == "203.0.113.9"
    # A broken chain or only our own addresses: the proxy's.
    assert ip("127.0.0.1", "nonsense") == "127.0.0.1"
    assert ip("127.0.0.1", "10.0.0.5") == "127.0.0.1"
    assert ip("::1", "2001:db8::1") == "::1"  # IPv6 proxy not listed


@pytest.mark.django_db
def test_audit_events_behind_the_documented_nginx_carry_the_client(
    client, meeting, secretariat, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    login(client, secretariat)
    item = meeting.items.get(position=1)
    client.post(
        reverse("item_edit", args=[item.pk]),
        {"title": "Godkendelse", "kind": "approval", "version": item.version},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert AuditEvent.objects.get(action="agenda_item.update").ip_address == "198.51.100.7"
