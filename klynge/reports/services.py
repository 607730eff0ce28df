"""Every write to afrapporteringer: one transaction each, audited."""

import datetime
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative
from klynge.audit.services import record
from klynge.core.exceptions import ServiceError
from klynge.core.text import clean_text, clean_values
from klynge.healthplans.followup import FOLLOWED_UP_STATES
from klynge.healthplans.models import HealthPlan
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AGENDA_EDITABLE, AgendaItem, Meeting
from klynge.organisations.models import Body, Cluster
from klynge.outcomes.models import Indicator
from klynge.reports.models import Report, ReportPart

#: Which initiative field answers a question, found by the question's key word.
QUESTION_FIELDS = [
    (re.compile(r"problem", re.I), "problem"),
    (re.compile(r"målgruppe|population", re.I), "target_group"),
    (re.compile(r"gøre ved|hvad gør vi|indsats", re.I), "what_we_can_do"),
    (re.compile(r"opnå|mål\b", re.I), "goals"),
    (re.compile(r"dokumenter|resultat|evaluer", re.I), "documentation"),
]


def _clean_questions(questions: list[str]) -> list[str]:
    questions = [clean_text(q).strip() for q in questions if q.strip()]
    if not questions:
        raise ServiceError(_("Stil mindst ét spørgsmål."))
    if len(questions) > 20 or any(len(q) > 500 for q in questions):
        raise ServiceError(_("Højst 20 spørgsmål på hver 500 tegn."))
    return questions


@transaction.atomic
def create_report(
    *,
    actor: User | None,
    requester: Body,
    values: dict[str, Any],
    questions: list[str],
    clusters: list[Cluster],
) -> Report:
    """A request to `clusters`, each of which gets a part to fill in."""
    if not clusters:
        raise ServiceError(_("Vælg mindst én klynge, der skal afrapportere."))
    values = clean_values(Report, values)
    report = Report.objects.create(
        requester=requester,
        cluster_id=requester.cluster_id,
        questions=_clean_questions(questions),
        created_by=actor,
        **values,
    )
    for cluster in clusters:
        ReportPart.objects.create(
            report=report, cluster=cluster, answers=[""] * len(report.questions)
        )
    record(
        actor=actor,
        action="report.create",
        obj=report,
        changes={"clusters": sorted(c.name for c in clusters), "deadline": str(report.deadline)},
    )
    return report


def _check_open(part: ReportPart) -> None:
    if part.status == ReportPart.Status.SUBMITTED:
        raise ServiceError(_("Delen er indsendt. Genåbn den for at rette."))


@transaction.atomic
def save_part(
    *,
    actor: User | None,
    part: ReportPart,
    answers: list[str],
    initiatives: list[Initiative] | None = None,
    indicators: list[Indicator] | None = None,
    money_year: int | None = None,
    health_plan: HealthPlan | None = None,
) -> ReportPart:
    """The part's draft. `money_year`: the council's money for that year goes with the part
    (None: no money)."""
    _check_open(part)
    answers = [clean_text(a) for a in answers][: len(part.report.questions)]
    if any(len(a) > 20_000 for a in answers):
        raise ServiceError(_("Et svar må højst være 20.000 tegn."))
    for initiative in initiatives or []:
        if initiative.plan.cluster_id != part.cluster_id:
            raise ServiceError(_("Kun klyngens egne indsatser kan indgå."))
    for indicator in indicators or []:
        if indicator.cluster_id != part.cluster_id:
            raise ServiceError(_("Kun klyngens egne indikatorer kan indgå."))
    changes: dict[str, Any] = {"answers": sum(1 for a in answers if a.strip())}
    if money_year is not None and not 2000 <= money_year <= 2100:
        raise ServiceError(_("Vælg et år mellem 2000 og 2100 for økonomien."))
    if money_year != part.money_year:
        changes["money_year"] = [part.money_year, money_year]
        part.money_year = money_year
    changes |= _choose_health_plan(part, health_plan)
    part.answers = answers + [""] * (len(part.report.questions) - len(answers))
    part.status = ReportPart.Status.DRAFT
    part.save()
    if initiatives is not None:
        part.initiatives.set(initiatives)
    if indicators is not None:
        part.indicators.set(indicators)
    record(actor=actor, action="report_part.update", obj=part, changes=changes)
    return part


# --- The council's nærsundhedsplan's follow-up in the part (issue #25, approval) ---


