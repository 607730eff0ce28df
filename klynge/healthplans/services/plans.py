"""The plan itself: its draft (sections and goals), frozen versions and its status."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative
from klynge.audit.services import diff, record, save_with_audit
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.core.text import clean_values, sanitize_rich_text
from klynge.healthplans.models import (
    EDITABLE_STATES,
    HealthPlan,
    PlanGoal,
    PlanSection,
    PlanStatus,
    PlanStatusChange,
    PlanVersion,
)
from klynge.meetings.models import (
    AgendaItem,
)
from klynge.organisations.models import Cluster, Organisation
from klynge.outcomes.models import Indicator
from klynge.recommendations.models import ExternalBody

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
    *,
    actor: User | None,
    plan: HealthPlan,
    purpose: str,
    item: AgendaItem | None = None,
    copy_of: PlanVersion | None = None,
) -> PlanVersion:
    """Freeze the draft as the plan's next version (a hearing draft, the version recommended
    for approval, or a working version the secretariat keeps), or `copy_of` an earlier one:
    the approved version is the text the bodies said yes to, not the draft of the day they
    answered. Versions are never changed."""
    if purpose not in PlanVersion.Purpose.values:
        raise ServiceError(_("Ukendt formål med versionen: %s.") % purpose)
    # Lock the plan row so two people freezing at once get numbers one after the other.
    HealthPlan.objects.select_for_update().filter(pk=plan.pk).first()
    last = PlanVersion.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        purpose=purpose,
        content=copy_of.content if copy_of is not None else snapshot(plan),
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


# --- plan-core: the plan and its draft (sections, goals) ----------------------------------


def default_approvers(cluster: Cluster) -> list[ExternalBody]:
    """The bodies that approve a council's plan unless the secretariat chooses others: the
    regionsråd of the council's region and the kommunalbestyrelser of its municipalities.

    External bodies are kept by hand (`recommendations`, "Eksterne organer") and are not
    linked to organisations, so a municipality's council is found by the municipality's
    name in the body's name ("Aarhus Kommune" → "Aarhus Byråd"). Those not found are left
    for the secretariat to choose; none is made here."""
    bodies = ExternalBody.objects.order_by("name")
    found = [
        body
        for body in bodies.filter(kind=ExternalBody.Kind.REGIONAL_COUNCIL, region=cluster.region)
    ]
    councils = list(
        bodies.filter(kind=ExternalBody.Kind.MUNICIPAL_COUNCIL).filter(
            Q(region=cluster.region) | Q(region="")
        )
    )
    for municipality in cluster.organisations.filter(kind=Organisation.Kind.MUNICIPALITY):
        place = municipality.name.removesuffix(" Kommune").strip().lower()
        found += [
            body
            for body in councils
            if place and place in _words(body.name.lower()) and body not in found
        ]
    return found


def _words(name: str) -> set[str]:
    """A name's words, and its runs of words ("Ringkøbing-Skjern", "Lemvig")."""
    words = name.replace(",", " ").split()
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


def _check_plan_values(cluster: Cluster, values: dict[str, Any]) -> dict[str, Any]:
    """The plan's own fields, all of them, checked: a missing one counts as empty."""
    values = clean_values(
        HealthPlan,
        {"title": values.get("title", ""), "introduction": values.get("introduction", "")},
    ) | {name: values.get(name) for name in ("period_start", "period_end", "body")}
    values["introduction"] = sanitize_rich_text(values["introduction"])
    start, end = values.get("period_start"), values.get("period_end")
    if start is None or end is None:
        raise ServiceError(_("Angiv planens periode: fra og til år."))
    if not (2000 <= start <= 2100 and 2000 <= end <= 2100):
        raise ServiceError(_("Periodens år skal ligge mellem 2000 og 2100."))
    if end < start:
        raise ServiceError(
            _("Perioden slutter (%(end)s) før den begynder (%(start)s).")
            % {"end": end, "start": start}
        )
    body = values.get("body")
    if body is not None and body.cluster_id != cluster.pk:
        raise ServiceError(_("Det besluttende organ skal være et af rådets egne organer."))
    return values


