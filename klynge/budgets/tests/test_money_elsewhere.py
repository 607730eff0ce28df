"""The council's money outside its own pages: the portfolio (page, .xlsx and PDF, one
computation), the initiative page's "Økonomi" panel, and the afrapportering (part page, PDF,
Word). Amounts are whole kroner: integers in the .xlsx, Danish text on pages and in PDFs."""

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from klynge.accounts.models import User
from klynge.actionplans.models import ActionPlan, Initiative, State, Theme
from klynge.audit.models import AuditEvent
from klynge.budgets import figures
from klynge.budgets import portfolio as money_portfolio
from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending
from klynge.core.tests.personas import login, persona
from klynge.meetings.models import AgendaItem, Meeting
from klynge.organisations.models import Body
from klynge.organisations.tests.factories import OrganisationFactory
from klynge.reports import services as report_services
from klynge.reports.models import Report, ReportPart


@dataclass
class Council:
    plan: ActionPlan
    care: Initiative  # theme "Det nære", money in 2027 and 2028, granted at `item`
    rehab: Initiative  # theme "Det nære", money in 2027
    screening: Initiative  # theme "Forebyggelse", no money
    item: AgendaItem


def _initiative(plan: ActionPlan, number: int, title: str, theme: Theme) -> Initiative:
    return Initiative.objects.create(
        plan=plan, number=number, title=title, theme=theme, state=State.ACTIVE
    )


@pytest.fixture
def council(body: Body, meeting: Meeting, secretariat: User) -> Council:
    """A council's plan with two themes and three initiatives, two of them with money; the
    2027 grants (1.650.000 kr.) and a 200.000 kr. commitment exceed the 1.500.000 kr. frame
    by 350.000 kr."""
    cluster = body.cluster
    near = Theme.objects.create(cluster=cluster, name="Det nære", priority=1)
    prevention = Theme.objects.create(cluster=cluster, name="Forebyggelse", priority=2)
    plan = ActionPlan.objects.create(
        cluster=cluster,
        body=body,
        title="Handleplan 2027-2028",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2028, 12, 31),
    )
    care = _initiative(plan, 1, "Akutsygepleje i eget hjem", near)
    rehab = _initiative(plan, 2, "Genoptræning efter udskrivelse", near)
    screening = _initiative(plan, 3, "Opsporing af KOL", prevention)
    item = meeting.items.first()
    assert item is not None
    Frame.objects.create(cluster=cluster, year=2027, amount=1_500_000)
    for initiative, year, amount in [
        (care, 2027, 1_000_000),
        (care, 2027, 250_000),
        (care, 2028, 500_000),
        (rehab, 2027, 400_000),
    ]:
        Allocation.objects.create(
            cluster=cluster, initiative=initiative, year=year, amount=amount, decision_item=item
        )
    for initiative, quarter, amount in [(care, 1, 300_000), (care, 2, 150_000), (rehab, 1, -5_000)]:
        Spending.objects.create(
            cluster=cluster, initiative=initiative, year=2027, quarter=quarter, amount=amount
        )
    CoFinancing.objects.create(
        cluster=cluster,
        year=2027,
        payer=OrganisationFactory(name="Region Nordjylland"),
        recipient=OrganisationFactory(name="Aalborg Kommune"),
        service="akutsygepleje",
        share_percent=50,
        amount=200_000,
        initiative=care,
        decision_item=item,
    )
    return Council(plan=plan, care=care, rehab=rehab, screening=screening, item=item)


def _page_table(content: str) -> dict[str, list[str]]:
    """The portfolio page's rows (initiative title or total label -> the money cells)."""
    rows: dict[str, list[str]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", content, flags=re.S):
        amounts = re.findall(r'<td class="amount">([^<]*)</td>', row)
        label = re.search(r"<a [^>]*>([^<]*)</a>|<th scope=\"row\"[^>]*>([^<]*)</th>", row)
        if amounts and label:
            rows[label.group(1) or label.group(2)] = amounts
    return rows


def _xlsx(client, plan: ActionPlan, **query: str) -> list[tuple]:
    response = client.get(reverse("plan_export", args=[plan.pk, "xlsx"]), query)
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows()]


