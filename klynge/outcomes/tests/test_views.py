"""Indicators on pages, in the API, and the initiative report as page, PDF and Word."""

import datetime
import decimal
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from klynge.core.tests.personas import bearer, login
from klynge.outcomes import services
from klynge.outcomes.models import DataPackage, EvaluationNote, Indicator, Measurement
from klynge.outcomes.tests.data import make_world, smoke_free

D = decimal.Decimal


@pytest.fixture
def world(body):
    return make_world(body)


@pytest.fixture
def indicator(world, secretariat):
    indicator = smoke_free(world.initiative)
    for year, value in [(2021, "40"), (2022, "41"), (2023, "44"), (2024, "46")]:
        services.add_measurement(
            actor=secretariat, indicator=indicator, date=datetime.date(year, 6, 30), value=D(value)
        )
    return indicator


def test_the_lead_enters_a_measurement_and_the_group_member_may_not(world, indicator):
    url = reverse("indicator_detail", args=[indicator.pk])
    response = login(Client(), world.lead).post(
        url, {"date": "2024-12-31", "numerator": "47", "denominator": "100", "source": "Bosted"}
    )
    assert response.status_code == 302
    assert indicator.measurements.get(date=datetime.date(2024, 12, 31)).value == D("47")
    before = Measurement.objects.count()
    response = login(Client(), world.group_member).post(url, {"date": "2024-11-30", "value": "47"})
    assert response.status_code == 403  # they read the figures, they do not enter them
    response = login(Client(), world.group_member).post(
        reverse("indicator_edit", args=[indicator.pk]), {"name": "x"}
    )
    assert response.status_code == 403
    assert Measurement.objects.count() == before


def test_a_bad_measurement_is_explained_and_not_saved(world, indicator):
    response = login(Client(), world.owner).post(
        reverse("indicator_detail", args=[indicator.pk]), {"date": "2024-12-31", "value": "112"}
    )
    assert response.status_code == 422
    assert "ikke en procentdel mellem 0 og 100" in response.content.decode()
    assert not indicator.measurements.filter(date=datetime.date(2024, 12, 31)).exists()


