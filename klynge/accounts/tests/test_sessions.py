"""How long a login lasts: idle and absolute timeouts, a new session key at login, and
deactivation ending sessions and tokens for good."""

import os
import subprocess
import sys
import time

import pytest
from django.urls import reverse

from klynge.accounts.models import ApiToken
from klynge.accounts.services import create_api_token
from klynge.accounts.sessions import SEEN, STARTED
from klynge.core.tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def backdate(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_login_gives_a_new_session_key_and_starts_the_clock(client, member, settings):
    session = client.session
    session["before_login"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    log_in(client, member)
    after = client.cookies[settings.SESSION_COOKIE_NAME]
    assert after.value != before
    assert after["secure"] and after["httponly"] and after["samesite"] == "Lax"
    session = client.session
    assert time.time() - session[STARTED] < 5 and session[SEEN] == session[STARTED]


def test_an_idle_session_ends(client, member, settings):
    log_in(client, member)
    assert client.get(reverse("home")).status_code == 200
    backdate(client, **{SEEN: settings.SESSION_IDLE_MINUTES * 60 + 5})
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "ikke har brugt Klynge" in response.content.decode()


def test_a_used_session_lasts_but_not_beyond_the_absolute_limit(client, member, settings):
    log_in(client, member)
    # Used a minute ago, logged in 11 hours ago: still in.
    backdate(client, **{STARTED: 11 * 3600, SEEN: 60})
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[SEEN] < 5  # the use is noted
    backdate(client, **{STARTED: settings.SESSION_MAX_HOURS * 3600 + 5})
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_deactivation_ends_sessions_and_tokens_and_reactivation_revives_nothing(client, member):
    log_in(client, member)
    _token, raw = create_api_token(actor=member, user=member, name="Integration")
    member.is_active = False
    member.save()
    assert ApiToken.objects.get().revoked_at is not None
    member.is_active = True
    member.save()
    # The old session is over although the user is active again…
    response = client.get(reverse("home"))
    assert response.status_code == 302
    # …and so is the old token.
    api = client.get("/api/v1/meetings", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 401
    # A fresh login works.
    client.logout()
    log_in(client, member)
    assert client.get(reverse("home")).status_code == 200


def test_production_cookies_are_host_prefixed_secure_httponly_and_lax():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "klynge.example.dk",
    }
    env.pop("SECURE_COOKIES", None)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='klynge.settings'; "
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.LANGUAGE_COOKIE_NAME, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.LANGUAGE_COOKIE_SAMESITE, s.SESSION_COOKIE_DOMAIN, s.SESSION_COOKIE_PATH)"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [
        "__Host-klynge-session",
        "__Host-klynge-csrftoken",
        "__Host-klynge-language",
        "True",
        "True",
        "True",
        "True",
        "True",
        "Lax",
        "Lax",
        "None",
        "/",
    ]