@transaction.atomic
def create_plan(
    *,
    actor: User | None,
    cluster: Cluster,
    values: dict[str, Any],
    approvers: list[ExternalBody] | None = None,
) -> HealthPlan:
    """A new plan (a draft) for a sundhedsråd and a period. Without `approvers`, the
    default ones (`default_approvers`)."""
    if cluster.kind != Cluster.Kind.HEALTH_COUNCIL:
        raise ServiceError(_("En nærsundhedsplan hører til et sundhedsråd."))
    values = _check_plan_values(cluster, values)
    plan = HealthPlan.objects.create(cluster=cluster, created_by=_user(actor), **values)
    chosen = default_approvers(cluster) if approvers is None else list(approvers)
    plan.approvers.set(chosen)
    record(
        actor=actor,
        action="health_plan.create",
        obj=plan,
        changes={
            "title": plan.title,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "approvers": sorted(body.name for body in chosen),
        },
    )
    return plan


@transaction.atomic
def update_plan(*, actor: User | None, plan: HealthPlan, values: dict[str, Any]) -> HealthPlan:
    """Title, period, deciding body and introduction, while the draft may be written."""
    _lock_editable(plan)
    save_with_audit(
        actor=actor,
        obj=plan,
        values=_check_plan_values(plan.cluster, values),
        action="health_plan.update",
    )
    return plan


def _lock_editable(plan: HealthPlan) -> None:
    """Lock the plan's row and check, on its stored status, that the draft may be written:
    a plan sent for approval or approved is changed only by taking it back to the draft."""
    status = HealthPlan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    if status not in EDITABLE_STATES:
        raise ServiceError(
            _("Planen er “%s” og kan ikke ændres. Tag den tilbage til kladde for at rette den.")
            % PlanStatus(status).label
        )


def _section_values(values: dict[str, Any]) -> dict[str, Any]:
    values = clean_values(
        PlanSection, {"title": values.get("title", ""), "text": values.get("text", "")}
    )
    values["text"] = sanitize_rich_text(values["text"])
    return values


@transaction.atomic
def add_section(*, actor: User | None, plan: HealthPlan, values: dict[str, Any]) -> PlanSection:
    """A new section, last in the plan."""
    _lock_editable(plan)
    values = _section_values(values)
    last = plan.sections.aggregate(last=Max("position"))["last"] or 0
    section = PlanSection.objects.create(plan=plan, position=last + 1, **values)
    record(actor=actor, action="plan_section.create", obj=section, changes={"title": section.title})
    return section


@transaction.atomic
def update_section(
    *, actor: User | None, section: PlanSection, values: dict[str, Any]
) -> PlanSection:
    _lock_editable(section.plan)
    save_with_audit(
        actor=actor, obj=section, values=_section_values(values), action="plan_section.update"
    )
    return section


