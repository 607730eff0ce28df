"""Closed items (lukket/fortroligt) in legacy documents: read as closed, shown and changeable in
the review, never published, and nothing published from the command line unless asked."""

from importlib import import_module

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.archive import services
from klynge.archive.models import SourceDocument
from klynge.archive.reading.closed import strip_closed_mark
from klynge.archive.reading.parse import parse_text
from klynge.core.tests.personas import login
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Body
from klynge.search.queries import search

pytestmark = pytest.mark.django_db

HEAD = "Styregruppen for Sundhedsklynge Nord\n\nReferat fra møde den 12. marts 2019\n\n"
OPEN = "Punkt 1. Godkendelse af dagsorden\nBeslutning\nDagsordenen blev godkendt.\n\n"
LAST = "\n\nPunkt 3. Eventuelt\nBeslutning\nIntet.\n"
PERSONNEL = "Beslutning\nMedarbejderen afskediges.\n"

#: The issue's referat: a closed item whose decision must never be public.
CLOSED_MINUTES = (
    HEAD + "1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n\n"
    "2. Lukket punkt: Personsag vedr. medarbejder\n" + PERSONNEL + "\n3. Eventuelt\n"
    "Beslutning\nIntet.\n"
)


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("Lukket punkt: Personsag", ("Personsag", True)),
        ("FORTROLIGT – Personsag", ("Personsag", True)),
        ("Personsag (Lukket)", ("Personsag", True)),
        ("Personsag [lukket punkt] kl. 14.00", ("Personsag kl. 14.00", True)),
        ("Personsag (L)", ("Personsag", True)),
        ("Personsag 🔒", ("Personsag", True)),
        ("Personsag - lukket punkt", ("Personsag", True)),
        ("Klage over afgørelse. Fortroligt", ("Klage over afgørelse", True)),
        ("Lukket punkt", ("Lukket punkt", True)),
        ("Status på den lukkede afdeling", ("Status på den lukkede afdeling", False)),
        ("Afdelingen er lukket", ("Afdelingen er lukket", False)),
        ("Rygestop (KOL)", ("Rygestop (KOL)", False)),
        ("Lukket afdeling på Regionshospitalet", ("Lukket afdeling på Regionshospitalet", False)),
        # The outside test's re-run: marks without a separator, with other separators, other
        # wording, more inside the brackets, other symbols and odd characters.
        ("LUKKET PUNKT Personsag", ("Personsag", True)),
        ("Fortroligt Personsag", ("Personsag", True)),
        ("Lukket sag vedrørende personale", ("vedrørende personale", True)),
        ("Lukket, Personsag", ("Personsag", True)),
        ("Personsag / lukket", ("Personsag", True)),
        ("Personsag; lukket punkt", ("Personsag", True)),
        ("Ikke offentligt punkt: Personsag om leder", ("Personsag om leder", True)),
        ("Ikke-offentligt: Personsag", ("Personsag", True)),
        ("Personsag - Ikke offentlig", ("Personsag", True)),
        ("Personsag (Undtaget offentlighed)", ("Personsag", True)),
        ("Personsag (Lukket møde)", ("Personsag", True)),
        ("Personsag (Lukket del)", ("Personsag", True)),
        ("Personsag (Lukket punkt.)", ("Personsag", True)),
        ("Personsag (Lukket/fortroligt)", ("Personsag", True)),
        ("Klage over ansat (Lukket, jf. styrelseslovens § 10)", ("Klage over ansat", True)),
        ("Personsag (Lukket for offentligheden)", ("Personsag", True)),
        ("Personsag - Lukket for pressen", ("Personsag", True)),
        ("Personsag {Lukket}", ("Personsag", True)),
        ("Personsag *Lukket*", ("Personsag", True)),
        ("Personsag 🔐", ("Personsag", True)),
        ("Lukket punkt\uff1a Personsag", ("Personsag", True)),
        ("Luk\u00adket punkt: Personsag", ("Personsag", True)),
        ("L u k k e t  p u n k t: Personsag", ("Personsag", True)),
        (
            "Drøftelse af sag om fortrolige oplysninger",
            ("Drøftelse af sag om fortrolige oplysninger", True),
        ),
    ],
)
def test_a_closed_mark_in_a_title_is_found_and_taken_off(text, closed) -> None:
    assert strip_closed_mark(text) == closed