def test_import_through_the_pages_saves_only_on_confirmation(world, indicator):
    client = login(Client(), world.lead)
    url = reverse("measurement_import", args=[indicator.pk])
    upload = io.BytesIO("dato;værdi;kilde\n2024-12-31;47,5;Rygestopbasen\n".encode())
    upload.name = "maalinger.csv"
    response = client.post(url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "Forhåndsvisning" in page and "Gem 1 måling" in page
    assert not indicator.measurements.filter(date=datetime.date(2024, 12, 31)).exists()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(
        reverse("measurement_import_confirm", args=[indicator.pk]), {"token": token}
    )
    assert response.status_code == 302
    assert indicator.measurements.get(date=datetime.date(2024, 12, 31)).value == D("47.5")
    assert indicator.imports.get().original_name == "maalinger.csv"


def test_a_preview_is_confirmed_once(world, indicator):
    """Posting the confirmation again (back button, a copied form) once brought back the
    rows deleted since; now it says so and changes nothing."""
    client = login(Client(), world.lead)
    upload = io.BytesIO("dato;værdi\n2024-12-31;47,5\n2024-11-30;47\n".encode())
    upload.name = "maalinger.csv"
    page = client.post(reverse("measurement_import", args=[indicator.pk]), {"file": upload})
    token = page.content.decode().split('name="token" value="')[1].split('"')[0]
    confirm = reverse("measurement_import_confirm", args=[indicator.pk])
    assert client.post(confirm, {"token": token}).status_code == 302
    deleted = indicator.measurements.get(date=datetime.date(2024, 12, 31))
    client.post(reverse("measurement_delete", args=[deleted.pk]))
    response = client.post(confirm, {"token": token}, follow=True)
    assert "allerede indlæst" in response.content.decode()
    assert not indicator.measurements.filter(date=datetime.date(2024, 12, 31)).exists()
    assert indicator.imports.count() == 1 and indicator.measurements.count() == 5


def test_report_page_pdf_and_word_hold_the_same_content(world, indicator, member, secretariat):
    services.save_evaluation_note(
        actor=secretariat, initiative=world.initiative, months=6, text="Halvvejs: 46 % røgfri."
    )
    page = login(Client(), member).get(reverse("initiative_report", args=[world.initiative.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for text in [
        "Hvad er problemet?",
        "Rygestopforløb i alle kommuner",
        "Røgfri efter 6 måneder",
        "Halvvejs: 46 % røgfri.",
        "Landsgennemsnit (Rygestopbasen): 37\u00a0%",
    ]:
        assert text in html, text
    assert 'role="img"' in html and "<desc id=" in html

    from pypdf import PdfReader

    pdf = login(Client(), member).get(
        reverse("initiative_report_document", args=[world.initiative.pk, "pdf"])
    )
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    for words in [
        "Hvad er problemet?",
        "Røgfri efter 6 måneder",
        "Halvvejs",
        "Baseline 37 %",
        "dannet",
    ]:
        assert words in text.replace("\u00a0", " "), words
    assert "/StructTreeRoot" in str(reader.trailer["/Root"].keys())  # tagged (PDF/UA)

    from docx import Document

    word = login(Client(), member).get(
        reverse("initiative_report_document", args=[world.initiative.pk, "docx"])
    )
    document = Document(io.BytesIO(word.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Hvad er problemet?" in paragraphs and "Halvvejs: 46 % røgfri." in paragraphs
    assert len(document.inline_shapes) == 1  # the chart, as a picture
    assert "Baseline" in [c.text for row in document.tables[-1].rows for c in row.cells]


def test_the_chart_on_the_page_is_the_chart_in_the_pdf(world, indicator, member):
    from klynge.outcomes import documents

    report = documents.build(world.initiative)
    [summary] = report.indicators
    source = documents.render_to_string("outcomes/initiative_report_pdf.html", {"report": report})
    assert str(summary.chart) in source
    page = (
        login(Client(), member)
        .get(reverse("indicator_detail", args=[indicator.pk]))
        .content.decode()
    )
    assert str(summary.chart).replace(f"i{world.initiative.pk}-", "indicator-") in page


def test_charts_carry_meaning_without_colour(indicator):
    from klynge.outcomes.charts import summarise

    [summary] = summarise([indicator], prefix="x")
    svg = str(summary.chart)
    assert 'stroke-dasharray="6 4"' in svg and 'stroke-dasharray="2 3"' in svg  # baseline, target
    assert "<rect" in svg and "<polygon" in svg and "<circle" in svg  # marker shapes differ
    assert "Baseline 37\u00a0%" in svg and "Mål 50\u00a0%" in svg  # lines named in words
    assert "69\u00a0% af vejen fra baseline til mål" in summary.description


def test_outsiders_see_nothing_and_members_cannot_change(world, indicator, outsider, member):
    for name, args in [
        ("initiative_report", [world.initiative.pk]),
        ("indicator_detail", [indicator.pk]),
        ("theme_outcomes", [world.theme.pk]),
    ]:
        assert login(Client(), outsider).get(reverse(name, args=args)).status_code == 404
    assert (
        login(Client(), member).get(reverse("indicator_edit", args=[indicator.pk])).status_code
        == 403
    )
    assert (
        login(Client(), member)
        .get(reverse("evaluation_note", args=[world.initiative.pk, 3]))
        .status_code
        == 403
    )
    assert (
        login(Client(), member).post(reverse("indicator_delete", args=[indicator.pk])).status_code
        == 403
    )
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_secretariat_writes_an_evaluation_and_sets_deliverables(world, secretariat):
    client = login(Client(), secretariat)
    response = client.post(
        reverse("evaluation_note", args=[world.initiative.pk, 12]), {"text": "Et år: permanent."}
    )
    assert response.status_code == 302
    assert (
        EvaluationNote.objects.get(initiative=world.initiative, months=12).text
        == "Et år: permanent."
    )
    response = client.post(
        reverse("deliverables", args=[world.initiative.pk]),
        {
            "status_0": "delivered",
            "note_0": "Alle seks kommuner",
            "status_1": "started",
            "note_1": "",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("initiative_report", args=[world.initiative.pk])).content.decode()
    assert "Leveret" in page and "Alle seks kommuner" in page and "I gang" in page


def test_a_theme_shows_its_initiatives_indicators_together(world, indicator, member):
    page = (
        login(Client(), member)
        .get(reverse("theme_outcomes", args=[world.theme.pk]))
        .content.decode()
    )
    assert "Fra baseline til mål" in page and "Røgfri efter 6 måneder" in page
    assert "69\u00a0% af vejen" in page


def test_data_package_upload_shows_table_and_chart(world, secretariat, member):
    upload = io.BytesIO(
        b"Alder;Dagligrygere (%);Antal\n16-24;12,5;1.234\n25-44;15,1;2.345\n45-64;19,0;3.456\n"
    )
    upload.name = "rygning.csv"
    response = login(Client(), secretariat).post(
        reverse("data_package_create", args=[world.theme.pk]),
        {
            "title": "Rygning efter alder",
            "target_group": "Voksne 16-64 år",
            "sources": "Sundhedsprofilen 2017",
            "file": upload,
        },
    )
    assert response.status_code == 302
    package = DataPackage.objects.get()
    assert package.table["rows"][0] == ["16-24", 12.5, 1234.0]
    page = (
        login(Client(), member)
        .get(reverse("data_package_detail", args=[package.pk]))
        .content.decode()
    )
    assert page.count('role="img"') == 2 and "16-24" in page
    assert (
        login(Client(), member).get(reverse("data_package_file", args=[package.pk])).status_code
        == 200
    )


def test_a_bad_data_package_says_why_and_saves_nothing(world, secretariat):
    upload = io.BytesIO(b"Alder;Andel\n16-24;=B1*2\n")
    upload.name = "rygning.csv"
    response = login(Client(), secretariat).post(
        reverse("data_package_create", args=[world.theme.pk]),
        {
            "title": "Rygning",
            "target_group": "Voksne",
            "sources": "Sundhedsprofilen",
            "file": upload,
        },
    )
    assert response.status_code == 422 and "formel" in response.content.decode()
    assert not DataPackage.objects.exists()


def test_api_lists_indicators_and_takes_measurements_from_the_owner_only(
    world, indicator, member, outsider
):
    response = Client().get("/api/v1/indicators", **bearer(member))
    body = response.json()
    assert response.status_code == 200 and body["count"] == 1
    [item] = body["items"]
    assert item["initiative_id"] == world.initiative.pk
    assert item["baseline"] == {"value": 37.0, "date": "2020-01-01"}
    assert item["comparison"]["label"] == "Landsgennemsnit (Rygestopbasen)"
    assert [m["value"] for m in item["measurements"]] == [40.0, 41.0, 44.0, 46.0]

    url = f"/api/v1/indicators/{indicator.pk}/measurements"
    payload = json.dumps({"date": "2024-12-31", "numerator": 47, "denominator": 100})
    for user, status in [(member, 403), (outsider, 404), (world.group_member, 403)]:
        response = Client().post(url, payload, content_type="application/json", **bearer(user))
        assert response.status_code == status
    assert indicator.measurements.count() == 4
    response = Client().post(url, payload, content_type="application/json", **bearer(world.owner))
    assert response.status_code == 201 and response.json()["value"] == 47.0
    response = Client().post(
        url,
        json.dumps({"date": "2025-01-31", "value": 101}),
        content_type="application/json",
        **bearer(world.owner),
    )
    assert response.status_code == 400 and "procentdel" in response.json()["detail"]


def test_indicators_are_found_by_those_who_may_read_them(world, indicator, member, outsider):
    from klynge.search.queries import search

    assert [h.entry.title for h in search(member, "røgfri").hits] == ["Røgfri efter 6 måneder"]
    assert not search(outsider, "røgfri").hits
