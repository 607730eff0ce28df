"""Password reset by mail: a link built from SITE_URL, once, for active users only; the
page says the same whether the address is known or not."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_forgotten_password_is_replaced_through_a_mailed_link(client, member, settings):
    settings.SITE_URL = "https://klynge.example.dk"
    response = client.post(reverse("password_reset"), {"email": member.email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == [member.email] and message.alternatives  # HTML with a text part
    link = re.search(r"https://klynge\.example\.dk(/ny-adgangskode/\S+?/)\)?\s", message.body)
    assert link, message.body
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    new = "Kl1nge-nyt-kodeord-2026"
    done = client.post(
        page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Adgangskoden er skiftet" in done.content.decode()
    client.logout()
    assert (
        client.post(reverse("login"), {"username": member.email, "password": new}).status_code
        == 302
    )
    # The link works once.
    again = client.get(link.group(1), follow=True)
    assert "Linket er brugt eller for gammelt" in again.content.decode()


def test_unknown_and_inactive_addresses_get_the_same_page_and_no_mail(client, member):
    member.is_active = False
    member.save()
    for address in ["ukendt@example.dk", member.email]:
        response = client.post(reverse("password_reset"), {"email": address})
        assert response["Location"] == reverse("password_reset_done")
    assert not mail.outbox
