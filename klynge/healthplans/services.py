"""Writes of nærsundhedsplaner: the draft, versions, hearings, approval and follow-up."""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import record
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.healthplans.models import (
    HealthPlan,
    PlanSection,
    PlanStatus,
    PlanStatusChange,
    PlanVersion,
)
from klynge.meetings.models import AgendaItem
from klynge.recommendations.models import Recommendation

# --- plan-core: versions and status -------------------------------------------------------


def snapshot(plan: HealthPlan) -> dict[str, Any]:
    """The plan's draft as it stands, in the shape of `PlanVersion.content`: plain JSON
    (strings, numbers, lists), so a frozen version never changes when the draft, an
    initiative's title or an indicator's name does later."""
    sections = PlanSection.objects.filter(plan=plan).prefetch_related(
        "goals__initiatives", "goals__indicators"
    )
    return {
        "title": plan.title,
        "introduction": plan.introduction,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "sections": [
            {
                "id": section.pk,
                "title": section.title,
                "text": section.text,
                "goals": [
                    {
                        "id": goal.pk,
                        "text": goal.text,
                        "population": goal.population,
                        "deadline": goal.deadline.isoformat() if goal.deadline else None,
                        "initiatives": [
                            [initiative.pk, str(initiative)]
                            for initiative in sorted(
                                goal.initiatives.all(), key=lambda i: (i.number, i.pk)
                            )
                        ],
                        "indicators": [
                            [indicator.pk, indicator.name]
                            for indicator in sorted(
                                goal.indicators.all(), key=lambda i: (i.name, i.pk)
                            )
                        ],
                    }
                    for goal in section.goals.all()
                ],
            }
            for section in sections
        ],
    }


@transaction.atomic
def freeze_version(
    *, actor: User | None, plan: HealthPlan, purpose: str, item: AgendaItem | None = None
) -> PlanVersion:
    """Freeze the draft as the plan's next version (a hearing draft, the version recommended
    for approval, or a working version the secretariat keeps). Versions are never changed."""
    if purpose not in PlanVersion.Purpose.values:
        raise ServiceError(_("Ukendt formål med versionen: %s.") % purpose)
    # Lock the plan row so two people freezing at once get numbers one after the other.
    HealthPlan.objects.select_for_update().filter(pk=plan.pk).first()
    last = PlanVersion.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        purpose=purpose,
        content=snapshot(plan),
        item=item,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # On the version, so the history names its purpose in words (the model's choices).
    record(
        actor=actor,
        action="health_plan.version",
        obj=version,
        changes={"number": version.number, "purpose": purpose},
    )
    return version


@transaction.atomic
def change_plan_status(
    *, actor: User | None, plan: HealthPlan, to_status: str, note: str = ""
) -> HealthPlan:
    """Move the plan along `ALLOWED_TRANSITIONS`, conditionally (two people cannot both move
    it from the same status), with a history row and an audit event. The caller sets what
    the new status needs first (e.g. `approved_version`/`approved_on` before approval)."""
    from_status = plan.status
    if to_status not in PlanStatus.values or not plan.can_change_to(to_status):
        raise ServiceError(
            _("Planen kan ikke gå fra “%(old)s” til “%(new)s”.")
            % {
                "old": PlanStatus(from_status).label,
                "new": PlanStatus(to_status).label if to_status in PlanStatus.values else to_status,
            }
        )
    updated = HealthPlan.objects.filter(pk=plan.pk, status=from_status).update(status=to_status)
    if not updated:
        raise ConcurrentEditError(
            _("Planen er netop ændret af en anden. Genindlæs siden og prøv igen.")
        )
    plan.status = to_status
    PlanStatusChange.objects.create(
        plan=plan,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
    )
    changes: dict[str, Any] = {"status": [from_status, to_status]}
    if note:
        changes["note"] = note
    record(actor=actor, action="health_plan.status", obj=plan, changes=changes)
    return plan


# --- approval helper: recommendations' state ----------------------------------------------


def on_recommendation_state(*, actor: User | None, recommendation: Recommendation) -> None:
    """A recommendation moved: if it carries a plan to an approving body, the plan may now
    be approved (`settings.RECOMMENDATION_STATE_HOOKS`)."""
