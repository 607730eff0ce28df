"""The council's money where people meet it, in real Chromium at 390 px (a phone): the
portfolio's money columns and year picker, the .xlsx they download, and the initiative
page's "Økonomi" panel. axe on every page; no page scrolls sideways."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from klynge.budgets.tests.test_money_elsewhere import council  # noqa: F401 - the fixture
from klynge.core.tests.browser import check_accessibility, log_in

pytestmark = pytest.mark.browser

WIDTH = 390


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, page.url


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_reads_the_money_in_the_portfolio_and_on_the_initiative_on_a_phone(
    page,
    council,  # noqa: F811
):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": WIDTH, "height": 844})
    log_in(page, "sekretariat@example.dk")
    page.goto(council.plan.get_absolute_url())
    year = page.get_by_label("År for beløbene")
    shown = year.input_value()
    expect(page.get_by_role("columnheader", name=f"Bevilget {shown}").first).to_be_attached()
    _no_sideways_scrolling(page)
    check_accessibility(page)

    year.select_option("2027")
    page.get_by_role("button", name="Filtrér").click()
    expect(page.get_by_role("columnheader", name="Forbrugt 2027").first).to_be_attached()
    near = page.get_by_role("table", name="Indsatser under temaet Det nære")
    expect(near.get_by_role("cell", name="1.250.000 kr.")).to_be_attached()
    expect(near.get_by_role("cell", name="1.650.000 kr.")).to_be_attached()  # the theme's total
    _no_sideways_scrolling(page)
    check_accessibility(page)

    # The download is the year on the page, in numbers.
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som Excel").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    header = [cell.value for cell in sheet[3]]
    column = header.index("Bevilget 2027")
    values = {row[1]: row[column] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert values["Akutsygepleje i eget hjem"] == 1_250_000

    page.get_by_role("link", name="Akutsygepleje i eget hjem").click()
    money = page.get_by_role("region", name="Økonomi", exact=True)
    expect(money).to_be_visible()
    expect(money.get_by_role("table", name="Bevilget, forbrugt og tilbage pr. år")).to_be_visible()
    # Three grants and one commitment, each with its decision.
    expect(money.get_by_role("link", name="punkt 1")).to_have_count(4)
    _no_sideways_scrolling(page)
    check_accessibility(page)


@pytest.mark.django_db(transaction=True)
def test_a_member_reads_the_money_without_the_decision_not_yet_theirs(
    page,
    council,  # noqa: F811
    member,
):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": WIDTH, "height": 844})
    log_in(page, "medlem@example.dk")
    page.goto(council.care.get_absolute_url())
    money = page.get_by_role("region", name="Økonomi", exact=True)
    expect(money.get_by_text("1.000.000 kr.")).to_be_visible()
    expect(money.get_by_role("link")).to_have_count(0)
    _no_sideways_scrolling(page)
    check_accessibility(page)
