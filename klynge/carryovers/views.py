"""The carry-over of a cluster's work to a council: choose, preview, confirm, undo."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.actionplans.models import ActionPlan
from klynge.carryovers import services as carryover
from klynge.carryovers.forms import CarryOverForm
from klynge.core.converters import parse_id
from klynge.core.exceptions import ServiceError
from klynge.organisations.access import (
    can_carry_over,
    can_grant_council_roles,
    councils_to_carry_over_to,
    get_carry_over_for_user,
    get_cluster_for_user,
)
from klynge.organisations.models import Body, Cluster


def _cluster_to_carry_over(request: AuthedRequest, pk: int) -> Cluster:
    cluster = get_cluster_for_user(request.user, pk)
    if not can_carry_over(request.user, cluster.pk):
        raise PermissionDenied
    return cluster


def _council_of(request: AuthedRequest, cluster: Cluster) -> Cluster | None:
    """The council asked for (`?raad=`), else the cluster's successor; only among the
    councils this user may carry the cluster over to."""
    councils = councils_to_carry_over_to(request.user, cluster)
    wanted = parse_id(request.POST.get("raad") or request.GET.get("raad"))
    if wanted is not None:
        return councils.filter(pk=wanted).first()
    if cluster.successor_id:
        return councils.filter(pk=cluster.successor_id).first()
    return None


def _check_role_grants(request: AuthedRequest, plan: carryover.CarryOverPlan) -> None:
    """A chair's or the secretariat's role in the council is given by those who manage the
    council, not taken by a cluster's secretariat."""
    if can_grant_council_roles(request.user, plan.council.pk):
        return
    granted = [start.membership.person.name for start in plan.starts if start.gives_rights]
    if granted:
        raise ServiceError(
            _(
                "Kun sundhedsrådets sekretariat eller en administrator kan lade medlemskaber "
                "fortsætte som formand, næstformand eller sekretariat i rådet (%(people)s)."
            )
            % {"people": ", ".join(granted)}
        )


def carry_over_start(request: AuthedRequest, pk: int) -> HttpResponse:
    """Choose what moves (GET, and POST with errors), then the preview (POST)."""
    cluster = _cluster_to_carry_over(request, pk)
    council = _council_of(request, cluster)
    context: dict[str, object] = {
        "cluster": cluster,
        "council": council,
        "councils": councils_to_carry_over_to(request.user, cluster),
        "done": cluster.carry_overs.filter(undone_at=None).select_related("council"),
    }
    if council is None or cluster.carry_overs.filter(council=council, undone_at=None).exists():
        return render(request, "carryovers/carry_over_form.html", context)
    form = CarryOverForm(request.POST or None, cluster=cluster, council=council)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            plan = carryover.plan_carry_over(
                cluster=cluster, council=council, choices=form.choices()
            )
            _check_role_grants(request, plan)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            context |= {"plan": plan, "choices_json": plan.choices.to_json()}
            return render(request, "carryovers/carry_over_preview.html", context)
    return render(request, "carryovers/carry_over_form.html", context)


@require_POST
def carry_over_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    cluster = _cluster_to_carry_over(request, pk)
    council = _council_of(request, cluster)
    if council is None:
        messages.error(request, _("Vælg det sundhedsråd, klyngen videreføres i."))
        return redirect("carry_over_start", pk=cluster.pk)
    try:
        choices = carryover.Choices.from_json(request.POST.get("choices", ""))
        plan = carryover.plan_carry_over(cluster=cluster, council=council, choices=choices)
        _check_role_grants(request, plan)
        done = carryover.carry_over(actor=request.user, plan=plan)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('carry_over_start', args=[cluster.pk])}?raad={council.pk}")
    messages.success(
        request,
        _("%(cluster)s er videreført i %(council)s.")
        % {"cluster": cluster.name, "council": council.name},
    )
    return redirect(done)


def carry_over_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    done = get_carry_over_for_user(request.user, pk)
    changes = done.changes
    return render(
        request,
        "carryovers/carry_over_detail.html",
        {
            "carry_over": done,
            "refusal": carryover.undo_refusal(done),
            "bodies": Body.objects.filter(pk__in=changes.get("bodies_created", [])),
            "plans": ActionPlan.objects.filter(pk__in=changes.get("plans_created", [])),
            "counts": {
                _("Indsatser flyttet"): len(changes.get("initiatives", {})),
                _("Temaer oprettet"): len(changes.get("themes_created", [])),
                _("Organer oprettet"): len(changes.get("bodies_created", [])),
                _("Medlemskaber afsluttet"): len(changes.get("memberships_ended", {})),
                _("Medlemskaber oprettet"): len(changes.get("memberships_created", [])),
                _("Møder flyttet"): len(changes.get("meetings", {})),
            },
        },
    )


@require_POST
def carry_over_undo(request: AuthedRequest, pk: int) -> HttpResponse:
    done = get_carry_over_for_user(request.user, pk)
    try:
        carryover.undo_carry_over(actor=request.user, carry_over=done)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(done)
    messages.success(request, _("Videreførelsen er fortrudt."))
    return redirect(done.cluster)
