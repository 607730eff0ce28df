"""A new password ends the API tokens as it ends the sessions, however it is set: the reset
by mail, the admin, `changepassword`, `set_password` in code (finding 11 of the third
penetration test: tokens outlived a reset)."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from klynge.accounts.models import ApiToken
from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import PASSWORD, bearer, log_in_with_password, login

pytestmark = pytest.mark.django_db

NEW = "Kl1nge-nyt-kodeord-2026"


def assert_tokens_revoked(user, headers, client):
    assert client.get("/api/v1/bodies", **headers).status_code == 401
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="user.password_change")
    assert event.object_id == str(user.pk) and event.changes == {"tokens": 2}


def test_a_reset_by_mail_revokes_the_tokens_and_says_so(client, member, chair):
    headers, _other = bearer(member), bearer(member)
    kept = bearer(chair)
    assert client.get("/api/v1/bodies", **headers).status_code == 200
    client.post(reverse("password_reset"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/ny-adgangskode/\S+?/)\)?\s", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link[1], follow=True).redirect_chain[-1][0]
    done = client.post(form, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "API-nøgler, er de tilbagekaldt" in done.content.decode()
    assert_tokens_revoked(member, headers, client)
    assert client.get("/api/v1/bodies", **kept).status_code == 200  # only the person's own


def test_the_admin_setting_a_password_revokes_the_tokens(client, member, admin_user):
    headers, _other = bearer(member), bearer(member)
    login(client, admin_user)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[member.pk]),
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert_tokens_revoked(member, headers, client)


def test_changepassword_revokes_the_tokens(client, member):
    headers, _other = bearer(member), bearer(member)
    with mock.patch("getpass.getpass", return_value=NEW):
        call_command("changepassword", member.email, stdout=mock.Mock())
    assert_tokens_revoked(member, headers, client)


def test_set_password_in_code_revokes_the_tokens(client, member):
    headers, _other = bearer(member), bearer(member)
    member.set_password(NEW)
    member.save()
    assert_tokens_revoked(member, headers, client)


def test_other_saves_and_logins_leave_the_tokens(client, member, settings):
    headers = bearer(member)
    member.name = "Nyt Navn"
    member.save()
    # A login whose stored hash is upgraded saves the password again: the same password.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert log_in_with_password(client, member.email, PASSWORD)
    member.refresh_from_db()
    assert member.password.startswith("pbkdf2_sha1$")
    assert client.get("/api/v1/bodies", **headers).status_code == 200
    assert not AuditEvent.objects.filter(action="user.password_change").exists()
