"""Every door that shows closed items, afbud notes or an original document logs the read, for
an entitled viewer: one row per door and kind of content. A new door belongs in this table."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.archive import services as archive_services
from klynge.archive.models import SourceDocument
from klynge.archive.tests.samples import MINUTES
from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import bearer, login
from klynge.meetings import services
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.organisations.models import Person

pytestmark = pytest.mark.django_db

#: Words only the closed item holds (the search door looks for them).
SECRET = "Personalesag afskedigelse"


@dataclass
class Sensitive:
    """A meeting with a closed item, a member's afbud note, and the original it came from."""

    meeting: Meeting
    item: AgendaItem
    source: SourceDocument
    noted: Person
    headers: dict[str, str]


@pytest.fixture
def sensitive(meeting: Meeting, secretariat: User, member: User) -> Sensitive:
    from weasyprint import HTML

    item = services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": SECRET, "is_closed": True}
    )
    noted = Person.objects.get(user=member)
    services.register_absence(
        actor=member, meeting=meeting, person=noted, absent=True, note="Indlagt"
    )
    pdf = HTML(string="<p>" + MINUTES.replace("\n\n", "</p><p>") + "</p>").write_pdf()
    source, _new = archive_services.store_source(
        actor=secretariat, data=pdf, name="original.pdf", cluster=meeting.body.cluster
    )
    source = archive_services.read_source(source=source)
    SourceDocument.objects.filter(pk=source.pk).update(
        meeting=meeting, status=SourceDocument.Status.ACCEPTED
    )
    return Sensitive(meeting, item, source, noted, bearer(secretariat))


def _item_payload(item: AgendaItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "case_number": item.case_number,
        "kind": item.kind,
        "start_time": None,
        "end_time": None,
        "presenters_text": "",
        "recommendation": [],
        "presentation": "<p>Nyt</p>",
        "is_closed": True,
        "version": item.version,
    }


def _decision(client: Client, s: Sensitive) -> Any:
    for status in (MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD):
        services.change_meeting_status(actor=None, meeting=s.meeting, to_status=status)
    s.item.refresh_from_db()
    return client.put(
        f"/api/v1/items/{s.item.pk}/decision",
        {"decision": "Afskediget.", "version": s.item.version},
        content_type="application/json",
        **s.headers,
    )


def _document(kind: str, fmt: str) -> Callable[[Client, Sensitive], Any]:
    return lambda c, s: c.get(reverse("meeting_document", args=[s.meeting.pk, kind, fmt]))


#: (door, what it shows, the request, the event it must log).
DOORS: list[tuple[str, Callable[[Client, Sensitive], Any], str]] = [
    ("meeting page: closed item", lambda c, s: c.get(s.meeting.get_absolute_url()),
     "closed_item.read"),
    ("meeting page: afbud note", lambda c, s: c.get(s.meeting.get_absolute_url()),
     "attendance_note.read"),
    ("one item (htmx)", lambda c, s: c.get(reverse("item_detail", args=[s.item.pk]),
     HTTP_HX_REQUEST="true"), "closed_item.read"),
    ("agenda PDF", _document("dagsorden", "pdf"), "closed_item.read"),
    ("agenda Word", _document("dagsorden", "docx"), "closed_item.read"),
    ("merged agenda", _document("samlet-dagsorden", "pdf"), "closed_item.read"),
    ("minutes PDF", _document("referat", "pdf"), "closed_item.read"),
    ("minutes Word", _document("referat", "docx"), "closed_item.read"),
    ("API meeting detail", lambda c, s: c.get(f"/api/v1/meetings/{s.meeting.pk}", **s.headers),
     "closed_item.read"),
    ("API item update", lambda c, s: c.put(f"/api/v1/items/{s.item.pk}", _item_payload(s.item),
     content_type="application/json", **s.headers), "closed_item.read"),
    ("API item decision", _decision, "closed_item.read"),
    ("search results", lambda c, s: c.get(reverse("search"), {"q": "afskedigelse"}),
     "search.query"),
    ("search results: closed item", lambda c, s: c.get(reverse("search"),
     {"q": "afskedigelse"}), "closed_item.read"),
    ("API search: closed item", lambda c, s: c.get("/api/v1/search", {"q": "afskedigelse"},
     **s.headers), "closed_item.read"),
    ("similar: closed item", lambda c, s: c.get(reverse("similar", args=["punkt", s.item.pk])),
     "closed_item.read"),
    ("attendance page: afbud note", lambda c, s: c.get(reverse("attendance_edit", args=[
     s.meeting.attendances.get(person=s.noted).pk])), "attendance_note.read"),
    ("person page", lambda c, s: c.get(reverse("person_edit", args=[s.noted.pk])),
     "person.read"),
    ("archive review page", lambda c, s: c.get(reverse("archive_document", args=[s.source.pk])),
     "archive.read"),
    ("archive original", lambda c, s: c.get(reverse("archive_original", args=[s.source.pk])),
     "archive.read"),
    ("archive page image", lambda c, s: c.get(reverse("archive_page", args=[s.source.pk, 1])),
     "archive.read"),
    ("meeting's original", lambda c, s: c.get(reverse("meeting_source", args=[s.meeting.pk])),
     "archive.read"),
    ("API meeting's original", lambda c, s: c.get(
     f"/api/v1/meetings/{s.meeting.pk}/source-document/file", **s.headers), "archive.read"),
]  # fmt: skip


@pytest.mark.parametrize(("door", "request_", "action"), DOORS, ids=[d[0] for d in DOORS])
def test_every_door_logs_the_read_for_an_entitled_viewer(
    client: Client, secretariat: User, sensitive: Sensitive, door, request_, action
) -> None:
    login(client, secretariat)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = request_(client, sensitive)

    assert response.status_code == 200, (door, response.status_code)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    reads = AuditEvent.objects.filter(
        pk__gt=before, action=action, actor=secretariat, kind=AuditEvent.Kind.READ
    )
    assert reads.exists(), f"{door}: no {action} logged"
    if action == "attendance_note.read":
        assert list(reads.get().subjects.values_list("person_id", flat=True)) == [
            sensitive.noted.pk
        ]
    if action == "closed_item.read":
        assert sensitive.item.position in reads.last().changes["closed_items"]
    if action == "archive.read":
        assert reads.last().object_id == str(sensitive.source.pk)


def test_a_viewer_shown_no_closed_item_and_no_note_logs_no_read(
    client: Client, outsider: User, sensitive: Sensitive
) -> None:
    services.change_meeting_status(
        actor=None, meeting=sensitive.meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    login(client, outsider)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    page = client.get(sensitive.meeting.get_absolute_url())
    document = client.get(
        reverse("meeting_document", args=[sensitive.meeting.pk, "dagsorden", "pdf"])
    )

    assert page.status_code == document.status_code == 200
    assert SECRET not in page.content.decode()
    assert not AuditEvent.objects.filter(
        pk__gt=before, action__in=["closed_item.read", "attendance_note.read"]
    ).exists()
