"""The compiled afrapportering is built by the worker and kept per version of what it shows:
the same version is served again without a build, a change to anything it shows is a new
version, and the page says in words while it is being built, when it is ready and when the
build failed."""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from klynge.accounts.models import User
from klynge.budgets.models import Frame
from klynge.core.tests.personas import day, login, persona
from klynge.healthplans import services as plan_services
from klynge.healthplans.models import GoalStatus
from klynge.healthplans.tests.test_approval_world import PlanWorld, hold_with_decision, make_plan
from klynge.meetings import services as meeting_services
from klynge.organisations.models import Cluster, Membership
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory
from klynge.outcomes import services as outcome_services
from klynge.outcomes.models import Indicator, Measurement
from klynge.outcomes.tests.data import make_world, smoke_free
from klynge.reports import compiling, documents, services
from klynge.reports.models import CompiledDocument, Report, ReportPart

pytestmark = pytest.mark.django_db

#: A 1×1 PNG, the logo.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)


@dataclass
class World:
    report: Report
    own: ReportPart  # submitted: answers, an indicator, the council's money and plan
    other: ReportPart  # asked, not answered yet
    indicator: Indicator
    plan: PlanWorld
    region: User
    secretariat: User


@pytest.fixture
def world(meeting, body, secretariat) -> World:
    region_body = BodyFactory(
        name="Sundhedsstyregruppen",
        cluster=ClusterFactory(name="Region Midtjylland", kind=Cluster.Kind.REGIONAL_COMMITTEE),
    )
    region = persona(region_body, "region@example.dk", Membership.Role.SECRETARIAT)
    vest = Cluster.objects.get(pk=ClusterFactory(name="Vestklyngen").pk)
    report = services.create_report(
        actor=region,
        requester=region_body,
        values={
            "title": "Lighed i sundhed: første afrapportering",
            "theme": "Lighed i sundhed",
            "introduction": "Klyngerne fik til opgave at udvikle og afprøve indsatser.",
            "deadline": datetime.date(2027, 12, 15),
        },
        questions=["Hvad er problemet?", "Hvad vil vi gerne opnå?"],
        clusters=[body.cluster, vest],
    )
    indicator = smoke_free(make_world(body).initiative)
    outcome_services.add_measurement(
        actor=secretariat, indicator=indicator, date=datetime.date(2024, 6, 30), value=46
    )
    plan = make_plan(meeting)
    item = hold_with_decision(meeting, secretariat)
    plan_services.recommend_plan(actor=secretariat, plan=plan.plan, item=item, sent_on=meeting.date)
    Frame.objects.create(cluster=body.cluster, year=2027, amount=1_500_000)
    own = report.parts.get(cluster=body.cluster)
    services.save_part(
        actor=secretariat,
        part=own,
        answers=["Storrygere i klyngen.", "Færre rygere."],
        indicators=[indicator],
        money_year=2027,
        health_plan=plan.plan,
    )
    services.submit_part(actor=secretariat, part=own)
    return World(
        report=report,
        own=own,
        other=report.parts.get(cluster=vest),
        indicator=indicator,
        plan=plan,
        region=region,
        secretariat=secretariat,
    )


def version_of(report: Report) -> str:
    return documents.version(documents.build(Report.objects.get(pk=report.pk)))


def _update(obj: Any, **values: Any) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**values)


def _submit_other(w: World) -> None:
    _update(w.other, answers=["Hjerterehabilitering og job.", ""])
    _update(w.other, status=ReportPart.Status.SUBMITTED)


def _logo(w: World) -> None:
    w.report.cluster.logo.save("logo.png", ContentFile(PNG))


