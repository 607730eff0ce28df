"""The secretariat writes the nærsundhedsplan in real Chromium: a section with the rich-text
editor, a goal linked to the council's initiative, a saved version, a changed word, a second
version and the comparison of the two; every page checked with axe, and at phone width
without sideways scrolling."""

import re

import pytest
from django.urls import reverse

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.healthplans.models import PlanSection, PlanVersion
from klynge.healthplans.tests.plan_data import council_plan, council_work

pytestmark = pytest.mark.browser

WIDTH = "() => document.documentElement.scrollWidth"


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_writes_saves_and_compares_versions(page, live_server, body, secretariat):
    from playwright.sync_api import expect

    plan = council_plan(body)
    work = council_work(plan.cluster, title="Akutteam på Samsø")
    log_in(page, "sekretariat@example.dk")

    page.goto(reverse("health_plan_list", args=[plan.cluster_id]))
    check_accessibility(page)
    page.get_by_role("link", name=plan.title).click()
    page.get_by_role("link", name="Nyt afsnit").click()
    page.get_by_label("Overskrift").fill("Det nære sundhedsvæsen på Samsø")
    editor = page.get_by_role("textbox", name="Tekst")
    expect(editor).to_be_visible()
    check_accessibility(page)
    editor.click()
    page.keyboard.type("Borgerne skal have ")
    page.keyboard.press("Control+b")
    page.keyboard.type("kortere")
    page.keyboard.press("Control+b")
    page.keyboard.type(" vej til behandling.")
    page.get_by_role("button", name="Tilføj afsnit").click()
    expect(page.get_by_text("Afsnittet er tilføjet.")).to_be_visible()
    section = PlanSection.objects.get(plan=plan, title="Det nære sundhedsvæsen på Samsø")
    assert section.text == "<p>Borgerne skal have <strong>kortere</strong> vej til behandling.</p>"

    page.get_by_role("link", name=re.compile(r"^Tilføj mål\W+Det nære sundhedsvæsen")).click()
    page.get_by_label("Mål", exact=True).fill("Færre akutte overflytninger til fastlandet")
    page.get_by_label("Målgruppe eller område").fill("Borgere på Samsø")
    page.get_by_label("Frist").fill("2029-12-31")
    page.get_by_label(str(work.initiative)).check()
    page.get_by_label(work.indicator.name).check()
    check_accessibility(page)
    page.get_by_role("button", name="Tilføj mål").click()
    expect(page.get_by_text("Målet er gemt.")).to_be_visible()
    expect(page.get_by_role("link", name=str(work.initiative))).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Gem version").click()
    expect(page.get_by_text("Kladden er gemt som version 1.")).to_be_visible()
    check_accessibility(page)

    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name=re.compile(r"^Rediger afsnit\W+Det nære sundhedsvæsen")).click()
    editor = page.get_by_role("textbox", name="Tekst")
    check_accessibility(page)
    editor.get_by_text("kortere").dblclick()
    page.keyboard.type("hurtigere")
    page.get_by_role("button", name="Gem afsnit").click()
    expect(page.get_by_text("Afsnittet er gemt.")).to_be_visible()
    page.get_by_role("button", name="Gem version").click()
    expect(page.get_by_text("Kladden er gemt som version 2.")).to_be_visible()
    assert PlanVersion.objects.filter(plan=plan).count() == 2

    page.get_by_role("link", name="Sammenlign versioner").click()
    page.get_by_label("Fra version").select_option("1")
    page.get_by_label("Til version").select_option("2")
    page.get_by_role("button", name="Sammenlign").click()
    diff = page.locator(".plan-diff__text")
    expect(diff.locator("del")).to_contain_text("slettet: kortere")
    expect(diff.locator("ins")).to_contain_text("tilføjet: hurtigere")
    check_accessibility(page)

    page.set_viewport_size({"width": 390, "height": 800})
    for url in [
        page.url,
        plan.get_absolute_url(),
        reverse("plan_goal_create", args=[section.pk]),
        reverse("plan_version_list", args=[plan.pk]),
    ]:
        page.goto(url)
        assert page.evaluate(WIDTH) <= 390, url
