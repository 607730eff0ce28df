"""Ordering the agenda in real Chromium: drag and drop by the handle, the arrow keys on the
focused handle, and the up/down buttons (the fallback without JavaScript)."""

import pytest
from django.utils import timezone

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.meetings import services
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.browser


def titles(meeting) -> list[str]:
    return list(meeting.items.order_by("position").values_list("title", flat=True))


@pytest.mark.django_db(transaction=True)
def test_items_are_reordered_by_drag_and_drop_and_keyboard(page, live_server):
    from playwright.sync_api import expect

    body = BodyFactory(name="Chefforum")
    secretariat = persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    meeting = services.create_meeting(
        actor=secretariat, body=body, values={"date": timezone.localdate()}
    )
    for title in ["Akutplan", "Demens", "IPS"]:
        services.add_agenda_item(actor=secretariat, meeting=meeting, values={"title": title})
    assert titles(meeting) == [
        "Godkendelse af dagsorden",
        "Akutplan",
        "Demens",
        "IPS",
        "Eventuelt",
    ]

    log_in(page, "sekretariat@example.dk")
    page.set_viewport_size({"width": 1280, "height": 2800})  # the whole agenda in view
    page.goto(meeting.get_absolute_url())
    handle = page.get_by_role("button", name="Flyt punkt 4")
    expect(handle).to_be_visible()
    check_accessibility(page)

    # Drag IPS (4) above Akutplan (2), moving the mouse as a hand does.
    start = handle.bounding_box()
    target = page.locator(f"#punkt-{meeting.items.get(title='Akutplan').pk}").bounding_box()
    page.mouse.move(start["x"] + 5, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(target["x"] + 20, target["y"] + 10, steps=20)
    page.mouse.up()
    expect(page.get_by_role("heading", name="Punkt 2: IPS")).to_be_visible()
    assert titles(meeting) == [
        "Godkendelse af dagsorden",
        "IPS",
        "Akutplan",
        "Demens",
        "Eventuelt",
    ]

    # The keyboard: arrow down on the focused handle moves Akutplan (3) one down, and the
    # focus stays on its handle for the next press.
    page.get_by_role("button", name="Flyt punkt 3").focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("heading", name="Punkt 4: Akutplan")).to_be_visible()
    expect(page.get_by_role("button", name="Flyt punkt 4")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("heading", name="Punkt 5: Akutplan")).to_be_visible()
    assert titles(meeting) == [
        "Godkendelse af dagsorden",
        "IPS",
        "Demens",
        "Eventuelt",
        "Akutplan",
    ]

    # The buttons still work.
    page.get_by_role("button", name="Flyt op punkt 5").click()
    expect(page.get_by_role("heading", name="Punkt 4: Akutplan")).to_be_visible()
    check_accessibility(page)