#: Everything the compiled documents show, changed one at a time.
SHOWN: dict[str, Callable[[World], object]] = {
    "the report's title": lambda w: _update(w.report, title="Ny titel"),
    "its theme": lambda w: _update(w.report, theme="Mental sundhed"),
    "its introduction": lambda w: _update(w.report, introduction="En anden baggrund."),
    "its deadline": lambda w: _update(w.report, deadline=datetime.date(2027, 12, 16)),
    "its questions": lambda w: _update(w.report, questions=["Hvad er problemet?", "Hvem?"]),
    "the requesting body's name": lambda w: _update(w.report.requester, name="Styregruppen"),
    "the requesting cluster's name": lambda w: _update(w.report.cluster, name="Region Nord"),
    "the requesting cluster's logo": _logo,
    "a submitted part's answer": lambda w: _update(w.own, answers=["Andet svar.", "Færre."]),
    "a part submitted": _submit_other,
    "a part reopened": lambda w: _update(w.own, status=ReportPart.Status.DRAFT),
    "an answering cluster's name": lambda w: _update(w.own.cluster, name="Østklyngen"),
    "a part's indicators": lambda w: w.own.indicators.clear(),
    "an indicator's name": lambda w: _update(w.indicator, name="Røgfri efter 12 måneder"),
    "an indicator's definition (Word only)": lambda w: _update(w.indicator, definition="Ny."),
    "a new measurement": lambda w: Measurement.objects.create(
        indicator=w.indicator, date=datetime.date(2025, 6, 30), value=48
    ),
    "a measurement's value": lambda w: Measurement.objects.filter(indicator=w.indicator).update(
        value=47
    ),
    "the part's money year": lambda w: _update(w.own, money_year=2028),
    "the council's frame that year": lambda w: Frame.objects.update(amount=1_600_000),
    "the part's plan": lambda w: _update(w.own, health_plan=None),
    "a plan goal's status": lambda w: plan_services.set_goal_status(
        actor=w.secretariat, goal=w.plan.goals[0], status=GoalStatus.AT_RISK, reason="Sent."
    ),
}

#: What changes nothing the documents show.
NOT_SHOWN: dict[str, Callable[[World], object]] = {
    "an unsubmitted part's draft": lambda w: _update(w.other, answers=["Udkast.", ""]),
    "the time": lambda w: None,
}


@pytest.mark.parametrize("change", SHOWN)
def test_a_change_to_anything_shown_is_a_new_version(world, change):
    before = version_of(world.report)
    SHOWN[change](world)
    assert version_of(world.report) != before


@pytest.mark.parametrize("change", NOT_SHOWN)
def test_a_change_shown_nowhere_keeps_the_version(world, change):
    before = version_of(world.report)
    NOT_SHOWN[change](world)
    assert version_of(world.report) == before


def test_the_version_is_the_same_for_a_reader_in_english(world):
    danish = compiling.compiled_document(report=world.report, fmt="pdf")
    with translation.override("en"):
        english = compiling.compiled_document(report=world.report, fmt="pdf")
    assert english.pk == danish.pk


def test_the_same_version_is_served_again_without_a_build(world, monkeypatch):
    builds = []
    render = documents.render_pdf

    def counted(doc):
        builds.append(doc)
        return render(doc)

    monkeypatch.setattr(documents, "render_pdf", counted)
    client = login(Client(), world.region)
    url = reverse("report_document", args=[world.report.pk, "pdf"])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert client.get(url).content == first.content
    assert len(builds) == 1
    _update(world.report, title="Lighed i sundhed: anden afrapportering")
    second = client.get(url)
    assert len(builds) == 2
    assert "anden afrapportering" in PdfReader(io.BytesIO(second.content)).pages[0].extract_text()
    # Only the newest version is kept.
    assert CompiledDocument.objects.filter(report=world.report, format="pdf").count() == 1


# --- Built by the worker ---


@pytest.fixture
def queue(settings):
    """The database task queue, as in production: nothing runs until the worker does."""
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }


#: The worker closes its database connection after a task, as in production: such a test
#: commits, like the worker's own tests.
worker_test = pytest.mark.django_db(transaction=True)


def run_worker(monkeypatch) -> None:
    # Python lets only the main thread install signal handlers (a worker's Ctrl+C).
    monkeypatch.setattr(Worker, "configure_signals", lambda self: None)
    call_command("worker", "--queue", "documents", "--batch", verbosity=0)


@worker_test
def test_the_page_says_it_is_being_built_then_offers_the_file(world, queue, monkeypatch):
    client = login(Client(), world.region)
    url = reverse("report_document", args=[world.report.pk, "docx"])
    state = reverse("report_document_state", args=[world.report.pk, "docx"])
    waiting = client.get(url)
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert "Afrapporteringen dannes …" in page
    assert f'hx-get="{state}"' in page and 'role="status"' in page
    assert f'href="{url}">Opdater siden' in page  # without JavaScript
    [task] = DBTaskResult.objects.all()
    assert task.queue_name == "documents"
    assert client.get(state).status_code == 204  # still building: nothing to announce
    assert client.get(url).status_code == 202 and DBTaskResult.objects.count() == 1

    run_worker(monkeypatch)
    ready = client.get(state)
    assert ready.status_code == 286  # htmx stops polling
    assert "Afrapporteringen er klar." in ready.content.decode()
    assert f'href="{url}">Hent som Word' in ready.content.decode()
    document = client.get(url)
    assert document.status_code == 200
    assert document["Content-Disposition"].startswith('attachment; filename="lighed-i-sundhed')


