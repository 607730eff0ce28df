"""The plan's approval and follow-up as the secretariat works them, in real Chromium: the
council's decision recommends the plan, a body's answer is entered from the approval panel,
a goal gets its status, the yearly follow-up report is read (and at a phone's width). Every
page checked with axe."""

import pytest
from django.urls import reverse

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.healthplans.tests.test_approval_world import hold_with_decision, make_plan

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_secretariat_recommends_the_plan_and_follows_a_goal_up(
    page, live_server, meeting, secretariat
):
    from playwright.sync_api import expect

    world = make_plan(meeting)
    item = hold_with_decision(meeting, secretariat)
    log_in(page, "sekretariat@example.dk")

    page.goto(world.plan.get_absolute_url())
    check_accessibility(page)
    page.get_by_role("link", name="Indstil til godkendelse").click()
    check_accessibility(page)
    page.get_by_label("Rådets beslutning").select_option(str(item.pk))
    page.get_by_label("Sendt til de godkendende organer").fill(meeting.date.isoformat())
    page.get_by_role("button", name="Indstil til godkendelse").click()
    expect(page.get_by_text("Planen er indstillet til godkendelse")).to_be_visible()
    panel = page.locator("#godkendelse")
    expect(panel.get_by_text("venter på svar")).to_have_count(3)
    check_accessibility(page)

    # A body's answer is entered where recommendations are: the state form.
    panel.get_by_role("link", name="Registrér svar fra Aarhus Byråd").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(world.plan.get_absolute_url())

    page.locator("#opfoelgning").get_by_role(
        "link", name="Sæt status for målet Færre forebyggelige indlæggelser"
    ).click()
    check_accessibility(page)
    page.get_by_role("radio", name="I risiko").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Skriv en begrundelse")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("textbox", name="Begrundelse").fill("Nattevagterne er ikke bemandet endnu.")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Målets status er gemt.")).to_be_visible()

    # The follow-up report: the goal's status and reason, its initiative and indicator.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Opfølgning")
    goal = page.locator(f"#opfoelgning-maal-{world.goals[0].pk}")
    expect(goal.get_by_text("I risiko")).to_be_visible()
    expect(goal.get_by_text("Nattevagterne er ikke bemandet endnu.")).to_be_visible()
    expect(goal.get_by_role("link", name="Akutteam i hjemmeplejen")).to_be_visible()
    expect(goal.get_by_role("link", name=world.indicator.name)).to_be_visible()
    check_accessibility(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(reverse("health_plan_recommend", args=[world.plan.pk]).replace("indstil/", ""))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
