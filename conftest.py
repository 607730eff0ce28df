"""Shared fixtures: personas and a small cluster with a body and a meeting.

Personas, as in the seeds: `secretariat` keeps the cluster's bodies, `chair` co-chairs the
body, `member` sits on it, `outsider` is logged in and member of nothing.
"""

import datetime

import pytest
from django.test import Client

from klynge.accounts.models import User
from klynge.accounts.tests.factories import UserFactory
from klynge.core.tests.browser import browser, page  # noqa: F401 - fixtures for browser tests
from klynge.meetings.models import Meeting
from klynge.meetings.tests.factories import MeetingFactory
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import BodyFactory, MembershipFactory, PersonFactory


def day(n: int) -> datetime.date:
    """Day `n` (1-31) of the tests' meeting month: the 31 days up to and including today.

    Relative to today, so meetings can be held (a meeting is held on or after its date) and
    the tests do not break when a fixed date passes.
    """
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=n - 31)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    # Tests do not run collectstatic, so no manifest exists; serve static files as found.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # The production hasher is slow on purpose; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def body(db) -> Body:
    return BodyFactory()


def _persona(body: Body, email: str, role: str) -> User:
    user = UserFactory(email=email)
    person = PersonFactory(user=user, name=user.name, email=email)
    MembershipFactory(body=body, person=person, role=role, start_date=datetime.date(2020, 1, 1))
    return user


@pytest.fixture
def secretariat(body: Body) -> User:
    return _persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)


@pytest.fixture
def chair(body: Body) -> User:
    return _persona(body, "formand@example.dk", Membership.Role.CO_CHAIR)


@pytest.fixture
def member(body: Body) -> User:
    return _persona(body, "medlem@example.dk", Membership.Role.MEMBER)


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


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


__all__ = ["MeetingFactory", "login"]
