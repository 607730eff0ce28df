import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook
from pypdf import PdfReader

from klynge.actionplans import services
from klynge.actionplans.models import Initiative, Rag, State, StatusCycle, StatusReport
from klynge.actionplans.tests.factories import CONFIRMATION
from klynge.core.tests import personas
from klynge.core.tests.personas import login
from klynge.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def cycle_with(gov, rags, day):
    meeting = gov.meeting(gov.chief, day=day)
    cycle = services.start_status_cycle(
        actor=gov.secretariat, plan=gov.plan, meeting=meeting, deadline=meeting.date
    )
    for report, rag in zip(cycle.reports.order_by("initiative__number"), rags, strict=True):
        if rag:
            values = {"rag": rag, "delivered": "Leveret"}
            if rag != Rag.GREEN:
                values |= {"deviation": "Forsinket", "cause": "Data", "proposed_action": "Ny plan"}
            services.report_status(actor=gov.secretariat, report=report, values=values)
    return cycle


@pytest.fixture
def portfolio(gov):
    for number in (1, 2, 3):
        gov.activate(gov.initiative(number))
    cycle_with(gov, ["green", "yellow", "green"], day=10)
    cycle_with(gov, ["green", "red", ""], day=20)
    return gov


def test_portfolio_cells_carry_text_and_change(client, portfolio):
    login(client, portfolio.secretariat)
    response = client.get(portfolio.plan.get_absolute_url())
    rows = response.context["portfolio"].rows
    assert [[c.label for c in r.cells] for r in rows] == [
        ["Grøn", "Grøn"],
        ["Gul", "Rød"],
        ["Grøn", "Mangler"],
    ]
    assert [r.change for r in rows] == ["same", "worse", ""]
    content = response.content.decode()
    assert "↓ Forværret" in content
    assert "1 indsats mangler status" in content
    # Also when the one missing is filtered away from the table.
    red = client.get(portfolio.plan.get_absolute_url(), {"rag": "red"}).content.decode()
    assert "1 indsats mangler status" in red and "Indsats 3: Indsats nummer 3" in red


def test_portfolio_filters_by_colour_and_state(client, portfolio):
    login(client, portfolio.secretariat)
    red = client.get(portfolio.plan.get_absolute_url(), {"rag": "red"}).context["portfolio"]
    assert [r.initiative.number for r in red.rows] == [2]
    missing = client.get(portfolio.plan.get_absolute_url(), {"rag": "missing"}).context["portfolio"]
    assert [r.initiative.number for r in missing.rows] == [3]
    ordered = client.get(portfolio.plan.get_absolute_url(), {"state": "ordered"}).context[
        "portfolio"
    ]
    assert ordered.rows == []


