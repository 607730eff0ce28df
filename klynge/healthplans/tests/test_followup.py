"""The follow-up: each goal's status with a reason, read with its initiatives' latest status
and its indicators' latest value and progress; the yearly report as a page, PDF and Word."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from klynge.actionplans.models import Rag, StatusCycle, StatusReport
from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import login
from klynge.healthplans import services
from klynge.healthplans.followup import build_followup, default_year
from klynge.healthplans.models import GoalStatus, GoalStatusChange, PlanStatus
from klynge.healthplans.tests.test_approval_world import hold_with_decision, make_plan
from klynge.meetings.tests.factories import MeetingFactory
from klynge.outcomes.models import Measurement

pytestmark = pytest.mark.django_db

REASON = "Akutteamet er bemandet, men indlæggelserne falder langsommere end ventet."


@pytest.fixture
def world(meeting, secretariat):
    world = make_plan(meeting)
    action_plan = world.initiative.plan
    # Two status rounds: green in the spring, yellow in the autumn (the latest).
    for deadline, rag in [
        (datetime.date(2027, 4, 1), Rag.GREEN),
        (datetime.date(2027, 9, 1), Rag.YELLOW),
    ]:
        cycle = StatusCycle.objects.create(
            plan=action_plan, meeting=MeetingFactory(body=meeting.body), deadline=deadline
        )
        StatusReport.objects.create(
            cycle=cycle,
            initiative=world.initiative,
            rag=rag,
            deviation="Forsinket rekruttering" if rag != Rag.GREEN else "",
            cause="Mangel på sygeplejersker" if rag != Rag.GREEN else "",
            proposed_action="Fælles opslag" if rag != Rag.GREEN else "",
        )
    for day, value in [(datetime.date(2026, 6, 30), 38), (datetime.date(2027, 6, 30), 35)]:
        Measurement.objects.create(indicator=world.indicator, date=day, value=value)
    return world


def plain(text: str) -> str:
    """Words separated by single spaces (PDF lines, no-break spaces and markup breaks)."""
    return " ".join(text.replace("\xa0", " ").split())


def at(change: GoalStatusChange, when: datetime.datetime) -> None:
    GoalStatusChange.objects.filter(pk=change.pk).update(created_at=when)


def test_a_status_needs_a_reason_unless_on_track_and_is_kept_as_history(world, secretariat):
    goal = world.goals[0]
    with pytest.raises(ServiceError, match="begrundelse"):
        services.set_goal_status(
            actor=secretariat, goal=goal, status=GoalStatus.AT_RISK, reason=" "
        )
    with pytest.raises(ServiceError):
        services.set_goal_status(actor=secretariat, goal=goal, status="fine", reason="x")
    services.set_goal_status(actor=secretariat, goal=goal, status=GoalStatus.ON_TRACK, reason="")
    services.set_goal_status(actor=secretariat, goal=goal, status=GoalStatus.AT_RISK, reason=REASON)
    goal.refresh_from_db()
    assert (goal.status, goal.status_reason, goal.status_by) == (
        GoalStatus.AT_RISK,
        REASON,
        secretariat,
    )
    assert [c.status for c in goal.status_changes.all()] == [
        GoalStatus.ON_TRACK,
        GoalStatus.AT_RISK,
    ]
    assert AuditEvent.objects.filter(action="plan_goal.status").count() == 2


def test_the_followup_reads_goal_initiative_and_indicator_together(world, secretariat):
    goal = world.goals[0]
    services.set_goal_status(actor=secretariat, goal=goal, status=GoalStatus.AT_RISK, reason=REASON)
    followup = build_followup(world.plan, 2027, today=datetime.date(2028, 2, 1))
    assert followup.as_of == datetime.date(2027, 12, 31)
    first = followup.goals[0]
    assert (first.status_label, first.reason) == ("I risiko", REASON)
    (initiative,) = first.initiatives
    assert initiative.rag_label == "Gul"  # the autumn's, not the spring's
    (indicator,) = first.indicators
    assert indicator.latest_value == "35"
    # From 40 toward 30: 35 is half the way.
    assert indicator.progress == "50\xa0% af vejen fra baseline til mål."
    assert followup.goals[1].status == ""
    assert dict((s, n) for s, _label, n in followup.counts) == {
        "on_track": 0,
        "at_risk": 1,
        "off_track": 0,
        "": 1,
    }


def test_an_earlier_year_shows_what_was_known_at_its_end(world, secretariat):
    goal = world.goals[0]
    services.set_goal_status(actor=secretariat, goal=goal, status=GoalStatus.ON_TRACK, reason="")
    services.set_goal_status(
        actor=secretariat, goal=goal, status=GoalStatus.OFF_TRACK, reason=REASON
    )
    first, second = goal.status_changes.all()
    at(first, timezone.make_aware(datetime.datetime(2027, 5, 1, 12)))
    at(second, timezone.make_aware(datetime.datetime(2028, 3, 1, 12)))
    followup = build_followup(world.plan, 2027, today=datetime.date(2028, 6, 1))
    goal_2027 = followup.goals[0]
    assert goal_2027.status == GoalStatus.ON_TRACK
    assert [c.status for c in goal_2027.changes] == [GoalStatus.ON_TRACK]
    # 2027's measurements only; the status round of September 2027 is the last one.
    assert goal_2027.indicators[0].latest.date == datetime.date(2027, 6, 30)
    followup_2028 = build_followup(world.plan, 2028, today=datetime.date(2028, 6, 1))
    assert followup_2028.goals[0].status == GoalStatus.OFF_TRACK
    assert followup_2028.as_of == datetime.date(2028, 6, 1)


@pytest.fixture
def followed(world, meeting, secretariat):
    """The plan recommended (its draft frozen), the first goal at risk; yesterday its
    initiative was reported red and its indicator measured 33 (70 % of the way from 40 to
    30), so the report as of today shows them whatever today is."""
    item = hold_with_decision(meeting, secretariat)
    services.recommend_plan(actor=secretariat, plan=world.plan, item=item, sent_on=meeting.date)
    services.set_goal_status(
        actor=secretariat, goal=world.goals[0], status=GoalStatus.AT_RISK, reason=REASON
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    cycle = StatusCycle.objects.create(
        plan=world.initiative.plan, meeting=MeetingFactory(body=meeting.body), deadline=yesterday
    )
    StatusReport.objects.create(
        cycle=cycle,
        initiative=world.initiative,
        rag=Rag.RED,
        deviation="Akutteamet er ikke bemandet om natten",
        cause="Rekruttering",
        proposed_action="Samarbejde med vagtlægen",
    )
    Measurement.objects.create(indicator=world.indicator, date=yesterday, value=33)
    return world


def _year(world) -> int:
    return default_year(world.plan)


def test_the_report_page_pdf_and_word_say_the_same(followed, member):
    client = login(Client(), member)
    year = _year(followed)
    page = client.get(reverse("health_plan_followup", args=[followed.plan.pk, year]))
    assert page.status_code == 200
    html = plain(page.content.decode())
    pdf = client.get(reverse("health_plan_followup_document", args=[followed.plan.pk, year, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    pdf_text = plain(" ".join(p.extract_text() for p in reader.pages))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)
    docx = client.get(
        reverse("health_plan_followup_document", args=[followed.plan.pk, year, "docx"])
    )
    document = Document(io.BytesIO(docx.content))
    word = plain(
        "\n".join(p.text for p in document.paragraphs)
        + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
    )
    yesterday = f"{timezone.localdate() - datetime.timedelta(days=1):%d.%m.%Y}"
    for text in [
        "Færre forebyggelige indlæggelser",
        "I risiko",
        REASON,
        "Akutteam i hjemmeplejen",
        "Rød",
        "Forebyggelige indlæggelser pr. 1.000 ældre",
        f"33 ({yesterday})",
        "70 % af vejen fra baseline til mål.",
    ]:
        assert text in html, text
        assert text in pdf_text, text
        assert text in word, text


def test_members_read_the_followup_once_the_draft_is_frozen(world, member, secretariat, outsider):
    year = _year(world)
    url = reverse("health_plan_followup", args=[world.plan.pk, year])
    assert world.plan.status == PlanStatus.DRAFT
    assert login(Client(), member).get(url).status_code == 404  # the goals are a draft
    assert login(Client(), secretariat).get(url).status_code == 200
    assert login(Client(), outsider).get(url).status_code == 404
    # Recommended, as the service leaves it: with the version recommended.
    services.freeze_version(actor=secretariat, plan=world.plan, purpose="approval")
    world.plan.status = PlanStatus.RECOMMENDED
    world.plan.save()
    assert login(Client(), member).get(url).status_code == 200
    assert login(Client(), member).get(url.replace(str(year), "1999")).status_code == 404


def test_only_the_secretariat_sets_a_status(followed, member, secretariat):
    goal = followed.goals[1]
    url = reverse("goal_status", args=[goal.pk])
    assert login(Client(), member).post(url, {"status": "on_track"}).status_code == 403
    client = login(Client(), secretariat)
    response = client.post(url, {"status": "off_track", "reason": ""})
    assert response.status_code == 422
    assert "begrundelse" in response.content.decode()
    response = client.post(url, {"status": "off_track", "reason": "Ingen midler i 2027."})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.status_reason) == (GoalStatus.OFF_TRACK, "Ingen midler i 2027.")


def test_the_plan_page_panel_lists_the_goals_statuses(followed, member):
    html = login(Client(), member).get(followed.plan.get_absolute_url()).content.decode()
    assert "I risiko" in html
    assert reverse("health_plan_followup", args=[followed.plan.pk, _year(followed)]) in html
    assert reverse("goal_status", args=[followed.goals[0].pk]) not in html  # members read


def test_the_report_page_takes_few_queries_whatever_the_goals(
    followed, secretariat, django_assert_max_num_queries
):
    from klynge.healthplans.tests.factories import PlanGoalFactory

    client = login(Client(), secretariat)
    url = reverse("health_plan_followup", args=[followed.plan.pk, _year(followed)])
    client.get(url)
    section = followed.goals[0].section
    for n in range(10):
        goal = PlanGoalFactory(section=section, text=f"Mål {n}")
        goal.initiatives.add(followed.initiative)
        goal.indicators.add(followed.indicator)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


def test_the_report_files_are_named_with_danish_letters_and_word_names_the_council(
    followed, secretariat
):
    """ "opfolgning-nrsundhedsplan-20272030-…" and python-docx as the Word file's author
    (found by a usability test)."""
    client = login(Client(), secretariat)
    year = _year(followed)
    assert followed.plan.title == "Nærsundhedsplan 2027–2030"
    for fmt in ("pdf", "docx"):
        response = client.get(
            reverse("health_plan_followup_document", args=[followed.plan.pk, year, fmt])
        )
        name = f"opfoelgning-naersundhedsplan-2027-2030-{year}.{fmt}"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    properties = Document(io.BytesIO(response.content)).core_properties
    assert properties.author == followed.plan.cluster.name
    assert properties.comments == ""