@worker_test
def test_a_failed_build_says_so_and_can_be_tried_again(world, queue, monkeypatch):
    def broken(doc):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(documents, "render_pdf", broken)
    client = login(Client(), world.region)
    url = reverse("report_document", args=[world.report.pk, "pdf"])
    client.get(url)
    run_worker(monkeypatch)
    compiled = CompiledDocument.objects.get()
    assert compiled.status == CompiledDocument.Status.FAILED
    page = client.get(url)
    assert page.status_code == 202
    text = page.content.decode()
    assert "Afrapporteringen kunne ikke dannes." in text and "hx-get" not in text
    retry = reverse("report_document_retry", args=[world.report.pk, "pdf"])
    assert f'action="{retry}"' in text

    monkeypatch.undo()
    assert client.post(retry).url == url
    compiled.refresh_from_db()
    assert compiled.status == CompiledDocument.Status.BUILDING
    run_worker(monkeypatch)
    assert client.get(url).status_code == 200


def test_a_build_waiting_far_too_long_is_offered_again(world, queue):
    client = login(Client(), world.region)
    client.get(reverse("report_document", args=[world.report.pk, "pdf"]))
    CompiledDocument.objects.update(requested_at=timezone.now() - datetime.timedelta(hours=1))
    state = client.get(reverse("report_document_state", args=[world.report.pk, "pdf"]))
    assert state.status_code == 286
    assert "tager længere end ventet" in state.content.decode()
    assert "Prøv igen" in state.content.decode()


@worker_test
def test_a_report_changed_while_its_build_waited_is_kept_as_the_new_version(
    world, queue, monkeypatch
):
    old = compiling.compiled_document(report=world.report, fmt="pdf")
    _update(world.report, title="Lighed i sundhed: rettet titel")
    run_worker(monkeypatch)
    [built] = CompiledDocument.objects.all()
    assert built.status == CompiledDocument.Status.READY
    assert built.version == version_of(world.report) != old.version
    fresh = Report.objects.get(pk=world.report.pk)
    assert compiling.compiled_document(report=fresh, fmt="pdf").pk == built.pk


@worker_test
def test_the_agenda_form_has_the_worker_build_the_bilag_and_uses_it(world, queue, monkeypatch):
    region_body = world.report.requester
    meeting = meeting_services.create_meeting(
        actor=world.region,
        body=region_body,
        values={
            "date": day(31) + datetime.timedelta(days=14),
            "start_time": datetime.time(9),
            "end_time": datetime.time(11),
            "place": "Regionshuset",
        },
    )
    client = login(Client(), world.region)
    url = reverse("report_agenda", args=[world.report.pk])
    assert client.get(url).status_code == 200
    assert DBTaskResult.objects.get().queue_name == "documents"
    run_worker(monkeypatch)
    monkeypatch.setattr(documents, "render_pdf", lambda doc: pytest.fail("built twice"))
    assert client.post(url, {"meeting": meeting.pk}).status_code == 302
    [attachment] = meeting.items.get(title=world.report.title).attachments.all()
    assert attachment.file.read() == bytes(CompiledDocument.objects.get(format="pdf").content)


def test_the_agenda_builds_the_bilag_itself_when_the_worker_has_not(world, queue):
    compiled = compiling.compiled_pdf_now(report=world.report)
    assert compiled.status == CompiledDocument.Status.READY
    assert bytes(compiled.content).startswith(b"%PDF")


def test_only_readers_of_the_report_see_its_state_or_ask_again(world, queue, outsider):
    client = login(Client(), outsider)
    for name in ("report_document", "report_document_state"):
        assert client.get(reverse(name, args=[world.report.pk, "pdf"])).status_code == 404
    retry = reverse("report_document_retry", args=[world.report.pk, "pdf"])
    assert client.post(retry).status_code == 404
    assert not CompiledDocument.objects.exists()
    reader = login(Client(), world.region)
    assert (
        reader.get(reverse("report_document_state", args=[world.report.pk, "odt"])).status_code
        == 404
    )
