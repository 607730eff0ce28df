"""The hearing link's token stays out of every address (outside test, finding F2): the mail's
link is `/hoering/#<token>`, the token travels in POST bodies only, and so it is in no
audit row (`AuditEvent.path` of the answer, of `access.refused` after a CSRF failure), no
log line of Django's (the CSRF failure, the 429), no `Location`. Links mailed with the
token in the address get a page saying they are outdated, and their token is not read."""

import logging
from unittest import mock
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from klynge.audit.models import AuditEvent
from klynge.healthplans.models import HearingAnswer
from klynge.healthplans.tests.hearings import make_plan, pdf_bytes, start

pytestmark = pytest.mark.django_db

URL = reverse("hearing_link")


@pytest.fixture
def started(body, secretariat, django_capture_on_commit_callbacks):
    return start(django_capture_on_commit_callbacks, plan=make_plan(body), actor=secretariat)


def audit_text() -> str:
    """Every field of every audit row, as the admin's /revision/ could show it."""
    return "\n".join(str(row) for row in AuditEvent.objects.values())


def csrf_client() -> Client:
    """A browser as it is: the CSRF check on."""
    return Client(enforce_csrf_checks=True)


def with_csrf(client: Client) -> str:
    """Open /hoering/ as the browser does, and the CSRF token its form carries."""
    page = client.get(URL)
    assert page.status_code == 200
    return page.context["csrf_token"]


def test_the_mail_carries_the_token_after_the_hash(started):
    _hearing, tokens = started
    message = next(m for m in mail.outbox if m.to == ["hoering@testkommune.dk"])
    link = f"{settings.SITE_URL}/hoering/#{tokens['Testkommune']}"
    assert link in message.body
    assert urlparse(link).path == URL  # what a browser sends, and every log sees
    html = message.alternatives[0][0] if message.alternatives else ""
    assert f'href="{link}"' in html or not html


def test_the_open_page_posts_the_token_through_the_script(client: Client):
    page = client.get(URL)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'class="js-personal-link"' in text and '<input type="hidden" name="token">' in text
    assert "Åbn høringen" in text and "<noscript>" in text
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]


def test_answering_with_a_file_leaves_the_token_in_no_address_or_audit_row(started, caplog):
    _hearing, tokens = started
    token = tokens["Testkommune"]
    client = csrf_client()
    csrf = with_csrf(client)
    caplog.set_level(logging.INFO)
    opened = client.post(URL, {"csrfmiddlewaretoken": csrf, "token": token})
    assert opened.status_code == 200 and "Afgiv høringssvar" in opened.content.decode()
    answered = client.post(
        URL,
        {
            "csrfmiddlewaretoken": csrf,
            "token": token,
            "answering": "1",
            "text": "Vi støtter planen.",
            "file": SimpleUploadedFile("svar.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )
    assert answered.status_code == 200 and not answered.has_header("Location")
    assert "Tak for jeres høringssvar" in answered.content.decode()
    assert answered.wsgi_request.path == URL
    # A crash report (Django's error page, a mail to the admins) hides the posted token.
    assert answered.wsgi_request.sensitive_post_parameters == ("token",)
    assert HearingAnswer.objects.get().file_name == "svar.pdf"
    event = AuditEvent.objects.get(action="hearing_answer.create")
    assert event.path == URL
    assert token not in audit_text()
    assert token not in caplog.text


def test_a_csrf_failure_on_a_working_token_logs_no_token(started, caplog):
    """A browser that blocks cookies, an expired cookie, a mail scanner that posts: the
    refusal is logged by Django and in the audit log, with the address only."""
    _hearing, tokens = started
    token = tokens["Testkommune"]
    caplog.set_level(logging.INFO)
    refused = csrf_client().post(URL, {"token": token, "answering": "1", "text": "x"})
    assert refused.status_code == 403
    event = AuditEvent.objects.get(action="access.refused")
    assert event.path == URL
    assert "CSRF" in caplog.text and URL in caplog.text  # the failure is logged...
    assert token not in caplog.text  # ...without the token
    assert token not in audit_text()
    assert not HearingAnswer.objects.exists()


def test_a_rate_limited_working_token_logs_no_token(started, caplog, settings):
    settings.API_RATE_PER_MINUTE = 2
    _hearing, tokens = started
    token = tokens["Testkommune"]
    client = csrf_client()
    csrf = with_csrf(client)
    caplog.set_level(logging.INFO)
    for n in range(2):
        wrong = client.post(URL, {"csrfmiddlewaretoken": csrf, "token": f"forkert-{n}-" + "x" * 30})
        assert wrong.status_code == 404
    blocked = client.post(URL, {"csrfmiddlewaretoken": csrf, "token": token})
    assert blocked.status_code == 429 and blocked["Retry-After"] == "60"
    assert "Too Many Requests" in caplog.text and URL in caplog.text
    assert token not in caplog.text
    assert token not in audit_text()


def test_an_old_link_with_the_token_in_its_address_is_answered_harmlessly(started, caplog):
    """Links mailed before the change: a page saying so, for GET and a POST without a CSRF
    cookie alike (a 403 would log the address), no look-up of the token, no audit row, no
    Referer to follow, and nothing counted as a wrong guess."""
    hearing, tokens = started
    token = tokens["Testkommune"]
    old = f"/hoering/{token}/"
    assert reverse("hearing_old_link", args=[token]) == old
    caplog.set_level(logging.INFO)
    before = AuditEvent.objects.count()
    client = csrf_client()
    with mock.patch("klynge.healthplans.hearing_views.party_for_token") as lookup:
        responses = [client.get(old), client.post(old, {"text": "Svar"}), client.head(old)]
    lookup.assert_not_called()
    for response in responses:
        assert response.status_code == 200 and not response.has_header("Location")
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]
    text = responses[0].content.decode()
    assert "Linket er forældet" in text and "nyeste mail" in text and "sekretariatet" in text
    assert token not in text and "Afgiv høringssvar" not in text
    assert AuditEvent.objects.count() == before
    assert token not in caplog.text
    assert not HearingAnswer.objects.exists()
    # The newest link still opens the hearing (the old address was no wrong guess either).
    assert (
        client.post(URL, {"csrfmiddlewaretoken": with_csrf(client), "token": token}).status_code
        == 200
    )
    assert hearing.parties.get(name="Testkommune").token_hash  # the link itself still stands
