"""Action-plan items carry their content: what is to be approved is in the item (page, PDF,
Word), the decision form shows it, and an approval's note reaches the minutes."""

import io

import pytest
from django.urls import reverse
from docx import Document

from klynge.actionplans import services
from klynge.actionplans.tests.factories import CONFIRMATION
from klynge.core.tests.personas import login

pytestmark = pytest.mark.django_db


def test_the_confirmations_item_holds_what_is_approved(client, gov):
    initiative = gov.initiative(title="IPS i jobcentrene")
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    meeting = gov.meeting(gov.chief)
    [item] = services.put_cases_on_agenda(actor=gov.secretariat, meeting=meeting)
    assert "IPS i jobcentrene" in item.presentation
    assert CONFIRMATION["what"] in item.presentation
    assert CONFIRMATION["patient_involvement"] in item.presentation
    login(client, gov.secretariat)
    docx = client.get(reverse("meeting_document", args=[meeting.pk, "dagsorden", "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert CONFIRMATION["what"] in text


def test_the_decision_form_shows_the_confirmation_and_the_note_reaches_the_minutes(client, gov):
    initiative = gov.initiative(title="IPS i jobcentrene")
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    meeting = gov.meeting(gov.chief)
    [item] = services.put_cases_on_agenda(actor=gov.secretariat, meeting=meeting)
    gov.hold(meeting)
    case = item.cases.get()
    login(client, gov.chief_chair)
    form = client.get(reverse("case_decision", args=[case.pk])).content.decode()
    assert "Det, der besluttes om" in form
    assert CONFIRMATION["who"] in form and "version 1" in form
    services.decide_confirmation(
        actor=gov.chief_chair, case=case, approve=True, note="Med opfølgning efter et år."
    )
    item.refresh_from_db()
    assert "blev godkendt. Med opfølgning efter et år." in item.decision


def test_the_political_summary_lists_the_yellow_and_red(gov):
    initiative = gov.activate(gov.initiative(title="Rehabilitering"))
    chief_meeting = gov.meeting(gov.chief, day=20)
    cycle = services.start_status_cycle(
        actor=gov.secretariat, plan=gov.plan, meeting=chief_meeting, deadline=chief_meeting.date
    )
    services.report_status(
        actor=gov.lead,
        report=cycle.reports.get(initiative=initiative),
        values={
            "rag": "yellow",
            "delivered": "Halvdelen",
            "deviation": "Rekruttering forsinket",
            "cause": "Mangel på ergoterapeuter",
            "proposed_action": "Fælles opslag",
        },
    )
    [item] = services.put_cases_on_agenda(
        actor=gov.secretariat, meeting=gov.meeting(gov.political, day=25)
    )
    assert "0 grønne, 1 gule og 0 røde" in item.presentation
    assert "Rekruttering forsinket" in item.presentation
    assert "Fælles opslag" in item.presentation


def test_a_decision_is_dated_by_its_meeting_not_by_when_it_was_typed(gov):
    from django.utils import timezone

    from klynge.actionplans.views import timeline

    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    item = gov.approve_at(gov.chief, initiative)  # a meeting on day 1, decided today
    [approved] = [e for e in timeline(initiative, gov.secretariat) if e.get("item") == item]
    assert approved["at"].date() == item.meeting.date
    assert item.meeting.date < timezone.localdate()


def test_fields_needed_only_sometimes_say_when_not_valgfri(client, gov):
    initiative = gov.activate(gov.initiative())
    chief_meeting = gov.meeting(gov.chief, day=20)
    cycle = services.start_status_cycle(
        actor=gov.secretariat, plan=gov.plan, meeting=chief_meeting, deadline=chief_meeting.date
    )
    login(client, gov.lead)
    page = client.get(
        reverse("status_report", args=[cycle.reports.get(initiative=initiative).pk])
    ).content.decode()
    assert page.count("(skal udfyldes ved gul og rød)") == 3
    assert 'Afvigelse <span class="muted">(valgfri)' not in page
    assert 'Hvad er leveret? <span class="muted">(valgfri)' in page


def test_items_are_written_in_danish_whatever_the_secretary_reads(gov):
    from django.utils import translation

    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    with translation.override("en"):
        [item] = services.put_cases_on_agenda(actor=gov.secretariat, meeting=gov.meeting(gov.chief))
    assert item.title == "Godkendelse af ordrebekræftelser"
    assert "Hvad leveres?" in item.presentation


def test_every_pdf_of_the_cluster_carries_its_name_and_logo(client, gov):
    import io
    import struct
    import zlib

    from django.core.files.base import ContentFile
    from pypdf import PdfReader

    from klynge.organisations.services import save_cluster

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + b"\x00\x80\xff" * 2 for _ in "ab")))
        + chunk(b"IEND", b"")
    )
    cluster = gov.plan.cluster
    save_cluster(
        actor=gov.secretariat,
        cluster=cluster,
        values={},
        logo=ContentFile(png, name="logo.png"),
    )
    initiative = gov.initiative()
    login(client, gov.secretariat)
    for url in (
        reverse("plan_export", args=[gov.plan.pk, "pdf"]),
        reverse("initiative_report_document", args=[initiative.pk, "pdf"]),
    ):
        pdf = PdfReader(io.BytesIO(client.get(url).content))
        first = pdf.pages[0]
        assert cluster.name in first.extract_text(), url
        assert first.images, url
    word = Document(
        io.BytesIO(
            client.get(reverse("initiative_report_document", args=[initiative.pk, "docx"])).content
        )
    )
    header = word.sections[0].header
    assert cluster.name in header.paragraphs[0].text
    assert "<pic:pic" in header._element.xml
