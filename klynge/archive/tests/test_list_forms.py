"""Agenda lists without numbers, item tables and outcomes after a title's colon (made-up text)."""

from klynge.archive.reading.parse import parse_text

UNNUMBERED = """Ældrerådet
Referat af møde tirsdag den 12. marts 2024 kl. 14.00

Dagsorden:
Godkendelse af dagsorden
Orientering fra formanden
Budget for næste år
Eventuelt

Godkendelse af dagsorden
Dagsordenen blev godkendt.

Orientering fra formanden
Formanden orienterede om mødet med borgmesteren.

Budget for næste år - drøftelse
Rådet drøftede budgettet.

Eventuelt
Intet.
"""


def test_an_agenda_list_without_numbers_finds_its_headings_in_the_body():
    meeting = parse_text(UNNUMBERED)
    assert [item.title for item in meeting.items] == [
        "Godkendelse af dagsorden",
        "Orientering fra formanden",
        "Budget for næste år - drøftelse",
        "Eventuelt",
    ]
    assert meeting.items[1].presentation.startswith("Formanden orienterede")
    assert meeting.items[3].presentation == "Intet."


def test_a_list_title_reworded_in_its_heading_does_not_undo_the_list():
    text = UNNUMBERED.replace("\nBudget for næste år - drøftelse\n", "\nHøring om trafik\n")
    titles = [item.title for item in parse_text(text).items]
    assert titles == ["Godkendelse af dagsorden", "Orientering fra formanden", "Eventuelt"]


def test_short_lines_that_do_not_recur_are_not_a_list():
    text = (
        "Ældrerådet\nReferat 12. marts 2024\n\nDagsorden:\nKaffe\nFrokost\nRundvisning\n\n"
        "1. Godkendelse af dagsorden\nGodkendt.\n\n2. Eventuelt\nIntet.\n"
    )
    meeting = parse_text(text)
    assert [item.title for item in meeting.items] == ["Godkendelse af dagsorden", "Eventuelt"]


def test_an_item_table_gives_items_with_decisions():
    meeting = parse_text(
        "Handicaprådet\nReferat 12.03.2024\n\nNr., Emne, Beslutning\n"
        "1, Godkendelse af dagsorden, Godkendt\n"
        "2, Høring om skole, bus og cykelstier, Rådet afgav høringssvar\n"
        "3, Eventuelt, Intet\n"
    )
    assert [(i.number, i.title, i.decision) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden", "Godkendt"),
        ("2", "Høring om skole, bus og cykelstier", "Rådet afgav høringssvar"),
        ("3", "Eventuelt", "Intet"),
    ]


def test_an_outcome_after_the_titles_colon_is_the_decision():
    meeting = parse_text(
        "Seniorrådet\nReferat fra mødet den 5. april 2024\n\n"
        "1. Godkendelse af dagsorden: Godkendt.\n"
        "2. Godkendelse af referat: Godkendt uden bemærkninger.\n"
        "3. Orientering om ældrepolitikken\nFormanden orienterede.\n"
    )
    assert [(i.title, i.decision) for i in meeting.items] == [
        ("Godkendelse af dagsorden", "Godkendt."),
        ("Godkendelse af referat", "Godkendt uden bemærkninger."),
        ("Orientering om ældrepolitikken", None),
    ]


def test_a_numbered_list_with_page_numbers_after_a_single_space():
    text = (
        "Referat af møde i Handicaprådet den 4. marts 2024\n\n"
        "åbent 1 Godkendelse af dagsorden 2\nåbent 2 Budget 2025 3\n"
        "lukket 3 Lokalplan 45 for Havnen 4\nåbent 4 Eventuelt 5\n\n"
        "1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n"
        "2. Budget 2025\nBeslutning\nGodkendt.\n"
    )
    meeting = parse_text(text)
    assert [(i.number, i.title, i.listed_only) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden", False),
        ("2", "Budget 2025", False),
        ("3", "Lokalplan 45 for Havnen", True),
        ("4", "Eventuelt", True),
    ]


def test_a_list_whose_numbers_stand_alone_is_taken_out():
    text = (
        "Referat af møde i Handicaprådet den 4. marts 2024\n\nDagsorden\n"
        "1.\nGodkendelse af dagsorden\n2.\nBudget 2025\n3.\nEventuelt\n\n"
        "1.\nGodkendelse af dagsorden\nGodkendt.\n2.\nBudget 2025\nDrøftet.\n"
    )
    meeting = parse_text(text)
    assert [(i.number, i.title, i.listed_only) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden", False),
        ("2", "Budget 2025", False),
        ("3", "Eventuelt", True),
    ]


def test_an_unnumbered_list_led_by_hours_and_with_a_year_in_a_title():
    text = (
        "Referat af møde i Seniorrådet den 4. marts 2024\n\nDagsorden\n"
        "Kl. 14.00 Godkendelse af dagsorden\nKl. 14.05 Regnskab 2023\nKl. 14.30 Eventuelt\n\n"
        "Godkendelse af dagsorden\nGodkendt.\nRegnskab 2023\nTaget til efterretning.\n"
        "Eventuelt\nIntet.\n"
    )
    assert [i.title for i in parse_text(text).items] == [
        "Godkendelse af dagsorden",
        "Regnskab 2023",
        "Eventuelt",
    ]


def test_an_agenda_whose_list_numbers_again_from_one():
    text = (
        "Dagsorden for Seniorrådets møde den 10. juni 2021 kl. 14.00\nSted: Rådhuset\n\n"
        "1. Godkendelse af dagsorden\n2. Nyt fra formanden\n3. Eventuelt\n\n"
        "Temadrøftelse\n1. Trafik i byen\n2. Boliger til ældre\n3. Frivillighed\n"
    )
    assert [i.title for i in parse_text(text).items] == [
        "Godkendelse af dagsorden",
        "Nyt fra formanden",
        "Eventuelt",
        "Trafik i byen",
        "Boliger til ældre",
        "Frivillighed",
    ]
