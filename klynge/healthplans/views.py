"""Pages of the nærsundhedsplan: the council's plans, the draft (the secretariat's), its
frozen versions and their comparison."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.core.exceptions import ServiceError
from klynge.core.http import form_status
from klynge.healthplans import services
from klynge.healthplans.access import (
    can_manage_plan,
    get_goal_for_user,
    get_plan_for_user,
    get_section_for_user,
    get_version_for_user,
    readable_plans,
    readable_versions,
)
from klynge.healthplans.diff import compare
from klynge.healthplans.forms import CompareForm, GoalForm, PlanForm, SectionForm
from klynge.healthplans.models import PlanGoal, PlanSection, PlanVersion
from klynge.organisations.access import can_manage_cluster, can_read_cluster, get_cluster_for_user
from klynge.organisations.models import Cluster

# The council's plans ----------------------------------------------------------------------


def plan_list(request: AuthedRequest, cluster_pk: int) -> HttpResponse:
    """A council's plans, for its members (those with a version they may read) and
    secretariat (all)."""
    cluster = get_cluster_for_user(request.user, cluster_pk)
    if not can_read_cluster(request.user, cluster.pk):
        raise Http404
    plans = readable_plans(request.user).filter(cluster=cluster).order_by("-period_start", "-pk")
    return render(
        request,
        "healthplans/plan_list.html",
        {
            "cluster": cluster,
            "plans": plans,
            "can_manage": can_manage_cluster(request.user, cluster.pk),
            "is_council": cluster.kind == Cluster.Kind.HEALTH_COUNCIL,
        },
    )


def plan_create(request: AuthedRequest, cluster_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, cluster_pk, write=True)
    if cluster.kind != Cluster.Kind.HEALTH_COUNCIL:
        raise Http404
    initial = {
        "title": _("Nærsundhedsplan"),
        "body": cluster.bodies.filter(is_active=True).order_by("pk").first(),
        "approvers": services.default_approvers(cluster),
    }
    form = PlanForm(request.POST or None, initial=initial, cluster=cluster, new=True)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "approvers"}
        try:
            plan = services.create_plan(
                actor=request.user,
                cluster=cluster,
                values=values,
                approvers=list(form.cleaned_data["approvers"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Planen er oprettet. Skriv nu dens afsnit."))
            return redirect(plan)
    return render(
        request,
        "healthplans/plan_form.html",
        {"form": form, "cluster": cluster, "plan": None},
        status=form_status(request),
    )


def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    initial = {
        name: getattr(plan, name)
        for name in ("title", "period_start", "period_end", "body", "introduction")
    }
    form = PlanForm(request.POST or None, initial=initial, cluster=plan.cluster, new=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(actor=request.user, plan=plan, values=form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Planen er gemt."))
            return redirect(plan)
    return render(
        request,
        "healthplans/plan_form.html",
        {"form": form, "cluster": plan.cluster, "plan": plan},
        status=form_status(request),
    )


def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The secretariat sees and writes the draft; members read the latest frozen version
    (drafts are the secretariat's)."""
    plan = get_plan_for_user(request.user, pk)
    can_manage = can_manage_plan(request.user, plan)
    versions = list(readable_versions(request.user, plan).order_by("-number"))
    content: dict[str, Any] | None
    if can_manage:
        content = services.snapshot(plan)
        shown_version = None
    else:
        shown_version = versions[0] if versions else None
        content = shown_version.content if shown_version else None
    return render(
        request,
        "healthplans/plan_detail.html",
        {
            "plan": plan,
            "can_manage": can_manage,
            "content": content,
            "shown_version": shown_version,
            "versions": versions,
            "section_count": len(content["sections"]) if content else 0,
        },
    )


# Sections and goals of the draft ----------------------------------------------------------


