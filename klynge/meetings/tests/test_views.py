import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from klynge.core.tests.personas import day, login
from klynge.meetings import services
from klynge.meetings.models import AgendaItem, Attachment, Attendance, MeetingStatus

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def publish(meeting, actor, *statuses):
    for status in statuses or [MeetingStatus.AGENDA_PUBLISHED]:
        services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)


@pytest.fixture
def closed_item(meeting, secretariat) -> AgendaItem:
    return services.add_agenda_item(
        actor=secretariat,
        meeting=meeting,
        values={"title": "Personsag om færdigbehandlede patienter", "is_closed": True},
    )


def test_planned_meeting_is_hidden_from_members_and_outsiders(client, meeting, member, outsider):
    for user in [member, outsider]:
        login(client, user)
        assert client.get(meeting.get_absolute_url()).status_code == 404


def test_chair_sees_the_draft_agenda(client, meeting, chair):
    login(client, chair)
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_closed_items_are_shown_to_members_only(
    client, meeting, secretariat, member, outsider, closed_item
):
    publish(meeting, secretariat)
    login(client, member)
    assert closed_item.title in client.get(meeting.get_absolute_url()).content.decode()
    login(client, outsider)
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert closed_item.title not in page.content.decode()
    assert client.get(reverse("item_detail", args=[closed_item.pk]), **HTMX).status_code == 404


