"""Recording a vote in real Chromium at a phone's width: a fieldset per member, radios
reached by keyboard, the result shown after saving, axe-clean."""

import datetime

import pytest
from django.utils import timezone

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.meetings import services as meeting_services
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import BodyFactory
from klynge.votes.models import Result, Vote
from klynge.votes.tests.factories import hold, seat

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_vote_recorded_by_keyboard_at_390_px(page):
    from playwright.sync_api import expect

    body = BodyFactory(name="Sundhedsråd Aarhus")
    secretariat = persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    anna, bo, carl = seat(body, ["Anna Bech", "Bo Dahl", "Carl Enevold"])
    meeting = meeting_services.create_meeting(
        actor=secretariat,
        body=body,
        values={"date": timezone.localdate() - datetime.timedelta(days=1)},
    )
    hold(meeting, secretariat)
    item = meeting.items.first()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "sekretariat@example.dk")
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name=f"Registrér afstemning til punkt {item.position}").click()
    check_accessibility(page)
    for person, choice in ((anna, "For"), (bo, "For"), (carl, "Imod")):
        radio = page.get_by_role("group", name=person.name).get_by_role("radio", name=choice)
        radio.focus()
        page.keyboard.press("Space")
        expect(radio).to_be_checked()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390
    page.get_by_role("button", name="Registrér afstemning").click()
    expect(page.get_by_text("Indstillingen: Vedtaget").first).to_be_visible()
    check_accessibility(page)
    vote = Vote.objects.get()
    assert (vote.votes_for, vote.votes_against, vote.result) == (2, 1, Result.ADOPTED)
