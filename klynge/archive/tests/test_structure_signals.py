"""The structure finder's signals, each alone, and the shapes of real minutes they read."""

import pytest

from klynge.archive.reading.agenda_list import split_agenda_list
from klynge.archive.reading.elements import Line
from klynge.archive.reading.flattened import resegment, split_glued_section
from klynge.archive.reading.headings import numbered_heading, unspace_capitals
from klynge.archive.reading.parse import parse_text


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("3. Godkendelse af dagsorden", 3, "Godkendelse af dagsorden"),
        ("1.Meddelelse fra formanden", 1, "Meddelelse fra formanden"),
        ("38Godkendelse af dagsorden", 38, "Godkendelse af dagsorden"),
        ("1.  1. Godkendelse af dagsorden", 1, "Godkendelse af dagsorden"),
        ("• 301. Åben dagsorden - godkendelse", 301, "Åben dagsorden - godkendelse"),
        ("Punkt 5: Budget 2026", 5, "Budget 2026"),
        ("Sag nr. 12 Lokalplan", 12, "Lokalplan"),
        ("Nr.60 - Godkendelse af dagsordenen", 60, "Godkendelse af dagsordenen"),
        ("510. 3. budgetopfølgning pr. 31.10.2024", 510, "3. budgetopfølgning pr. 31.10.2024"),
    ],
)
def test_a_numbered_heading_is_read_in_all_its_forms(text: str, number: int, title: str) -> None:
    found = numbered_heading(text)
    assert found is not None
    assert (found.number, found.title) == (number, title)


@pytest.mark.parametrize(
    "text", ["4. marts 2020 holdt udvalget møde", "2.000 kr. er afsat", "Tekst"]
)
def test_dates_amounts_and_prose_are_not_numbered_headings(text: str) -> None:
    assert numbered_heading(text) is None


def test_spaced_capitals_are_read_as_the_word() -> None:
    assert unspace_capitals("R e f e r a t MØDE") == "Referat MØDE"
    assert unspace_capitals("B E S L U T N I N G E R") == "BESLUTNINGER"


def test_a_section_word_glued_to_a_title_is_set_apart() -> None:
    assert split_glued_section("1. Meddelelse fra formandenReferat") == [
        "1. Meddelelse fra formanden",
        "Referat",
    ]
    assert split_glued_section("Godkendelse af dagsorden") == ["Godkendelse af dagsorden"]


def test_flattened_text_is_cut_back_into_lines_at_its_signals() -> None:
    page = (
        "1 Dagsorden Forum: Handicaprådet Tid: 14. marts 2018 Deltagere: Steen Christiansen, "
        "Bjarke Juul 1. Godkendelse af referat og dagsorden 2. Valg af formand og næstformand "
        "Sagsfremstilling: Modtaget mail fra Bjarke Juul den 25. januar 2018, at han gerne vil "
        "besætte pladsen. " + "Teksten fortsætter her med flere ord. " * 14
    )
    texts = [line.text for line in resegment([Line(page, page=1)])]
    assert "1. Godkendelse af referat og dagsorden" in texts
    assert "2. Valg af formand og næstformand" in texts
    assert "Deltagere: Steen Christiansen, Bjarke Juul" in texts
    assert any(t.startswith("Sagsfremstilling: Modtaget mail") for t in texts)


def test_lines_of_ordinary_length_are_left_as_they_are() -> None:
    lines = [Line("3. Budget"), Line("Beslutning i Udvalget den 3. maj 2020 blev sagen godkendt.")]
    assert [line.text for line in resegment(lines)] == [line.text for line in lines]


def test_a_numbered_list_the_body_repeats_is_the_agenda_list() -> None:
    lines = [
        Line(t)
        for t in [
            "Regionsrådet 24-11-2020",
            "1.Meddelelse fra formanden",
            "2.Kvartalsrapport",
            "3.Affaldshåndtering",
            "",
            "1. Meddelelse fra formanden",
            "Referat",
            "Taget til efterretning.",
        ]
    ]
    rest, entries = split_agenda_list(lines)
    assert [(e.number, e.title) for e in entries] == [
        (1, "Meddelelse fra formanden"),
        (2, "Kvartalsrapport"),
        (3, "Affaldshåndtering"),
    ]
    assert "2.Kvartalsrapport" not in [line.text for line in rest]