def test_public_page_never_shows_closed_items(client, meeting, secretariat, closed_item):
    publish(meeting, secretariat)
    login(client, secretariat)  # even the secretariat sees the public view on the public page
    page = client.get(reverse("public_meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Eventuelt" in page.content.decode()
    assert closed_item.title not in page.content.decode()


def test_public_page_needs_no_login_but_a_sent_agenda(client, meeting, secretariat):
    url = reverse("public_meeting_detail", args=[meeting.pk])
    assert client.get(url).status_code == 404
    publish(meeting, secretariat)
    assert client.get(url).status_code == 200


def test_outsider_cannot_add_items(client, meeting, member):
    login(client, member)
    response = client.post(reverse("item_add", args=[meeting.pk]), {"new-title": "Nyt"})
    assert response.status_code in (403, 404)
    assert meeting.items.count() == 2


def test_secretariat_adds_item_without_page_reload(client, meeting, secretariat):
    login(client, secretariat)
    response = client.post(
        reverse("item_add", args=[meeting.pk]),
        {
            "new-title": "Status for handleplan",
            "new-kind": "orientation",
            "new-case_number": "1-31-72-446-22",
            "new-recommendation_text": "at status tages til efterretning\n\n",
            "new-presentation": "<p>Tekst</p><script>alert(1)</script>",
            "new-start_time": "16:40",
            "new-end_time": "16:50",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert response.templates[0].name == "meetings/_agenda.html"
    item = meeting.items.get(title="Status for handleplan")
    assert item.position == 2
    assert item.recommendation == ["at status tages til efterretning"]
    assert "<script>" not in item.presentation and "<p>Tekst</p>" in item.presentation


def test_invalid_item_is_rerendered_with_danish_message_and_nothing_saved(
    client, meeting, secretariat
):
    login(client, secretariat)
    response = client.post(
        reverse("item_add", args=[meeting.pk]),
        {
            "new-title": "",
            "new-kind": "decision",
            "new-start_time": "17:00",
            "new-end_time": "16:00",
        },
        **HTMX,
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "Dette felt er påkrævet" in content
    assert "sluttidspunkt skal ligge efter" in content
    assert meeting.items.count() == 2


def test_overrunning_time_slots_warn(client, meeting, secretariat):
    services.add_agenda_item(
        actor=secretariat,
        meeting=meeting,
        values={
            "title": "Langt tema",
            "start_time": datetime.time(17, 30),
            "end_time": datetime.time(18, 30),
        },
    )
    login(client, secretariat)
    assert "går ud over mødets tid" in client.get(meeting.get_absolute_url()).content.decode()


def test_stale_edit_is_refused_and_the_text_stays_in_the_form(client, meeting, secretariat):
    item = meeting.items.get(position=1)
    services.update_agenda_item(actor=secretariat, item=item, values={"title": "Andens"}, version=1)
    login(client, secretariat)
    response = client.post(
        reverse("item_edit", args=[item.pk]),
        {"title": "Min tekst", "kind": "approval", "version": "1"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "ændret af en anden" in response.content.decode()
    assert 'value="Min tekst"' in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Andens"


def test_move_item_returns_renumbered_agenda(client, meeting, secretariat):
    login(client, secretariat)
    last = meeting.items.get(position=2)
    response = client.post(reverse("item_move", args=[last.pk]), {"direction": "up"}, **HTMX)
    assert response.status_code == 200
    last.refresh_from_db()
    assert last.position == 1


def test_a_dropped_item_moves_to_the_position_it_was_dropped_at(client, meeting, secretariat):
    for title in ["A", "B"]:
        services.add_agenda_item(actor=secretariat, meeting=meeting, values={"title": title})
    login(client, secretariat)
    last = meeting.items.get(position=4)
    client.post(reverse("item_move", args=[last.pk]), {"position": "1"}, **HTMX)
    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == [
        "Eventuelt",
        "Godkendelse af dagsorden",
        "A",
        "B",
    ]
    # Beyond the end: last.
    client.post(reverse("item_move", args=[last.pk]), {"position": "99"}, **HTMX)
    last.refresh_from_db()
    assert last.position == 4


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_upload_keeps_the_original_and_downloads_with_its_name(
    client, meeting, secretariat, member
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = meeting.items.first()
    login(client, secretariat)
    upload = SimpleUploadedFile("Bilag 1 – status.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(reverse("attachment_upload", args=[item.pk]), {"file": upload})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.read() == PDF_BYTES
    publish(meeting, secretariat)
    login(client, member)
    download = client.get(reverse("attachment_download", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment;" in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("falsk.pdf", b"Dette er ikke en PDF", "passer ikke til filtypen"),
        ("program.exe", b"MZ\x90\x00", "kan ikke bruges som bilag"),
        ("tom.txt", b"", "er tom"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(
    client, meeting, secretariat, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, secretariat)
    response = client.post(
        reverse("attachment_upload", args=[meeting.items.first().pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_too_large_upload_is_refused(client, meeting, secretariat, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_MAX_BYTES = 10
    login(client, secretariat)
    response = client.post(
        reverse("attachment_upload", args=[meeting.items.first().pk]),
        {"file": SimpleUploadedFile("stor.pdf", PDF_BYTES)},
    )
    assert response.status_code == 422
    assert "for stor" in response.content.decode()


def test_member_registers_afbud_on_the_page(client, meeting, secretariat, member):
    publish(meeting, secretariat)
    login(client, member)
    response = client.post(reverse("absence", args=[meeting.pk]), {"absent": "1", "note": "Ferie"})
    assert response.status_code == 302
    attendance = meeting.attendances.get(person=member.person)
    assert attendance.status == Attendance.Status.ABSENT


def test_outsider_cannot_register_afbud(client, meeting, secretariat, outsider):
    publish(meeting, secretariat)
    login(client, outsider)
    assert client.post(reverse("absence", args=[meeting.pk]), {"absent": "1"}).status_code == 403


def _held_with_decisions(meeting, secretariat, closed_item):
    publish(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    for item in meeting.items.all():
        services.record_decision(
            actor=secretariat,
            item=item,
            decision=f"Beslutning om {item.title}",
            version=item.version,
        )


def test_decision_form_saves_through_htmx(client, meeting, secretariat):
    publish(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    item = meeting.items.first()
    login(client, secretariat)
    response = client.post(
        reverse("decision_edit", args=[item.pk]),
        {"decision": "Dagsordenen blev godkendt.", "version": item.version},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Dagsordenen blev godkendt." in response.content.decode()


def test_minutes_as_pdf_and_word_hold_the_decisions(client, meeting, secretariat, closed_item):
    _held_with_decisions(meeting, secretariat, closed_item)
    login(client, secretariat)
    pdf = client.get(reverse("meeting_document", args=[meeting.pk, "referat", "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Referat" in text and "Beslutning om Eventuelt" in text
    assert closed_item.title in text  # the secretariat's copy has the closed item
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF (PDF/UA)
    docx = client.get(reverse("meeting_document", args=[meeting.pk, "referat", "docx"]))
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "Beslutning om Godkendelse af dagsorden" in paragraphs
    assert any(p.startswith("Punkt 1: Godkendelse af dagsorden") for p in paragraphs)


def test_public_minutes_pdf_leaves_out_closed_items(
    client, meeting, secretariat, chair, closed_item
):
    _held_with_decisions(meeting, secretariat, closed_item)
    publish(meeting, secretariat, MeetingStatus.MINUTES_DRAFT)
    meeting.refresh_from_db()
    services.approve_minutes(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    publish(meeting, secretariat, MeetingStatus.MINUTES_PUBLISHED)
    pdf = client.get(reverse("public_meeting_document", args=[meeting.pk, "referat"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Beslutning om Eventuelt" in text
    assert closed_item.title not in text and "færdigbehandlede" not in text


def test_minutes_document_is_hidden_before_decisions_may_be_seen(
    client, meeting, secretariat, member
):
    publish(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    login(client, member)
    assert (
        client.get(reverse("meeting_document", args=[meeting.pk, "referat", "pdf"])).status_code
        == 404
    )
    assert (
        client.get(reverse("meeting_document", args=[meeting.pk, "dagsorden", "docx"])).status_code
        == 200
    )


def test_body_calendar_lists_sent_meetings(client, meeting, secretariat):
    url = reverse("body_calendar", args=[meeting.body_id])
    assert b"VEVENT" not in client.get(url).content
    publish(meeting, secretariat)
    feed = client.get(url)
    assert feed["Content-Type"].startswith("text/calendar")
    assert (
        b"BEGIN:VEVENT" in feed.content
        and f"DTSTART;TZID=Europe/Copenhagen:{day(31):%Y%m%d}T160000".encode() in feed.content
    )


def test_approving_on_the_page(client, meeting, secretariat, chair, closed_item):
    _held_with_decisions(meeting, secretariat, closed_item)
    publish(meeting, secretariat, MeetingStatus.MINUTES_DRAFT)
    login(client, chair)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Godkend referatet" in page
    client.post(reverse("minutes_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED


def test_status_form_rejects_unknown_status(client, meeting, secretariat):
    login(client, secretariat)
    client.post(reverse("meeting_status", args=[meeting.pk]), {"status": "nonsense"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_member_cannot_change_status(client, meeting, chair):
    login(client, chair)
    response = client.post(
        reverse("meeting_status", args=[meeting.pk]), {"status": "agenda_published"}
    )
    assert response.status_code == 403


def test_editing_a_meeting_saves_and_audits_the_change(client, meeting, secretariat):
    from klynge.audit.models import AuditEvent

    login(client, secretariat)
    response = client.post(
        reverse("meeting_edit", args=[meeting.pk]),
        {
            "date": day(1).isoformat(),
            "start_time": "16:00",
            "end_time": "18:30",
            "place": "Rådhuset",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.end_time) == ("Rådhuset", datetime.time(18, 30))
    event = AuditEvent.objects.get(action="meeting.update")
    assert event.changes["place"] == ["Mødelokale 1", "Rådhuset"]


def test_meeting_needs_a_place_or_a_link(client, body, secretariat):
    login(client, secretariat)
    response = client.post(
        reverse("meeting_create", args=[body.pk]),
        {"date": day(1).isoformat(), "start_time": "16:00", "end_time": "15:00"},
    )
    content = response.content.decode()
    assert "Angiv et mødested" in content and "slutte efter" in content
    assert not body.meetings.exists()


def test_the_decision_form_starts_from_the_usual_wording_for_the_kind(client, meeting, secretariat):
    decide, inform = (
        services.add_agenda_item(
            actor=secretariat, meeting=meeting, values={"title": title, "kind": kind}
        )
        for title, kind in [("IPS for unge", "decision"), ("Status på handleplanen", "orientation")]
    )
    publish(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    login(client, secretariat)

    def form(item: AgendaItem) -> str:
        return client.get(reverse("decision_edit", args=[item.pk])).content.decode()

    assert "Indstillingen blev tiltrådt." in form(decide)
    assert "Orienteringen blev taget til efterretning." in form(inform)
    decide.refresh_from_db()
    services.record_decision(
        actor=secretariat, item=decide, decision="Udsat til næste møde.", version=decide.version
    )
    assert "Udsat til næste møde." in form(decide)
    assert "Indstillingen blev tiltrådt." not in form(decide)
