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
        # Discussion alone (sending a hearing answer would be an agreed action, an outcome).
        + "Rådet drøftede planen og spurgte til busruterne i landdistrikterne. "
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


@pytest.mark.parametrize(
    ("heading", "title", "decision"),
    [
        ("2. Godkendelse af referat - godkendt", "Godkendelse af referat", "godkendt"),
        ("2. Godkendelse af referat – Godkendt.", "Godkendelse af referat", "Godkendt."),
        ("2. Godkendelse af referat Godkendt.", "Godkendelse af referat", "Godkendt."),
        ("2. Valg af kasserer. Lis Holm blev valgt.", "Valg af kasserer", "Lis Holm blev valgt."),
    ],
)
def test_an_outcome_on_the_title_line_is_the_decision(
    heading: str, title: str, decision: str
) -> None:
    meeting = parse_text(
        "Referat fra møde i Seniorrådet den 10. juni 2021\n\n"
        "Til stede: Anne Holm, Bent Kragh, Carl Ravn\n\n"
        f"1. Godkendelse af dagsorden\nDagsordenen blev godkendt.\n{heading}\n"
        "3. Meddelelser fra formanden\nFormanden har deltaget i et møde om demensvenlig by.\n"
        "4. Budget 2022. Rådet afgav høringssvar, som vedlægges.\n5. Eventuelt\n"
    )
    assert [(i.title, i.decision) for i in meeting.items] == [
        ("Godkendelse af dagsorden", "Dagsordenen blev godkendt."),
        (title, decision),
        ("Meddelelser fra formanden", None),
        ("Budget 2022", "Rådet afgav høringssvar, som vedlægges."),
        ("Eventuelt", None),
    ]


def test_a_council_and_its_day_head_the_decision_and_an_earlier_day_is_history() -> None:
    # PolWeb, InfRef: the body and the day (and the item's number in that meeting) on a line of
    # their own; the earlier committees' lines are the case's history.
    meeting = parse_text(
        "Byrådet\nReferat\nMødedato: 27. november 2018\n\n"
        "Punkt 180. Budgetopfølgning\nSagsfremstilling\nBudgettet er fulgt op.\nIndstilling\n"
        "Direktionen indstiller, at opfølgningen godkendes.\n"
        "Økonomiudvalget, den 13.11.2018, pkt. 222\nAnbefales.\n"
        "Byrådet, den 27.11.2018, pkt. 180\nGodkendt.\n\n"
        "Punkt 181. Takster 2019\nSagsfremstilling\nTaksterne fastsættes.\nIndstilling\n"
        "Direktionen indstiller, at taksterne godkendes.\n"
        "Økonomiudvalget den 13.11.2018\nAnbefales.\n"
    )
    assert [(i.number, i.decision) for i in meeting.items] == [("180", "Godkendt."), ("181", None)]


def test_a_council_and_its_day_without_den_head_the_decision() -> None:
    meeting = parse_text(
        "Bornholms Seniorråd\nReferat\n23. marts 2021 kl. 10.00\n\n"
        "1. Godkendelse af dagsorden\nIndstilling og beslutning\n"
        "Sekretariatet indstiller, at dagsordenen godkendes.\n"
        "Bornholms Seniorråd, 23. marts 2021:\nGodkendt.\n\n"
        "2. Orientering\nSagsfremstilling\nDer orienteres om aktiviteter.\n"
        "Indstilling og beslutning\nSekretariatet indstiller, at orienteringen tages til "
        "efterretning.\nSeniorrådet, 23-03-2021: Taget til efterretning.\n"
    )
    assert [i.decision for i in meeting.items] == ["Godkendt.", "Taget til efterretning."]


def test_a_decision_field_that_opens_with_those_absent_keeps_its_decision() -> None:
    meeting = parse_text(
        "Referat\nSeniorrådet\nMødedato: 17-11-2020\n\n1. Godkendelse af dagsorden\n"
        "Sagsnr.: 27.00.00-A00-1-20\nBeslutning\nFraværende: Ole Hansen\n\nGodkendt.\n\n"
        "2. Orientering fra formanden\nSagsfremstilling\nFormanden orienterede om budgettet.\n"
        "Beslutning\nFraværende: Ole Hansen\n\nTaget til efterretning.\n"
    )
    assert [bool(i.decision and i.decision.endswith(".")) for i in meeting.items] == [True, True]
    assert meeting.items[1].decision and "efterretning" in meeting.items[1].decision
    assert meeting.apologies == ["Ole Hansen"]


def test_a_decision_heading_run_into_a_flattened_page_is_found() -> None:
    page = (
        "1 Referat Sundhedsudvalget Tirsdag den 10. marts 2009 kl. 13:00 Tilstede Anne Holm (V) "
        "Bent Lund (A) 1. Meddelelser fra formanden Sagsnr.: Dok.nr.: "
        "A) Ansættelse af leder for sundhedsplejen Udvalget orienteres. Sundhedsudvalgets "
        "beslutning den Punkt 1 Godkendt 2. Projekt om fodbold i dagtimerne Sagsnr.: Dok.nr.: "
        + "Resumé Universitetet har kontaktet kommunen om et samarbejde om motion. "
        * 6
    )
    meeting = parse_text(page)
    assert [i.title for i in meeting.items][:2] == [
        "Meddelelser fra formanden",
        "Projekt om fodbold i dagtimerne",
    ]
    assert meeting.items[0].decision == "Punkt 1 Godkendt"
    assert meeting.items[1].decision is None


