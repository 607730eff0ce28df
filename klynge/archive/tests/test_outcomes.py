"""Outcomes without a decision field, titles that run on into their text, agendas that are only
their list, and case page heads: each signal alone, then through the parser (made-up minutes in
the shapes real ones have)."""

import pytest

from klynge.archive.reading.outcomes import records_outcome, split_run_on
from klynge.archive.reading.parse import parse_text
from klynge.archive.reading.repair import known_words


@pytest.mark.parametrize(
    ("text", "title", "rest"),
    [
        ("Godkendelse af dagsorden Godkendt", "Godkendelse af dagsorden", "Godkendt"),
        (
            "Godkendelse af referat Godkendt med én rettelse: punkt 4.",
            "Godkendelse af referat",
            "Godkendt med én rettelse: punkt 4.",
        ),
        (
            "Valg af næstformand. Anne Holm blev valgt.",
            "Valg af næstformand",
            "Anne Holm blev valgt.",
        ),
        ("Høring vedr. Trafikplan 2030", "Høring vedr. Trafikplan 2030", ""),
        (
            "Sager til behandling 2.1 Budget for foreningen Sagen: drøftes",
            "Sager til behandling",
            "2.1 Budget for foreningen Sagen: drøftes",
        ),
    ],
)
def test_a_run_on_heading_is_cut_where_its_text_begins(text: str, title: str, rest: str) -> None:
    assert split_run_on(text) == (title, rest)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Dagsordenen blev godkendt.", True),
        ("Rådet tog orienteringen til efterretning.", True),
        ("Punktet udsættes til næste møde.", True),
        ("Bente Vang blev genvalgt som formand.", True),
        ("Mødet var lovligt indvarslet og beslutningsdygtigt.", True),
        ("Rådet drøftede sagen.", False),
        ("Intet.", False),
    ],
)
def test_an_outcome_is_told_by_the_words_of_minutes(text: str, outcome: bool) -> None:
    assert records_outcome(text) is outcome


def test_flattened_minutes_give_titles_and_the_outcome_that_follows_them() -> None:
    page = (
        "Referat Seniorrådet Torsdag den 4. juni 2015 Til stede: Anne Holm, Bent Lund. "
        "1. Godkendelse af dagsorden Godkendt. 2. Godkendelse af referat Godkendt med en "
        "rettelse af punkt 6, hvor rute 12 skal være rute 13. 3. Trafikplan for kommunen. "
        + "Rådet drøftede planen og sender et høringssvar om busruterne i landdistrikterne. "
        * 8
    )
    meeting = parse_text(page)

    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Godkendelse af referat"),
        ("3", "Trafikplan for kommunen"),
    ]
    assert meeting.items[0].decision == "Godkendt."
    assert meeting.items[1].decision and "rute 13" in meeting.items[1].decision
    assert meeting.items[2].decision is None


def test_an_agenda_that_is_only_its_list_has_the_list_as_items() -> None:
    meeting = parse_text(
        "Rådsmøde, marts 2021\n\nRådet mødtes og talte om året, der kommer.\n"
        "1. Godkendelse af dagsorden\n2. Orientering fra formanden\n"
        "3. Drøftelse af arbejdsplanen for 2021\n4. Eventuelt\n"
    )
    assert [(i.number, i.title) for i in meeting.items] == [
        ("1", "Godkendelse af dagsorden"),
        ("2", "Orientering fra formanden"),
        ("3", "Drøftelse af arbejdsplanen for 2021"),
        ("4", "Eventuelt"),
    ]


def test_the_clauses_of_a_recommendation_are_not_an_agenda() -> None:
    meeting = parse_text(
        "Notat om trafikplanen\n\nForvaltningen indstiller:\n1. At planen godkendes\n"
        "2. At der afsættes midler\n3. At borgerne høres\n"
    )
    assert meeting.items == []


