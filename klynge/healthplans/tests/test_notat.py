"""The høringsnotat: per answer the party, the secretariat's summary and comment, and whether
(and where) the plan changes, the same in the page, the PDF and the Word file; and put on
the council's agenda as a bilag with one click, saying where it went before."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import login
from klynge.healthplans import services
from klynge.healthplans.models import Hearing, HearingAnswer
from klynge.healthplans.tests.hearings import make_plan, start
from klynge.meetings.models import AgendaItem, Attachment, MeetingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(body):
    return make_plan(body)


@pytest.fixture
def hearing(plan, secretariat, django_capture_on_commit_callbacks) -> Hearing:
    hearing, _tokens = start(django_capture_on_commit_callbacks, plan=plan, actor=secretariat)
    kommune = hearing.parties.get(name="Testkommune")
    answer = services.answer_hearing(party=kommune, text="Børn mangler.", upload=None)
    services.assess_hearing_answer(
        actor=secretariat,
        answer=answer,
        summary="RESUMEKOMMUNE ønsker et afsnit om børn.",
        comment="KOMMENTARKOMMUNE: imødekommes.",
        changes_plan=True,
        section=plan.sections.get(title="Forebyggelse"),
    )
    return hearing


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_notat_holds_each_answers_summary_comment_and_section(
    client: Client, hearing, secretariat
):
    login(client, secretariat)
    page = client.get(reverse("hearing_notat", args=[hearing.pk])).content.decode()
    pdf = client.get(reverse("hearing_notat_document", args=[hearing.pk, "pdf"]))
    docx = client.get(reverse("hearing_notat_document", args=[hearing.pk, "docx"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith('.pdf"')
    for text in (page, pdf_text(pdf.content), docx_text(docx.content)):
        flat = " ".join(text.split())
        assert "Høringsnotat: Nærsundhedsplan for testrådet" in flat
        assert "Testkommune" in flat
        assert "RESUMEKOMMUNE ønsker et afsnit om børn." in flat
        assert "KOMMENTARKOMMUNE: imødekommes." in flat
        assert "Afsnit 2: Forebyggelse" in flat
        assert "Har ikke svaret" in flat and "PLO Test" in flat
        assert "2 høringsparter. 1 har svaret." in flat
    section = hearing.plan.sections.get(title="Forebyggelse")
    assert section.get_absolute_url() in page
    # The PDF is tagged and titled (PDF/UA), as the house's documents are.
    reader = PdfReader(io.BytesIO(pdf.content))
    assert reader.metadata.title == "Høringsnotat: Nærsundhedsplan for testrådet"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_an_answer_that_changes_nothing_says_no(hearing, secretariat):
    from klynge.healthplans.documents import build_notat

    plo = hearing.parties.get(name="PLO Test")
    HearingAnswer.objects.create(
        party=plo, text="Fint", received_at=timezone.now(), via="secretariat", summary="OK"
    )
    notat = build_notat(hearing)
    assert [(e.party, e.changes_plan, e.section) for e in notat.entries] == [
        ("PLO Test", False, ""),
        ("Testkommune", True, "Afsnit 2: Forebyggelse"),
    ]
    assert notat.silent == [] and notat.changes == 1


def test_put_on_the_agenda_as_a_new_item_with_the_notat_as_bilag(
    client: Client, hearing, meeting, secretariat
):
    login(client, secretariat)
    url = reverse("hearing_notat_agenda", args=[hearing.pk])
    form = client.get(url).content.decode()
    assert meeting.display_title in form and "Nyt punkt: Høringsnotat" in form
    response = client.post(url, {"meeting": meeting.pk, "item": ""}, follow=True)
    item = AgendaItem.objects.get(
        meeting=meeting, title="Høringsnotat: Nærsundhedsplan for testrådet"
    )
    assert "sat på dagsordenen som nyt punkt" in response.content.decode()
    (bilag,) = item.attachments.all()
    assert bilag.original_name.endswith(".pdf") and bilag.content_type == "application/pdf"
    with bilag.file.open("rb") as stored:
        assert "RESUMEKOMMUNE" in pdf_text(stored.read())
    hearing.refresh_from_db()
    assert hearing.notat_item == item
    assert AuditEvent.objects.filter(action="hearing.notat_agenda").count() == 1


def test_put_on_an_existing_item_and_again_nothing_is_replaced_silently(
    client: Client, hearing, meeting, secretariat
):
    item = meeting.items.first()
    login(client, secretariat)
    url = reverse("hearing_notat_agenda", args=[hearing.pk])
    client.post(url, {"meeting": meeting.pk, "item": item.pk})
    assert item.attachments.count() == 1
    again = client.post(url, {"meeting": meeting.pk, "item": item.pk}, follow=True)
    text = again.content.decode()
    assert "Punktet havde allerede et høringsnotat som bilag. Det er ikke erstattet" in text
    assert item.attachments.count() == 2
    other = client.post(url, {"meeting": meeting.pk, "item": ""}, follow=True).content.decode()
    assert "Høringsnotatet var tidligere sat på punkt" in other and "Det står der stadig." in other
    assert Attachment.objects.filter(item=item).count() == 2  # left where it was


def test_an_item_of_another_meeting_or_a_closed_agenda_is_refused(
    client: Client, hearing, meeting, secretariat
):
    from klynge.meetings import services as meeting_services

    other = meeting_services.create_meeting(
        actor=secretariat,
        body=meeting.body,
        values={"date": meeting.date, "title": "Ekstra møde"},
    )
    login(client, secretariat)
    url = reverse("hearing_notat_agenda", args=[hearing.pk])
    response = client.post(url, {"meeting": meeting.pk, "item": other.items.first().pk})
    assert response.status_code == 422
    assert "Punktet er ikke på det valgte møde." in response.content.decode()
    held = meeting.__class__.objects.filter(pk=meeting.pk)
    held.update(status=MeetingStatus.HELD)
    with pytest.raises(ServiceError, match="kan ikke længere ændres"):
        services.put_notat_on_agenda(
            actor=secretariat,
            hearing=hearing,
            meeting=held.get(),
            item=None,
            pdf=b"%PDF",
            filename="x.pdf",
        )
    assert not Attachment.objects.exists()


def test_members_cannot_put_the_notat_on_the_agenda(client: Client, hearing, meeting, member):
    login(client, member)
    url = reverse("hearing_notat_agenda", args=[hearing.pk])
    assert client.post(url, {"meeting": meeting.pk, "item": ""}).status_code in {403, 404}
    assert (
        client.get(reverse("hearing_notat_document", args=[hearing.pk, "pdf"])).status_code == 404
    )
    assert not Attachment.objects.exists()


def test_an_answer_nobody_has_assessed_says_so_and_the_notat_warns(
    client: Client, hearing, meeting, secretariat
):
    """An answer with no summary, comment or change read "Nej" (no change) in the notat,
    as if the secretariat had decided so; the notat went on the agenda without a word
    (found by a usability test). It reads "Ikke vurderet", and both pages warn."""
    plo = hearing.parties.get(name="PLO Test")
    services.answer_hearing(party=plo, text="Henvisningerne skal med.", upload=None)
    login(client, secretariat)
    page = client.get(reverse("hearing_notat", args=[hearing.pk])).content.decode()
    pdf = client.get(reverse("hearing_notat_document", args=[hearing.pk, "pdf"])).content
    docx = client.get(reverse("hearing_notat_document", args=[hearing.pk, "docx"])).content
    for text in (page, pdf_text(pdf), docx_text(docx)):
        flat = " ".join(text.split())
        assert "Ikke vurderet" in flat
        assert "Nej" not in flat  # Testkommune's answer changes the plan: "Ja"
    assert "1 høringssvar er ikke vurderet endnu" in page
    hearing_page = client.get(hearing.get_absolute_url()).content.decode()
    assert "Ikke vurderet" in hearing_page
    form = client.get(reverse("hearing_notat_agenda", args=[hearing.pk])).content.decode()
    assert "1 høringssvar er ikke vurderet endnu" in form
    assert "Notatet kan stadig sættes på dagsordenen." in form
    # Still allowed.
    response = client.post(
        reverse("hearing_notat_agenda", args=[hearing.pk]), {"meeting": meeting.pk, "item": ""}
    )
    assert response.status_code == 302

    # Read: a summary alone says "Nej", and the warning is gone.
    services.assess_hearing_answer(
        actor=secretariat,
        answer=plo.answer,
        summary="PLO vil have henvisningerne med.",
        comment="",
        changes_plan=False,
        section=None,
    )
    page = client.get(reverse("hearing_notat", args=[hearing.pk])).content.decode()
    assert "Ikke vurderet" not in page and "ikke vurderet endnu" not in page
    assert "Nej" in page
    form = client.get(reverse("hearing_notat_agenda", args=[hearing.pk])).content.decode()
    assert "ikke vurderet endnu" not in form


def test_the_files_are_named_with_danish_letters_and_word_names_the_council(
    client: Client, hearing, meeting, secretariat
):
    """The notat was downloaded, and put on the agenda as a bilag, as
    "hoeringsnotat-nrsundhedsplan-…" (æ, ø, å dropped), and Word gave "python-docx" as
    its author (found by a usability test)."""
    from docx import Document

    from klynge.core.text import file_slug

    assert file_slug("Nærsundhedsplan 2027–2030, Sundhedsråd Aarhus", fallback="x") == (
        "naersundhedsplan-2027-2030-sundhedsraad-aarhus"
    )
    assert file_slug("Ø – Å", fallback="x") == "oe-aa"
    assert file_slug("– ? –", fallback="plan") == "plan"

    login(client, secretariat)
    name = "hoeringsnotat-naersundhedsplan-for-testraadet"
    for fmt in ("pdf", "docx"):
        response = client.get(reverse("hearing_notat_document", args=[hearing.pk, fmt]))
        assert response["Content-Disposition"] == f'attachment; filename="{name}.{fmt}"'
    client.post(reverse("hearing_notat_agenda", args=[hearing.pk]), {"meeting": meeting.pk})
    (bilag,) = Attachment.objects.all()
    assert bilag.original_name == f"{name}.pdf"

    docx = client.get(reverse("hearing_notat_document", args=[hearing.pk, "docx"])).content
    properties = Document(io.BytesIO(docx)).core_properties
    assert properties.author == hearing.plan.cluster.name
    assert properties.title == "Høringsnotat: Nærsundhedsplan for testrådet"
    assert "python-docx" not in f"{properties.comments} {properties.last_modified_by}"
    assert properties.created.date() == timezone.now().date()
