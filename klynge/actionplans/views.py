import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.actionplans import portfolio as portfolio_module
from klynge.actionplans import services
from klynge.actionplans.access import (
    as_known,
    change_visible,
    escalation_closed_visible,
    escalation_visible,
    get_case_for_user,
    get_cycle_for_user,
    get_initiative_for_user,
    get_plan_for_user,
    get_report_for_user,
    get_theme_for_user,
    is_supplier,
)
from klynge.actionplans.forms import (
    AdoptForm,
    ConfirmationDecisionForm,
    ConfirmationDraftForm,
    ConfirmationForm,
    CycleForm,
    EscalationDecisionForm,
    InitiativeForm,
    PlanForm,
    PortfolioFilterForm,
    ReturnForm,
    StatusDecisionForm,
    StatusReportForm,
    ThemeForm,
)
from klynge.actionplans.models import (
    ActionPlan,
    Initiative,
    InitiativeStateChange,
    ItemCase,
    OrderConfirmation,
    StatusReport,
    Theme,
)
from klynge.audit.services import history_for
from klynge.core.display import choice_labels, long_date, url_maker
from klynge.core.exceptions import ServiceError
from klynge.core.http import download, safe_next
from klynge.core.pagecache import cached_per_viewer, cluster_of
from klynge.meetings.access import decision_visible, get_meeting_for_user
from klynge.meetings.models import BEFORE_MEETING
from klynge.organisations.access import can_manage_cluster, get_cluster_for_user


def plan_list(request: AuthedRequest) -> HttpResponse:
    plans = ActionPlan.objects.visible_to(request.user).select_related("cluster", "body")
    return render(request, "actionplans/plan_list.html", {"plans": plans})


