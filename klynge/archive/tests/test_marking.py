"""Nothing with text is refused: a document without a found meeting is kept, dated, found by
search and listed for review, where a person marks the lines its items begin at."""

import pytest
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.archive import services
from klynge.archive.models import SourceDocument
from klynge.archive.reading.marked import number_and_title, read_head, read_marked
from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import login, persona
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import BodyFactory
from klynge.search.models import Kind
from klynge.search.queries import search

#: A layout the structure finder knows no item signal in: unnumbered plain lines.
LETTER_LIKE = (
    "Styregruppen for Klynge Vest\n"
    "Møde den 3. marts 2021 kl. 14.00\n"
    "Deltagere: Anne Holm, Bent Lund\n"
    "Afbud: Carl Mose\n"
    "Velkomst og godkendelse af dagsorden\n"
    "Beslutning\n"
    "Godkendt.\n"
    "Rehabiliteringsforløb i kommunerne\n"
    "Sekretariatet fortalte om de nye forløb for borgere med hjertesygdom.\n"
    "Beslutning: Taget til efterretning.\n"
)

#: Prose in which no reader finds items: a letter about a meeting.
PROSE = (
    "Kære medlemmer af styregruppen for Klynge Vest.\n"
    "Her er en kort opsummering af mødet den 3. marts 2021, hvor vi var samlet på rådhuset.\n"
    "Vi begyndte med velkomst, og dagsordenen blev godkendt uden bemærkninger fra nogen.\n"
    "Derefter fortalte sekretariatet om rehabiliteringsforløb i kommunerne.\n"
    "Styregruppen tog orienteringen til efterretning og ønsker en status til næste møde.\n"
    "Med venlig hilsen sekretariatet.\n"
)


# The pure reading ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("38Godkendelse af dagsorden", (38, "Godkendelse af dagsorden")),
        ("Punkt 5: Eventuelt", (5, "Eventuelt")),
        ("• 301. Budget 2022", (301, "Budget 2022")),
        ("Sag nr. 4 Ny aftale", (4, "Ny aftale")),
        ("2021 blev et godt år", (None, "2021 blev et godt år")),
        ("Velkomst", (None, "Velkomst")),
    ],
)
def test_a_marked_line_gives_its_number_and_title(line: str, expected: tuple) -> None:
    assert number_and_title(line) == expected


def test_items_begin_at_the_marked_lines_and_hold_their_decisions() -> None:
    meeting = read_marked(LETTER_LIKE, [4, 7])

    assert [i.title for i in meeting.items] == [
        "Velkomst og godkendelse af dagsorden",
        "Rehabiliteringsforløb i kommunerne",
    ]
    assert [i.decision for i in meeting.items] == ["Godkendt.", "Taget til efterretning."]
    assert "hjertesygdom" in (meeting.items[1].presentation or "")
    assert str(meeting.date) == "2021-03-03"
    assert [p.name for p in meeting.participants] == ["Anne Holm", "Bent Lund"]
    assert meeting.apologies == ["Carl Mose"]


def test_a_marked_item_the_document_calls_closed_is_closed() -> None:
    meeting = read_marked(LETTER_LIKE + "Personsag (lukket)\nDrøftet.\n", [4, 10])

    assert meeting.items[-1].title == "Personsag" and meeting.items[-1].closed


@pytest.mark.parametrize("marked", [[], [99], [-1], [11]])
def test_marks_on_no_line_of_text_are_refused(marked: list[int]) -> None:
    with pytest.raises(ValueError):
        read_marked(LETTER_LIKE, marked)


def test_the_head_alone_dates_and_names_a_document() -> None:
    head = read_head(LETTER_LIKE)

    assert str(head.date) == "2021-03-03" and head.body == "Styregruppen for Klynge Vest"


# Kept, dated, found ------------------------------------------------------------------------


@pytest.fixture
def kept(secretariat: User, body: Body) -> SourceDocument:
    source, _new = services.store_source(
        actor=secretariat, data=PROSE.encode(), name="brev.txt", cluster=body.cluster
    )
    return services.read_source(source=source)