def section_create(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.add_section(actor=request.user, plan=plan, values=form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Afsnittet er tilføjet."))
            return redirect(section)
    return render(
        request,
        "healthplans/section_form.html",
        {"form": form, "plan": plan, "section": None},
        status=form_status(request),
    )


def section_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk)
    form = SectionForm(request.POST or None, initial={"title": section.title, "text": section.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(actor=request.user, section=section, values=form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Afsnittet er gemt."))
            return redirect(section)
    return render(
        request,
        "healthplans/section_form.html",
        {"form": form, "plan": section.plan, "section": section},
        status=form_status(request),
    )


@require_POST
def section_move(request: AuthedRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk)
    try:
        services.move_section(
            actor=request.user, section=section, up=request.POST.get("direction") == "up"
        )
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(section)


@require_POST
def section_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk)
    plan = section.plan
    try:
        services.delete_section(actor=request.user, section=section)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(section)
    messages.success(request, _("Afsnittet “%s” er slettet.") % section.title)
    return redirect(plan)


def _goal_form(request: AuthedRequest, section: PlanSection, goal: PlanGoal | None) -> HttpResponse:
    initial = (
        {
            "text": goal.text,
            "population": goal.population,
            "deadline": goal.deadline,
            "initiatives": list(goal.initiatives.all()),
            "indicators": list(goal.indicators.all()),
        }
        if goal
        else {}
    )
    form = GoalForm(request.POST or None, initial=initial, cluster=section.plan.cluster)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal = services.save_goal(
                actor=request.user,
                section=section,
                goal=goal,
                values=data,
                initiatives=list(data["initiatives"]),
                indicators=list(data["indicators"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Målet er gemt."))
            return redirect(goal)
    return render(
        request,
        "healthplans/goal_form.html",
        {"form": form, "plan": section.plan, "section": section, "goal": goal},
        status=form_status(request),
    )


def goal_create(request: AuthedRequest, pk: int) -> HttpResponse:
    return _goal_form(request, get_section_for_user(request.user, pk), None)


def goal_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk)
    return _goal_form(request, goal.section, goal)


@require_POST
def goal_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk)
    section = goal.section
    try:
        services.delete_goal(actor=request.user, goal=goal)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(goal)
    messages.success(request, _("Målet er slettet."))
    return redirect(section)


# Versions --------------------------------------------------------------------------------


def version_list(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    versions = (
        readable_versions(request.user, plan)
        .select_related("created_by", "item__meeting")
        .order_by("-number")
    )
    return render(
        request,
        "healthplans/version_list.html",
        {"plan": plan, "versions": versions, "can_manage": can_manage_plan(request.user, plan)},
    )


@require_POST
def version_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "Gem version": the secretariat keeps the draft as it stands (a working version)."""
    plan = get_plan_for_user(request.user, pk, write=True)
    try:
        version = services.freeze_version(
            actor=request.user, plan=plan, purpose=PlanVersion.Purpose.OTHER
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(plan)
    messages.success(request, _("Kladden er gemt som version %s.") % version.number)
    return redirect("plan_version_list", plan.pk)


def version_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    plan = version.plan
    previous = (
        readable_versions(request.user, plan)
        .filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )
    return render(
        request,
        "healthplans/version_detail.html",
        {
            "plan": plan,
            "version": version,
            "content": version.content,
            "previous": previous,
            "can_manage": can_manage_plan(request.user, plan),
        },
    )


def plan_compare(request: AuthedRequest, pk: int) -> HttpResponse:
    """Two versions side by side, section by section (`?fra=<nr>&til=<nr>`); without a
    choice, the last two."""
    plan = get_plan_for_user(request.user, pk)
    versions = readable_versions(request.user, plan)
    numbers = list(versions.order_by("-number").values_list("number", flat=True)[:2])
    data = request.GET if "fra" in request.GET or "til" in request.GET else None
    if data is None and len(numbers) == 2:
        data = {"fra": numbers[1], "til": numbers[0]}  # type: ignore[assignment]
    form = CompareForm(data, versions=versions)
    comparison = None
    old = new = None
    if data is not None and form.is_valid():
        old, new = form.cleaned_data["fra"], form.cleaned_data["til"]
        comparison = compare(old.content, new.content)
    return render(
        request,
        "healthplans/plan_compare.html",
        {
            "plan": plan,
            "form": form,
            "comparison": comparison,
            "old": old,
            "new": new,
            "version_count": versions.count(),
        },
        status=422 if data is not None and not form.is_valid() else 200,
    )
