"""Absence written without separators, in prose inside a list, and run into the next text
(made-up names and text)."""

import pytest

from klynge.archive.reading.attendance import Attendance
from klynge.archive.reading.parse import parse_text
from klynge.archive.reading.people import is_name, run_on_names

BODY = "\n\n1. Godkendelse af dagsorden\nGodkendt.\n\n2. Eventuelt\nIntet.\n"


@pytest.mark.parametrize(
    ("line", "absent"),
    [
        (
            "Afbud: Karen Olsen Peter Nielsen Søren Berg",
            ["Karen Olsen", "Peter Nielsen", "Søren Berg"],
        ),
        (
            "Afbud: Karen Olsen Peter Nielsen Mødet startede kl. 10",
            ["Karen Olsen", "Peter Nielsen"],
        ),
        ("Afbud: Anna Marie Hansen Bo Jensen", ["Anna Marie Hansen", "Bo Jensen"]),
        (
            "Fraværende med afbud: Mogens Holm, Inge Lund, Lene Berg1.",
            ["Mogens Holm", "Inge Lund", "Lene Berg"],
        ),
    ],
)
def test_absence_lines_without_separators(line, absent):
    meeting = parse_text(
        f"Ældrerådet\nReferat 12. marts 2024\nDeltagere: Anna Kjær, Bo Vest\n{line}{BODY}"
    )
    assert meeting.apologies == absent
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest"]


def test_a_sentence_of_apology_inside_the_list_of_those_present():
    meeting = parse_text(
        "Ældrerådet\nReferat 12. marts 2024\nDeltagere: Anna Kjær, Bo Vest\n"
        f"Karen Olsen og Peter Holm havde meldt afbud.{BODY}"
    )
    assert meeting.apologies == ["Karen Olsen", "Peter Holm"]


def test_an_odd_run_without_surname_endings_is_not_guessed():
    assert run_on_names("Anna Marie Holm Bo Kjær") == ([], "Anna Marie Holm Bo Kjær")


def test_a_table_of_contents_head_is_no_person():
    assert not is_name("Sagsoversigt Side")
    people = Attendance()
    people.read_attendance_line("Sagsoversigt Side", "apologies")
    assert not people.absent


def test_roles_after_a_dash_and_the_secretary_below_an_empty_absence_list():
    meeting = parse_text(
        "Socialudvalget\nReferat\nDato: 04.12.2024\n\nTilstede\nAnne Holm (A) - formand\n"
        "Per Lund (A) - næstformand\nBo Ravn (F)\n\nAfbud/Fraværende\n\n\nSekretær\nLise Dahl"
        f"{BODY}"
    )
    assert [p.name for p in meeting.participants] == ["Anne Holm", "Per Lund", "Bo Ravn"]
    assert meeting.apologies == []


def test_absence_labelled_inside_a_line_of_the_head():
    meeting = parse_text(
        "Ældrerådet\nReferat 12. marts 2024\n"
        f"Til stede: Anna Kjær, Bo Vest, Ib Holm. Afbud: Karen Olsen.{BODY}"
    )
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest", "Ib Holm"]
    assert meeting.apologies == ["Karen Olsen"]


def test_a_flattened_head_with_its_labels_on_one_line():
    meeting = parse_text(
        "1 Referat Handicaprådet Tid: 12. marts 2024 kl. 16.00 Sted: Rådhuset "
        "Deltagere: Anna Kjær, Bo Vest, Ib Holm Afbud: Karen Olsen, Søren Berg "
        f"Referent: Lise Dahl{BODY}"
    )
    assert meeting.body == "Handicaprådet"
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest", "Ib Holm"]
    assert meeting.apologies == ["Karen Olsen", "Søren Berg"]


