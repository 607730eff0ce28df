"""The one way tests make people: personas with a login, a person and a membership, as in the
seeds (a secretariat keeps the cluster's bodies, chairs approve, members read, an outsider is
logged in and member of nothing), and the small helpers every test module uses.

The root `conftest.py` turns these into fixtures (`secretariat`, `chair`, `member`,
`outsider`, `admin_user`); the action plan's `gov` and the browser tests build theirs here too.
"""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.accounts.models import User
from klynge.accounts.services import create_api_token
from klynge.accounts.tests.factories import UserFactory
from klynge.organisations.models import Body
from klynge.organisations.tests.factories import MembershipFactory, PersonFactory

#: Every persona's password (the browser tests type it).
PASSWORD = "kodeord-til-test"
#: Memberships in the tests start here, well before any meeting.
SINCE = datetime.date(2020, 1, 1)


def day(n: int) -> datetime.date:
    """Day `n` (1-31) of the tests' meeting month: the 31 days up to and including today.

    Relative to today, so meetings can be held (a meeting is held on or after its date) and
    the tests do not break when a fixed date passes.
    """
    return timezone.localdate() + datetime.timedelta(days=n - 31)


def persona(body: Body | None, email: str, role: str = "") -> User:
    """A user with a person; with a `body`, a current membership in `role` there."""
    user = UserFactory(email=email, password=PASSWORD)
    person = PersonFactory(user=user, name=user.name, email=email)
    if body is not None:
        MembershipFactory(body=body, person=person, role=role, start_date=SINCE)
    return user


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def log_in_with_password(client: Client, email: str, password: str) -> bool:
    """Log in through the login page, as a person does (lockout and all): True if it worked."""
    response = client.post(reverse("login"), {"username": email, "password": password})
    return response.status_code == 302


def bearer(user: User) -> dict[str, str]:
    """Headers for the API with a new personal token of `user`."""
    _token, raw = create_api_token(actor=None, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
