"""Item headings in further general forms of Danish minutes, each on made-up text."""

import pytest

from klynge.archive.reading.headings import numbered_heading, roman_value, wraps_on
from klynge.archive.reading.parse import parse_text
from klynge.archive.reading.shapes import SECTION

HEAD = """Referat af møde i Ældrerådet
Mødedato: 12. marts 2024 kl. 10.00
Til stede: Anna Hansen, Bent Jensen
Afbud: Dorte Madsen
"""


def titles(text: str) -> list[tuple[str | None, str]]:
    return [(item.number, item.title) for item in parse_text(text).items]


@pytest.mark.parametrize(
    ("numeral", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("IIII", None)]
)
def test_roman_numbers_are_read_and_malformed_ones_are_not(numeral, value):
    assert roman_value(numeral) == value


def test_a_roman_heading_needs_its_full_stop():
    assert numbered_heading("III. Eventuelt") is not None
    assert numbered_heading("I morgen holder vi møde") is None


def test_items_numbered_in_roman():
    text = HEAD + "I. Godkendelse af dagsorden\nGodkendt.\nII. Budget 2024\nVedtaget.\n"
    assert titles(text) == [("1", "Godkendelse af dagsorden"), ("2", "Budget 2024")]


def test_items_numbered_with_a_paragraph_sign():
    text = HEAD + "§ 1 Valg af dirigent\nAnna Hansen blev valgt.\n§ 2 Beretning\nGodkendt.\n"
    assert titles(text) == [("1", "Valg af dirigent"), ("2", "Beretning")]


def test_punkt_and_its_number_on_a_line_of_its_own():
    text = HEAD + "Punkt 1\nGodkendelse af dagsorden\nGodkendt.\nPunkt 2\nBudget 2024\nVedtaget.\n"
    meeting = parse_text(text)
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Budget 2024"),
    ]
    assert meeting.items[1].decision == "Vedtaget."


def test_a_number_alone_does_not_put_the_title_in_the_text():
    text = HEAD + "1.\nGodkendelse af dagsorden\nGodkendt.\n2.\nBudget 2024\nVedtaget.\n"
    meeting = parse_text(text)
    assert [i.title for i in meeting.items] == ["Godkendelse af dagsorden", "Budget 2024"]
    assert "Budget" not in (meeting.items[1].presentation or "")


@pytest.mark.parametrize(
    ("title", "nxt", "wraps"),
    [
        ("Høring om lokalplan for boligområdet ved", "Møllebakken i Nordby", True),
        ("Høring om lokalplan 512", "ved Møllebakken i Nordby", True),
        ("Budget 2024", "Sagsfremstilling", False),
        ("Budget 2024", "Budgettet følges op.", False),
        ("Budget 2024", "Direktør Bo Hansen", False),
        ("Budget for", "at udvalget godkender", False),
    ],
)
def test_a_title_wraps_on_only_where_it_cannot_end(title, nxt, wraps):
    assert wraps_on(title, nxt) is wraps


def test_a_title_wrapped_over_two_lines_is_whole_and_a_place_is_no_presenter():
    text = HEAD + (
        "1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n"
        "2. Høring om lokalplan 512 for boligområdet ved\nMøllebakken i Nordby\n"
        "Sagsfremstilling\nLokalplanen sendes i høring.\nBeslutning\nHøringssvar afgivet.\n"
    )
    meeting = parse_text(text)
    item = meeting.items[1]
    assert item.title == "Høring om lokalplan 512 for boligområdet ved Møllebakken i Nordby"
    assert item.presenters is None
    assert item.decision == "Høringssvar afgivet."


def test_unnumbered_titles_followed_by_section_words():
    text = HEAD + (
        "Godkendelse af dagsorden\nSagsfremstilling\nDagsordenen forelægges.\nBeslutning\n"
        "Godkendt.\nBudgetopfølgning 2024\nSagsfremstilling\nBudgettet følges op.\nBeslutning\n"
        "Taget til efterretning.\n"
    )
    meeting = parse_text(text)
    assert [i.title for i in meeting.items] == ["Godkendelse af dagsorden", "Budgetopfølgning 2024"]
    assert meeting.items[1].decision == "Taget til efterretning."


