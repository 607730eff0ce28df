"""Spreadsheets and CSV files made to hurt (issue 22, finding 2): each is read in bounded
time and memory, or refused with a Danish message, never an unhandled exception."""

import functools
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.core.exceptions import ServiceError
from klynge.core.tests import bombs
from klynge.core.tests.personas import login
from klynge.outcomes import services
from klynge.outcomes.reading import MAX_FILE_BYTES, Table, UnreadableTable, read_table
from klynge.outcomes.tests.data import make_world, smoke_free

#: What reading any one hostile file may cost (the bombs took 17 s and more before).
SECONDS = 3
PEAK_MB = 150

BOMBS = {
    "dimension A1:XFD1048576": bombs.xlsx_dimension_bomb(1_048_576),
    "a value in column XFD of 2,000 rows": bombs.xlsx_far_cells(2000),
    "a million missing rows": bombs.xlsx_row_gap(),
    "sheet XML inflating to 30 MB": bombs.xlsx_xml_bomb(30),
    "a CSV row of five million cells": b"dato" + b";" * (MAX_FILE_BYTES - 10),
    "a CSV of five million blank lines": b"dato;v\n" + b"\n" * (MAX_FILE_BYTES - 10),
    "a CSV field of five MB": b'"' + b"a" * (MAX_FILE_BYTES - 10),
}


@pytest.mark.parametrize("data", BOMBS.values(), ids=BOMBS.keys())
def test_a_bomb_is_refused_in_bounded_time_and_memory(data: bytes) -> None:
    measured = bombs.measure(functools.partial(read_table, data, max_rows=5000))

    assert measured.outcome.startswith("UnreadableTable: ")
    assert measured.seconds < SECONDS and measured.peak_mb < PEAK_MB


def test_a_sheet_is_as_big_as_its_values_not_as_its_dimension_tag() -> None:
    # Claims 16,384 columns by 2,000 rows; holds three rows of one or two values.
    measured = bombs.measure(
        functools.partial(read_table, bombs.xlsx_dimension_bomb(2000), max_rows=5000)
    )

    assert measured.seconds < 1
    assert measured.outcome.startswith("Table(columns=['dato', 'værdi']")
    assert "rows=[(2, ['2024-03-31', 1]), (2000, [1])]" in measured.outcome


def test_a_dimension_tag_that_says_too_little_cuts_no_column() -> None:
    data = bombs.xlsx_sheet(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>dato</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>antal</t></is></c></row>',
        ref="A1:A1",
    )

    assert read_table(data, max_rows=10).columns == ["dato", "antal"]


@pytest.mark.django_db
def test_a_project_lead_sending_a_dimension_bomb_gets_a_danish_message(body) -> None:
    world = make_world(body)
    indicator = smoke_free(world.initiative)
    upload = io.BytesIO(bombs.xlsx_dimension_bomb(1_048_576))
    upload.name = "målinger.xlsx"

    response = login(Client(), world.lead).post(
        reverse("measurement_import", args=[indicator.pk]), {"file": upload}
    )

    assert response.status_code == 422
    assert "Filen er for stor til at blive læst" in response.content.decode()
    assert not indicator.measurements.exists()


def test_a_data_package_bomb_says_why() -> None:
    with pytest.raises(ServiceError, match="mere end 1000 kolonner"):
        services.read_package(bombs.xlsx_far_cells(10))


# --- Fuzzing: random bytes and valid files with bytes changed --------------------------------

VALID_XLSX = bombs.xlsx([["dato", "værdi"], ["2024-03-31", 1.5], ["2024-06-30", "=B2*2"]])
VALID_CSV = "dato;værdi;kilde\n31-03-2024;1.234,5;EPJ\n30-06-2024;12;EPJ\n".encode()


def _read_or_refuse(data: bytes) -> None:
    try:
        table = read_table(data, max_rows=100)
    except UnreadableTable as error:
        assert error.message
    else:
        assert isinstance(table, Table) and table.columns


@st.composite
def mutated(draw: st.DrawFn, valid: bytes) -> bytes:
    data = bytearray(valid)
    for _n in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000) | st.binary(max_size=4000).map(b"PK\x03\x04".__add__))
def test_random_bytes_are_read_or_refused_with_a_message(data: bytes) -> None:
    _read_or_refuse(data)


@settings(max_examples=80, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(VALID_XLSX) | mutated(VALID_CSV))
def test_damaged_spreadsheets_are_read_or_refused_with_a_message(data: bytes) -> None:
    _read_or_refuse(data)


@pytest.mark.parametrize(
    "missing", ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
)
def test_an_xlsx_missing_a_part_is_refused_with_a_message(missing: str) -> None:
    source = zipfile.ZipFile(io.BytesIO(VALID_XLSX))
    members = {i.filename: source.read(i) for i in source.infolist() if i.filename != missing}

    with pytest.raises(UnreadableTable):
        read_table(bombs.zip_of(members), max_rows=100)
