"""The whole life of a meeting in real Chromium, with axe-core accessibility checks."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_meeting_from_agenda_to_published_minutes(page, live_server):
    from playwright.sync_api import expect

    body = BodyFactory(name="Politisk Niveau")
    persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    persona(body, "formand@example.dk", Membership.Role.CO_CHAIR)
    member = persona(body, "medlem@example.dk", Membership.Role.MEMBER)

    # The secretariat creates the meeting and builds the agenda without page reloads.
    log_in(page, "sekretariat@example.dk")
    check_accessibility(page)
    page.goto(body.get_absolute_url())
    check_accessibility(page)
    page.get_by_role("link", name="Opret møde").click()
    # Today: the meeting is held later in this test, and a meeting is held on or after its day.
    page.get_by_label("Dato").fill(timezone.localdate().isoformat())
    page.get_by_label("Starttid").fill("16:00")
    page.get_by_label("Sluttid").fill("18:00")
    page.get_by_label("Sted").fill("Hjulmagervej 22, 9000 Aalborg, mødelokale 1")
    check_accessibility(page)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Punkt 2: Eventuelt")).to_be_visible()
    meeting_url = page.url

    page.get_by_text("Tilføj punkt", exact=True).first.click()
    page.get_by_label("Titel").fill("Tema: IPS for de 15-17-årige")
    page.get_by_label("Indstilling").fill("at Politisk Niveau drøfter erfaringerne")
    page.get_by_label("Tidspunkt fra").fill("16:00")
    page.get_by_label("Tidspunkt til").fill("18:30")
    page.get_by_role("button", name="Tilføj punkt").click()
    expect(
        page.get_by_role("heading", name="Punkt 2: Tema: IPS for de 15-17-årige")
    ).to_be_visible()
    assert page.url == meeting_url  # htmx, no reload
    expect(page.get_by_text("går ud over mødets tid")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Flyt op punkt 2").click()
    expect(
        page.get_by_role("heading", name="Punkt 1: Tema: IPS for de 15-17-årige")
    ).to_be_visible()
    page.get_by_role("link", name="Rediger punkt 1").click()
    editor = page.locator("li.agenda-item").filter(has=page.get_by_role("button", name="Gem punkt"))
    editor.get_by_label("Tidspunkt til").fill("16:40")
    editor.get_by_role("button", name="Gem punkt").click()
    expect(page.get_by_text("16:00-16:40")).to_be_visible()
    expect(page.get_by_text("går ud over mødets tid")).to_have_count(0)

    page.get_by_role("link", name="Tilføj bilag til punkt 1").click()
    page.get_by_label("Bilag").set_input_files(
        files=[
            {
                "name": "IPS-resultater.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="IPS-resultater.pdf")).to_be_visible()

    page.get_by_role("link", name="Udsend dagsorden").click()
    check_accessibility(page)  # the mail and its recipients before sending
    page.get_by_role("button", name="Udsend dagsorden nu").click()
    expect(page.locator("#meeting-status")).to_have_text("Dagsorden udsendt")

    # A member registers afbud.
    log_in(page, member.email)
    page.goto(meeting_url)
    check_accessibility(page)
    page.get_by_label("Bemærkning (valgfri)").fill("Ferie")
    page.get_by_role("button", name="Meld afbud").click()
    expect(page.locator("#own-status")).to_have_text("Afbud")

    # The secretariat holds the meeting and writes the decisions.
    log_in(page, "sekretariat@example.dk")
    page.goto(meeting_url)
    page.get_by_role("button", name="Marker som afholdt").click()
    page.get_by_role("link", name="Skriv beslutning til punkt 1").click()
    page.get_by_label("Beslutning").fill("Indsatsen blev drøftet.")
    page.get_by_role("button", name="Gem beslutning").click()
    expect(page.get_by_text("Indsatsen blev drøftet.")).to_be_visible()
    assert page.url == meeting_url
    check_accessibility(page)
    page.get_by_role("button", name="Send referat til godkendelse").click()
    expect(page.locator("#meeting-status")).to_have_text("Referat i kladde")

    # The co-chair approves from the home page.
    log_in(page, "formand@example.dk")
    page.get_by_role("link", name=re.compile("Politisk Niveau")).first.click()
    page.get_by_role("button", name="Godkend referatet").click()
    expect(page.locator("#meeting-status")).to_have_text("Referat godkendt")

    # The secretariat publishes; the documents download.
    log_in(page, "sekretariat@example.dk")
    page.goto(meeting_url)
    page.get_by_role("link", name="Offentliggør referat").click()
    page.get_by_role("button", name="Offentliggør referat nu").click()
    expect(page.locator("#meeting-status")).to_have_text("Referat offentliggjort")
    for link, magic in [("Referat som PDF", b"%PDF"), ("Referat som Word", b"PK")]:
        with page.expect_download() as info:
            page.get_by_role("link", name=link).click()
        assert Path(info.value.path()).read_bytes().startswith(magic)

    # The public page, without login.
    page.context.clear_cookies()
    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED
    page.goto(f"/offentlig/moeder/{meeting.pk}/")
    expect(page.get_by_text("Indsatsen blev drøftet.")).to_be_visible()
    check_accessibility(page)


def test_accessibility_check_catches_a_violation(page):
    page.set_content('<html lang="da"><title>x</title><main><input type="text"></main></html>')
    with pytest.raises(AssertionError, match="label"):
        check_accessibility(page)