def _pdf_text(client, plan: ActionPlan, **query: str) -> str:
    response = client.get(reverse("plan_export", args=[plan.pk, "pdf"]), query)
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_the_portfolio_page_xlsx_and_pdf_show_the_same_sums(client, council, secretariat):
    login(client, secretariat)
    response = client.get(council.plan.get_absolute_url(), {"year": "2027"})
    portfolio = response.context["portfolio"]
    assert [c.heading for c in portfolio.columns] == ["Bevilget 2027", "Forbrugt 2027"]
    page = _page_table(response.content.decode())
    assert page["Akutsygepleje i eget hjem"] == ["1.250.000 kr.", "450.000 kr."]
    assert page["Genoptræning efter udskrivelse"] == ["400.000 kr.", "−5.000 kr."]
    assert page["Opsporing af KOL"] == ["–", "–"]
    assert page["I alt: Det nære"] == ["1.650.000 kr.", "445.000 kr."]
    assert page["I alt: Forebyggelse"] == ["0 kr.", "0 kr."]
    assert "1.650.000 kr." in response.content.decode().split("I alt for de viste indsatser")[1]

    rows = _xlsx(client, council.plan, year="2027")
    header = [c.value for c in rows[2]]
    allocated, spent = header.index("Bevilget 2027"), header.index("Forbrugt 2027")
    by_title = {row[1].value: row for row in rows[3:] if row[1].value}
    care = by_title["Akutsygepleje i eget hjem"]
    assert (care[allocated].value, care[spent].value) == (1_250_000, 450_000)
    rehab = by_title["Genoptræning efter udskrivelse"]
    assert (rehab[allocated].value, rehab[spent].value) == (400_000, -5_000)
    screening = by_title["Opsporing af KOL"]
    assert (screening[allocated].value, screening[spent].value) == (None, None)
    assert (by_title["I alt: Det nære"][allocated].value, by_title["I alt"][spent].value) == (
        1_650_000,
        445_000,
    )
    # Real integers with a kroner format, so Excel adds them up.
    for cell in (care[allocated], care[spent], by_title["I alt"][allocated]):
        assert type(cell.value) is int
        assert cell.number_format == money_portfolio.KRONER_FORMAT
    # The totals stand below the rows the filter buttons cover.
    sheet = load_workbook(
        io.BytesIO(
            client.get(
                reverse("plan_export", args=[council.plan.pk, "xlsx"]), {"year": "2027"}
            ).content
        )
    ).active
    last_filtered = int(sheet.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert last_filtered == 6  # title, blank, header and the three initiatives

    text = _pdf_text(client, council.plan, year="2027")
    for expected in [
        "Bevilget 2027",
        "Forbrugt 2027",
        "1.250.000 kr.",
        "450.000 kr.",
        "−5.000 kr.",
        "I alt: Det nære",
        "1.650.000 kr.",
        "445.000 kr.",
    ]:
        assert expected in text, expected


def test_the_year_is_picked_on_the_page_and_carried_to_the_downloads(client, council, secretariat):
    login(client, secretariat)
    response = client.get(council.plan.get_absolute_url(), {"year": "2028"})
    content = response.content.decode()
    assert _page_table(content)["Akutsygepleje i eget hjem"] == ["500.000 kr.", "0 kr."]
    assert '<option value="2028" selected>2028</option>' in content
    assert '<option value="2027">2027</option>' in content
    assert reverse("plan_export", args=[council.plan.pk, "xlsx"]) + "?year=2028" in content
    header = [c.value for c in _xlsx(client, council.plan, year="2028")[2]]
    assert "Bevilget 2028" in header
    assert "Bevilget 2028" in _pdf_text(client, council.plan, year="2028")
    # A year outside what a form accepts is no filter, not an error.
    assert client.get(council.plan.get_absolute_url(), {"year": "1999"}).status_code == 200


@pytest.mark.parametrize(
    ("today", "years", "expected"),
    [
        (2027, [2027, 2028], 2027),  # the current year, when it has money
        (2026, [2027, 2028], 2027),  # the frame is granted before its year begins
        (2030, [2027, 2028], 2028),  # the plan is over: its last year
        (2028, [2026, 2030], 2030),  # nothing this year: the next with money
        (2026, [], 2026),  # no money at all: this year
    ],
)
def test_the_default_year_is_the_current_or_the_nearest_coming_one(
    monkeypatch, today, years, expected
):
    monkeypatch.setattr(figures.timezone, "localdate", lambda: datetime.date(today, 6, 1))
    assert figures.default_year(years) == expected


def test_without_a_year_the_portfolio_shows_the_default_one(client, council, secretariat):
    login(client, secretariat)
    portfolio = client.get(council.plan.get_absolute_url()).context["portfolio"]
    expected = figures.default_year([2027, 2028])
    assert portfolio.shown_year == expected
    assert portfolio.columns[0].heading == f"Bevilget {expected}"


def test_a_plan_without_money_has_no_money_columns(client, council, secretariat):
    Spending.objects.all().delete()
    CoFinancing.objects.all().delete()
    Allocation.objects.all().delete()
    login(client, secretariat)
    response = client.get(council.plan.get_absolute_url())
    assert response.context["portfolio"].columns == []
    content = response.content.decode()
    assert "Bevilget" not in content and "I alt" not in content
    assert 'name="year"' not in content  # no year picker either
    header = [c.value for c in _xlsx(client, council.plan)[2]]
    assert not any("Bevilget" in str(h) or "Forbrugt" in str(h) for h in header)
    assert "Bevilget" not in _pdf_text(client, council.plan)


def test_rows_filtered_to_those_without_money_get_no_money_columns(client, council, secretariat):
    login(client, secretariat)
    prevention = Theme.objects.get(name="Forebyggelse")
    response = client.get(council.plan.get_absolute_url(), {"theme": prevention.pk})
    assert response.context["portfolio"].columns == []


def test_a_supplier_outside_the_council_sees_the_portfolio_but_not_its_money(client, council):
    lead = persona(None, "leverandoer@example.dk")
    council.care.project_lead = lead.person
    council.care.save()
    login(client, lead)
    response = client.get(council.plan.get_absolute_url(), {"year": "2027"})
    assert response.status_code == 200
    assert response.context["portfolio"].columns == []
    assert "1.250.000" not in response.content.decode()
    assert "Bevilget" not in str([c.value for c in _xlsx(client, council.plan)[2]])
    # Nor on the initiative page.
    page = client.get(council.care.get_absolute_url())
    assert page.status_code == 200
    assert "Økonomi" not in page.content.decode()


def test_the_portfolio_with_money_keeps_its_queries_flat(client, council, secretariat):
    login(client, secretariat)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(council.plan.get_absolute_url(), {"year": "2027"})
            assert response.context["portfolio"].columns
        return len(queries)

    small = count()
    theme = Theme.objects.get(name="Det nære")
    for number in range(10, 40):
        initiative = _initiative(council.plan, number, f"Indsats {number}", theme)
        Allocation.objects.create(
            cluster=council.plan.cluster, initiative=initiative, year=2027, amount=10_000
        )
        Spending.objects.create(
            cluster=council.plan.cluster, initiative=initiative, year=2027, quarter=1, amount=1
        )
    assert count() == small


def _panel(content: str) -> str:
    match = re.search(r'<section aria-labelledby="h-money".*?</section>', content, flags=re.S)
    return match.group(0) if match else ""


def test_the_initiative_panel_shows_grants_per_year_spending_per_quarter_and_what_is_left(
    client, council, secretariat
):
    login(client, secretariat)
    panel = _panel(client.get(council.care.get_absolute_url()).content.decode())
    assert "Økonomi" in panel
    # All years: 1.750.000 granted, 450.000 spent, 1.300.000 left.
    assert "1.750.000 kr." in panel and "1.300.000 kr." in panel
    years = re.findall(r'<th scope="col" class="amount">(\d{4})</th>', panel)
    assert years == ["2027", "2028"]
    table = {
        label: re.findall(r'<td class="amount[^"]*">([^<]*)', cells)
        for label, cells in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', panel)
    }
    assert table["Bevilget"] == ["1.250.000 kr.", "500.000 kr."]
    assert table["Forbrugt 1. kvt."] == ["300.000 kr.", "–"]
    assert table["Forbrugt 2. kvt."] == ["150.000 kr.", "–"]
    assert table["Forbrugt 3. kvt."] == ["–", "–"]
    assert table["Forbrugt i alt"] == ["450.000 kr.", "0 kr."]
    assert table["Tilbage"] == ["800.000 kr.", "500.000 kr."]
    assert panel.count("2027: 1.000.000 kr., bevilget ved") == 1
    assert panel.count("2028: 500.000 kr., bevilget ved") == 1
    assert "Region Nordjylland betaler 50 % af akutsygepleje til Aalborg Kommune" in panel
    assert "200.000 kr." in panel


def test_the_panel_links_the_granting_decision_only_for_those_who_may_read_it(
    client, council, secretariat, member
):
    link = council.item.get_absolute_url()
    login(client, secretariat)
    assert link in _panel(client.get(council.care.get_absolute_url()).content.decode())
    # The meeting is not held: its decisions are the secretariat's until the minutes are out.
    login(client, member)
    panel = _panel(client.get(council.care.get_absolute_url()).content.decode())
    assert "1.000.000 kr." in panel  # the grant itself is shown …
    assert link not in panel  # … but not the decision the member may not read yet
    assert "bevilget ved" not in panel and "besluttet ved" not in panel


def test_the_panel_is_left_out_for_an_initiative_without_money(client, council, secretariat):
    login(client, secretariat)
    content = client.get(council.screening.get_absolute_url()).content.decode()
    assert _panel(content) == ""


def test_an_overspent_grant_reads_in_words_not_only_in_red(client, council, secretariat):
    Spending.objects.create(
        cluster=council.plan.cluster, initiative=council.rehab, year=2027, quarter=2, amount=500_000
    )
    login(client, secretariat)
    panel = _panel(client.get(council.rehab.get_absolute_url()).content.decode())
    assert "amount-over" in panel and "mere forbrugt end bevilget" in panel
    assert "−95.000 kr." in panel


# --- The afrapportering ---


@pytest.fixture
def part(council, body, secretariat) -> ReportPart:
    report = report_services.create_report(
        actor=secretariat,
        requester=body,
        values={
            "title": "Status på rådets indsatser",
            "theme": "Det nære sundhedsvæsen",
            "introduction": "",
            "deadline": datetime.date(2027, 6, 1),
        },
        questions=["Hvad er problemet?"],
        clusters=[body.cluster],
    )
    return report.parts.get()


def test_the_part_form_offers_the_councils_money_years_and_saves_the_choice(
    client, part, secretariat
):
    login(client, secretariat)
    url = reverse("report_part", args=[part.pk])
    form = client.get(url).context["form"]
    assert [value for value, _label in form.fields["money_year"].choices] == ["", 2028, 2027]
    response = client.post(url, {"answer_0": "Svaret", "money_year": "2027", "action": "save"})
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.money_year == 2027
    content = client.get(url).content.decode()
    assert "Økonomi 2027" in content and "1.500.000 kr." in content
    assert AuditEvent.objects.filter(
        action="report_part.update", changes__money_year=[None, 2027]
    ).exists()
    # Chosen off again.
    client.post(url, {"answer_0": "Svaret", "money_year": "", "action": "save"})
    part.refresh_from_db()
    assert part.money_year is None
    assert "Økonomi 2027" not in client.get(url).content.decode()


def test_a_year_the_form_does_not_offer_is_refused(client, part, secretariat):
    login(client, secretariat)
    url = reverse("report_part", args=[part.pk])
    response = client.post(url, {"answer_0": "Svaret", "money_year": "2031", "action": "save"})
    assert response.status_code == 422
    part.refresh_from_db()
    assert part.money_year is None


def test_a_cluster_without_money_is_offered_no_money(client, part, secretariat):
    for model in (Spending, CoFinancing, Allocation, Frame):
        model.objects.all().delete()
    login(client, secretariat)
    form = client.get(reverse("report_part", args=[part.pk])).context["form"]
    assert "money_year" not in form.fields


def test_the_compiled_pdf_and_word_carry_the_money_section(client, part, secretariat):
    report_services.save_part(actor=secretariat, part=part, answers=["Svar"], money_year=2027)
    report_services.submit_part(actor=secretariat, part=part)
    login(client, secretariat)
    report: Report = part.report
    expected = [
        "Økonomi 2027",
        "Ramme",
        "1.500.000 kr.",  # the frame
        "1.650.000 kr.",  # allocated
        "200.000 kr.",  # committed
        "445.000 kr.",  # spent
        "−350.000 kr.",  # left
        "overstiger rammen med 350.000 kr.",
        "I alt: Det nære",
        "Akutsygepleje i eget hjem",
        "Genoptræning efter udskrivelse",
    ]
    pdf = client.get(reverse("report_document", args=[report.pk, "pdf"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = re.sub(r"\s+", " ", text)
    for line in expected:
        assert line in text, line
    docx = client.get(reverse("report_document", args=[report.pk, "docx"]))
    document = Document(io.BytesIO(docx.content))
    words = [p.text for p in document.paragraphs]
    words += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    joined = " ".join(words)
    for line in expected:
        assert line in joined, line
    # The per-initiative lines, amount by amount.
    rows = {
        tuple(cell.text for cell in row.cells) for table in document.tables for row in table.rows
    }
    assert any(
        row[0].endswith("Akutsygepleje i eget hjem")
        and row[1:] == ("1.250.000 kr.", "450.000 kr.", "800.000 kr.")
        for row in rows
    )
    assert ("I alt: Det nære", "1.650.000 kr.", "445.000 kr.", "1.205.000 kr.") in rows


def test_a_part_without_money_has_no_money_section(client, part, secretariat):
    report_services.save_part(actor=secretariat, part=part, answers=["Svar"])
    report_services.submit_part(actor=secretariat, part=part)
    login(client, secretariat)
    pdf = client.get(reverse("report_document", args=[part.report.pk, "pdf"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Økonomi" not in text


def test_the_initiative_page_and_the_api_agree(client, council, secretariat):
    """The API's /initiatives/{id}/money (the budgets app's) and the panel's table read the
    same sums."""
    from klynge.core.tests.personas import bearer

    answer = client.get(
        f"/api/v1/initiatives/{council.care.pk}/money", **bearer(secretariat)
    ).json()
    account = figures.initiative_account(council.care)
    assert (answer["allocated"], answer["spent"], answer["left"]) == (
        account.total.allocated,
        account.total.spent,
        account.total.left,
    )
    assert [(y["year"], y["allocated"], y["spent"]) for y in answer["years"]] == [
        (y.year, y.money.allocated, y.money.spent) for y in account.years
    ]
