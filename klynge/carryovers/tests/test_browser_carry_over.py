"""The carry-over in Chromium, at a phone's width: choose → preview → confirm → undo, with axe."""

import pytest
from django.urls import reverse

from klynge.carryovers.tests.test_carry_over import make_world
from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import SINCE
from klynge.organisations.models import CarryOver, Membership
from klynge.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_carry_over_is_chosen_previewed_confirmed_and_undone(page, live_server):
    from playwright.sync_api import expect

    world = make_world()
    # The cluster's secretariat is the council's too: it may make the co-chair chair there.
    MembershipFactory(
        body=world.council_body,
        person=world.secretariat.person,
        role=Membership.Role.SECRETARIAT,
        start_date=SINCE,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, world.secretariat.email)
    page.goto(world.cluster.get_absolute_url())
    page.get_by_role("link", name="Viderefør klyngens arbejde i et sundhedsråd").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Viderefør")
    check_accessibility(page)
    page.get_by_label("Politisk niveau videreføres").select_option(
        label=f"Fortsætter i {world.council_body.name}"
    )
    page.get_by_label("Nyt navn for Chefforum").fill("Chefforum")
    chair = page.get_by_label(f"{world.chair.person.name} (medformand, Politisk niveau)")
    chair.select_option(label="Fortsætter som formand")
    page.get_by_role("button", name="Se, hvad der vil ske").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("videreføres i")
    expect(page.get_by_text("medlemskaber slutter 31. december 2026")).to_be_visible()
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Viderefør").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Fortryd videreførelsen")).to_be_visible()
    check_accessibility(page)
    assert CarryOver.objects.filter(undone_at=None).count() == 1
    # Undo asks first: cancelled, nothing happens; accepted, it is undone.
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Fortryd videreførelsen").click()
    expect(page.get_by_role("button", name="Fortryd videreførelsen")).to_be_visible()
    assert CarryOver.objects.get().undone_at is None
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Fortryd videreførelsen").click()
    page.wait_for_url(f"**{reverse('cluster_detail', args=[world.cluster.pk])}")
    assert CarryOver.objects.get().is_undone
    assert len(questions) == 2 and "Fortryd hele videreførelsen" in questions[0]
