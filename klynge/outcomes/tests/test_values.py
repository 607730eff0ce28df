"""A value is held to its column whoever sends it (page, file, API), and a value stored
beyond the column's digits all the same (written around the services) breaks no page."""

import datetime
import decimal
import io
import json

import pytest
from django.db import DataError, connection, transaction
from django.test import Client
from django.urls import reverse

from klynge.core.tests.personas import bearer, login
from klynge.outcomes import services
from klynge.outcomes.models import Measurement, Unit, storable_value
from klynge.outcomes.tests.data import make_world, smoke_free

D = decimal.Decimal


@pytest.fixture
def world(body):
    return make_world(body)


@pytest.fixture
def costs(world, secretariat):
    """An indicator in kroner: no 0-100 bound to hide a huge value behind."""
    indicator = smoke_free(
        world.initiative, name="Udgift pr. borger", unit=Unit.MONEY, comparison_value=None
    )
    services.add_measurement(
        actor=secretariat, indicator=indicator, date=datetime.date(2023, 6, 30), value=D("12500")
    )
    return indicator


@pytest.mark.parametrize(
    "value",
    [
        '"99999999999999"',
        "99999999999999",
        '"1e999999999"',
        "1e999999999",
        '"NaN"',
        '"Infinity"',
        '"-Infinity"',
        '"1.23456"',
        "1000000000000",
        '"-1e12"',
    ],
)
def test_the_api_refuses_a_value_the_column_cannot_hold(costs, secretariat, value):
    url = f"/api/v1/indicators/{costs.pk}/measurements"
    for field in ("value", "numerator", "denominator"):
        body = f'{{"date": "2024-06-30", "{field}": {value}}}'
        response = Client().post(url, body, content_type="application/json", **bearer(secretariat))
        assert response.status_code == 422, (field, response.content)
        assert response.json()["detail"][0]["loc"][-1] == field
    assert list(costs.measurements.values_list("value", flat=True)) == [D("12500")]


def test_the_api_stores_the_largest_value_and_minus_zero_as_zero(costs, secretariat):
    url = f"/api/v1/indicators/{costs.pk}/measurements"
    for date, value in [("2024-06-30", '"999999999999.999"'), ("2024-12-31", '"-0"')]:
        body = f'{{"date": "{date}", "value": {value}}}'
        response = Client().post(url, body, content_type="application/json", **bearer(secretariat))
        assert response.status_code == 201, response.content
    values = dict(costs.measurements.values_list("date", "value"))
    assert values[datetime.date(2024, 6, 30)] == D("999999999999.999")
    assert str(values[datetime.date(2024, 12, 31)]) in {"0", "0.0000"}  # not "-0"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (D("99999999999999"), "ikke et brugbart tal"),
        (D("1e999999999"), "ikke et brugbart tal"),
        (D("NaN"), "ikke et brugbart tal"),
        (D("-Infinity"), "ikke et brugbart tal"),
        (D("1.23456"), "flere end 4 decimaler"),
        # 16 digits fit PostgreSQL's column, but SQLite gave back 10^12 (unreadable).
        (D("999999999999.9999"), "flere end 15 betydende cifre"),
    ],
)
def test_the_service_refuses_what_the_column_cannot_hold(costs, secretariat, value, message):
    """The one check behind the page, the import and the API (a caller that skips the
    API's schema still meets it)."""
    with pytest.raises(services.ServiceError, match=message):
        services.add_measurement(
            actor=secretariat, indicator=costs, date=datetime.date(2024, 6, 30), value=value
        )
    checked, errors = services.check_measurement(
        costs, date=datetime.date(2024, 6, 30), value=None, numerator=value, denominator=D(1)
    )
    assert checked is None and message in errors[0] and errors[0].startswith("Tæller")
    assert costs.measurements.count() == 1


def test_storable_value_keeps_what_fits_and_drops_trailing_zeros_only():
    assert storable_value(D("1.50000")) == D("1.5")
    assert str(storable_value(D("-0"))) == "0.0000"
    assert storable_value(D("-999999999999.999")) == D("-999999999999.999")
    assert storable_value(D("1E+11")) == D("100000000000")
    with pytest.raises(ValueError):
        storable_value(D("1000000000000"))


