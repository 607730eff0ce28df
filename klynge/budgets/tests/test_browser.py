"""The council's money as the secretariat keeps it, in real Chromium: the frame set, an
allocation granted by the council's decision, spending imported from a file (a bad file
first), the overview over the frame in words; a member reads it. Every page checked with
axe, and the overview at 390 px without sideways scrolling."""

import pytest
from django.urls import reverse

from klynge.budgets.models import Allocation, Spending
from klynge.core.tests.browser import check_accessibility, log_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_secretariat_sets_the_frame_grants_and_imports_spending(
    page, live_server, council, initiatives, decision, secretariat, member, tmp_path
):
    from playwright.sync_api import expect

    log_in(page, "sekretariat@example.dk")
    page.goto(reverse("money_overview", args=[council.pk]) + "?aar=2027")
    expect(page.get_by_role("heading", level=1)).to_have_text("Økonomi 2027: Sundhedsråd Testby")
    check_accessibility(page)

    page.get_by_role("link", name="Sæt rammen").click()
    page.get_by_label("Ramme (kr.)").fill("1.250.000,50")
    page.get_by_role("button", name="Gem rammen").click()
    expect(page.get_by_text("uden øre")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Ramme (kr.)").fill("4.000.000 kr.")
    page.get_by_role("button", name="Gem rammen").click()
    expect(page.get_by_text("Rammen for 2027 er gemt.")).to_be_visible()
    expect(page.get_by_role("row", name="Ramme 4.000.000 kr.")).to_be_visible()

    page.get_by_role("link", name="Ny bevilling").click()
    check_accessibility(page)
    page.get_by_label("Indsats").select_option(label=str(initiatives[0]))
    page.get_by_label("Fra år").fill("2027")
    page.get_by_label("Beløb pr. år (kr.)").fill("4.500.000")
    page.get_by_label("Bevilget ved beslutning").select_option(index=1)
    page.get_by_role("button", name="Gem bevillingen").click()
    expect(
        page.get_by_text("Bevillingen til Indsats 1: Akutteam i nattevagt er gemt")
    ).to_be_visible()
    assert Allocation.objects.get().decision_item == decision
    # Over the frame: said in words, with the amount over.
    expect(page.get_by_text("Over rammen med 500.000 kr.")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Indlæs forbrug fra fil").click()
    bad = tmp_path / "forbrug-fejl.csv"
    bad.write_text("indsats;år;kvartal;beløb\n1;2027;K1;250.000\nUkendt;2027;K7;5\n", "utf-8")
    page.get_by_label("Fil (CSV eller Excel .xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    expect(page.get_by_text("1 række kan ikke indlæses")).to_be_visible()
    expect(page.get_by_text("Række 3: Indsats: indsatsen “Ukendt” findes ikke")).to_be_visible()
    check_accessibility(page)
    good = tmp_path / "forbrug.csv"
    good.write_text(
        "indsats;år;kvartal;beløb\n1;2027;K1;250.000\nVirtuelle udskrivelsesmøder;2027;K1;75.000\n",
        "utf-8",
    )
    page.get_by_label("Fil (CSV eller Excel .xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    expect(page.get_by_text("2 rækker er klar. Intet er gemt endnu.")).to_be_visible()
    assert not Spending.objects.exists()
    check_accessibility(page)
    page.get_by_role("button", name="Gem 2 rækker").click()
    expect(page.get_by_text("2 rækker forbrug er indlæst fra forbrug.csv.")).to_be_visible()
    assert sorted(Spending.objects.values_list("amount", flat=True)) == [75_000, 250_000]
    expect(page.get_by_role("row", name="Forbrugt 325.000 kr.")).to_be_visible()
    check_accessibility(page)

    # On a phone: the page itself does not scroll sideways (wide tables scroll in their box).
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(page)

    log_in(page, "medlem@example.dk")
    page.goto(reverse("money_overview", args=[council.pk]) + "?aar=2027")
    expect(page.get_by_text("Over rammen med 500.000 kr.")).to_be_visible()
    expect(page.get_by_role("link", name="Ny bevilling")).to_have_count(0)
    check_accessibility(page)
