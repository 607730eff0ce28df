"""A login that has passed the password but not the code reaches nothing: every URL pattern
of the project, GET and POST, answers a redirect to the code page; only the code page,
logging out and the pages that need no login answer, and those as to a visitor.

The routes are read from the resolver, so a new one is walked without being listed here.
"""

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern
from django_otp.plugins.otp_totp.models import TOTPDevice

from klynge.front.tests.world import World
from klynge.meetings.models import MeetingStatus

pytestmark = pytest.mark.django_db

#: Where a half-logged-in session may go as itself; POSTing to logout ends it (tried last).
OWN_PAGES = {"two_factor_verify", "logout"}
#: API operations that need no token at all: the schema, its docs, the root.
OPEN_API = {"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root"}


def _kwargs_with_real_objects(world: World) -> dict[str, dict[str, Any]]:
    """Real objects for the pages that need no login, so they answer with a page."""
    published = world.meetings[MeetingStatus.MINUTES_PUBLISHED]
    return {
        "public_meeting_detail": {"pk": published.pk},
        "public_meeting_document": {"pk": published.pk, "kind": "dagsorden"},
        "public_attachment": {"pk": world.open_items[published.status].attachments.get().pk},
        "body_calendar": {"pk": world.chief.pk},
    }


def _dummy(converter: str) -> str:
    return {"uuid": str(uuid.uuid4()), "path": "1", "int": "1", "id": "1"}.get(converter, "x")


def _fill(pattern: Any, real: dict[str, Any]) -> str:
    """The pattern as a path: real values where given, a dummy for each other parameter."""
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: str(real.get(m[2], _dummy(m[1] or "str"))),
            str(pattern),
        )
    # A regular expression (the admin's): the first of a named group's alternatives.
    text = re.sub(
        r"\(\?P<\w+>([^)]*)\)",
        lambda m: m[1].split("|")[0] if re.fullmatch(r"[\w|]+", m[1]) else "1",
        pattern.regex.pattern,
    )
    return text.lstrip("^").rstrip("$").replace("\\", "")


def every_route(world: World) -> Iterator[tuple[str, str]]:
    """(name, path) of every URL pattern of the project."""
    real = _kwargs_with_real_objects(world)

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + _fill(pattern.pattern, {}), inner)
            elif isinstance(pattern, URLPattern):
                name = namespace + (pattern.name or "")
                yield name, prefix + _fill(pattern.pattern, real.get(pattern.name or "", {}))

    yield from walk(get_resolver().url_patterns, "/", "")


def _text(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def _half_logged_in(world: World) -> tuple[Client, Any]:
    user = world.users["secretariat"]
    TOTPDevice.objects.create(user=user, name="Klynge", confirmed=True)
    client = Client()
    client.force_login(user)  # the password is given: the login signal asks for the code
    return client, user


@pytest.mark.parametrize("required", [False, True], ids=["optional", "required"])
def test_a_half_logged_in_session_reaches_only_the_code_page(world, settings, required):
    settings.TWO_FACTOR_REQUIRED = required
    settings.API_RATE_PER_MINUTE = 100_000  # the rate limit has its own test
    client, user = _half_logged_in(world)
    verify = reverse("two_factor_verify")
    routes = list(every_route(world))
    failures = []
    tried = open_pages = 0
    for name, path in routes:
        match = resolve(path)
        assert match.view_name == name or (match.url_name is None and name.endswith(":")), path
        if name in OWN_PAGES:
            continue
        is_open = not getattr(match.func, "login_required", True)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            tried += 1
            where = f"{method.upper()} {path} ({name}): {response.status_code}"
            to_code_page = response.status_code == 302 and response["Location"].startswith(verify)
            if to_code_page:
                continue
            if not is_open:
                failures.append(f"{where}, expected the code page")
                continue
            # A page that needs no login may answer, but as to a visitor.
            open_pages += 1
            text = _text(response)
            if user.email in text or user.name in text or 'href="/konto/"' in text:
                failures.append(f"{where} shows the user as logged in")
            api = name.startswith("api-v1:") and name not in OPEN_API
            if api and response.status_code not in {401, 405}:
                failures.append(f"{where}, expected 401 (no session way into the API)")
    print(f"\n{tried} requests on {len(routes)} routes, {open_pages} answered as to a visitor")
    assert not failures, "\n".join(failures)
    assert tried > 2 * 200  # the walk really walked (the admin's routes included)
    # Walking changed nothing: the device is still the user's and the code still asked for.
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert client.get(reverse("account"))["Location"].startswith(verify)
    page = client.get(verify)
    assert page.status_code == 200 and "code" in page.context["form"].fields
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("account"))["Location"].startswith(reverse("login"))
