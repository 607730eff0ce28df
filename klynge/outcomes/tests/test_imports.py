"""Measurements from CSV and XLSX: a preview with a Danish message per row, nothing saved
until the preview is confirmed, the original file kept."""

import datetime
import decimal
import io

import pytest
from django.utils import timezone

from klynge.core.exceptions import ServiceError
from klynge.outcomes import services
from klynge.outcomes.models import Measurement, MeasurementImport, Unit
from klynge.outcomes.reading import parse_date, parse_number
from klynge.outcomes.tests.data import make_world, smoke_free

D = decimal.Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1 234,5", "1234.5"),
        ("46 %", "46"),
        ("46,0%", "46"),
        ("1.234", "1234"),
        ("46.5", "46.5"),
        ("-2,5", "-2.5"),
        ("12.500 kr.", "12500"),
        (31.25, "31.25"),
    ],
)
def test_numbers_are_read_the_danish_way(text, expected):
    assert parse_number(text) == D(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "=SUM(A1:A3)", "", "1e400"])
def test_what_is_not_a_number_says_so(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-31", datetime.date(2024, 3, 31)),
        ("31-03-2024", datetime.date(2024, 3, 31)),
        ("31.3.2024", datetime.date(2024, 3, 31)),
        ("31/3/2024", datetime.date(2024, 3, 31)),
        ("2024-02", datetime.date(2024, 2, 29)),
        ("2024-K2", datetime.date(2024, 6, 30)),
        ("3. kvt. 2023", datetime.date(2023, 9, 30)),
        ("2022", datetime.date(2022, 12, 31)),
    ],
)
def test_dates_and_periods(text, expected):
    assert parse_date(text) == expected


@pytest.fixture
def indicator(body):
    return smoke_free(make_world(body).initiative)


def preview(indicator, text: str, encoding: str = "utf-8"):
    return services.preview_import(indicator=indicator, content=text.encode(encoding), name="t.csv")


def test_a_good_csv_previews_then_saves_every_row_and_keeps_the_file(indicator, secretariat):
    content = (
        "Dato;Tæller;Nævner;Kilde\n31-12-2021;40;100;Rygestopbasen\n"
        "2022-K4;4.100;10.000;Rygestopbasen\n2023;0,46;1;Rygestopbasen\n"
    ).encode("cp1252")
    result = services.preview_import(indicator=indicator, content=content, name="røgfri.csv")
    assert result.ok, (result.errors, [r.errors for r in result.rows])
    assert [r.checked.value for r in result.rows] == [D("40"), D("41"), D("46")]
    assert Measurement.objects.count() == 0  # a preview saves nothing
    batch = services.import_measurements(
        actor=secretariat, indicator=indicator, content=content, name="røgfri.csv"
    )
    assert [(m.date, m.value) for m in indicator.measurements.order_by("date")] == [
        (datetime.date(2021, 12, 31), D("40")),
        (datetime.date(2022, 12, 31), D("41")),
        (datetime.date(2023, 12, 31), D("46")),
    ]
    assert batch.file.read() == content
    assert indicator.measurements.first().source == "Rygestopbasen"


