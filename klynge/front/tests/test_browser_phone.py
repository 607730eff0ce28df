"""At 390 px (a phone) no page scrolls sideways: only a table may, inside its own scroll
box. Checked in real Chromium on the pages people open on a phone, logged in and out, in
Danish and English, with axe on each."""

import pytest
from django.urls import reverse

from klynge.actionplans.models import State
from klynge.core.tests.browser import check_accessibility, log_in
from klynge.front.tests.world import build_world
from klynge.meetings.models import MeetingStatus

pytestmark = pytest.mark.browser

WIDTH = 390


@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_on_a_phone(page, live_server):
    world = build_world()
    published = world.meetings[MeetingStatus.MINUTES_PUBLISHED]
    outcomes = world.outcomes
    logged_in = [
        reverse("home"),
        published.get_absolute_url(),
        world.meetings[MeetingStatus.HELD].get_absolute_url(),
        world.chief.get_absolute_url(),
        reverse("cluster_detail", args=[world.cluster.pk]),
        reverse("plan_detail", args=[world.plan.pk]),
        reverse("initiative_detail", args=[world.initiatives[State.ACTIVE].pk]),
        reverse("initiative_report", args=[world.initiatives[State.ACTIVE].pk]),
        reverse("indicator_detail", args=[outcomes["indicator"].pk]),
        reverse("theme_outcomes", args=[outcomes["package"].theme_id]),
        reverse("report_detail", args=[outcomes["report"].pk]),
        reverse("search") + "?q=indsats",
        reverse("account"),
        reverse("two_factor_setup"),
        reverse("task_list"),
        reverse("audit_log"),
    ]
    public = [
        reverse("public_meeting_list"),
        reverse("public_meeting_detail", args=[published.pk]),
        reverse("public_search") + "?q=punkt",
        reverse("accessibility_statement"),
        reverse("privacy_notice"),
        reverse("password_reset"),
    ]
    page.set_viewport_size({"width": WIDTH, "height": 800})
    wide = {}
    for url in public:
        page.goto(url)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > WIDTH:
            wide[url] = width
        check_accessibility(page)
    log_in(page, "admin@example.dk")
    for url in logged_in + public:
        page.goto(url)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > WIDTH:
            wide[url] = width
        check_accessibility(page)
    # The same pages in English.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    for url in logged_in + public:
        page.goto(url)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > WIDTH:
            wide[f"{url} (en)"] = width
        check_accessibility(page)
    assert not wide, wide


@pytest.mark.django_db(transaction=True)
def test_the_menu_folds_behind_a_button_on_a_phone(page, live_server):
    build_world()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    log_in(page, "admin@example.dk")
    menu = page.get_by_role("button", name="Menu")
    plans = page.get_by_role("link", name="Handleplaner")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not plans.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    plans.click()
    page.wait_for_url("**/handleplaner/")
    # Escape folds it again and gives the focus back to the button.
    page.get_by_role("button", name="Menu").click()
    page.keyboard.press("Escape")
    assert not page.get_by_role("link", name="Handleplaner").is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    # On a desktop the menu is always there and the button is not.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.get_by_role("link", name="Handleplaner").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
