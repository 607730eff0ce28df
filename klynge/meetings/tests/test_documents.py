"""Documents the way they are filed: participants by organisation (the secretariat apart,
guests marked), closed items marked in the secretariat's copy, UDKAST on every page of
draft minutes, the cluster's name and logo in the header."""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from klynge.core.tests.personas import SINCE, login
from klynge.meetings import services
from klynge.meetings.models import MeetingStatus
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def png(width: int = 4, height: int = 2) -> bytes:
    """A tiny valid PNG, made here so the test needs no file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def walk(meeting, actor, *statuses):
    for status in statuses:
        services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)


def pdf_pages(response) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


@pytest.fixture
def people(meeting, body):
    """Two organisations around the table, a guest from a third, one afbud."""
    region = OrganisationFactory(name="Region Midtjylland")
    aarhus = OrganisationFactory(name="Aarhus Kommune")
    guest_org = OrganisationFactory(name="Sygehus Øst")
    made = {}
    for name, organisation in [
        ("Regionsrådsmedlem Rolf", region),
        ("Rådmand Anne", aarhus),
        ("Borgmester Bo", aarhus),
        ("Afbud Asta", aarhus),
    ]:
        person = PersonFactory(name=name)
        MembershipFactory(body=body, person=person, organisation=organisation, start_date=SINCE)
        made[name] = person
    guest = PersonFactory(name="Overlæge Gitte")
    MembershipFactory(person=guest, organisation=guest_org, start_date=SINCE)
    services.invite_members(meeting=meeting)
    services.add_participant(actor=None, meeting=meeting, person=guest, is_guest=True)
    meeting.attendances.filter(person=made["Afbud Asta"]).update(status="absent")
    return made


def test_minutes_list_participants_by_organisation(client, meeting, secretariat, people):
    walk(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    login(client, secretariat)
    docx = client.get(reverse("meeting_document", args=[meeting.pk, "referat", "docx"]))
    lines = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]

    def at(start: str) -> int:
        return next(n for n, line in enumerate(lines) if line.startswith(start))

    start = lines.index("Deltagere")
    # Organisations in alphabetical order, each with its people; then the secretariat apart,
    # the guest with her organisation, the afbud with hers.
    assert lines.index("Aarhus Kommune") < lines.index("Region Midtjylland")
    assert at("Borgmester Bo") > lines.index("Aarhus Kommune") > start
    assert at("Regionsrådsmedlem Rolf") > lines.index("Region Midtjylland")
    secretariat_at = lines.index("Sekretariat")
    assert any(line.startswith(secretariat.person.name) for line in lines[secretariat_at:])
    assert not any(line.startswith(secretariat.person.name) for line in lines[start:secretariat_at])
    assert any(line.startswith("Overlæge Gitte, Sygehus Øst") for line in lines)
    assert "Afbud Asta (Aarhus Kommune)" in lines


def test_the_public_minutes_group_participants_too(client, meeting, secretariat, chair, people):
    walk(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    walk(meeting, secretariat, MeetingStatus.MINUTES_DRAFT)
    meeting.refresh_from_db()
    services.approve_minutes(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    walk(meeting, secretariat, MeetingStatus.MINUTES_PUBLISHED)
    page = client.get(reverse("public_meeting_detail", args=[meeting.pk])).content.decode()
    assert page.index("Aarhus Kommune") < page.index("Borgmester Bo")
    assert page.index("Region Midtjylland") < page.index("Regionsrådsmedlem Rolf")
    assert "Overlæge Gitte, Sygehus Øst (gæst)" in page


def test_draft_minutes_say_udkast_on_every_page_and_closed_items_are_marked(
    client, meeting, secretariat, chair
):
    services.add_agenda_item(
        actor=secretariat,
        meeting=meeting,
        values={
            "title": "Personsag",
            "is_closed": True,
            "presentation": "<p>" + "Lang sagsfremstilling. " * 400 + "</p>",
        },
    )
    walk(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    login(client, secretariat)
    pages = pdf_pages(client.get(reverse("meeting_document", args=[meeting.pk, "referat", "pdf"])))
    assert len(pages) > 1
    assert all("UDKAST" in page for page in pages)
    assert all(meeting.body.cluster.name in page for page in pages)
    assert "Personsag (Lukket punkt)" in " ".join(pages)
    docx = Document(
        io.BytesIO(
            client.get(reverse("meeting_document", args=[meeting.pk, "referat", "docx"])).content
        )
    )
    assert "UDKAST" in docx.sections[0].header.paragraphs[0].text
    assert any("(Lukket punkt)" in p.text for p in docx.paragraphs)
    # Approved minutes and the agenda carry no UDKAST.
    agenda = pdf_pages(
        client.get(reverse("meeting_document", args=[meeting.pk, "dagsorden", "pdf"]))
    )
    assert not any("UDKAST" in page for page in agenda)
    walk(meeting, secretariat, MeetingStatus.MINUTES_DRAFT)
    meeting.refresh_from_db()
    services.approve_minutes(actor=chair, meeting=meeting)
    pages = pdf_pages(client.get(reverse("meeting_document", args=[meeting.pk, "referat", "pdf"])))
    assert not any("UDKAST" in page for page in pages)


def test_the_cluster_logo_is_in_every_document_header(client, meeting, secretariat, body):
    login(client, secretariat)
    cluster = body.cluster
    response = client.post(
        reverse("cluster_edit", args=[cluster.pk]),
        {
            "name": cluster.name,
            "kind": cluster.kind,
            "region": cluster.region,
            "new_logo": ContentFile(png(), name="logo.png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cluster.refresh_from_db()
    assert cluster.logo.read() == png()  # kept as uploaded
    pdf = PdfReader(
        io.BytesIO(
            client.get(reverse("meeting_document", args=[meeting.pk, "dagsorden", "pdf"])).content
        )
    )
    assert pdf.pages[0].images, "the logo is drawn on the page"
    docx = Document(
        io.BytesIO(
            client.get(reverse("meeting_document", args=[meeting.pk, "dagsorden", "docx"])).content
        )
    )
    header_xml = docx.sections[0].header._element.xml
    assert "<pic:pic" in header_xml


def test_a_logo_that_is_not_a_picture_is_refused(client, secretariat, body):
    login(client, secretariat)
    cluster = body.cluster
    response = client.post(
        reverse("cluster_edit", args=[cluster.pk]),
        {
            "name": cluster.name,
            "kind": cluster.kind,
            "region": cluster.region,
            "new_logo": ContentFile(b"%PDF-1.4 not a logo", name="logo.png"),
        },
    )
    assert response.status_code == 200
    assert "PNG eller JPEG" in response.content.decode()
    cluster.refresh_from_db()
    assert not cluster.logo


def test_a_secretariat_member_is_listed_apart_even_when_invited(meeting, secretariat):
    from klynge.meetings.models import group_participants

    people = group_participants(meeting, list(meeting.attendances.select_related("person")))
    assert [a.person_id for a in people.secretariat] == [secretariat.person.pk]
    assert Membership.Role.SECRETARIAT in dict(Membership.Role.choices)


def blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(item, secretariat, name: str, data: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return services.add_attachment(
        actor=secretariat, item=item, upload=SimpleUploadedFile(name, data, content_type)
    )


def test_the_samlet_dagsorden_holds_agenda_and_bilag_with_linked_contents(
    client, meeting, secretariat
):
    item = services.add_agenda_item(actor=secretariat, meeting=meeting, values={"title": "Budget"})
    closed = services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": "Personsag", "is_closed": True}
    )
    upload(item, secretariat, "budget.pdf", blank_pdf(2), "application/pdf")
    upload(item, secretariat, "kort.png", png(), "image/png")
    upload(item, secretariat, "notat.docx", b"PK\x03\x04 not really", "application/zip")
    upload(closed, secretariat, "personsag.pdf", blank_pdf(3), "application/pdf")
    login(client, secretariat)
    response = client.get(reverse("meeting_document", args=[meeting.pk, "samlet-dagsorden", "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    agenda = PdfReader(
        io.BytesIO(
            client.get(reverse("meeting_document", args=[meeting.pk, "dagsorden", "pdf"])).content
        )
    )
    contents = reader.pages[0].extract_text()
    assert "Samlet dagsorden" in contents
    assert "notat.docx – ikke med" in contents
    # Contents (1 page), the agenda, 2 + 3 pages of PDF bilag and 1 page for the picture.
    assert len(reader.pages) == 1 + len(agenda.pages) + 2 + 3 + 1
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles[:2] == ["Indhold", "Dagsorden"]
    bilag = [t for t in titles if t.startswith("Bilag")]
    assert bilag[0].endswith("budget.pdf") and bilag[1].endswith("kort.png")
    assert any(t.endswith("personsag.pdf") for t in bilag)  # the secretariat's copy
    # Every link on the contents page goes to a page of this PDF, the first to the agenda.
    targets = []
    for annotation in reader.pages[0]["/Annots"]:
        link = annotation.get_object()
        assert "/A" not in link
        targets.append(reader.get_page_number(link["/Dest"][0].get_object()))
    assert targets[0] == 1
    first_bilag = 1 + len(agenda.pages)
    assert first_bilag in targets


def test_the_public_samlet_dagsorden_leaves_out_closed_items_bilag(client, meeting, secretariat):
    item = services.add_agenda_item(actor=secretariat, meeting=meeting, values={"title": "Budget"})
    closed = services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": "Personsag", "is_closed": True}
    )
    upload(item, secretariat, "budget.pdf", blank_pdf(1), "application/pdf")
    upload(closed, secretariat, "personsag.pdf", blank_pdf(1), "application/pdf")
    walk(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED)
    response = client.get(reverse("public_meeting_document", args=[meeting.pk, "samlet-dagsorden"]))
    reader = PdfReader(io.BytesIO(response.content))
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert any(t.endswith("budget.pdf") for t in titles)
    assert not any("personsag" in t for t in titles)
    assert "Personsag" not in " ".join(page.extract_text() for page in reader.pages)