def test_names_grouped_under_their_party():
    meeting = parse_text(
        "Byrådet\nReferat 12. marts 2024\nTil stede:\nSocialdemokratiet: Anna Kjær, Bo Vest\n"
        f"Venstre: Ib Holm\nFraværende: Karen Olsen{BODY}"
    )
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest", "Ib Holm"]
    assert meeting.apologies == ["Karen Olsen"]


def test_a_stand_in_with_party_letters_between_the_names():
    meeting = parse_text(
        "Regionsrådet\nReferat 12. marts 2024\nDeltagere:\nBo Vest (V)\n"
        f"Karen Olsen (O) deltog for Søren Berg (O){BODY}"
    )
    assert meeting.substitutes == [("Karen Olsen", "Søren Berg")]
    assert [p.name for p in meeting.participants] == ["Bo Vest", "Karen Olsen"]


def test_a_table_of_members_with_a_cell_that_marks_absence():
    meeting = parse_text(
        "Økonomiudvalget\nReferat 12. marts 2024\nDeltagere:\nAnna Kjær\tA\tFormand\n"
        f"Bo Vest\tV\nIb Holm\tO\tAfbud{BODY}"
    )
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest"]
    assert meeting.apologies == ["Ib Holm"]


def test_a_list_set_in_capitals():
    meeting = parse_text(
        f"ÆLDRERÅDET\nReferat 12. marts 2024\nDELTAGERE: ANNA KJÆR, BO VEST\nAFBUD: IB HOLM{BODY}"
    )
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest"]
    assert meeting.apologies == ["Ib Holm"]


def test_those_present_and_an_apology_in_two_sentences_of_one_line():
    meeting = parse_text(
        "Ældrerådet\nReferat 12. marts 2024\n"
        f"Til stede var Anna Kjær, Bo Vest og Ib Holm. Karen Olsen havde meldt afbud.{BODY}"
    )
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest", "Ib Holm"]
    assert meeting.apologies == ["Karen Olsen"]


@pytest.mark.parametrize(
    "line",
    [
        "For Søren Berg mødte suppleant Karen Olsen",
        "Stedfortræder: Karen Olsen for Søren Berg",
        "Søren Berg (V) - suppleant Karen Olsen",
        "Søren Berg (V) – stedfortræder: Karen Olsen (V)",
        "Afbud: Søren Berg (V). Som stedfortræder deltog Karen Olsen (V).",
        "Søren Berg (V) havde meldt afbud, og Karen Olsen (V) deltog som suppleant.",
    ],
)
def test_stand_in_forms(line):
    meeting = parse_text(
        f"Regionsrådet\nReferat 12. marts 2024\nDeltagere: Bo Vest, Ib Holm\n{line}{BODY}"
    )
    assert meeting.substitutes == [("Karen Olsen", "Søren Berg")]
    assert "Karen Olsen" in [p.name for p in meeting.participants]
    assert "Karen Olsen" not in meeting.apologies


@pytest.mark.parametrize(
    "block",
    [
        "Deltagere:\nAnna Kjær (Ældre Sagen)\nBo Vest (Danske Handicaporganisationer)\nIb Holm",
        "Deltagere:\nAnna Kjær (A) formand\nBo Vest (V) næstformand\nIb Holm (O)",
        "Til stede: Formand Anna Kjær, næstformand Bo Vest og Ib Holm",
    ],
)
def test_members_with_their_organisation_or_role(block):
    meeting = parse_text(f"Ældrerådet\nReferat 12. marts 2024\n{block}{BODY}")
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest", "Ib Holm"]


def test_staff_who_came_besides_the_members_are_neither_present_nor_absent():
    meeting = parse_text(
        "Ældrerådet\nReferat 12. marts 2024\nTil stede:\nAnna Kjær\nBo Vest\n\nFraværende:\n"
        f"Ib Holm\n\nDesuden deltog:\nKaren Olsen, direktør{BODY}"
    )
    assert [p.name for p in meeting.participants] == ["Anna Kjær", "Bo Vest"]
    assert meeting.apologies == ["Ib Holm"]