def test_titles_behind_a_label_word():
    text = HEAD + "Emne: Budget 2024\nBeslutning: Vedtaget.\nEmne: Trafikplan\nBeslutning: Udsat.\n"
    meeting = parse_text(text)
    assert [(i.title, i.decision) for i in meeting.items] == [
        ("Budget 2024", "Vedtaget."),
        ("Trafikplan", "Udsat."),
    ]


def test_a_single_label_word_is_no_agenda():
    text = "Til Ældrerådet\nDato: 12. marts 2024\nEmne: Ny busplan\nVi sender hermed planen.\n"
    assert parse_text(text).items == []


def test_titles_in_capitals_after_the_date():
    text = HEAD + "BUDGET 2024\nBudgettet blev vedtaget.\nTRAFIKPLAN\nPlanen blev udsat.\n"
    assert [i.title for i in parse_text(text).items] == ["BUDGET 2024", "TRAFIKPLAN"]


def test_the_header_s_day_or_a_document_heading_is_no_unnumbered_item():
    text = (
        "Ældrerådet\nReferat 2. oktober 2024 kl. 13.30\nBeslutning\nGodkendt.\n"
        "Rådhuset, salen\nReferat\nMødet blev holdt.\n"
    )
    assert parse_text(text).items == []


def test_the_first_number_glued_to_the_end_of_the_line_before():
    text = (
        "Referat af møde i Seniorrådet tirsdag den 4. juni 2024\n"
        "Afbud: Karen Holm, Peter Lund1. \n"
        "Godkendelse af dagsorden.\n"
        "Godkendt.\n\n"
        "2. \n"
        "Nyt fra formanden.\n"
        "Formanden orienterede om budgettet.\n\n"
        "3. \n"
        "Eventuelt\n"
        "Intet.\n"
    )
    meeting = parse_text(text)
    assert [(i.number, i.title.rstrip(".")) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Nyt fra formanden"),
        ("3", "Eventuelt"),
    ]
    assert "Peter Lund" in meeting.apologies


def test_a_missing_number_is_found_by_the_agenda_lists_title():
    text = HEAD + (
        "\n1. Godkendelse af dagsorden\n2. Budget for ældreområdet\n3. Eventuelt\n\n"
        "1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n\n"
        "Budget for ældreområdet\nBeslutning\nTaget til efterretning.\n\n"
        "3. Eventuelt\nBeslutning\nIntet.\n"
    )
    assert titles(text) == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Budget for ældreområdet"),
        ("3", "Eventuelt"),
    ]


def test_points_inside_an_item_are_not_items_where_the_list_numbers_otherwise():
    text = HEAD + (
        "\n1. Meddelelser fra formanden\n2. Regnskab 2023\n3. Lokalplan for Havnen\n\n"
        "1. Meddelelser fra formanden\nBeslutning\n"
        "Formanden nævnte følgende:\n\n"
        "1. Afbud. Der var afbud fra Dorte Madsen.\n\n"
        "2. Formandsbeslutning. Formanden har truffet en beslutning om mødernes form, "
        "som han redegjorde for på mødet, og som rådet tog til efterretning uden bemærkninger "
        "af nogen art, idet rådet fandt at beslutningen var i overensstemmelse med de regler, "
        "som gælder for formandens beføjelser mellem møderne.\n"
    )
    meeting = parse_text(text)
    assert [(i.number, i.title, i.listed_only) for i in meeting.items] == [
        ("1", "Meddelelser fra formanden", False),
        ("2", "Regnskab 2023", True),
        ("3", "Lokalplan for Havnen", True),
    ]


def test_a_line_under_a_section_word_is_its_text_not_a_heading():
    text = (
        "Referat\nMandag d. 7 februar 2022, kl. 10:15\nAfbud fra: Karen Holm.\n\n"
        "Resume\n\nRådet skal godkende dagsordenen.\n\nBeslutning\n\nGodkendt.\n\n"
        "Beskrivelse af sagen\n\nGodkendelse af dagsorden.\n\n"
        "Resume\n\nOrientering om budgettet.\n\nBeslutning\n\nTaget til efterretning.\n"
    )
    meeting = parse_text(text)
    assert meeting.items == []
    assert meeting.apologies == ["Karen Holm"]


