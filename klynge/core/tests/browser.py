"""Shared pieces of the browser tests: Debian's Chromium through Playwright, axe-core.

Debian's Chromium is driven by Playwright (`executable_path`; no browser download). Without
Chromium the tests are skipped loudly, unless CI=true, where that is a failure.
"""

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

from klynge.core.tests.personas import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture
def browser() -> Iterator[object]:
    """Chromium for one test (there are few): the async guard is lifted for that test only."""
    path = chromium_path()
    if path is None or not AXE.exists():
        reason = "Chromium not found" if path is None else "node_modules/axe-core missing"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}, and CI=true allows no skipped browser tests")
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason} (apt-get install chromium; npm ci)")
    from playwright.sync_api import sync_playwright

    with allow_async_unsafe(), sync_playwright() as playwright:
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
        # While Playwright's loop runs, Django keeps this test's database connections apart
        # (asgiref's context-local storage); close them here, or they outlive the test.
        connections.close_all()


@contextlib.contextmanager
def allow_async_unsafe() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread; the browser test's own ORM
    calls are still synchronous, so Django's async guard stands aside, here only."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def page(browser, live_server):
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


def check_accessibility(page) -> None:
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


def log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/log-ind/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/$"))