@pytest.mark.django_db
def test_a_document_without_found_items_is_kept_dated_and_found(
    kept: SourceDocument, secretariat: User
) -> None:
    assert kept.status == SourceDocument.Status.NO_ITEMS
    assert kept.text.startswith("Kære medlemmer") and kept.file.name
    assert kept.parsed["meeting"]["date"] == "2021-03-03"
    hits = search(secretariat, "rehabiliteringsforløb").hits
    assert [h for h in hits if h.entry.kind == Kind.SOURCE and h.entry.object_id == kept.pk]


@pytest.mark.django_db
def test_the_command_line_import_keeps_it_for_marking(secretariat: User, body: Body) -> None:
    result = services.import_file(
        actor=secretariat, data=PROSE.encode(), name="brev.txt", cluster=body.cluster
    )

    assert result.created and result.source.status == SourceDocument.Status.NO_ITEMS
    assert "markér" in result.message


@pytest.mark.django_db
def test_the_archive_lists_it_with_its_status(
    client: Client, secretariat: User, kept: SourceDocument
) -> None:
    login(client, secretariat)

    page = client.get(reverse("archive_list"), {"status": "no_items"}).content.decode()

    assert "brev.txt" in page and "Ingen punkter fundet" in page


# The marking page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_review_page_offers_every_line_to_mark(
    client: Client, secretariat: User, kept: SourceDocument
) -> None:
    login(client, secretariat)

    response = client.get(reverse("archive_document", args=[kept.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("archive_mark", args=[kept.pk]) in html
    assert 'name="lines" value="3"' in html and "rehabiliteringsforløb i kommunerne" in html


@pytest.mark.django_db
def test_marking_lines_turns_the_document_into_a_meeting_to_review(
    client: Client, secretariat: User, body: Body, kept: SourceDocument
) -> None:
    login(client, secretariat)

    response = client.post(reverse("archive_mark", args=[kept.pk]), {"lines": ["2", "3"]})

    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.status == SourceDocument.Status.NEEDS_REVIEW
    assert [i["title"] for i in kept.parsed_items] == [
        "Vi begyndte med velkomst, og dagsordenen blev godkendt uden bemærkninger fra nogen.",
        "Derefter fortalte sekretariatet om rehabiliteringsforløb i kommunerne.",
    ]
    assert kept.parsed["marked_lines"] == [2, 3]
    assert kept.parsed["meeting"]["date"] == "2021-03-03"
    assert AuditEvent.objects.filter(action="archive.mark_items", object_id=kept.pk).exists()
    meeting = services.accept_source(actor=secretariat, source=kept, body=body)
    assert meeting.items.count() == 2


@pytest.mark.django_db
def test_another_clusters_secretariat_cannot_mark(client: Client, kept: SourceDocument) -> None:
    other = persona(BodyFactory(), "anden@example.dk", Membership.Role.SECRETARIAT)
    login(client, other)

    response = client.post(reverse("archive_mark", args=[kept.pk]), {"lines": ["4"]})

    assert response.status_code == 404
    kept.refresh_from_db()
    assert kept.status == SourceDocument.Status.NO_ITEMS


@pytest.mark.django_db
def test_an_accepted_document_cannot_be_marked(
    client: Client, secretariat: User, body: Body, kept: SourceDocument
) -> None:
    services.mark_items(actor=secretariat, source=kept, lines=[4])
    services.accept_source(actor=secretariat, source=kept, body=body)
    login(client, secretariat)

    response = client.post(reverse("archive_mark", args=[kept.pk]), {"lines": ["4"]})

    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("lines", [[], ["5000"], ["abc"], ["2", "999"], ["6"]])
def test_marking_no_line_or_a_line_not_in_the_text_is_refused(
    client: Client, secretariat: User, kept: SourceDocument, lines: list[str]
) -> None:
    login(client, secretariat)

    response = client.post(reverse("archive_mark", args=[kept.pk]), {"lines": lines})

    assert response.status_code == 422
    assert "form-error-message" in response.content.decode()
    kept.refresh_from_db()
    assert kept.status == SourceDocument.Status.NO_ITEMS
