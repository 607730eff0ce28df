"""The whole life of a meeting in real Chromium, with axe-core accessibility checks.

Debian's Chromium is driven by Playwright (`executable_path`; no browser download). Without
Chromium the tests are skipped loudly, unless CI=true, where that is a failure.
"""

import datetime
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from klynge.accounts.tests.factories import UserFactory
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "browser-test-kodeord"


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None or not AXE.exists():
        reason = "Chromium not found" if path is None else "node_modules/axe-core missing"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}, and CI=true allows no skipped browser tests")
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason} (apt-get install chromium; npm ci)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async guard must stand aside here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="da-DK")
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    yield page
    context.close()


def check_accessibility(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not problems, f"axe-core on {page.url}:\n" + "\n".join(problems)
    assert not page.csp_errors, page.csp_errors


def log_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto("/log-ind/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/$"))


def person_user(body, email: str, role: str):  # type: ignore[no-untyped-def]
    user = UserFactory(email=email, password=PASSWORD)
    MembershipFactory(
        body=body,
        person=PersonFactory(user=user, name=user.name),
        role=role,
        organisation=OrganisationFactory(),
        start_date=datetime.date(2020, 1, 1),
    )
    return user


@pytest.mark.django_db(transaction=True)
def test_meeting_from_agenda_to_published_minutes(page, live_server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    body = BodyFactory(name="Politisk Niveau")
    person_user(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    person_user(body, "formand@example.dk", Membership.Role.CO_CHAIR)
    member = person_user(body, "medlem@example.dk", Membership.Role.MEMBER)

    # The secretariat creates the meeting and builds the agenda without page reloads.
    log_in(page, "sekretariat@example.dk")
    check_accessibility(page)
    page.goto(body.get_absolute_url())
    check_accessibility(page)
    page.get_by_role("link", name="Opret møde").click()
    page.get_by_label("Dato").fill("2030-05-24")
    page.get_by_label("Starttid").fill("16:00")
    page.get_by_label("Sluttid").fill("18:00")
    page.get_by_label("Sted").fill("Hjulmagervej 22, 9000 Aalborg, mødelokale 1")
    check_accessibility(page)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Punkt 2: Eventuelt")).to_be_visible()
    meeting_url = page.url

    page.get_by_text("Tilføj punkt", exact=True).first.click()
    page.get_by_label("Titel").fill("Tema: IPS for de 15-17-årige")
    page.get_by_label("Indstilling").fill("at Politisk Niveau drøfter erfaringerne")
    page.get_by_label("Tidspunkt fra").fill("16:00")
    page.get_by_label("Tidspunkt til").fill("18:30")
    page.get_by_role("button", name="Tilføj punkt").click()
    expect(
        page.get_by_role("heading", name="Punkt 2: Tema: IPS for de 15-17-årige")
    ).to_be_visible()
    assert page.url == meeting_url  # htmx, no reload
    expect(page.get_by_text("går ud over mødets tid")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Flyt op punkt 2").click()
    expect(
        page.get_by_role("heading", name="Punkt 1: Tema: IPS for de 15-17-årige")
    ).to_be_visible()
    page.get_by_role("link", name="Rediger punkt 1").click()
    editor = page.locator("li.agenda-item").filter(has=page.get_by_role("button", name="Gem punkt"))
    editor.get_by_label("Tidspunkt til").fill("16:40")
    editor.get_by_role("button", name="Gem punkt").click()
    expect(page.get_by_text("16:00-16:40")).to_be_visible()
    expect(page.get_by_text("går ud over mødets tid")).to_have_count(0)

    page.get_by_role("link", name="Tilføj bilag til punkt 1").click()
    page.get_by_label("Bilag").set_input_files(
        files=[
            {
                "name": "IPS-resultater.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="IPS-resultater.pdf")).to_be_visible()

    page.get_by_role("button", name="Udsend dagsorden").click()
    expect(page.locator("#meeting-status")).to_have_text("Dagsorden udsendt")

    # A member registers afbud.
    log_in(page, member.email)
    page.goto(meeting_url)
    check_accessibility(page)
    page.get_by_label("Bemærkning (valgfri)").fill("Ferie")
    page.get_by_role("button", name="Meld afbud").click()
    expect(page.locator("#own-status")).to_have_text("Afbud")

    # The secretariat holds the meeting and writes the decisions.
    log_in(page, "sekretariat@example.dk")
    page.goto(meeting_url)
    page.get_by_role("button", name="Marker som afholdt").click()
    page.get_by_role("link", name="Skriv beslutning til punkt 1").click()
    page.get_by_label("Beslutning").fill("Indsatsen blev drøftet.")
    page.get_by_role("button", name="Gem beslutning").click()
    expect(page.get_by_text("Indsatsen blev drøftet.")).to_be_visible()
    assert page.url == meeting_url
    check_accessibility(page)
    page.get_by_role("button", name="Send referat til godkendelse").click()
    expect(page.locator("#meeting-status")).to_have_text("Referat i kladde")

    # The co-chair approves from the home page.
    log_in(page, "formand@example.dk")
    page.get_by_role("link", name=re.compile("Politisk Niveau")).first.click()
    page.get_by_role("button", name="Godkend referatet").click()
    expect(page.locator("#meeting-status")).to_have_text("Referat godkendt")

    # The secretariat publishes; the documents download.
    log_in(page, "sekretariat@example.dk")
    page.goto(meeting_url)
    page.get_by_role("button", name="Offentliggør referat").click()
    expect(page.locator("#meeting-status")).to_have_text("Referat offentliggjort")
    for link, magic in [("Referat som PDF", b"%PDF"), ("Referat som Word", b"PK")]:
        with page.expect_download() as info:
            page.get_by_role("link", name=link).click()
        assert Path(info.value.path()).read_bytes().startswith(magic)

    # The public page, without login.
    page.context.clear_cookies()
    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED
    page.goto(f"/offentlig/moeder/{meeting.pk}/")
    expect(page.get_by_text("Indsatsen blev drøftet.")).to_be_visible()
    check_accessibility(page)


def test_accessibility_check_catches_a_violation(page):  # type: ignore[no-untyped-def]
    page.set_content('<html lang="da"><title>x</title><main><input type="text"></main></html>')
    with pytest.raises(AssertionError, match="label"):
        check_accessibility(page)