def test_numbering_begun_again_after_the_run_is_items_too():
    text = HEAD + (
        "\n1. Godkendelse af dagsorden\nBeslutning: Godkendt.\n\n"
        "2. Budget 2025\nBeslutning: Anbefalet.\n\n"
        "Lukkede punkter\n\n"
        "1. Personalesag\nBeslutning: Godkendt.\n\n"
        "2. Køb af grund\nBeslutning: Godkendt.\n"
    )
    assert titles(text) == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Budget 2025"),
        ("1", "Personalesag"),
        ("2", "Køb af grund"),
    ]


def test_every_item_numbered_one():
    text = (
        "Referat fra rådsmøde den 3. april 2017\nTil stede: Anna Hansen, Bent Jensen\n\n"
        "1. Godkendelse af dagsorden\nDagsordenen blev godkendt.\n"
        "1. Meddelelser fra formanden\nFormanden orienterede om møder med kommunen.\n"
        "1. Høring om madservice\nRådet drøftede høringen.\n"
        "1. Eventuelt\nIntet.\n"
    )
    assert [title for _, title in titles(text)] == [
        "Godkendelse af dagsorden",
        "Meddelelser fra formanden",
        "Høring om madservice",
        "Eventuelt",
    ]


def test_the_outcome_after_a_dash_on_the_title_line():
    text = HEAD + (
        "\n1. Godkendelse af dagsorden - godkendt\n2. Godkendelse af referat – godkendt\n"
        "3. Nyt fra formanden\nFormanden orienterede om budgettet.\n"
    )
    meeting = parse_text(text)
    assert [(i.title, i.decision) for i in meeting.items[:2]] == [
        ("Godkendelse af dagsorden", "godkendt"),
        ("Godkendelse af referat", "godkendt"),
    ]
    assert len(meeting.items) == 3


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [("Åben 3 Lokalplan for Havnen", 3, "Lokalplan for Havnen"), ("4 - Eventuelt", 4, "Eventuelt")],
)
def test_an_open_mark_or_a_dash_before_the_title(line, number, title):
    numbered = numbered_heading(line)
    assert numbered is not None
    assert (numbered.number, numbered.title) == (number, title)


@pytest.mark.parametrize(
    ("line", "number"), [("3: Budget 2025", 3), ("2.0 Sager til behandling", 2)]
)
def test_a_colon_after_the_number_or_a_point_zero(line, number):
    numbered = numbered_heading(line)
    assert numbered is not None
    assert numbered.number == number


def test_sub_points_numbered_under_a_point_zero_heading_are_no_items():
    text = HEAD + (
        "\n1.0 Godkendelse af dagsorden\nGodkendt.\n2.0 Sager til behandling\n"
        "2.1 Budget\nGodkendt.\n2.2 Regnskab\nGodkendt.\n3.0 Eventuelt\nIntet.\n"
    )
    assert [n for n, _ in titles(text)] == ["1", "2", "3"]


def test_a_dash_before_og_is_part_of_the_committee_s_name():
    match = SECTION.match("Beslutning i Teknik- og Miljøudvalget den 5. maj 2020:")
    assert match is not None
    assert match["decision"] and not match["rest"]


def test_titles_behind_the_kind_of_treatment():
    text = HEAD + (
        "\nBeslutning: Godkendelse af dagsorden\nGodkendt.\n\n"
        "Orientering: Nyt fra formanden\nFormanden orienterede om mødet.\n\n"
        "Drøftelse: Budget 2025\nRådet drøftede budgettet.\n"
    )
    assert [title for _, title in titles(text)] == [
        "Beslutning: Godkendelse af dagsorden",
        "Orientering: Nyt fra formanden",
        "Drøftelse: Budget 2025",
    ]
