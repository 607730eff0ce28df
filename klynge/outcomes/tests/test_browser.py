"""Outcomes as the people who keep them use them, in real Chromium: the lead enters a
measurement and imports a file through its preview; the chart follows; the secretariat
answers its part of an afrapportering with one click; a participant evaluates a meeting.
Every page checked with axe."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.evaluations.models import Answer, Evaluation
from klynge.evaluations.services import link_for
from klynge.meetings import services as meeting_services
from klynge.meetings.models import MeetingStatus
from klynge.organisations.models import Cluster, Membership
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory
from klynge.outcomes.tests.data import make_world, smoke_free
from klynge.reports import services as report_services
from klynge.reports.models import FIVE_QUESTIONS, ReportPart

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_lead_measures_and_imports_and_the_chart_follows(page, live_server, body, tmp_path):
    from playwright.sync_api import expect

    world = make_world(body)
    indicator = smoke_free(world.initiative)
    log_in(page, "leder@example.dk")
    page.goto(reverse("initiative_report", args=[world.initiative.pk]))
    expect(page.get_by_role("heading", name="Effektmål")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Røgfri efter 6 måneder").click()
    chart = page.get_by_role("img", name="Røgfri efter 6 måneder")
    expect(chart).to_be_visible()
    page.get_by_label("Dato (opgjort pr.)").fill("2023-12-31")
    page.get_by_label("Tæller").fill("41")
    page.get_by_label("Nævner").fill("100")
    page.get_by_role("button", name="Gem måling").click()
    expect(page.get_by_text("Målingen er gemt.")).to_be_visible()
    expect(page.get_by_role("cell", name="41 %")).to_be_visible()
    check_accessibility(page)

    upload = tmp_path / "maalinger.csv"
    upload.write_text(
        "Dato;Værdi;Kilde\n30-06-2024;44,5;Rygestopbasen\n2024-K4;112;Rygestopbasen\n"
    )
    page.get_by_role("link", name="Indlæs målinger fra fil").click()
    page.get_by_label("Fil (CSV eller Excel .xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    expect(page.get_by_text("1 række kan ikke indlæses")).to_be_visible()
    expect(page.get_by_text("112 er ikke en procentdel mellem 0 og 100")).to_be_visible()
    expect(page.get_by_role("button", name="Gem 2 målinger")).to_have_count(0)
    check_accessibility(page)
    upload.write_text("Dato;Værdi;Kilde\n30-06-2024;44,5;Rygestopbasen\n2024-K4;46;Rygestopbasen\n")
    page.get_by_label("Fil (CSV eller Excel .xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    assert indicator.measurements.count() == 1  # the preview saved nothing
    page.get_by_role("button", name="Gem 2 målinger").click()
    expect(page.get_by_text("2 målinger er indlæst.")).to_be_visible()
    assert chart.locator("circle").count() == 3 + 1  # three measurements, and the legend
    expect(chart).to_contain_text("46 %")


@pytest.mark.django_db(transaction=True)
def test_a_secretariat_answers_its_part_with_one_click(page, live_server, body, secretariat):
    from playwright.sync_api import expect

    world = make_world(body)
    smoke_free(world.initiative)
    region = BodyFactory(
        name="Sundhedsstyregruppen",
        cluster=ClusterFactory(name="Region", kind=Cluster.Kind.REGIONAL_COMMITTEE),
    )
    requester = persona(region, "region@example.dk", Membership.Role.SECRETARIAT)
    report = report_services.create_report(
        actor=requester,
        requester=region,
        values={
            "title": "Lighed i sundhed",
            "theme": "Lighed",
            "deadline": datetime.date(2030, 1, 1),
        },
        questions=FIVE_QUESTIONS,
        clusters=[body.cluster],
    )
    log_in(page, "sekretariat@example.dk")
    page.get_by_role("link", name="Afrapporteringer").first.click()
    check_accessibility(page)
    page.get_by_role("link", name=f"Lighed i sundhed – {body.cluster.name}").click()
    page.get_by_role("checkbox", name="Indsats 1: Forstærket rygestop for storrygere").check()
    page.get_by_role("button", name="Hent fra indsatserne").click()
    expect(page.get_by_label("Hvad er problemet?")).to_contain_text("Rygning giver den største")
    expect(page.get_by_role("checkbox", name="Røgfri efter 6 måneder")).to_be_checked()
    check_accessibility(page)
    page.get_by_label("Hvad vil vi gerne opnå?").fill("Flere røgfri storrygere.")
    page.get_by_role("button", name="Indsend").click()
    expect(page.get_by_text("Klyngens afrapportering er indsendt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Klyngernes svar: 1 af 1 indsendt")).to_be_visible()
    check_accessibility(page)
    part = report.parts.get()
    assert part.status == ReportPart.Status.SUBMITTED
    assert part.answers[3] == "Flere røgfri storrygere."


@pytest.mark.django_db(transaction=True)
def test_a_participant_evaluates_without_logging_in(
    page, live_server, meeting, secretariat, member
):
    from playwright.sync_api import expect

    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        meeting_services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=status)
    evaluation = Evaluation.objects.create(meeting=meeting)
    page.goto(link_for(evaluation, member.person).removeprefix(settings.SITE_URL))
    check_accessibility(page)
    fieldset = page.get_by_role("group", name="Rammerne")
    fieldset.get_by_text("Meget godt").click()  # the label draws the radio
    page.get_by_role("group", name="Udbytte").get_by_label("Godt", exact=True).check()
    page.get_by_label("I øvrigt").fill("Mere tid til pauser.")
    page.get_by_role("button", name="Send evaluering").click()
    expect(page.get_by_text("Tak for din evaluering.")).to_be_visible()
    answer = Answer.objects.get()
    assert (answer.frame, answer.benefit, answer.other) == (4, 3, "Mere tid til pauser.")
    log_in(page, "sekretariat@example.dk")
    page.goto(reverse("evaluation_manage", args=[meeting.pk]))
    expect(page.get_by_text("1 af 3 deltagere har svaret.")).to_be_visible()
    check_accessibility(page)