def test_portfolio_downloads_as_xlsx_and_pdf(client, portfolio):
    login(client, portfolio.secretariat)
    xlsx = client.get(reverse("plan_export", args=[portfolio.plan.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Handleplan 2023-2026"
    assert rows[2][:2] == ("Nr.", "Indsats")
    assert rows[4][0] == 2 and rows[4][6:9] == ("Gul", "Rød", "↓ Forværret")
    assert rows[4][9] == "Forsinket – Ny plan"
    assert sheet.cell(row=5, column=8).fill.fgColor.rgb.endswith("F4A6A6")
    pdf = client.get(reverse("plan_export", args=[portfolio.plan.pk, "pdf"]))
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Handleplan 2023-2026" in text and "Rød" in text and "Mangler" in text


def test_portfolio_queries_stay_flat(client, gov):
    login(client, gov.secretariat)
    for number in range(1, 6):
        gov.activate(gov.initiative(number))
    cycle_with(gov, ["green"] * 5, day=10)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(gov.plan.get_absolute_url()).status_code == 200
        return len(queries)

    small = count()
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            plan=gov.plan, number=100 + n, title=f"Indsats {n}", state=State.ACTIVE, theme=gov.theme
        )
        for n in range(200)
    )
    for cycle in StatusCycle.objects.all():
        StatusReport.objects.bulk_create(
            StatusReport(cycle=cycle, initiative=i, rag=Rag.GREEN) for i in initiatives
        )
    # One for the clusters carried over (read-only), one for the years the rows have money
    # in (settings.PORTFOLIO_COLUMNS: none here, so no money columns). None for the status
    # still missing: every initiative has given it.
    assert count() == small == 12


def test_portfolio_queries_stay_flat_for_a_member_who_reads_the_states_as_decided(client, gov):
    # A member reads each state through its history of decisions: read for all rows at once.
    login(client, gov.chief_chair)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(gov.plan.get_absolute_url()).status_code == 200
        return len(queries)

    gov.activate(gov.initiative(1))
    cycle_with(gov, ["green"], day=10)
    small = count()
    for number in range(2, 6):
        gov.activate(gov.initiative(number))
    assert count() == small


@pytest.mark.parametrize("viewer", ["secretariat", "chief_chair", "lead"])
def test_portfolio_rows_say_what_the_initiatives_say(client, gov, viewer):
    """The rows are made of plain values read once (owners, the state's words, addresses):
    they say what the objects' own methods say, as each viewer may know it."""
    from django.utils.html import escape

    from klynge.actionplans.access import as_known
    from klynge.organisations.tests.factories import OrganisationFactory

    first = gov.activate(gov.initiative(1, title="Sammen om <ældre> & syge"))
    first.owner_organisations.set(
        [OrganisationFactory(name="Region Midtjylland"), OrganisationFactory(name="Aarhus & Co")]
    )
    gov.activate(gov.initiative(2))
    gov.initiative(3)  # ordered: asked for no status
    cycle_with(gov, ["green", "yellow"], day=10)
    cycle_with(gov, ["yellow", ""], day=20)
    user = getattr(gov, viewer)
    login(client, user)
    page = client.get(gov.plan.get_absolute_url()).content.decode()
    for initiative in Initiative.objects.filter(plan=gov.plan):
        known = as_known(user, initiative)
        owners = ", ".join(o.name for o in initiative.owner_organisations.all())
        link = f'<a href="{initiative.get_absolute_url()}">{escape(initiative.title)}</a>'
        assert (
            f"<td>{initiative.number}</td>\n"
            f"    <td>{link}</td>\n"
            f"    <td>{escape(owners)}</td>\n"
            f"    <td>{known.get_state_display()}</td>"
        ) in page
    assert "<td>Aarhus &amp; Co, Region Midtjylland</td>" in page
    assert '<td class="rag rag-green">Grøn</td><td class="rag rag-yellow">Gul</td>' in page
    assert '<td class="rag rag-yellow">Gul</td><td class="rag rag-missing">Mangler</td>' in page
    assert '<td class="rag rag-none">–</td><td class="rag rag-none">–</td>' in page


def test_initiative_page_shows_timeline_with_meeting_links(client, gov):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    # Sent the week before the meetings (day 1) that approve it: decisions are dated by them.
    initiative.changes.update(
        created_at=timezone.make_aware(datetime.datetime.combine(personas.day(1), datetime.time(9)))
        - datetime.timedelta(days=7)
    )
    gov.approve_at(gov.chief, initiative)
    gov.approve_at(gov.director, initiative)
    states = [
        "Ordrebekræftelse indsendt",
        "Godkendt i Chefforum",
        "Godkendt i Direktørforum (aktiv)",
    ]

    def timeline_states(user):
        login(client, user)
        response = client.get(initiative.get_absolute_url())
        return response, [e["text"] for e in response.context["timeline"] if e["kind"] == "state"]

    # The approvals are decisions in minutes not yet approved: the project lead does not
    # know them yet, the secretariat does.
    response, seen = timeline_states(gov.lead)
    assert seen == states[:1]
    assert response.context["initiative"].state == State.SUBMITTED
    assert timeline_states(gov.secretariat)[1] == states
    for item in initiative.cases.values_list("agenda_item__meeting", flat=True):
        gov.publish_minutes(Meeting.objects.get(pk=item))
    response, seen = timeline_states(gov.lead)
    assert seen == states
    assert f"Chefforum, {date_format(personas.day(1), 'j. F Y')}" in response.content.decode()


def test_the_timeline_shows_an_escalation_raised_and_closed(client, gov):
    initiative = gov.activate(gov.initiative())
    chief_meeting = cycle_with(gov, ["red"], day=10).meeting
    items = services.put_cases_on_agenda(actor=gov.secretariat, meeting=chief_meeting)
    [status_item] = [i for i in items if i.cases.filter(purpose="status").exists()]
    gov.hold(chief_meeting)
    services.escalate_deviation(
        actor=gov.chief_chair, case=status_item.cases.get(), reason="Data", ask="En aftale"
    )
    director_meeting = gov.meeting(gov.director, day=27)
    [escalation_item] = services.put_cases_on_agenda(
        actor=gov.secretariat, meeting=director_meeting
    )
    gov.hold(director_meeting)
    services.close_escalation(
        actor=gov.director_chair, case=escalation_item.cases.get(), decision="Aftale i maj."
    )
    login(client, gov.secretariat)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Eskaleret til Direktørforum" in page and "Data – En aftale" in page
    assert "Eskalering lukket af Direktørforum" in page and "Aftale i maj." in page
    day = date_format(director_meeting.date, "j. F Y")
    assert f'<a href="{director_meeting.get_absolute_url()}">Direktørforum, {day}</a>' in page


def test_initiative_is_hidden_from_outsiders(client, gov):
    initiative = gov.initiative()
    login(client, gov.outsider)
    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert client.get(gov.plan.get_absolute_url()).status_code == 404


def test_lead_submits_confirmation_and_invalid_input_changes_nothing(client, gov):
    initiative = gov.initiative()
    login(client, gov.lead)
    url = reverse("confirmation_submit", args=[initiative.pk])
    response = client.post(url, {**CONFIRMATION, "patient_involvement": ""})
    assert response.status_code == 422
    assert "Dette felt er påkrævet" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.ORDERED
    assert client.post(url, CONFIRMATION).status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_outsider_cannot_submit_or_report(client, gov):
    initiative = gov.initiative()
    login(client, gov.chief_chair)  # a member of the cluster, but not the supplier
    assert (
        client.post(reverse("confirmation_submit", args=[initiative.pk]), CONFIRMATION).status_code
        == 403
    )


def test_yellow_without_deviation_is_refused_on_the_form(client, gov):
    gov.activate(gov.initiative())
    meeting = gov.meeting(gov.chief, day=20)
    cycle = services.start_status_cycle(
        actor=gov.secretariat, plan=gov.plan, meeting=meeting, deadline=personas.day(15)
    )
    report = cycle.reports.get()
    login(client, gov.lead)
    assert reverse("status_report", args=[report.pk]) in client.get("/").content.decode()
    response = client.post(reverse("status_report", args=[report.pk]), {"rag": "yellow"})
    assert response.status_code == 422
    assert "Skal udfyldes ved gul eller rød status" in response.content.decode()
    report.refresh_from_db()
    assert report.rag == ""


def test_case_decision_page_records_approval(client, gov):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    meeting = gov.meeting(gov.chief)
    login(client, gov.secretariat)
    client.post(reverse("meeting_cases", args=[meeting.pk]))
    gov.hold(meeting)
    case = meeting.items.get(title="Godkendelse af ordrebekræftelser").cases.get()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("case_decision", args=[case.pk]) in page
    login(client, gov.lead)
    assert client.get(reverse("case_decision", args=[case.pk])).status_code == 403
    login(client, gov.chief_chair)
    client.post(reverse("case_decision", args=[case.pk]), {"approve": "1", "note": ""})
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED_CHIEF


def test_initiative_page_queries_stay_flat(client, gov):
    initiative = gov.activate(gov.initiative())
    login(client, gov.lead)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(initiative.get_absolute_url()).status_code == 200
        return len(queries)

    cycle_with(gov, ["red"], day=10)
    small = count()
    for day in range(11, 28):
        cycle_with(gov, ["yellow"], day=day)
    assert initiative.reports.count() == 18
    # One for whether the initiative has money (settings.INITIATIVE_PANELS: none here), one
    # for the page cache's scope (the initiative's cluster).
    assert count() == small == 12


def test_adopting_and_sending_back_through_the_pages(client, gov):
    from klynge.meetings.models import AgendaItem

    initiative = gov.initiative(10)
    meeting = gov.hold(gov.meeting(gov.political))
    item = meeting.items.first()
    login(client, gov.secretariat)
    client.post(reverse("plan_adopt", args=[gov.plan.pk]), {"item": item.pk})
    gov.plan.refresh_from_db()
    assert (gov.plan.adopted_item, gov.plan.adopted_on) == (item, meeting.date)
    url = reverse("initiative_return", args=[initiative.pk])
    assert client.post(url, {"item": item.pk, "note": ""}).status_code == 422
    client.post(
        url,
        {
            "item": item.pk,
            "note": "Målgruppen skal være de ældste 2 %",
            "due_date": personas.day(84).isoformat(),
        },
    )
    initiative.refresh_from_db()
    assert initiative.state == State.RETURNED
    assert "de ældste 2 %" in AgendaItem.objects.get(pk=item.pk).decision
    login(client, gov.lead)
    assert client.get(url).status_code == 403


def test_theme_form_does_not_redirect_off_site(client, gov):
    login(client, gov.secretariat)
    url = reverse("theme_create", args=[gov.plan.cluster_id])
    response = client.post(url + "?next=https://evil.example/", {"name": "Tema", "priority": 2})
    assert response["Location"] == gov.plan.cluster.get_absolute_url()
    response = client.post(
        url + f"?next={gov.plan.get_absolute_url()}", {"name": "Tema 2", "priority": 3}
    )
    assert response["Location"] == gov.plan.get_absolute_url()


def test_status_colours_come_from_the_one_stylesheet():
    from klynge.actionplans.portfolio import fills

    assert set(fills()) == {Rag.GREEN, Rag.YELLOW, Rag.RED}
    assert all(len(colour) == 6 for colour in fills().values())


def test_portfolio_exports_carry_filters_and_when_they_were_made(client, gov):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    client.force_login(gov.secretariat)
    xlsx = client.get(reverse("plan_export", args=[gov.plan.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.auto_filter.ref.startswith("A3:")
    assert any(str(c.value or "").startswith("Dannet ") for row in sheet.iter_rows() for c in row)
    pdf = client.get(reverse("plan_export", args=[gov.plan.pk, "pdf"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "dannet" in text and gov.plan.title in text


def test_the_logged_in_pages_are_served_again_from_the_cache_in_three_queries(client, gov):
    initiative = gov.activate(gov.initiative())
    cycle_with(gov, ["green"], day=10)
    meeting = gov.meeting(gov.political, day=12)
    login(client, gov.secretariat)
    client.get(reverse("home"))  # a browser holds the CSRF cookie the pages' forms use
    for path in [
        reverse("home"),
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("body_detail", args=[gov.political.pk]),
        gov.plan.get_absolute_url(),
        initiative.get_absolute_url(),
    ]:
        rendered = client.get(path)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(path)
        assert (again.status_code, again.content) == (200, rendered.content)
        # The user, the clusters the page shows and the viewer's person (the scopes its key
        # is made of); the page itself from the cache.
        assert len(queries) == 3, path