def test_case_page_heads_begin_the_items() -> None:
    meeting = parse_text(
        "Referat Handicaprådet\nMødedato: Mandag den 23. november 2015\n"
        "Mødedato Side Godkendelse af dagsorden Åben sag\nSagsnr.:\nIndstilling\n"
        "Formandskabet indstiller, at dagsordenen godkendes.\nBeslutninger Handicaprådet den\n"
        "Dagsordenen godkendt.\n"
        "Mødedato Side Oplæg om digital kommunikation Åben sag\nSagsnr.:\nBaggrund\n"
        "Centerchefen fortæller om arbejdet.\n"
    )
    assert [i.title for i in meeting.items] == [
        "Godkendelse af dagsorden",
        "Oplæg om digital kommunikation",
    ]
    assert meeting.items[0].decision == "Dagsordenen godkendt."


def test_informal_minutes_record_their_outcomes_as_decisions() -> None:
    meeting = parse_text(
        "Referat af møde i ældrerådet den 27. maj 2014\n\n1.\nGodkendelse af dagsordenen\n"
        "Dagsordenen godkendt\n\n2.\nHøring om madservice\nRådet anbefaler model 1 og "
        "formanden skriver svaret.\n\n3.\nAndet\nIntet.\n"
    )
    assert [(i.title, bool(i.decision)) for i in meeting.items] == [
        ("Godkendelse af dagsordenen", True),
        ("Høring om madservice", True),
        ("Andet", False),
    ]


def test_minutes_written_in_fields_keep_an_undecided_item_undecided() -> None:
    meeting = parse_text(
        "Referat Socialudvalget 3. marts 2021\n\n1. Godkendelse af dagsorden\nBeslutning\n"
        "Godkendt.\n\n2. Budget 2022\nSagsfremstilling\nBudgettet blev vedtaget af byrådet i "
        "oktober, og udvalget skal nu"
    )
    assert [bool(i.decision) for i in meeting.items] == [True, False]


@pytest.mark.skipif(not known_words(), reason="needs the Danish word list (wdanish)")
def test_stand_ins_in_a_run_of_names_are_read_with_the_name_just_before() -> None:
    # "Prøvestenen" (a place, the definite form of an ordinary word) is not part of the name.
    meeting = parse_text(
        "Referat Handicaprådet\nMødedato: Mandag den 23. november 2015\n"
        "Fraværende: Karl Berg Ole Sand Rød 3, Prøvestenen Lars Løgstrup deltog som suppleant "
        "for Karl Berg. Inge Juul Knudsen deltog som suppleant for Ole Sand\n"
        "1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n"
    )
    assert meeting.substitutes == [
        ("Lars Løgstrup", "Karl Berg"),
        ("Inge Juul Knudsen", "Ole Sand"),
    ]
    assert {p.name for p in meeting.participants} >= {"Lars Løgstrup", "Inge Juul Knudsen"}


def test_a_stand_in_in_brackets_is_read() -> None:
    meeting = parse_text(
        "Referat Ældrerådet 3. marts 2021\nDeltagere: Anne Holm (suppleant for Bent Lund), "
        "Carl Mose\n1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n"
    )
    assert meeting.substitutes == [("Anne Holm", "Bent Lund")]


def test_an_item_exported_alone_is_dated_and_named_by_its_decision_heading() -> None:
    meeting = parse_text(
        "3. Kvalitetsstandarder for misbrugsbehandling\nSagsnr.: 2012-31114\n"
        "Kommunalbestyrelsen den 30. januar 2012 Punkt 5\nSagsfremstilling\nStandarden revideres."
        "\nSundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012\nGodkendt.\n"
    )
    assert meeting.body == "Sundheds- og Forebyggelsesudvalget"
    assert meeting.date is not None and meeting.date.isoformat() == "2012-12-04"


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("Åben dagsorden Økonomiudvalget\n", "Økonomiudvalget"),
        ("Referat MØDE Fredensborg Seniorråd. Torsdag den 4. juni 2015\n", "Fredensborg Seniorråd"),
        ("Udskriv Kultur- og Fritidsudvalget\n", "Kultur- og Fritidsudvalget"),
        ("UdvalgÆldrerådet\n", "Ældrerådet"),
        ("Du kan søge på enkelte udvalg\nStørrelse: px\nTranskript\n", None),
    ],
)
def test_the_body_is_a_name_not_what_the_page_says_around_it(head: str, body: str | None) -> None:
    meeting = parse_text(f"{head}\n1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n")
    assert meeting.body == body