def test_the_page_and_an_import_refuse_a_huge_value(world, costs):
    client = login(Client(), world.owner)
    response = client.post(
        reverse("indicator_detail", args=[costs.pk]),
        {"date": "2024-06-30", "value": "99999999999999"},
    )
    assert response.status_code == 422 and "ikke et brugbart tal" in response.content.decode()
    upload = io.BytesIO(b"dato;vaerdi\n2024-06-30;99999999999999\n")
    upload.name = "stor.csv"
    response = client.post(reverse("measurement_import", args=[costs.pk]), {"file": upload})
    assert "ikke et brugbart tal" in response.content.decode()
    assert costs.measurements.count() == 1


def test_an_indicator_value_beyond_the_column_is_refused(world, costs, secretariat):
    with pytest.raises(services.ServiceError, match="ikke et brugbart tal"):
        services.save_indicator(
            actor=secretariat,
            indicator=costs,
            values={"target_value": D("1e15"), "target_date": datetime.date(2030, 1, 1)},
        )


def _store_beyond_the_column(table: str, column: str, pk: int) -> None:
    with connection.cursor() as cursor:
        # Names are the test's own constants; written around the ORM on purpose.
        cursor.execute(f"UPDATE {table} SET {column} = 99999999999999 WHERE id = %s", [pk])  # noqa: S608


def test_a_stored_value_beyond_the_column_shows_as_invalid_and_breaks_no_page(
    world, costs, secretariat, member
):
    """On SQLite such a value is stored and was read with InvalidOperation (500 for every
    page reading it); PostgreSQL refuses to store it."""
    measurement = costs.measurements.get()
    if connection.vendor == "postgresql":
        with pytest.raises(DataError), transaction.atomic():
            _store_beyond_the_column("outcomes_measurement", "value", measurement.pk)
        return
    _store_beyond_the_column("outcomes_measurement", "value", measurement.pk)
    _store_beyond_the_column("outcomes_indicator", "target_value", costs.pk)
    services.add_measurement(
        actor=secretariat, indicator=costs, date=datetime.date(2024, 6, 30), value=D("13000")
    )
    client = login(Client(), secretariat)
    page = client.get(reverse("indicator_detail", args=[costs.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("ugyldig værdi") >= 2  # the measurement and the target, in the table
    assert "13.000" in text  # the readable measurement is still charted and listed
    for url in [
        reverse("theme_outcomes", args=[world.theme.pk]),
        reverse("cluster_outcomes", args=[costs.cluster_id]),
        reverse("initiative_report", args=[world.initiative.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    response = Client().get("/api/v1/indicators", **bearer(member))
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert [m["value"] for m in item["measurements"]] == [None, 13000.0]
    assert item["target"]["value"] is None
    upload = io.BytesIO(b"dato;vaerdi\n2023-06-30;12600\n")
    upload.name = "rettet.csv"
    preview = client.post(reverse("measurement_import", args=[costs.pk]), {"file": upload})
    assert "Erstatter ugyldig værdi" in preview.content.decode()
    response = client.post(reverse("measurement_delete", args=[measurement.pk]))
    assert response.status_code == 302
    assert not Measurement.objects.filter(pk=measurement.pk).exists()


def test_the_api_answers_with_the_stored_value(costs, secretariat):
    url = f"/api/v1/indicators/{costs.pk}/measurements"
    body = json.dumps({"date": "2024-06-30", "value": "12345.6789", "source": "x" * 200})
    response = Client().post(url, body, content_type="application/json", **bearer(secretariat))
    assert response.status_code == 201 and response.json()["value"] == 12345.6789
    body = json.dumps({"date": "2024-07-31", "value": 1, "source": "x" * 201})
    response = Client().post(url, body, content_type="application/json", **bearer(secretariat))
    assert response.status_code == 400 and "højst være 200 tegn" in response.json()["detail"]
    assert costs.measurements.count() == 2