def test_items_the_list_names_after_the_cut_are_created_with_a_warning() -> None:
    meeting = parse_text(
        "Referat\nRegionsrådet 24-11-2020\n1.Meddelelse fra formanden\n2.Kvartalsrapport\n"
        "3.Affaldshåndtering\n\n1. Meddelelse fra formandenReferat\nDer var afbud fra Thomas Hav. "
        "Formanden orienterede om"
    )
    assert [(i.number, i.title, i.listed_only) for i in meeting.items] == [
        ("1", "Meddelelse fra formanden", False),
        ("2", "Kvartalsrapport", True),
        ("3", "Affaldshåndtering", True),
    ]
    assert meeting.items[0].decision
    assert meeting.apologies == ["Thomas Hav"]
    assert any("oversigt" in w for w in meeting.warnings)


def test_a_single_item_page_is_read_as_one_item() -> None:
    meeting = parse_text(
        "Nr.60 - Godkendelse af dagsordenen\n\nBeslutning i Økonomiudvalget den 23-03-2015\n\n"
        "Dagsordenen blev godkendt."
    )
    assert [(i.number, i.title) for i in meeting.items] == [("60", "Godkendelse af dagsordenen")]
    assert meeting.items[0].decision == "Dagsordenen blev godkendt."
    assert str(meeting.date) == "2015-03-23"


def test_a_document_without_items_keeps_its_date_from_its_title_not_from_prose() -> None:
    meeting = parse_text(
        "Rådsmøde i Seniorrådet 4. maj 2021\n\nRådet drøftede den nye plan, som blev vedtaget "
        "den 3. februar 2020 af byrådet efter en lang proces med mange parter."
    )
    assert not meeting.items
    assert str(meeting.date) == "2021-05-04"
    report = parse_text(
        "Rådet drøftede den nye plan, som blev vedtaget den 3. februar 2020 af byrådet efter en "
        "lang proces med mange parter."
    )
    assert report.date is None


def test_people_run_on_with_party_letters_and_a_member_list_apart() -> None:
    meeting = parse_text(
        "Referat\nSundhedsudvalget 10. marts 2009\n"
        "Medlemmer: Ole Dam (V) Lis Berg (A) Eva Kure (O)\n"
        "Tilstede Britt Francke Mikkelsen (V) Jarne Rasmussen (O) Lene W. Nielsen (A)\n"
        "Afbud/Fraværende Doris Børger (A) Tine Landin (A)\n"
        "1. Meddelelser fra formanden\nBeslutning\nTaget til efterretning."
    )
    assert [p.name for p in meeting.participants] == [
        "Britt Francke Mikkelsen",
        "Jarne Rasmussen",
        "Lene W. Nielsen",
    ]
    assert meeting.apologies == ["Doris Børger", "Tine Landin"]


def test_a_member_and_the_substitute_who_stood_in() -> None:
    meeting = parse_text(
        "Referat\nRegionsrådet 3. maj 2021\nDeltagere\nAnne Holm – stedfortræder Per Lund\n"
        "Jens Hansen (V)\n1. Godkendelse af dagsorden\nBeslutning\nGodkendt."
    )
    assert meeting.substitutes == [("Per Lund", "Anne Holm")]
    assert [p.name for p in meeting.participants] == ["Per Lund", "Jens Hansen"]


def test_a_committees_decision_heading_is_a_decision() -> None:
    meeting = parse_text(
        "Referat\nSundheds- og Forebyggelsesudvalget 4. december 2012\n"
        "3. Kvalitetsstandarder for stofbehandling\nSagsnr.: 12/1234\nResumé\nNye standarder.\n"
        "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012\nGodkendt."
    )
    assert meeting.items[0].decision == "Godkendt."


def test_the_body_is_a_name_with_a_bodys_noun_not_the_sites_furniture() -> None:
    meeting = parse_text(
        "Middelfart Kommune Logo\nReferat for Social- og Sundhedsudvalget møde den 14. juni 2017\n"
        "103. Fremtidig status for udsatteråd\nSagsnr.: 2015-007681\nBeslutning\nGodkendt."
    )
    assert meeting.body == "Social- og Sundhedsudvalget"
