"""An archive import as a secretariat does it, in real Chromium: upload, the worker reads it on
the database queue while the list updates itself, review beside the original, accept."""

from pathlib import Path

import pytest
from django.core.management import call_command

from klynge.archive.models import SourceDocument
from klynge.archive.tests.samples import MINUTES
from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.meetings.models import Meeting
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "files"


@pytest.mark.django_db(transaction=True)
def test_upload_read_by_the_worker_reviewed_and_accepted(page, live_server, settings, tmp_path):
    from playwright.sync_api import expect

    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    body = BodyFactory(name="Styregruppen", cluster__name="Sundhedsklynge Nord")
    persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    minutes = tmp_path / "referat-2019-03-12.txt"
    minutes.write_text(MINUTES, encoding="cp1252")

    log_in(page, "sekretariat@example.dk")
    page.get_by_role("link", name="Arkiv").first.click()
    check_accessibility(page)
    page.get_by_label("Filer", exact=True).set_input_files(
        [str(minutes), str(CORPUS / "33-pdf.pdf")]
    )
    page.get_by_label("Klynge", exact=True).select_option(label="Sundhedsklynge Nord")
    page.get_by_role("button", name="Indlæs").click()
    expect(page.get_by_text("2 filer er lagt i kø")).to_be_visible()
    expect(page.get_by_text("2 filer venter på at blive læst.")).to_be_visible()

    call_command("worker", "--batch")  # the queue in the database, as in production

    # The list asks again by itself (htmx) and shows the documents read.
    expect(page.get_by_text("venter på at blive læst")).to_be_hidden(timeout=10_000)
    row = page.get_by_role("row").filter(has_text="referat-2019-03-12.txt")
    expect(row).to_contain_text("Skal gennemses")
    check_accessibility(page)

    page.get_by_role("link", name="33-pdf.pdf").click()
    expect(page.get_by_role("img", name="Side 1 af 5 i originalen")).to_be_visible()
    check_accessibility(page)
    page.goto("/arkiv/")
    page.get_by_role("link", name="referat-2019-03-12.txt").click()
    expect(page.get_by_role("heading", name="Mødet, som Klynge læser det")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Organ (valgfri)", exact=True).select_option(
        label="Styregruppen, Sundhedsklynge Nord"
    )
    page.get_by_label("Titel").first.fill("Godkendelse af dagsordenen")
    page.get_by_role("checkbox", name="Slet").nth(1).check()  # drop item 2
    page.get_by_role("button", name="Godkend og opret mødet").click()

    expect(page.get_by_text("Mødet er oprettet ud fra dokumentet.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referat")
    expect(page.get_by_role("heading", name="Punkt 1: Godkendelse af dagsordenen")).to_be_visible()
    expect(
        page.get_by_role("link", name="Originaldokument (referat-2019-03-12.txt)")
    ).to_be_visible()
    check_accessibility(page)
    meeting = Meeting.objects.get(body=body)
    assert list(meeting.items.values_list("title", flat=True)) == ["Godkendelse af dagsordenen"]
    source = SourceDocument.objects.get(meeting=meeting)
    assert source.file.read().decode("cp1252") == MINUTES


PROSE = (
    "Kære medlemmer af styregruppen for Klynge Vest.\n"
    "Her er en kort opsummering af mødet den 3. marts 2021, hvor vi var samlet på rådhuset.\n"
    "Vi begyndte med velkomst, og dagsordenen blev godkendt uden bemærkninger fra nogen.\n"
    "Derefter fortalte sekretariatet om rehabiliteringsforløb i kommunerne.\n"
    "Styregruppen tog orienteringen til efterretning og ønsker en status til næste møde.\n"
)
WELCOME = "Vi begyndte med velkomst, og dagsordenen blev godkendt uden bemærkninger fra nogen."
REHABILITATION = "Derefter fortalte sekretariatet om rehabiliteringsforløb i kommunerne."


@pytest.mark.django_db(transaction=True)
def test_a_document_without_found_items_is_turned_into_a_meeting_by_marking(page, live_server):
    from playwright.sync_api import expect

    from klynge.archive import services

    body = BodyFactory(name="Styregruppen", cluster__name="Klynge Vest")
    user = persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    source, _new = services.store_source(
        actor=user, data=PROSE.encode(), name="brev.txt", cluster=body.cluster
    )
    source = services.read_source(source=source)
    assert source.status == SourceDocument.Status.NO_ITEMS

    log_in(page, "sekretariat@example.dk")
    page.goto(f"/arkiv/{source.pk}/")
    expect(page.get_by_text("Klynge fandt ingen dagsordenspunkter")).to_be_visible()
    check_accessibility(page)
    # Keyboard only: the line's checkbox is reached and ticked like any form control.
    first = page.get_by_role("checkbox", name=WELCOME)
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.get_by_role("checkbox", name=REHABILITATION).check()
    page.get_by_role("button", name="Læs punkterne ud fra markeringerne").click()

    expect(page.get_by_text("Punkterne er læst ud fra dine markeringer")).to_be_visible()
    expect(page.get_by_role("group", name=f"Punkt 2: {REHABILITATION}")).to_be_visible()
    check_accessibility(page)
    source.refresh_from_db()
    assert source.status == SourceDocument.Status.NEEDS_REVIEW
    assert [i["title"] for i in source.parsed_items] == [WELCOME, REHABILITATION]
