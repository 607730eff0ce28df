"""The review round (gennemlæsning) in real Chromium: the secretariat starts it, a chair
comments on an item, the secretariat marks the comment handled; axe-clean on each step."""

import datetime

import pytest
from django.utils import timezone

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.meetings import services
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_chair_comments_and_the_secretariat_handles_it(page, live_server):
    from playwright.sync_api import expect

    body = BodyFactory(name="Sundhedsråd Prøve", agenda_deadline_days=10)
    secretariat = persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    persona(body, "naestformand@example.dk", Membership.Role.VICE_CHAIR)
    meeting = services.create_meeting(
        actor=secretariat,
        body=body,
        values={
            "date": timezone.localdate() + datetime.timedelta(days=40),
            "start_time": datetime.time(15),
            "end_time": datetime.time(17),
            "place": "Rådhuset",
        },
    )
    item = services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": "Sundhedsplan i høring"}
    )

    log_in(page, "sekretariat@example.dk")
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_text("Frist for punkter til dette møde")).to_be_attached()
    page.get_by_role("button", name="Start gennemlæsning").click()
    expect(page.get_by_text("Gennemlæsningen er startet")).to_be_visible()
    check_accessibility(page)

    log_in(page, "naestformand@example.dk")
    page.goto(meeting.get_absolute_url())
    page.get_by_label(f"Din kommentar til punkt {item.position}").fill(
        "Høringsfristen bør ligge efter budgettet."
    )
    page.get_by_role("button", name=f"Gem kommentar til punkt {item.position}").click()
    expect(page.get_by_text("Din kommentar er gemt")).to_be_visible()
    expect(page.get_by_text("Høringsfristen bør ligge efter budgettet.")).to_be_visible()
    check_accessibility(page)

    log_in(page, "sekretariat@example.dk")
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name="Marker som behandlet").click()
    expect(page.get_by_text("Kommentaren er markeret som behandlet")).to_be_visible()
    expect(page.locator(".review-comments .status-tag", has_text="Behandlet")).to_be_visible()
    check_accessibility(page)
