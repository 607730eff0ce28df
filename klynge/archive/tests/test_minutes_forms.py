"""The forms Danish minutes are written in, beyond any one publisher: how an item is numbered,
how its decision is labelled, how its open mark is written. Made-up minutes, one form each."""

import pytest

from klynge.archive.reading.headings import numbered_heading
from klynge.archive.reading.parse import parse_text
from klynge.archive.reading.shapes import SECTION


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("Ad 1. Godkendelse af dagsorden", 1, "Godkendelse af dagsorden"),
        ("Ad pkt. 4: Høring om trafikplan", 4, "Høring om trafikplan"),
        ("Ad punkt 2 - Orientering", 2, "Orientering"),
        ("Åbent punkt 3 - Naturpolitik", 3, "Naturpolitik"),
        ("Lukket punkt 7: Køb af grund", 7, "Køb af grund"),
    ],
)
def test_labelled_item_numbers(text: str, number: int, title: str) -> None:
    found = numbered_heading(text)
    assert found is not None
    assert (found.number, found.title, found.labelled) == (number, title, True)


@pytest.mark.parametrize("text", ["Adresse 12 Vejle", "Administrationen 3 gange"])
def test_words_that_begin_with_ad_are_not_labels(text: str) -> None:
    found = numbered_heading(text)
    assert found is None or not found.labelled


@pytest.mark.parametrize(
    "text",
    [
        "Social- og Sundhedsudvalget den 12-03-2024",
        "Sundheds-, Ældre- og Handicapudvalget den 12.03.2024",
        "Udvalget for Klima og Miljø den 5. marts 2024",
        "Byrådet den 3/4 2024",
        "Ældrerådet, den 12. marts 2020: Godkendt.",
        "Beslutning Handicaprådet den 10-11-2016",
        "Beslutning (Klima- og Miljøudvalget 07.05.2024)",
        "Behandling",
        "Rådets bemærkninger",
        "Ældrerådets høringssvar:",
    ],
)
def test_decision_labels(text: str) -> None:
    match = SECTION.match(text)
    assert match is not None and match["decision"]


@pytest.mark.parametrize(
    "text",
    [
        # A sentence of the case history, a letter's head, a party's signature.
        "Sagen blev behandlet i Økonomiudvalget den 12-03-2024",
        "Referat af møde i ældrerådet den 27. maj 2014",
        "Fællneslisten i Nordby Byråd den 29.9.25",
    ],
)
def test_not_decision_labels(text: str) -> None:
    match = SECTION.match(text)
    assert match is None or not match["decision"]


def _decisions(text: str) -> list[tuple[str | None, str, str | None]]:
    return [(i.number, i.title, i.decision) for i in parse_text(text).items]


def test_informal_minutes_answer_the_agenda_point_by_point() -> None:
    meeting = parse_text(
        "Referat fra møde i Ældrerådet\nTirsdag den 12/3 2024 kl. 10.00-12.00\n"
        "Til stede: Anna Hansen, Bent Jensen\nAfbud: Dorte Madsen\n"
        "Ad 1. Godkendelse af dagsorden\nDagsordenen blev godkendt.\n"
        "Ad 2. Orientering fra formanden\nFormanden orienterede om budgettet.\n"
        "Ad 3. Eventuelt\nIntet.\n"
    )
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Orientering fra formanden"),
        ("3", "Eventuelt"),
    ]
    assert meeting.items[0].decision == "Dagsordenen blev godkendt."
    assert [p.name for p in meeting.participants] == ["Anna Hansen", "Bent Jensen"]
    assert meeting.apologies == ["Dorte Madsen"]


def test_the_committee_and_day_head_the_decision() -> None:
    assert _decisions(
        "Social- og Sundhedsudvalget\nReferat\nMødedato: 12.03.2024\n"
        "1. Godkendelse af dagsorden\nResumé\nDagsordenen forelægges.\nIndstilling\n"
        "Direktionen indstiller, at dagsordenen godkendes.\n"
        "Social- og Sundhedsudvalget den 12-03-2024\nGodkendt.\n"
        "2. Budgetopfølgning\nResumé\nBudgettet følges op.\nIndstilling\n"
        "Direktionen indstiller, at orienteringen tages til efterretning.\n"
        "Social- og Sundhedsudvalget den 12-03-2024\nTaget til efterretning.\n"
    ) == [
        ("1", "Godkendelse af dagsorden", "Godkendt."),
        ("2", "Budgetopfølgning", "Taget til efterretning."),
    ]


