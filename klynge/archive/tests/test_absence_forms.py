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