def _choose_health_plan(part: ReportPart, plan: HealthPlan | None) -> dict[str, Any]:
    """Set the plan whose follow-up goes with the part (None: none); the change, for the
    audit. Only the council's own plan, and only once its text is frozen."""
    if plan is not None:
        if plan.cluster_id != part.cluster_id:
            raise ServiceError(_("Kun rådets egen nærsundhedsplan kan indgå."))
        if plan.status not in FOLLOWED_UP_STATES:
            raise ServiceError(
                _("Nærsundhedsplanen kan indgå, når den er indstillet til godkendelse.")
            )
    if (plan.pk if plan is not None else None) == part.health_plan_id:
        return {}
    # By title, so the history reads in words.
    old = part.health_plan.title if part.health_plan is not None else None
    changes = {"health_plan": [old, plan.title if plan is not None else None]}
    part.health_plan = plan
    return changes


def pulled_answers(part: ReportPart, initiatives: list[Initiative]) -> list[str]:
    """The answers the initiatives give to the report's questions, one block per initiative,
    after what the part already says."""
    answers = list(part.answers) + [""] * len(part.report.questions)
    for index, question in enumerate(part.report.questions):
        field = next((f for pattern, f in QUESTION_FIELDS if pattern.search(question)), None)
        if field is None:
            continue
        blocks = [
            f"{initiative}:\n{getattr(initiative, field).strip()}"
            for initiative in initiatives
            if getattr(initiative, field).strip()
        ]
        if blocks:
            existing = answers[index].strip()
            answers[index] = "\n\n".join([existing, *blocks] if existing else blocks)
    return answers[: len(part.report.questions)]


@transaction.atomic
def pull_from_initiatives(
    *, actor: User | None, part: ReportPart, initiatives: list[Initiative]
) -> ReportPart:
    """One click: the initiatives' answers and indicators into the part, to edit after."""
    _check_open(part)
    indicators = list(Indicator.objects.filter(initiative__in=initiatives))
    save_part(
        actor=actor,
        part=part,
        answers=pulled_answers(part, initiatives),
        initiatives=initiatives,
        indicators=sorted({*part.indicators.all(), *indicators}, key=lambda i: i.pk),
        money_year=part.money_year,
        health_plan=part.health_plan,
    )
    return part


@transaction.atomic
def submit_part(*, actor: User | None, part: ReportPart) -> ReportPart:
    _check_open(part)
    if not any(a.strip() for a in part.answers):
        raise ServiceError(_("Besvar mindst ét spørgsmål, før delen indsendes."))
    updated = (
        ReportPart.objects.filter(pk=part.pk)
        .exclude(status=ReportPart.Status.SUBMITTED)
        .update(status=ReportPart.Status.SUBMITTED, submitted_by=actor, submitted_at=timezone.now())
    )
    if not updated:
        raise ServiceError(_("Delen er allerede indsendt."))
    part.refresh_from_db()
    record(actor=actor, action="report_part.submit", obj=part)
    return part


@transaction.atomic
def reopen_part(*, actor: User | None, part: ReportPart) -> ReportPart:
    if part.status != ReportPart.Status.SUBMITTED:
        raise ServiceError(_("Delen er ikke indsendt."))
    part.status = ReportPart.Status.DRAFT
    part.save(update_fields=["status", "updated_at"])
    record(actor=actor, action="report_part.reopen", obj=part)
    return part


@transaction.atomic
def put_on_agenda(
    *, actor: User | None, report: Report, meeting: Meeting, pdf: bytes, filename: str
) -> AgendaItem:
    """An item on the requesting body's meeting with the compiled report as its bilag."""
    if meeting.body_id != report.requester_id:
        raise ServiceError(
            _("Afrapporteringen kan kun sættes på %(body)s' møder.") % {"body": report.requester}
        )
    if meeting.status not in AGENDA_EDITABLE:
        raise ServiceError(_("Dagsordenen til det møde kan ikke længere ændres."))
    submitted = report.parts.filter(status=ReportPart.Status.SUBMITTED).count()
    item = meeting_services.add_agenda_item(
        actor=actor,
        meeting=meeting,
        values={
            "title": report.title,
            "recommendation": [_("at afrapporteringen fra klyngerne tages til efterretning")],
            "presentation": "<p>"
            + _(
                "%(submitted)s af %(total)s klynger har afrapporteret om “%(theme)s”. "
                "Den samlede afrapportering er vedlagt som bilag."
            )
            % {"submitted": submitted, "total": report.parts.count(), "theme": report.theme}
            + "</p>",
        },
    )
    upload = SimpleUploadedFile(filename, pdf, content_type="application/pdf")
    meeting_services.add_attachment(actor=actor, item=item, upload=upload)
    record(actor=actor, action="report.agenda", obj=report, changes={"item": item.pk})
    return item


def upcoming_meetings(report: Report) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            body_id=report.requester_id,
            status__in=AGENDA_EDITABLE,
            date__gte=timezone.localdate() - datetime.timedelta(days=1),
        ).order_by("date")[:10]
    )
