"""Who may see and do what with action plans and initiatives.

- administrators and the cluster's secretariat: everything, and they manage plans;
- members of the cluster's bodies: read the plans and what is before their bodies;
- an initiative's project owner, lead and group: read it, submit its confirmation and status;
- chairs of a body (with the secretariat): record that body's decisions.

What a body decided about an initiative (an approval, a return, an action on a deviation, an
escalation and its answer) is read under the rule for the decision text of the agenda item
it was recorded on (`klynge.meetings.access.decision_visible`): until the minutes are
approved, only the chairs and the secretariat know it.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.actionplans.models import (
    ActionPlan,
    Escalation,
    Initiative,
    InitiativeStateChange,
    ItemCase,
    State,
    StatusCycle,
    StatusReport,
    Theme,
    reads_every_plan_of,
)
from klynge.meetings.access import decision_visible
from klynge.organisations.access import can_manage_cluster, get_cluster_for_user, roles_for
from klynge.organisations.models import Body


def is_supplier(user: object, initiative: Initiative) -> bool:
    """Project owner, lead or group member: they confirm the order and report status."""
    person_id = roles_for(user).person_id
    if person_id is None:
        return False
    # Owner and lead are on the row already; only the group needs a query.
    if person_id in (initiative.project_owner_id, initiative.project_lead_id):
        return True
    return initiative.project_group.filter(pk=person_id).exists()


def can_decide(user: object, body: Body) -> bool:
    roles = roles_for(user)
    return can_manage_cluster(user, body.cluster_id) or body.pk in roles.chair_bodies


def plan_visible(user: object, plan_id: int, cluster_id: int) -> bool:
    """`ActionPlan.objects.visible_to(user)` for one plan: answered by the roles for the
    cluster's own people, asked of the database only for the others (a supplier's plans)."""
    return (
        reads_every_plan_of(user, cluster_id)
        or ActionPlan.objects.visible_to(user).filter(pk=plan_id).exists()
    )


def get_plan_for_user(user: object, pk: int, *, write: bool = False) -> ActionPlan:
    plan = get_object_or_404(ActionPlan.objects.select_related("cluster", "body"), pk=pk)
    if not plan_visible(user, plan.pk, plan.cluster_id):
        raise Http404
    if write and not can_manage_cluster(user, plan.cluster_id):
        raise PermissionDenied
    return plan


def get_initiative_for_user(
    user: object, pk: int, *, write: bool = False, report: bool = False
) -> Initiative:
    """`write`: edit it (secretariat). `report`: confirm the order or report status."""
    initiative = get_object_or_404(
        Initiative.objects.select_related(
            "plan__cluster", "theme", "project_owner", "project_lead"
        ),
        pk=pk,
    )
    if not plan_visible(user, initiative.plan_id, initiative.plan.cluster_id):
        raise Http404
    manages = can_manage_cluster(user, initiative.plan.cluster_id)
    if write and not manages:
        raise PermissionDenied
    if report and not (manages or is_supplier(user, initiative)):
        raise PermissionDenied
    return initiative


def get_cycle_for_user(user: object, pk: int) -> StatusCycle:
    """A status round, with who has reported: for the cluster's secretariat."""
    cycle = get_object_or_404(StatusCycle.objects.select_related("plan", "meeting__body"), pk=pk)
    get_plan_for_user(user, cycle.plan_id, write=True)
    return cycle


def get_report_for_user(user: object, pk: int) -> StatusReport:
    report = get_object_or_404(
        StatusReport.objects.select_related("cycle__meeting", "initiative__plan"), pk=pk
    )
    get_initiative_for_user(user, report.initiative_id, report=True)
    return report


def get_case_for_user(user: object, pk: int) -> ItemCase:
    """A case on an agenda item, for recording the body's decision on it."""
    case = get_object_or_404(
        ItemCase.objects.select_related(
            "agenda_item__meeting__body__cluster", "initiative__plan", "escalation"
        ),
        pk=pk,
    )
    if not can_decide(user, case.agenda_item.meeting.body):
        raise PermissionDenied
    return case


def change_visible(user: object, change: InitiativeStateChange) -> bool:
    """A state change a body decided is known with that body's decision; the others (a
    submitted confirmation, a finished initiative) when they happen."""
    return change.agenda_item_id is None or decision_visible(user, change.agenda_item)


def visible_state(
    user: object,
    initiative: Initiative,
    changes: Iterable[InitiativeStateChange] | None = None,
) -> str:
    """The initiative's state as far as `user` may know it. `changes`: its state changes,
    newest first, with their meetings (when the caller has prefetched them)."""
    if can_manage_cluster(user, initiative.plan.cluster_id):
        return initiative.state
    if changes is None:
        changes = initiative.changes.select_related("agenda_item__meeting__body").order_by(
            "-created_at", "-id"
        )
    # The state before the newest run of changes the user may not know yet.
    known = initiative.state
    for change in changes:
        if change_visible(user, change):
            return change.to_state
        known = change.from_state
    return known


def as_known(
    user: object,
    initiative: Initiative,
    changes: Iterable[InitiativeStateChange] | None = None,
) -> Initiative:
    """The initiative as `user` may know it: its visible state (see `in_state`)."""
    return in_state(initiative, visible_state(user, initiative, changes))


def in_state(initiative: Initiative, state: str) -> Initiative:
    """The initiative as known in `state`: what was asked of it only while that state is
    "returned". Changes the object in memory only."""
    initiative.state = state
    if state != State.RETURNED:
        initiative.return_request, initiative.return_due = "", None
    return initiative


def escalation_visible(user: object, escalation: Escalation) -> bool:
    """An escalation is known with the decision that raised it."""
    return decision_visible(user, escalation.raised_item)


def escalation_closed_visible(user: object, escalation: Escalation) -> bool:
    return escalation.closed_at is not None and decision_visible(user, escalation.closed_item)


def get_theme_for_user(user: object, pk: int, *, write: bool = False) -> Theme:
    """A theme, for those who may read (or, with `write`, manage) its cluster."""
    theme = get_object_or_404(Theme.objects.select_related("cluster"), pk=pk)
    get_cluster_for_user(user, theme.cluster_id, write=write)  # type: ignore[arg-type]
    return theme