@transaction.atomic
def move_section(*, actor: User | None, section: PlanSection, up: bool) -> PlanSection:
    """One place up or down; the sections are numbered 1, 2, 3 … again on the way."""
    _lock_editable(section.plan)
    sections = list(PlanSection.objects.filter(plan_id=section.plan_id).order_by("position", "id"))
    index = next(i for i, each in enumerate(sections) if each.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(sections):
        raise ServiceError(
            _("Afsnittet er allerede det første.") if up else _("Afsnittet er allerede det sidste.")
        )
    sections[index], sections[other] = sections[other], sections[index]
    for position, each in enumerate(sections, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    section.position = other + 1
    record(actor=actor, action="plan_section.move", obj=section, changes={"position": other + 1})
    return section


@transaction.atomic
def delete_section(*, actor: User | None, section: PlanSection) -> None:
    """The section and its goals go from the draft; frozen versions keep them."""
    _lock_editable(section.plan)
    record(
        actor=actor,
        action="plan_section.delete",
        obj=section,
        changes={"title": section.title, "goals": section.goals.count()},
    )
    section.delete()


def _goal_links(
    plan: HealthPlan, initiatives: list[Initiative], indicators: list[Indicator]
) -> None:
    """A goal links only to the council's own initiatives and indicators."""
    for initiative in initiatives:
        if initiative.plan.cluster_id != plan.cluster_id:
            raise ServiceError(
                _("Indsatsen “%s” hører ikke til rådets arbejde og kan ikke knyttes til målet.")
                % initiative.title
            )
    for indicator in indicators:
        if indicator.cluster_id != plan.cluster_id:
            raise ServiceError(
                _("Indikatoren “%s” hører ikke til rådets arbejde og kan ikke knyttes til målet.")
                % indicator.name
            )


def _goal_values(plan: HealthPlan, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = clean_values(
        PlanGoal, {"text": values.get("text", ""), "population": values.get("population", "")}
    )
    deadline = values.get("deadline")
    # A deadline far outside the plan's period is almost always a typing error (2207).
    first, last = datetime.date(plan.period_start, 1, 1), datetime.date(plan.period_end + 5, 12, 31)
    if deadline is not None and not first <= deadline <= last:
        raise ServiceError(
            _("Fristen (%(date)s) skal ligge mellem %(first)s og %(last)s.")
            % {
                "date": date_format(deadline, "j. F Y"),
                "first": date_format(first, "j. F Y"),
                "last": date_format(last, "j. F Y"),
            }
        )
    return cleaned | {"deadline": deadline}


@transaction.atomic
def save_goal(
    *,
    actor: User | None,
    section: PlanSection,
    values: dict[str, Any],
    initiatives: Iterable[Initiative] = (),
    indicators: Iterable[Indicator] = (),
    goal: PlanGoal | None = None,
) -> PlanGoal:
    """Add a goal to `section` (last), or change `goal`: its text, population or area,
    deadline, and the council's initiatives and indicators that pursue it."""
    plan = section.plan
    _lock_editable(plan)
    # Read again from the database, so the check sees the rows' real councils.
    chosen_initiatives = list(
        Initiative.objects.filter(pk__in=[i.pk for i in initiatives]).select_related("plan")
    )
    chosen_indicators = list(Indicator.objects.filter(pk__in=[i.pk for i in indicators]))
    _goal_links(plan, chosen_initiatives, chosen_indicators)
    values = _goal_values(plan, values)
    if goal is None:
        last = section.goals.aggregate(last=Max("position"))["last"] or 0
        goal = PlanGoal(section=section, position=last + 1)
        before: dict[str, Any] = {}
        links_before: dict[str, list[str]] = {"initiatives": [], "indicators": []}
        action = "plan_goal.create"
    else:
        if goal.section_id != section.pk:
            raise ServiceError(_("Målet hører til et andet afsnit."))
        before = {name: getattr(goal, name) for name in values}
        links_before = _link_labels(goal.initiatives.all(), goal.indicators.all())
        action = "plan_goal.update"
    for name, value in values.items():
        setattr(goal, name, value)
    goal.save()
    goal.initiatives.set(chosen_initiatives)
    goal.indicators.set(chosen_indicators)
    changes = diff(before, values)
    links_after = _link_labels(chosen_initiatives, chosen_indicators)
    changes |= {
        name: [links_before[name], labels]
        for name, labels in links_after.items()
        if labels != links_before[name]
    }
    if changes:
        record(actor=actor, action=action, obj=goal, changes=changes)
    return goal


def _link_labels(
    initiatives: Iterable[Initiative], indicators: Iterable[Indicator]
) -> dict[str, list[str]]:
    return {
        "initiatives": sorted(str(initiative) for initiative in initiatives),
        "indicators": sorted(indicator.name for indicator in indicators),
    }


@transaction.atomic
def delete_goal(*, actor: User | None, goal: PlanGoal) -> None:
    _lock_editable(goal.section.plan)
    record(actor=actor, action="plan_goal.delete", obj=goal, changes={"text": goal.text})
    goal.delete()


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None
