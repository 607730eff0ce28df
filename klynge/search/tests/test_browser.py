"""Searching from the header of any page, in real Chromium, with axe-core checks."""

import pytest

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.organisations.models import Membership

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_search_from_the_header_narrow_by_facet_and_open_a_result(page, live_server, archive):
    from playwright.sync_api import expect

    body = archive["published"].body
    persona(body, "medlem2@example.dk", Membership.Role.MEMBER)
    log_in(page, "medlem2@example.dk")
    page.get_by_label("Søg i Klynge").fill("indsatser")
    page.get_by_label("Søg i Klynge").press("Enter")

    expect(page.get_by_role("heading", name="Søg", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("resultat")
    expect(page.locator("mark").first).to_be_visible()
    check_accessibility(page)
    page.get_by_role("complementary").get_by_role("link", name="Sundhedsklynge Vest").click()
    expect(page.get_by_role("link", name="Indsatser for ældre").first).to_be_visible()
    expect(page.get_by_role("link", name="Akutteamsygeplejersker i nattevagt")).to_be_hidden()
    check_accessibility(page)
    page.get_by_role("link", name="Indsatser for ældre").first.click()
    expect(page.get_by_role("heading", name="Punkt 2: Indsatser for ældre")).to_be_visible()

    # The public archive's own search, logged out.
    page.context.clear_cookies()
    page.goto("/offentlig/")
    page.get_by_label("Søg i Klynge").fill("hemmeligholdt")
    page.get_by_label("Søg i Klynge").press("Enter")
    expect(page.get_by_text("0 resultater")).to_be_visible()
    check_accessibility(page)
