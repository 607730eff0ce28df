"""Shared fixtures: the personas (made in `klynge/core/tests/personas.py`) on a small cluster
with a body and a meeting: `secretariat` keeps the cluster's bodies, `chair` co-chairs the
body, `member` sits on it, `outsider` is logged in and member of nothing.
"""

import datetime

import pytest

from klynge.accounts.models import User
from klynge.accounts.tests.factories import UserFactory
from klynge.core.tests.browser import browser, page  # noqa: F401 - fixtures for browser tests
from klynge.core.tests.personas import day, persona
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import BodyFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    # Tests do not run collectstatic, so no manifest exists; serve static files as found.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # The production cache backend, empty for every test.
    settings.CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / name),
        }
        for name in ("default", "generation")
    }
    # The production hasher is slow on purpose; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def body(db) -> Body:
    return BodyFactory()


@pytest.fixture
def secretariat(body: Body) -> User:
    return persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)


@pytest.fixture
def chair(body: Body) -> User:
    return persona(body, "formand@example.dk", Membership.Role.CO_CHAIR)


@pytest.fixture
def member(body: Body) -> User:
    return persona(body, "medlem@example.dk", Membership.Role.MEMBER)


@pytest.fixture
def outsider(db) -> User:
    return UserFactory(email="borger@example.dk")


@pytest.fixture
def admin_user(db) -> User:
    return UserFactory(email="admin@example.dk", is_superuser=True, is_staff=True)


@pytest.fixture
def meeting(body: Body, secretariat: User, chair: User, member: User) -> Meeting:
    """A planned meeting with the standing items, its members invited."""
    from klynge.meetings import services

    return services.create_meeting(
        actor=secretariat,
        body=body,
        values={
            "date": day(31),
            "start_time": datetime.time(16, 0),
            "end_time": datetime.time(18, 0),
            "place": "Mødelokale 1",
        },
    )
