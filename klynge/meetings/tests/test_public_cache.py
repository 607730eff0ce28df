"""Published minutes are the record as filed: their public page and PDF are rendered once per
version of the meeting and then served from the cache; anything still changing is not."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from klynge.core.pagecache import bump_generation
from klynge.meetings import services
from klynge.meetings.access import required_approvers
from klynge.meetings.models import Meeting, MeetingStatus

pytestmark = pytest.mark.django_db


def walk(meeting: Meeting, actor, *statuses: str) -> Meeting:
    for status in statuses:
        meeting.refresh_from_db()
        services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def published(meeting, secretariat, chair) -> Meeting:
    walk(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    for item in meeting.items.all():
        services.record_decision(
            actor=secretariat, item=item, decision=f"Besluttet: {item.title}", version=item.version
        )
    walk(meeting, secretariat, MeetingStatus.MINUTES_DRAFT)
    for person in required_approvers(meeting):
        services.approve_minutes(actor=person.user, meeting=meeting)
    return walk(meeting, secretariat, MeetingStatus.MINUTES_PUBLISHED)


def get(client, url: str) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body, len(queries)


def main(page: bytes) -> bytes:
    return page.split(b"<main", 1)[1].split(b"</main>", 1)[0]


def test_a_published_meeting_page_is_rendered_once_per_version(client, published):
    url = reverse("public_meeting_detail", args=[published.pk])
    first, cold = get(client, url)
    second, warm = get(client, url)
    assert b"Besluttet: Godkendelse af dagsorden" in first
    assert second == first  # the whole page, the same for every visitor (klynge.core.pagecache)
    # cold: the page, its items and the panels that have rows (one query says which), the
    # participants and their organisations.
    assert (cold, warm) == (7, 0)
    # A write elsewhere renders the page anew; its content still comes from the version's cache.
    bump_generation()
    third, after_a_write = get(client, url)
    assert main(third) == main(first)
    assert after_a_write == 1  # the meeting itself, to know its version
    # A renamed body is a new version of the page.
    published.body.name = "Styregruppen for sundhed"
    published.body.save()
    third, _queries = get(client, url)
    assert b"Styregruppen for sundhed" in third


def test_published_minutes_pdf_is_rendered_once(client, published, monkeypatch):
    from klynge.meetings import documents

    url = reverse("public_meeting_document", args=[published.pk, "referat"])
    first, _cold = get(client, url)
    monkeypatch.setattr(documents, "render_pdf", lambda doc: pytest.fail("rendered again"))
    second, warm = get(client, url)
    assert second == first and first.startswith(b"%PDF")
    assert warm == 0  # the whole response from the cache, as the first visitor got it
    assert client.get(url)["Content-Disposition"].startswith("attachment; filename=")
    bump_generation()  # a write elsewhere: the PDF still comes from its version's cache
    third, after_a_write = get(client, url)
    assert third == first and after_a_write == 1


def test_an_agenda_still_open_to_changes_is_never_served_stale(client, meeting, secretariat):
    walk(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED)
    url = reverse("public_meeting_detail", args=[meeting.pk])
    get(client, url)
    services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": "Nyt punkt om IPS"}
    )
    page, _queries = get(client, url)
    assert b"Nyt punkt om IPS" in page


def test_the_public_list_is_rendered_at_most_once_a_minute(client, published):
    url = reverse("public_meeting_list")
    first, cold = get(client, url)
    second, warm = get(client, url)
    assert published.display_title.encode() in first
    assert second == first
    # cold: the meetings, the bodies with a case list (sagsliste) before a meeting, and the
    # published nærsundhedsplaner (read outside the fragment cache, so a plan published a
    # moment ago shows at once; the page itself is cached per data generation).
    assert (cold, warm) == (3, 0)


def test_a_closed_item_keeps_its_number_in_public_without_its_content(client, meeting, secretariat):
    closed = services.add_agenda_item(
        actor=secretariat,
        meeting=meeting,
        values={
            "title": "Personsag om en medarbejder",
            "is_closed": True,
            "presentation": "Fortroligt",
        },
    )
    walk(meeting, secretariat, MeetingStatus.AGENDA_PUBLISHED)
    page, _queries = get(client, reverse("public_meeting_detail", args=[meeting.pk]))
    text = page.decode()
    assert f"Punkt {closed.position}: Lukket punkt" in text
    assert "Personsag" not in text and "Fortroligt" not in text

    pdf, _queries = get(client, reverse("public_meeting_document", args=[meeting.pk, "dagsorden"]))
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Punkt {closed.position}: Lukket punkt" in pdf_text and "Personsag" not in pdf_text


def test_every_page_of_agenda_and_minutes_names_body_date_and_when_made(client, published):
    from docx import Document

    pdf, _queries = get(client, reverse("public_meeting_document", args=[published.pk, "referat"]))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert all(published.body.name in page and "dannet" in page for page in pages)
    assert all(f"Side {n} af {len(pages)}" in page for n, page in enumerate(pages, start=1))
    client.force_login(published.body.memberships.first().person.user)
    word = client.get(reverse("meeting_document", args=[published.pk, "referat", "docx"]))
    footer = Document(io.BytesIO(word.content)).sections[0].footer.paragraphs[0].text
    assert published.body.name in footer and "dannet" in footer and "Side" in footer
