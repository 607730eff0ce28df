"""Pages of the plan's approval, publication and follow-up: the council recommends the plan
to the approving bodies, the plan is approved when all have said yes, the secretariat
publishes it (a public page and an accessible PDF), and each goal is followed up, year by
year (a page, a PDF and a Word document)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.core.exceptions import ServiceError
from klynge.core.http import download, form_status
from klynge.core.pagecache import cached_per_viewer
from klynge.healthplans import documents, services
from klynge.healthplans.access import (
    can_manage_plan,
    get_goal_for_user,
    get_plan_for_user,
)
from klynge.healthplans.followup import (
    FOLLOWED_UP_STATES,
    build_followup,
    default_year,
    followup_years,
)
from klynge.healthplans.forms import (
    ApproversForm,
    GoalStatusForm,
    RecommendForm,
    ReturnToDraftForm,
)
from klynge.healthplans.models import HealthPlan, PlanStatus

#: Followed up on a page, a PDF and a Word document.
FOLLOWUP_FORMATS = ("pdf", "docx")


# Approval: recommended by the council's decision, answered by each approving body ---------


def plan_recommend(request: AuthedRequest, pk: int) -> HttpResponse:
    """The council's decision recommends the plan: a version is frozen for approval and a
    recommendation sent to each approving body."""
    plan = get_plan_for_user(request.user, pk, write=True)
    form = RecommendForm(request.POST or None, items=services.recommending_items(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.recommend_plan(
                actor=request.user,
                plan=plan,
                item=form.cleaned_data["item"],
                sent_on=form.cleaned_data["sent_on"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Planen er indstillet til godkendelse, og anbefalingerne er registreret."),
            )
            return redirect(plan.get_absolute_url() + "#godkendelse")
    return render(
        request,
        "healthplans/approval_recommend.html",
        {
            "plan": plan,
            "form": form,
            "approvers": list(plan.approvers.order_by("name")),
            "in_the_way": services.hearing_in_the_way(plan),
        },
        status=form_status(request),
    )


def plan_approvers(request: AuthedRequest, pk: int) -> HttpResponse:
    """The bodies whose yes approves the plan (by default the regionsråd and the
    kommunalbestyrelser of the council's area)."""
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ApproversForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_plan_approvers(
                actor=request.user, plan=plan, approvers=list(form.cleaned_data["approvers"])
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De godkendende organer er gemt."))
            return redirect(plan.get_absolute_url() + "#godkendelse")
    return render(
        request,
        "healthplans/approval_approvers.html",
        {"plan": plan, "form": form},
        status=form_status(request),
    )


@require_POST
def plan_return_to_draft(request: AuthedRequest, pk: int) -> HttpResponse:
    """An approving body said no (or the council withdraws the plan): back to the draft."""
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ReturnToDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv kort, hvorfor planen sendes tilbage til kladde."))
        return redirect(plan.get_absolute_url() + "#godkendelse")
    try:
        services.return_plan_to_draft(actor=request.user, plan=plan, note=form.cleaned_data["note"])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Planen er sendt tilbage til kladde."))
    return redirect(plan.get_absolute_url() + "#godkendelse")


@require_POST
def plan_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    try:
        services.publish_plan(actor=request.user, plan=plan)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Planen er offentliggjort på de offentlige sider."))
    return redirect(plan.get_absolute_url() + "#godkendelse")


# Follow-up: each goal's status, and the yearly report --------------------------------------


def goal_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """The secretariat gives a goal its status (on track, at risk, off track) and why."""
    goal = get_goal_for_user(request.user, pk)
    plan = goal.section.plan
    initial = {"status": goal.status, "reason": goal.status_reason}
    form = GoalStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_goal_status(
                actor=request.user,
                goal=goal,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Målets status er gemt."))
            return redirect("health_plan_followup", pk=plan.pk, year=default_year(plan))
    return render(
        request,
        "healthplans/followup_goal_form.html",
        {"plan": plan, "goal": goal, "form": form, "history": goal.status_changes.all()},
        status=form_status(request),
    )


def _followed_plan(request: AuthedRequest, pk: int, year: int) -> HealthPlan:
    """The plan, if the user may read its follow-up: members once the draft is frozen (its
    goals are the secretariat's draft before), the secretariat always."""
    plan = get_plan_for_user(request.user, pk)
    if plan.status not in FOLLOWED_UP_STATES and not can_manage_plan(request.user, plan):
        raise Http404
    if year not in followup_years(plan):
        raise Http404
    return plan


@cached_per_viewer
def plan_followup(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    plan = _followed_plan(request, pk, year)
    return render(
        request,
        "healthplans/followup_detail.html",
        {
            "plan": plan,
            "followup": build_followup(plan, year),
            "years": followup_years(plan),
            "can_manage": can_manage_plan(request.user, plan),
        },
    )


def plan_followup_document(request: AuthedRequest, pk: int, year: int, fmt: str) -> HttpResponse:
    if fmt not in FOLLOWUP_FORMATS:
        raise Http404
    plan = _followed_plan(request, pk, year)
    # The house's documents are in Danish, whatever the reader's language.
    with translation.override(settings.LANGUAGE_CODE):
        followup = build_followup(plan, year)
        render_document = (
            documents.render_followup_pdf if fmt == "pdf" else documents.render_followup_docx
        )
        return download(render_document(followup), f"{followup.filename}.{fmt}")


# The published plan on the public pages -----------------------------------------------------


def _published(pk: int) -> HealthPlan:
    """A published plan, or 404 for everyone (an unpublished plan has no public address)."""
    return get_object_or_404(
        HealthPlan.objects.select_related("cluster", "body", "approved_version").filter(
            status=PlanStatus.APPROVED, published_at__isnull=False
        ),
        pk=pk,
    )


@login_not_required
@cached_per_viewer
def public_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _published(pk)
    return render(
        request,
        "healthplans/public_plan.html",
        {
            "plan": plan,
            "content": plan.approved_version.content if plan.approved_version else {},
            "approvers": list(plan.approvers.order_by("name")),
        },
    )


@login_not_required
@cached_per_viewer
def public_plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _published(pk)
    with translation.override(settings.LANGUAGE_CODE):
        return download(*documents.published_plan_pdf(plan))
