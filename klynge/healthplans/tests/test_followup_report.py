"""An afrapportering's part carries its council's nærsundhedsplan follow-up: chosen on the
part's form, shown on the part's page and as a section of the compiled PDF and Word."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import login
from klynge.healthplans import services
from klynge.healthplans.models import GoalStatus
from klynge.healthplans.tests.factories import HealthPlanFactory
from klynge.healthplans.tests.test_approval_world import hold_with_decision, make_plan
from klynge.reports import services as report_services
from klynge.reports.models import Report, ReportPart

pytestmark = pytest.mark.django_db

REASON = "To af tre kommuner har akutteam døgnet rundt."


@pytest.fixture
def part(meeting, secretariat):
    world = make_plan(meeting)
    item = hold_with_decision(meeting, secretariat)
    services.recommend_plan(actor=secretariat, plan=world.plan, item=item, sent_on=meeting.date)
    services.set_goal_status(
        actor=secretariat, goal=world.goals[0], status=GoalStatus.AT_RISK, reason=REASON
    )
    report = Report.objects.create(
        requester=meeting.body,
        cluster=meeting.body.cluster,
        title="Afrapportering 2027",
        theme="Det nære sundhedsvæsen",
        deadline=datetime.date(2028, 3, 1),
        questions=["Hvad er opnået?"],
    )
    return ReportPart.objects.create(report=report, cluster=world.plan.cluster, answers=[""])


def plain(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_the_part_carries_the_follow_up_into_page_pdf_and_word(part, secretariat):
    plan = part.cluster.health_plans.get()
    client = login(Client(), secretariat)
    url = reverse("report_part", args=[part.pk])
    form = client.get(url).content.decode()
    assert 'name="health_plan"' in form
    response = client.post(
        url, {"answer_0": "Akutteamene er i gang.", "health_plan": plan.pk, "action": "submit"}
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert (part.health_plan, part.status) == (plan, ReportPart.Status.SUBMITTED)

    page = plain(client.get(url).content.decode())
    pdf = client.get(reverse("report_document", args=[part.report.pk, "pdf"]))
    pdf_text = plain(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    docx = client.get(reverse("report_document", args=[part.report.pk, "docx"]))
    document = Document(io.BytesIO(docx.content))
    word = plain(
        " ".join(p.text for p in document.paragraphs)
        + " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    )
    for text in [
        f"Opfølgning 2028: {plan.title}",  # the year of the report's deadline
        "Færre forebyggelige indlæggelser",
        "I risiko",
        REASON,
        "Akutteam i hjemmeplejen",
        "Forebyggelige indlæggelser pr. 1.000 ældre",
    ]:
        assert text in page, text
        assert text in pdf_text, text
        assert text in word, text


def test_a_part_without_a_plan_shows_no_follow_up(part, secretariat):
    client = login(Client(), secretariat)
    client.post(reverse("report_part", args=[part.pk]), {"answer_0": "Svar.", "action": "submit"})
    part.refresh_from_db()
    assert part.health_plan is None
    pdf = client.get(reverse("report_document", args=[part.report.pk, "pdf"]))
    text = plain(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert "Opfølgning" not in text


def test_only_the_councils_own_frozen_plan_can_go_with_the_part(part, secretariat, meeting):
    draft = HealthPlanFactory(body=meeting.body, cluster=meeting.body.cluster)
    other = HealthPlanFactory(status="recommended")
    for plan in [draft, other]:
        with pytest.raises(ServiceError):
            report_services.save_part(actor=secretariat, part=part, answers=[""], health_plan=plan)
    part.refresh_from_db()
    assert part.health_plan is None
    # The form offers the frozen plan only.
    form = login(Client(), secretariat).get(reverse("report_part", args=[part.pk]))
    html = form.content.decode()
    assert f'value="{draft.pk}"' not in html.split('name="health_plan"')[1].split("</select>")[0]


def test_pulling_from_the_initiatives_keeps_the_plan(part, secretariat):
    plan = part.cluster.health_plans.get()
    report_services.save_part(actor=secretariat, part=part, answers=["x"], health_plan=plan)
    report_services.pull_from_initiatives(actor=secretariat, part=part, initiatives=[])
    part.refresh_from_db()
    assert part.health_plan == plan