def test_every_bad_row_gets_its_own_danish_message_and_nothing_is_saved(indicator, secretariat):
    future = (timezone.localdate() + datetime.timedelta(days=40)).strftime("%d-%m-%Y")
    text = (
        "dato,værdi,tæller,nævner\n"
        "2021-12-31,abc,,\n"  # 2: not a number
        "2022-12-31,112,,\n"  # 3: percent over 100
        "2023-06-30,,60,50\n"  # 4: numerator over denominator
        f"{future},40,,\n"  # 5: in the future
        "1990-01-01,40,,\n"  # 6: before the archive
        "2021-12-31,41,,\n"  # 7: same period as row 2
        "2020-06-30,=A1*2,,\n"  # 8: a formula
        '2020-03-31,"1.234,5",,\n'  # 9: a Danish number, but over 100 %
    )
    result = preview(indicator, text)
    messages = {row.line: " ".join(row.errors) for row in result.rows}
    assert "“abc” er ikke et tal" in messages[2]
    assert "procentdel mellem 0 og 100" in messages[3]
    assert "tælleren (60) er større end nævneren (50)" in messages[4]
    assert "uden for perioden" in messages[5]
    assert "uden for perioden" in messages[6]
    assert "står også i række 2" in messages[7]
    assert "formel" in messages[8]
    assert "1.234,5" in messages[9]
    assert not result.ok
    with pytest.raises(ServiceError):
        services.import_measurements(
            actor=secretariat, indicator=indicator, content=text.encode(), name="t.csv"
        )
    assert Measurement.objects.count() == 0
    assert MeasurementImport.objects.count() == 0


def test_wrong_columns_name_what_is_expected(indicator):
    result = preview(indicator, "Periode2;Resultat2\n2021;40\n")
    assert not result.ok
    assert "“dato”" in result.errors[0] and "“Periode2”" in result.errors[0]


def test_a_hundred_thousand_rows_are_refused_as_a_whole(indicator):
    text = "dato;værdi\n" + "".join(f"2021-01-01;{i % 100}\n" for i in range(100_000))
    result = preview(indicator, text)
    assert not result.ok and not result.rows
    assert "mere end 5.000 rækker" in result.errors[0]


def test_an_import_replaces_a_measurement_of_the_same_date(indicator, secretariat):
    services.add_measurement(
        actor=secretariat, indicator=indicator, date=datetime.date(2022, 12, 31), value=D("39")
    )
    content = b"dato;v\xc3\xa6rdi\n2022-12-31;41\n2023-12-31;43\n"
    result = services.preview_import(indicator=indicator, content=content, name="t.csv")
    assert result.ok and result.replaced == 1
    services.import_measurements(
        actor=secretariat, indicator=indicator, content=content, name="t.csv"
    )
    assert list(indicator.measurements.values_list("value", flat=True)) == [D("41"), D("43")]


def test_xlsx_with_number_and_date_cells_and_a_formula(indicator):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Dato", "Værdi", "Kilde"])
    sheet.append([datetime.datetime(2021, 12, 31), 40.5, "Bosted"])
    sheet.append([datetime.datetime(2022, 12, 31), "=B2+1", "Bosted"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = services.preview_import(indicator=indicator, content=buffer.getvalue(), name="t.xlsx")
    assert result.rows[0].checked.value == D("40.5")
    assert "formel" in " ".join(result.rows[1].errors)


def test_counts_are_whole_and_money_may_be_large(body, secretariat):
    initiative = make_world(body).initiative
    count = smoke_free(
        initiative,
        name="Forløb",
        unit=Unit.COUNT,
        baseline_value=None,
        baseline_date=None,
        target_value=None,
        target_date=None,
        comparison_value=None,
    )
    assert "ikke et antal" in " ".join(preview(count, "dato;værdi\n2021;2,5\n").rows[0].errors)
    money = smoke_free(
        initiative,
        name="Udgift",
        unit=Unit.MONEY,
        baseline_value=None,
        baseline_date=None,
        target_value=None,
        target_date=None,
        comparison_value=None,
    )
    assert preview(money, "dato;værdi\n2021;1.234.567,89\n").rows[0].checked.value == D(
        "1234567.89"
    )


def test_a_tampered_or_foreign_preview_token_is_refused(indicator, body):
    token = services.sign_import(indicator=indicator, content=b"dato;v\n2021;1\n", name="t.csv")
    with pytest.raises(ServiceError):
        services.unsign_import(token[:-2] + "xx", indicator=indicator)
    other = smoke_free(indicator.initiative, name="Andet")
    with pytest.raises(ServiceError):
        services.unsign_import(token, indicator=other)
