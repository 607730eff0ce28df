"""A recommendation as the secretariat follows it, in real Chromium: the decision sent on to
the regionsråd from the item, put on their agenda, their decision entered; the chain on the
item, the body's Sendt videre list. Every page checked with axe."""

import datetime

import pytest
from django.urls import reverse

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.meetings import services as meeting_services
from klynge.meetings.models import MeetingStatus
from klynge.recommendations.tests.factories import ExternalBodyFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_secretariat_follows_a_recommendation_to_the_regional_councils_decision(
    page, live_server, meeting, secretariat
):
    from playwright.sync_api import expect

    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        meeting_services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=status)
    item = meeting.items.first()
    ExternalBodyFactory.create()
    log_in(page, "sekretariat@example.dk")

    page.goto(reverse("recommendation_send", args=[item.pk]))
    check_accessibility(page)
    page.get_by_label("Regionsrådet, Region Midtjylland").check()
    page.get_by_label("Sendt").fill(meeting.date.isoformat())
    page.get_by_role("button", name="Registrér som sendt").click()
    expect(page.get_by_text("Anbefalingen er registreret som sendt.")).to_be_visible()
    expect(page.get_by_text("venter på svar").first).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Opdater status for anbefalingen til").first.click()
    their_meeting = (meeting.date + datetime.timedelta(days=30)).isoformat()
    page.get_by_label("Modtagerens mødedato").fill(their_meeting)
    page.get_by_label("Link til dagsordenen").fill("ftp://rm.dk/dagsorden")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("begynder med http:// eller https://")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Link til dagsordenen").fill("https://www.rm.dk/dagsorden")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Anbefalingens status er gemt.")).to_be_visible()

    page.get_by_role("link", name="Opdater status for anbefalingen til").first.click()
    page.get_by_label("Besluttet af modtageren").check()
    page.get_by_label("Dato for beslutningen").fill(their_meeting)
    page.get_by_label("tiltrådt med ændringer").check()
    page.get_by_label("Modtagerens beslutning").fill("Tiltrådt, dog først fra 2028.")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("besluttede")).to_be_visible()
    expect(page.get_by_text("Tiltrådt, dog først fra 2028.")).to_be_visible()
    check_accessibility(page)

    page.goto(reverse("body_recommendations", args=[meeting.body_id]))
    page.get_by_label("Status").select_option("decided")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("cell", name="Regionsrådet, Region Midtjylland")).to_be_visible()
    check_accessibility(page)
    page.goto(reverse("external_body_list"))
    check_accessibility(page)