@pytest.mark.parametrize(
    ("name", "text", "closed"),
    [
        ("in the title", CLOSED_MINUTES, [False, True, False]),
        ("after the title", HEAD + OPEN + "Punkt 2. Personsag (Lukket)\n" + PERSONNEL + LAST,
         [False, True, False]),
        ("a label under the heading", HEAD + OPEN + "Punkt 2. Personsag\nFortroligt\n"
         + PERSONNEL + LAST, [False, True, False]),
        ("a closed part", HEAD + OPEN + "Lukket dagsorden\n\nPunkt 2. Personsag\n" + PERSONNEL
         + "\n\nPunkt 3. Klage\nBeslutning\nAfvist.\n", [False, True, True]),
        ("a closed part, then an open one", HEAD + "Lukket møde\n\nPunkt 1. Personsag\n"
         + PERSONNEL + "\nÅbent møde\n\nPunkt 2. Eventuelt\nBeslutning\nIntet.\n",
         [True, False]),
        ("the agenda list", HEAD + "Dagsorden\n1. Godkendelse af dagsorden\n2. Personsag (L)\n"
         "3. Eventuelt\n\n" + OPEN + "Punkt 2. Personsag\n" + PERSONNEL + LAST,
         [False, True, False]),
        ("the agenda list's closed part", HEAD + "Åben dagsorden\n1. Godkendelse af dagsorden\n"
         "3. Eventuelt\nLukket dagsorden\n2. Personsag\n\n" + OPEN + "Punkt 2. Personsag\n"
         + PERSONNEL + LAST, [False, True, False]),
        ("a closed meeting", "Styregruppen\n\nLukket møde\n\nReferat fra møde den 12. marts "
         "2019\n\nPunkt 1. Personsag\n" + PERSONNEL + "\nPunkt 2. Klage\nBeslutning\nAfvist.\n",
         [True, True]),
        ("nothing closed", HEAD + OPEN + "Punkt 2. Rygestop\n" + "Beslutning\nGodkendt.\n"
         + LAST, [False, False, False]),
        ("the outside test's referat", "Referat\nDirektørforum\nMøde den 12. marts 2024 kl. "
         "10.00-12.00\n1. Godkendelse af dagsorden\nBeslutning: Godkendt.\n2. LUKKET PUNKT "
         "Personsag om medarbejder\nBeslutning: Medarbejderen afskediges.\n3. Ikke offentligt "
         "punkt: Personsag om leder\nBeslutning: Lederen suspenderes.\n4. Klage over ansat "
         "(Lukket, jf. styrelseslovens § 10)\nBeslutning: Klagen afvises.\n5. Eventuelt\n",
         [False, True, True, True, False]),
        ("numbered by 'Åbent/Lukket punkt N'", "Referat\nDirektørforum\nMøde den 12. marts "
         "2024\nÅbent punkt 1 - Godkendelse af dagsorden\nBeslutning: Godkendt.\nLukket punkt 2:"
         " Personsag om medarbejder\nBeslutning: Medarbejderen afskediges.\nAd 3. Eventuelt\n"
         "Beslutning: Intet.\n", [False, True, False]),
    ],
)  # fmt: skip
def test_the_reader_marks_the_items_the_document_calls_closed(name, text, closed) -> None:
    meeting = parse_text(text)

    assert [item.closed for item in meeting.items] == closed, name
    titles = " ".join(item.title for item in meeting.items)
    assert "(L)" not in titles and "(Lukket)" not in titles and "Lukket punkt:" not in titles
    texts = " ".join(f"{i.presentation} {i.decision}" for i in meeting.items)
    assert "Fortroligt" not in texts and "Lukket dagsorden" not in texts


def _reviewable(text: str, body: Body, actor: User) -> SourceDocument:
    source, _new = services.store_source(
        actor=actor, data=text.encode(), name="referat.txt", cluster=body.cluster, body=body
    )
    return services.read_source(source=source)