def test_informal_minutes_label_what_was_agreed_and_act_as_a_council() -> None:
    meeting = parse_text(
        "Seniorrådet\nReferat af møde den 14. september 2022\n\n1. Godkendelse af dagsorden\n"
        "Referat: Dagsordenen blev godkendt.\n\n2. Trafiksikkerhed ved plejecentre\n"
        "Drøftelse: Rådet gennemgik de indkomne forslag.\n"
        "Aftale: Ole Bach skriver til teknisk udvalg inden næste møde.\n\n3. Budget 2023\n"
        "Drøftelse: Rådet talte om budgettet.\n"
    )
    assert [bool(i.decision) for i in meeting.items] == [True, True, False]
    assert meeting.items[1].decision and meeting.items[1].decision.startswith("Aftale:")


@pytest.mark.parametrize(
    ("minute", "outcome"),
    [
        ("Rådet drøftede høringen og tilsluttede sig forslaget.", True),
        ("Formanden fortalte om kurset. Rådet konkluderede, at alle deltager.", True),
        ("Inge Berg udarbejder et høringssvar, som sendes inden 15. marts.", True),
        ("Rådet drøftede høringen.", False),
    ],
)
def test_informal_outcomes_of_a_council(minute: str, outcome: bool) -> None:
    meeting = parse_text(
        "Ældrerådet\nReferat fra mødet den 28. februar 2017\n\n1. Godkendelse af dagsorden\n"
        f"Dagsordenen blev godkendt.\n\n2. Ældrepolitik\n{minute}\n"
    )
    assert bool(meeting.items[1].decision) is outcome


def test_a_council_asking_for_something_is_an_outcome_where_the_page_does_not_say_minutes() -> None:
    meeting = parse_text(
        "Udskriv Kultur- og Fritidsudvalget\n\nTirsdag den 05.03.2013 kl. 16:30\n\n"
        "Meddelelser fra mødet\n\nBo Holm spurgte til hallen. Udvalget bad endvidere om en "
        "redegørelse for udlejning af mødelokaler.\n\nBilag\n"
    )
    assert [bool(i.decision) for i in meeting.items] == [True]


def test_a_record_that_there_was_nothing_is_no_decision() -> None:
    meeting = parse_text(
        "Referat Kommunalbestyrelsen 28. november 2005\n\n1. Meddelelser\n"
        "Kommunalbestyrelsens møde 28. november 2005 Punkt 1: Der var ingen meddelelser.\n\n"
        "2. Styrelsesvedtægt\nSagsfremstilling\nVedtægten ændres.\n"
    )
    assert [i.decision for i in meeting.items] == [None, None]


@pytest.mark.parametrize(
    ("minute", "outcome"),
    [
        # The case's history: what the council decided on an earlier day.
        ("Byrådet godkendte den 26. maj 2009 en besparelse på 15 mio. kr.", False),
        # A day after the meeting is a date agreed on.
        ("Det blev aftalt at holde et fællesmøde den 5. december 2009.", True),
    ],
)
def test_an_outcome_of_an_earlier_day_is_history(minute: str, outcome: bool) -> None:
    meeting = parse_text(
        "Referat af Sundhedsudvalgets møde torsdag den 4. juni 2009\n\n"
        "1. Godkendelse af dagsorden\nDagsordenen blev godkendt.\n\n"
        f"2. Budgetopfølgning\n{minute}\n"
    )
    assert bool(meeting.items[1].decision) is outcome


def test_a_page_headed_dagsorden_that_tells_what_was_done_is_read_as_minutes() -> None:
    meeting = parse_text(
        "Dagsorden og referat\nÆldrerådet 10. november 2016\n\n1. Godkendelse af dagsorden\n"
        "Dagsordenen blev godkendt.\n\n2. Valg af næstformand\nBo Lind blev valgt.\n\n"
        "3. Høring om rehabilitering\nRådet anbefaler forslaget med en bemærkning om ventetider.\n"
        "\n4. Eventuelt\nFormanden fortalte om kurset i december.\n"
    )
    assert [bool(i.decision) for i in meeting.items] == [True, True, True, False]


def test_an_agendas_proposed_decision_is_no_decision() -> None:
    # A party's beslutningsforslag quotes the decision it wants: the agenda records none.
    meeting = parse_text(
        "Dagsorden\nByrådet 8. oktober 2025\n\n1. Forslag fra V om cykelstier\n"
        "Resume\nForslaget lyder:\nBeslutning:\nByrådet beslutter at anlægge cykelstier langs "
        "alle skoleveje.\n\n2. Budget 2026\nResume\nBudgettet behandles.\n"
    )
    assert [i.decision for i in meeting.items] == [None, None]
    assert "cykelstier" in (meeting.items[0].presentation or "")
