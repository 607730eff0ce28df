"""Login lockout (django-axes), the API's rate limit, and API tokens with an expiry that their
owner lists and revokes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klynge.accounts.models import ApiToken
from klynge.accounts.services import create_api_token, user_for_token
from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import PASSWORD, log_in_with_password, login

pytestmark = pytest.mark.django_db


def fail(client, email, times, address="10.0.0.1"):
    for _ in range(times):
        response = client.post(
            reverse("login"), {"username": email, "password": "forkert"}, REMOTE_ADDR=address
        )
    return response


def test_five_failures_lock_the_account_with_a_danish_message(client, member, settings):
    settings.AXES_FAILURE_LIMIT = 5
    assert fail(client, member.email, 4).status_code == 200  # the form again, with its error
    response = fail(client, member.email, 1)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Log ind er midlertidigt spærret" in text and "15 minutter" in text
    # Even the right password is refused now, from another address too.
    response = client.post(
        reverse("login"), {"username": member.email, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429
    assert not client.session.get("_auth_user_id")
    assert AuditEvent.objects.filter(action="session.locked_out").exists()
    assert AuditEvent.objects.filter(action="session.login_failed").count() >= 5


def test_five_failures_from_one_address_lock_the_address(client, member, chair):
    for email in ["a@example.dk", "b@example.dk", "c@example.dk", "d@example.dk", "e@example.dk"]:
        fail(client, email, 1, address="10.0.0.7")
    # Another account from that address is refused; from elsewhere it logs in.
    response = client.post(
        reverse("login"), {"username": chair.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429
    response = client.post(
        reverse("login"), {"username": chair.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 302


def test_the_lock_lifts_when_an_administrator_unlocks(client, member):
    fail(client, member.email, 5)
    assert not log_in_with_password(client, member.email, PASSWORD)
    call_command("axes_reset_username", member.email)
    call_command("axes_reset_ip", "10.0.0.1")
    assert log_in_with_password(client, member.email, PASSWORD)


def test_the_admin_lists_attempts_for_unlocking(client, member, admin_user):
    fail(client, member.email, 5)
    login(client, admin_user)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and member.email in page.content.decode()
    # Deleting the attempts in the admin unlocks (the admin's own delete action).
    attempt_ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempt_ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert log_in_with_password(client, member.email, PASSWORD)


def test_the_api_answers_429_over_the_rate(client, member, settings):
    settings.API_RATE_PER_MINUTE = 5
    _token, raw = create_api_token(actor=None, user=member, name="script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    answers = [client.get("/api/v1/bodies", **headers).status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    response = client.get("/api/v1/bodies", **headers)
    assert response.json()["detail"].startswith("For mange forespørgsler")
    assert 0 < int(response["Retry-After"]) <= 60


def test_wrong_tokens_are_rate_limited_per_address(client, settings):
    settings.API_RATE_PER_MINUTE = 3
    headers = {"HTTP_AUTHORIZATION": "Bearer kly_gæt"}
    answers = [client.get("/api/v1/bodies", **headers).status_code for _ in range(5)]
    assert answers == [401, 401, 401, 429, 429]
    assert AuditEvent.objects.filter(action="api_token.refused").count() == 5


def test_a_token_expires(client, member):
    token, raw = create_api_token(actor=None, user=member, name="script", days=30)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/bodies", **headers).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/bodies", **headers).status_code == 401


def test_the_owner_makes_lists_and_revokes_tokens(client, member, chair):
    login(client, member)
    response = client.post(reverse("account"), {"name": "Power BI", "days": "30"})
    raw = response.context["new_token"]
    assert raw.startswith("kly_") and raw in response.content.decode()
    token = member.api_tokens.get()
    assert token.name == "Power BI" and token.expires_at < timezone.now() + timedelta(days=31)
    page = client.get(reverse("account")).content.decode()
    assert "Power BI" in page and raw not in page  # shown once
    # Someone else's token is not theirs to revoke.
    other, _raw = create_api_token(actor=None, user=chair, name="formandens")
    assert client.post(reverse("api_token_revoke", args=[other.pk])).status_code == 404
    client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_usable
    assert client.get("/api/v1/bodies", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert "Tilbagekaldt" in client.get(reverse("account")).content.decode()
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


def test_the_token_form_refuses_an_empty_name(client, member):
    login(client, member)
    response = client.post(reverse("account"), {"name": "", "days": "30"})
    assert response.status_code == 200 and not member.api_tokens.exists()
    assert "errorlist" in response.content.decode() or "form-error" in response.content.decode()


def test_a_token_in_use_records_its_last_use_to_the_minute_and_every_use_in_the_log(member):
    token, raw = create_api_token(actor=None, user=member, name="script")
    assert user_for_token(raw) == member
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert user_for_token(raw) == member  # a second later: no new write
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    user_for_token(raw)
    token.refresh_from_db()
    assert token.last_used_at > first
    assert AuditEvent.objects.filter(action="api_token.use").count() == 3