def test_an_accepted_import_keeps_a_closed_item_and_its_decision_off_the_public_pages(
    client: Client, secretariat: User, body: Body
) -> None:
    source = _reviewable(CLOSED_MINUTES, body, secretariat)

    meeting = services.accept_source(actor=secretariat, source=source)

    closed = meeting.items.get(position=2)
    assert closed.is_closed and closed.title == "Personsag vedr. medarbejder"
    assert not meeting.items.exclude(position=2).filter(is_closed=True).exists()
    public = client.get(reverse("public_meeting_detail", args=[meeting.pk])).content.decode()
    assert "Godkendt." in public
    assert "afskediges" not in public and "Personsag" not in public
    assert search(None, "Eventuelt", public=True).hits  # the open items are found
    assert search(None, "afskediges", public=True).hits == []
    assert search(None, "Personsag", public=True).hits == []


def test_the_review_shows_the_closed_mark_and_the_secretariat_changes_it(
    client: Client, secretariat: User, body: Body
) -> None:
    source = _reviewable(CLOSED_MINUTES, body, secretariat)
    login(client, secretariat)
    page = client.get(reverse("archive_document", args=[source.pk]))
    formset = page.context["formset"]
    assert [form.initial["closed"] for form in formset.initial_forms] == [False, True, False]
    assert 'name="punkt-1-closed"' in page.content.decode()
    data = {k: v for k, v in page.context["meeting_form"].initial.items() if v is not None}
    data |= {"body": body.pk, "punkt-TOTAL_FORMS": 3, "punkt-INITIAL_FORMS": 3}
    for n, initial in enumerate(formset.initial):
        data |= {f"punkt-{n}-{k}": v for k, v in initial.items() if k != "closed"}
        data[f"punkt-{n}-ORDER"] = n + 1
    data["punkt-2-closed"] = "on"  # the secretariat closes "Eventuelt"; item 2 is cleared

    client.post(reverse("archive_document", args=[source.pk]), data | {"accept": "1"})

    meeting = Meeting.objects.get()
    assert list(meeting.items.order_by("position").values_list("is_closed", flat=True)) == [
        False,
        False,
        True,
    ]


def test_the_command_line_publishes_nothing_without_publish(tmp_path, capsys, body) -> None:
    (tmp_path / "referat.txt").write_text(CLOSED_MINUTES)

    call_command("import-minutes", str(tmp_path), "--body", str(body.pk))

    _out, err = capsys.readouterr()
    assert "møder: 0, til gennemsyn: 1, punkter: 3" in err
    assert not Meeting.objects.exists()
    source = SourceDocument.objects.get()
    assert source.status == SourceDocument.Status.NEEDS_REVIEW
    assert [item["closed"] for item in source.parsed_items] == [False, True, False]
    assert search(None, "afskediges", public=True).hits == []


def test_the_command_line_publishes_with_publish_and_closed_items_stay_closed(
    tmp_path, capsys, body
) -> None:
    (tmp_path / "referat.txt").write_text(CLOSED_MINUTES)

    call_command("import-minutes", str(tmp_path), "--body", str(body.pk), "--publish")

    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED
    assert list(meeting.items.order_by("position").values_list("is_closed", flat=True)) == [
        False,
        True,
        False,
    ]
    assert Meeting.objects.public().filter(pk=meeting.pk).exists()
    assert search(None, "afskediges", public=True).hits == []


def test_a_migration_closes_what_earlier_imports_published(body, secretariat) -> None:
    published = services.import_file(
        actor=None, data=CLOSED_MINUTES.encode(), name="a.txt", body=body, publish=True
    ).meeting
    waiting = _reviewable(CLOSED_MINUTES.replace("2019", "2018"), body, secretariat)
    # As an earlier release left them: nothing closed.
    published.items.update(is_closed=False)
    parsed = waiting.parsed
    parsed["items"] = [{k: v for k, v in i.items() if k != "closed"} for i in parsed["items"]]
    SourceDocument.objects.filter(pk=waiting.pk).update(parsed=parsed)
    migration = "0002_close_items_the_originals_call_closed"
    historical = MigrationLoader(connection).project_state(("archive", migration)).apps

    import_module(f"klynge.archive.migrations.{migration}").close_marked_items(historical, None)

    closed = published.items.order_by("position").values_list("is_closed", flat=True)
    assert list(closed) == [False, True, False]
    waiting.refresh_from_db()
    assert [bool(i.get("closed")) for i in waiting.parsed_items] == [False, True, False]
    assert search(None, "afskediges", public=True).hits == []
