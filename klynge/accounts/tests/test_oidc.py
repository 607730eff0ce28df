"""OpenID Connect login: on with OIDC_RP_CLIENT_ID, people matched by e-mail to existing
active users, the provider's second factor trusted."""

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest

from klynge.accounts.oidc import EmailOIDCBackend
from klynge.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROVIDER = {
    "OIDC_RP_CLIENT_ID": "klynge",
    "OIDC_RP_CLIENT_SECRET": "hemmelig",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.rm.dk/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.rm.dk/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.rm.dk/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.rm.dk/jwks",
    "OIDC_PROVIDER_NAME": "Region Midtjylland",
}


@pytest.fixture
def backend(settings):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    return EmailOIDCBackend()


def test_people_are_matched_by_email_to_active_users_only(backend):
    user = UserFactory(email="hanne.holm@rm.dk")
    UserFactory(email="tidligere@rm.dk", is_active=False)
    assert list(backend.filter_users_by_claims({"email": "Hanne.Holm@RM.dk"})) == [user]
    assert not backend.filter_users_by_claims({"email": "tidligere@rm.dk"}).exists()
    assert not backend.filter_users_by_claims({"email": "ukendt@rm.dk"}).exists()
    assert not backend.filter_users_by_claims({}).exists()


def test_an_unverified_or_missing_address_is_refused(backend):
    assert backend.verify_claims({"email": "a@rm.dk"})
    assert backend.verify_claims({"email": "a@rm.dk", "email_verified": True})
    assert not backend.verify_claims({"email": "a@rm.dk", "email_verified": False})
    assert not backend.verify_claims({"name": "Uden Mail"})


def test_a_missing_name_is_filled_from_the_provider(backend):
    user = UserFactory(email="ny@rm.dk", name="")
    backend.update_user(user, {"email": "ny@rm.dk", "name": "Ny Kollega"})
    user.refresh_from_db()
    assert user.name == "Ny Kollega"


def test_with_a_client_id_the_login_page_offers_the_provider_and_sends_there(tmp_path):
    """Settings and URLs are read at start-up: a process of its own, as in production."""
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', 'sessions', verbosity=0); "
        "from django.test import Client; c = Client(); "
        "page = c.get('/log-ind/', HTTP_HOST='127.0.0.1').content.decode(); "
        "print('Log ind med Region Midtjylland' in page); "
        "r = c.get('/oidc/authenticate/', HTTP_HOST='127.0.0.1'); "
        "print(r.status_code); print(r['Location'])"
    )
    env = {
        **os.environ,
        **PROVIDER,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'oidc.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    lines = result.stdout.split()
    assert lines[:2] == ["True", "302"], result.stderr[-2000:]
    target = urlparse(lines[2])
    assert (
        f"{target.scheme}://{target.netloc}{target.path}"
        == PROVIDER["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    )
    query = parse_qs(target.query)
    assert query["client_id"] == ["klynge"] and query["response_type"] == ["code"]
    assert query["redirect_uri"][0].endswith("/oidc/callback/")
    assert "email" in query["scope"][0] and query["state"] and query["nonce"]


def test_a_half_configured_provider_stops_start_up():
    env = {**os.environ, "OIDC_RP_CLIENT_ID": "klynge", "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", "import klynge.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "OIDC_OP_AUTHORIZATION_ENDPOINT must be set" in result.stderr