def plan_form(request: AuthedRequest, cluster_pk: int, pk: int | None = None) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, cluster_pk, write=True)
    plan = get_plan_for_user(request.user, pk, write=True) if pk else ActionPlan(cluster=cluster)
    form = PlanForm(request.POST or None, instance=plan, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(actor=request.user, plan=plan, values=form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Handleplanen er gemt."))
            return redirect(plan)
    return render(
        request, "actionplans/plan_form.html", {"form": form, "plan": plan, "cluster": cluster}
    )


def theme_create(request: AuthedRequest, cluster_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, cluster_pk, write=True)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_theme(
            actor=request.user, theme=Theme(cluster=cluster), values=form.cleaned_data
        )
        messages.success(request, _("Temaet er oprettet."))
        return redirect(safe_next(request, cluster.get_absolute_url()))
    return render(request, "actionplans/theme_form.html", {"form": form, "cluster": cluster})


def theme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = get_theme_for_user(request.user, pk, write=True)
    cluster = theme.cluster
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        services.save_theme(actor=request.user, theme=theme, values=form.cleaned_data)
        messages.success(request, _("Temaet er gemt."))
        return redirect(cluster.get_absolute_url() + "#temaer")
    return render(
        request, "actionplans/theme_form.html", {"form": form, "cluster": cluster, "theme": theme}
    )


@require_POST
def theme_move(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = get_theme_for_user(request.user, pk, write=True)
    cluster = theme.cluster
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.move_theme(actor=request.user, theme=theme, offset=offset)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(cluster.get_absolute_url() + "#temaer")


def _filters(
    request: AuthedRequest, plan: ActionPlan
) -> tuple[PortfolioFilterForm, dict[str, Any]]:
    form = PortfolioFilterForm(request.GET or None, plan=plan)
    return form, (form.cleaned_data if form.is_valid() else {})


@cached_per_viewer(shows=cluster_of(ActionPlan, "cluster_id"))
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The portfolio: initiatives by theme × the last status cycles."""
    plan = get_plan_for_user(request.user, pk)
    form, filters = _filters(request, plan)
    portfolio = portfolio_module.build(plan, filters, user=request.user)
    if portfolio.columns:
        form.offer_years(portfolio.years, portfolio.shown_year)
    manages = can_manage_cluster(request.user, plan.cluster_id)
    latest = portfolio.cycles[-1] if portfolio.cycles else None
    missing = (
        latest.reports.filter(rag="").select_related("initiative")
        if latest and manages and portfolio.latest_missing
        else []
    )
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "portfolio": portfolio,
            "filter_form": form,
            "query": request.GET.urlencode(),
            "can_manage": manages,
            "latest_cycle": latest,
            "missing": missing,
        },
    )


def plan_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    _form, filters = _filters(request, plan)
    portfolio = portfolio_module.build(plan, filters, user=request.user)
    if fmt == "xlsx":
        content = portfolio_module.to_xlsx(portfolio)
    elif fmt == "pdf":
        content = portfolio_module.to_pdf(portfolio)
    else:
        raise Http404
    return download(content, f"handleplan-{plan.pk}.{fmt}")


def cycle_start(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    form = CycleForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.start_status_cycle(actor=request.user, plan=plan, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Status er bedt om for %(n)s aktive indsatser.") % {"n": cycle.reports.count()},
            )
            return redirect(plan)
    return render(request, "actionplans/cycle_form.html", {"form": form, "plan": plan})


def initiative_form(request: AuthedRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_pk, write=True)
    initiative = (
        get_initiative_for_user(request.user, pk, write=True) if pk else Initiative(plan=plan)
    )
    if initiative.plan_id != plan.pk:
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, instance=initiative, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_initiative(
                actor=request.user,
                initiative=initiative,
                values=form.initiative_values(),
                owner_organisations=list(form.cleaned_data["owner_organisations"]),
                project_group=list(form.cleaned_data["project_group"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Indsatsen er gemt."))
            return redirect(initiative)
    return render(
        request,
        "actionplans/initiative_form.html",
        {"form": form, "plan": plan, "initiative": initiative},
    )


def _when(moment: datetime.datetime | None, item: Any) -> Any:
    """A decision is dated by the meeting that took it, not by when the minutes were typed."""
    return item.meeting.starts_at if item is not None else moment


@dataclass
class Record:
    """What the initiative page reads of an initiative's history, each kind once: its state
    changes (oldest first), its decided cases (status and confirmation) and its status
    reports, with the meetings they name."""

    changes: list[InitiativeStateChange]
    cases: list[ItemCase]
    reports: list[StatusReport]

    @classmethod
    def of(cls, initiative: Initiative) -> "Record":
        return cls(
            changes=list(initiative.changes.select_related("agenda_item__meeting__body")),
            cases=list(
                initiative.cases.filter(
                    purpose__in=[ItemCase.Purpose.STATUS, ItemCase.Purpose.CONFIRMATION],
                    decided_at__isnull=False,
                ).select_related("agenda_item__meeting__body")
            ),
            # By cycle: the initiative's own, so no join for Meta's ordering by its number.
            reports=list(
                initiative.reports.select_related("cycle__meeting__body").order_by("cycle")
            ),
        )


def timeline(
    initiative: Initiative, user: object, record: Record | None = None
) -> list[dict[str, Any]]:
    """States (with the confirmations), status reports, escalations and decisions, oldest
    first: each decision only once `user` may read it (see `klynge.actionplans.access`).
    `record`: the initiative's history, when the caller has read it already."""
    record = record or Record.of(initiative)
    events: list[dict[str, Any]] = []
    states = choice_labels(InitiativeStateChange, "to_state")
    for change in record.changes:
        if not change_visible(user, change):
            continue
        item = change.agenda_item
        events.append(
            {
                "at": _when(change.created_at, item),
                "kind": "state",
                "text": states[change.to_state],
                "note": change.note,
                "due": change.due_date,
                "meeting": item.meeting if item else None,
                "item": item,
            }
        )
    # Chefforum's own actions on deviations (approvals and escalations show as states above).
    decision = _("Chefforums beslutning")
    for case in record.cases:
        if case.purpose != ItemCase.Purpose.STATUS or not decision_visible(user, case.agenda_item):
            continue
        events.append(
            {
                "at": _when(case.decided_at, case.agenda_item),
                "kind": "decision",
                "text": decision,
                "note": case.outcome,
                "meeting": case.agenda_item.meeting,
                "item": case.agenda_item,
            }
        )
    status, rags = _("Status: %(rag)s"), choice_labels(StatusReport, "rag")
    for report in record.reports:
        if not report.rag:
            continue
        events.append(
            {
                "at": report.reported_at or report.cycle.meeting.starts_at,
                "kind": "status",
                "rag": report.rag,
                "text": status % {"rag": rags[report.rag]},
                "note": report.deviation or report.delivered,
                "meeting": report.cycle.meeting,
            }
        )
    # Few initiatives are ever escalated: asked first without the joins (seven tables, most
    # of a millisecond to build even when no row comes back), read with them when there are.
    escalations = initiative.escalations.all()
    if escalations:
        escalations = escalations.select_related(
            "to_body", "raised_item__meeting__body", "closed_item__meeting__body"
        )
    for escalation in escalations:
        if not escalation_visible(user, escalation):
            continue
        events.append(
            {
                "at": _when(escalation.raised_at, escalation.raised_item),
                "kind": "escalation",
                "text": _("Eskaleret til %(body)s") % {"body": escalation.to_body.name},
                "note": f"{escalation.reason} – {escalation.ask}",
            }
        )
        if escalation_closed_visible(user, escalation):
            events.append(
                {
                    "at": _when(escalation.closed_at, escalation.closed_item),
                    "kind": "escalation",
                    "text": _("Eskalering lukket af %(body)s") % {"body": escalation.to_body.name},
                    "note": escalation.decision,
                    "meeting": escalation.closed_item.meeting if escalation.closed_item else None,
                }
            )
    return sorted(events, key=lambda e: e["at"])


def plan_adopt(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    form = AdoptForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_plan(actor=request.user, plan=plan, item=form.cleaned_data["item"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Vedtagelsen er registreret."))
            return redirect(plan)
    return render(request, "actionplans/adopt_form.html", {"form": form, "plan": plan})


def initiative_return(request: AuthedRequest, pk: int) -> HttpResponse:
    """A body asks for the initiative to be made more concrete (seed 002, indsats 10)."""
    initiative = get_initiative_for_user(request.user, pk, write=True)
    form = ReturnForm(request.POST or None, plan=initiative.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_initiative(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Indsatsen er sendt tilbage til konkretisering."))
            return redirect(initiative)
    return render(
        request,
        "actionplans/return_form.html",
        {"form": form, "initiative": initiative},
        status=422 if request.method == "POST" else 200,
    )


def _visible_confirmations(
    user: object, initiative: Initiative, record: Record
) -> list[OrderConfirmation]:
    """The confirmations, each outcome shown once the decision behind it may be read."""
    hidden = [
        case.decided_at
        for case in record.cases
        if case.purpose == ItemCase.Purpose.CONFIRMATION
        and not decision_visible(user, case.agenda_item)
    ]
    confirmations = list(initiative.confirmations.all())
    for confirmation in confirmations:
        if any(at and at >= confirmation.submitted_at for at in hidden):
            confirmation.outcome = OrderConfirmation.Outcome.PENDING
            confirmation.returned_reason = ""
    return confirmations


def _initiative_panels(user: object, initiative: Initiative) -> list[tuple[str, dict[str, Any]]]:
    """The panels the apps above add to the initiative page (`settings.INITIATIVE_PANELS`),
    as (template, its context); a panel with nothing to show is left out."""
    panels = []
    for template, path in settings.INITIATIVE_PANELS:
        context = import_string(path)(user, initiative)
        if context is not None:
            panels.append((template, context))
    return panels


def _as_shown(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline's dates and meeting links as text, made here once per event: the date
    filter and reverse() for each of 20 status reports were half the page's rendering."""
    meeting_url = url_maker("meeting_detail")
    for event in events:
        event["day"] = long_date(timezone.localtime(event["at"]))
        if event.get("due"):
            event["due_day"] = long_date(event["due"])
        if meeting := event.get("meeting"):
            item = event.get("item")
            event["link"] = item.get_absolute_url() if item else meeting_url(meeting.pk)
            event["meeting_day"] = long_date(meeting.date)
    return events


@cached_per_viewer(shows=cluster_of(Initiative, "plan__cluster_id"))
def initiative_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, pk)
    record = Record.of(initiative)
    as_known(request.user, initiative, reversed(record.changes))  # newest first
    manages = can_manage_cluster(request.user, initiative.plan.cluster_id)
    # The secretariat may do what a supplier may: no need to ask whether they are one.
    supplier = not manages and is_supplier(request.user, initiative)
    open_report = next(
        (
            report
            for report in record.reports
            if not report.rag and report.cycle.meeting.status in BEFORE_MEETING
        ),
        None,
    )
    return render(
        request,
        "actionplans/initiative_detail.html",
        {
            "initiative": initiative,
            "timeline": _as_shown(timeline(initiative, request.user, record)),
            "confirmations": _visible_confirmations(request.user, initiative, record),
            "can_manage": manages,
            "can_report": manages or supplier,
            "can_confirm": (manages or supplier) and initiative.state in ("ordered", "returned"),
            "can_return": manages and initiative.can_change_to("returned"),
            "open_report": open_report,
            "history": history_for(initiative)[:20] if manages else [],
            "panels": _initiative_panels(request.user, initiative),
        },
    )


def confirmation_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, pk, report=True)
    last = initiative.confirmations.first()
    draft = initiative.confirmation_draft
    if draft:
        initial = {name: draft.get(name, "") for name in OrderConfirmation.TERMS}
    elif last:
        initial = {name: getattr(last, name) for name in OrderConfirmation.TERMS}
    else:
        initial = {"patient_involvement": initiative.patient_involvement}
    saving_draft = request.method == "POST" and "draft" in request.POST
    form_class = ConfirmationDraftForm if saving_draft else ConfirmationForm
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if saving_draft:
                services.save_confirmation_draft(
                    actor=request.user, initiative=initiative, values=form.cleaned_data
                )
            else:
                services.submit_confirmation(
                    actor=request.user, initiative=initiative, values=form.cleaned_data
                )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            if saving_draft:
                messages.success(request, _("Kladden er gemt. Den er ikke sendt endnu."))
                return redirect("confirmation_submit", pk=initiative.pk)
            messages.success(request, _("Ordrebekræftelsen er sendt til Chefforum."))
            return redirect(initiative)
    return render(
        request,
        "actionplans/confirmation_form.html",
        {"form": form, "initiative": initiative},
        status=422 if request.method == "POST" else 200,
    )


def status_report(request: AuthedRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    form = StatusReportForm(
        request.POST or None, instance=report, initial={"version": report.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            values = dict(form.cleaned_data)
            services.report_status(
                actor=request.user, report=report, values=values, version=values.pop("version")
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Status er indsendt."))
            return redirect(report.initiative)
    return render(
        request,
        "actionplans/status_form.html",
        {"form": form, "report": report, "initiative": report.initiative},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def meeting_cases(request: AuthedRequest, pk: int) -> HttpResponse:
    """Put what waits for this body (approvals, deviations, escalations) on its agenda."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        items = services.put_cases_on_agenda(actor=request.user, meeting=meeting)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if items:
            messages.success(
                request,
                _("%(n)s punkter fra handleplanen er sat på dagsordenen.") % {"n": len(items)},
            )
        else:
            messages.info(request, _("Der er ingen sager fra handleplanen til dette organ."))
    return redirect(meeting)


DECISION_FORMS: dict[str, type[forms.Form]] = {
    ItemCase.Purpose.CONFIRMATION: ConfirmationDecisionForm,
    ItemCase.Purpose.STATUS: StatusDecisionForm,
    ItemCase.Purpose.ESCALATION: EscalationDecisionForm,
}


def case_decision(request: AuthedRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    form_class = DECISION_FORMS.get(case.purpose)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_case(actor=request.user, case=case, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Beslutningen er registreret."))
            return redirect(case.agenda_item)
    # What is being decided, beside the form: the confirmation, or the status reported.
    confirmation = report = None
    if case.purpose == ItemCase.Purpose.CONFIRMATION:
        confirmation = case.initiative.confirmations.order_by("-version").first()
    elif case.purpose == ItemCase.Purpose.STATUS:
        report = (
            StatusReport.objects.filter(
                initiative=case.initiative, cycle__meeting=case.agenda_item.meeting
            )
            .select_related("reported_by")
            .first()
        )
    return render(
        request,
        "actionplans/case_decision_form.html",
        {
            "form": form,
            "case": case,
            "item": case.agenda_item,
            "confirmation": confirmation,
            "report": report,
        },
        status=422 if request.method == "POST" else 200,
    )


def cycle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_user(request.user, pk)
    reports = cycle.reports.select_related("initiative__project_owner", "initiative__project_lead")
    return render(request, "actionplans/cycle_detail.html", {"cycle": cycle, "reports": reports})