def test_behandling_and_a_councils_remarks_are_decisions() -> None:
    assert _decisions(
        "Handicaprådet\nReferat af møde den 14.11.2023\n1. Skolestruktur\nSagsfremstilling\n"
        "Der er udarbejdet et forslag.\nBehandling\nRådet drøftede og godkendte forslaget.\n"
        "2. Tilgængelighed\nSagsfremstilling\nDer er lavet en gennemgang.\n"
        "Rådets bemærkninger\nRådet anbefaler flere ramper.\n"
    ) == [
        ("1", "Skolestruktur", "Rådet drøftede og godkendte forslaget."),
        ("2", "Tilgængelighed", "Rådet anbefaler flere ramper."),
    ]


def test_an_open_mark_is_not_part_of_the_title() -> None:
    meeting = parse_text(
        "Referat\nØkonomiudvalget\nDato: 03-04-24\n1 (Åben) Godkendelse af dagsorden\n"
        "Beslutning\nGodkendt\n2 (Åben) Regnskab 2023\nBeslutning\nAnbefales\n"
        "3 (Lukket) Personalesag\nBeslutning\nGodkendt\n"
    )
    assert [(i.title, i.closed) for i in meeting.items] == [
        ("Godkendelse af dagsorden", False),
        ("Regnskab 2023", False),
        ("Personalesag", True),
    ]


_ITEMS = "\n1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n2. Eventuelt\nBeslutning\nIntet.\n"


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("Referat fra Seniorrådets møde den 12. marts 2024\n", "Seniorrådet"),
        ("Byrådets ordinære møde\n12. marts 2024\n", "Byrådet"),
        ("referat af ældrerådsmøde 12. marts 2024\n", "Ældrerådet"),
        ("Referat fra bestyrelsesmøde 12. marts 2024\n", "Bestyrelsen"),
        ("Nordby Kommunes Handicapråd\nReferat 12. marts 2024\n", "Handicapråd"),
        ("Mødeforum\nTeknik- og Miljøudvalget\nMødedato\n12-03-2024\n", "Teknik- og Miljøudvalget"),
        ("Udvalg: Børne- og Ungeudvalget\nMødedato: 12-03-24\n", "Børne- og Ungeudvalget"),
        ("Referat - Social- og Sundhedsudvalget - 12. marts 2024\n", "Social- og Sundhedsudvalget"),
        # A municipality alone is who publishes, not which body met.
        ("Nordby Kommune\nReferat\nMødedato: tirsdag den 12/3 2024\n", None),
        # An empty label is not followed by a name.
        ("Kulturudvalget - 12-03-2024\nUdvalg:\nDato:\n", "Kulturudvalget"),
    ],
)
def test_how_the_head_names_the_body(head: str, body: str | None) -> None:
    assert parse_text(head + _ITEMS).body == body


@pytest.mark.parametrize(
    "head",
    [
        "Ældrerådet\nUdsendt 1. marts 2024\nReferat af mødet den 12. marts 2024\n",
        "Referat godkendt 2. april 2024\nHandicaprådet\nMøde 12. marts 2024\n",
        "Seniorrådet\nSvarfrist: 1. april 2024\nMødedato: 12. marts 2024\n",
        "Handicaprådet\nMødedato: tirsdag den 12/3 2024\n",
        "Handicaprådet\nMødet 12.3.24 kl. 10\n",
        "Handicaprådet\nDato\n12. marts 2024\nStarttidspunkt\n16:00\n",
    ],
)
def test_the_meeting_date_not_the_sent_approved_or_deadline_date(head: str) -> None:
    assert str(parse_text(head + _ITEMS).date) == "2024-03-12"


@pytest.mark.parametrize(
    "label", ["Fraværende med afbud:", "Fraværende uden afbud:", "Ikke fremmødt:", "Forhindret:"]
)
def test_absence_labels(label: str) -> None:
    meeting = parse_text(
        "Ældrerådet\nMødedato: 12. marts 2024\nMødedeltagere: Anna Hansen, Bent Jensen\n"
        f"{label} Dorte Madsen\n" + _ITEMS
    )
    assert [p.name for p in meeting.participants] == ["Anna Hansen", "Bent Jensen"]
    assert meeting.apologies == ["Dorte Madsen"]
