"""Writes of nærsundhedsplaner: the draft, versions, hearings, approval and follow-up."""

import datetime
import secrets
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative
from klynge.audit.services import diff, record, save_with_audit
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.core.files import removed_on_failure
from klynge.core.text import clean_values, sanitize_rich_text
from klynge.healthplans import tasks
from klynge.healthplans.models import (
    EDITABLE_STATES,
    GoalStatus,
    GoalStatusChange,
    HealthPlan,
    Hearing,
    HearingAnswer,
    HearingParty,
    PlanGoal,
    PlanSection,
    PlanStatus,
    PlanStatusChange,
    PlanVersion,
)
from klynge.meetings import services as meeting_services
from klynge.meetings.models import (
    AGENDA_EDITABLE,
    HELD_OR_LATER,
    AgendaItem,
    Attachment,
    Meeting,
)
from klynge.organisations.models import Cluster, Organisation
from klynge.outcomes.models import Indicator
from klynge.recommendations.models import ExternalBody, Outcome, Recommendation
from klynge.recommendations.models import State as RecommendationState
from klynge.recommendations.services import send_recommendations

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


# --- approval helper: recommending, approval, publication, goals' follow-up ---------------

#: The receivers' answers that count as yes: tiltrådt, tiltrådt med ændringer.
YES = frozenset({Outcome.ADOPTED, Outcome.AMENDED})


def recommending_items(plan: HealthPlan) -> QuerySet[AgendaItem]:
    """The agenda items whose decision may recommend the plan: those of held meetings of the
    plan's deciding body (of any of the council's bodies when it has none), with their
    decision written. A recommendation is sent from a held meeting only
    (`recommendations.services.send_recommendations`)."""
    items = AgendaItem.objects.filter(meeting__status__in=HELD_OR_LATER).exclude(decision="")
    if plan.body_id:
        items = items.filter(meeting__body_id=plan.body_id)
    else:
        items = items.filter(meeting__body__cluster_id=plan.cluster_id)
    return items.select_related("meeting__body").order_by("-meeting__date", "position")


def approval_version(plan: HealthPlan) -> PlanVersion | None:
    """The version last recommended for approval: its item's recommendations are the
    approving bodies' answers."""
    return (
        PlanVersion.objects.filter(plan=plan, purpose=PlanVersion.Purpose.APPROVAL)
        .exclude(item=None)
        .select_related("item__meeting__body")
        .order_by("-number")
        .first()
    )


@dataclass
class ApproverAnswer:
    """One required approving body and its recommendation from the council's decision."""

    body: ExternalBody
    recommendation: Recommendation | None
    #: Sent, but its decision is not for the reader yet (the council's minutes are a draft).
    hidden: bool = False

    @property
    def said_yes(self) -> bool:
        rec = self.recommendation
        return rec is not None and rec.state == RecommendationState.DECIDED and rec.outcome in YES

    @property
    def said_no(self) -> bool:
        rec = self.recommendation
        return (
            rec is not None
            and rec.state == RecommendationState.DECIDED
            and rec.outcome == Outcome.REJECTED
        )


@dataclass
class Approval:
    """Where the plan's approval stands: the version recommended, and each body's answer."""

    version: PlanVersion | None
    answers: list[ApproverAnswer] = field(default_factory=list)

    @property
    def yes_count(self) -> int:
        return sum(answer.said_yes for answer in self.answers)

    @property
    def any_hidden(self) -> bool:
        return any(answer.hidden for answer in self.answers)

    @property
    def rejections(self) -> list[ApproverAnswer]:
        return [answer for answer in self.answers if answer.said_no]


def approval_of(plan: HealthPlan, *, user: object = None) -> Approval:
    """Each required body's answer to the version last recommended. With `user`, the
    recommendations whose decision `user` may not read yet are hidden (a recommendation is
    part of the council's decision, `Recommendation.visible_to`)."""
    version = approval_version(plan)
    approvers = list(plan.approvers.order_by("name"))
    found: dict[int | None, Recommendation] = {}
    readable: set[int] = set()
    if version is not None:
        sent = Recommendation.objects.filter(item_id=version.item_id, to_external__in=approvers)
        found = {r.to_external_id: r for r in sent}
        if user is not None:
            readable = set(
                Recommendation.objects.visible_to(user)
                .filter(pk__in=[r.pk for r in found.values()])
                .values_list("pk", flat=True)
            )
    answers = []
    for body in approvers:
        recommendation = found.get(body.pk)
        hidden = (
            user is not None and recommendation is not None and recommendation.pk not in readable
        )
        answers.append(
            ApproverAnswer(
                body=body, recommendation=None if hidden else recommendation, hidden=hidden
            )
        )
    return Approval(version=version, answers=answers)


@transaction.atomic
def set_plan_approvers(
    *, actor: User | None, plan: HealthPlan, approvers: list[ExternalBody]
) -> HealthPlan:
    """The bodies whose yes approves the plan. Changed while the plan waits for their
    answers, the plan may be approved at once (the last one missing was taken off)."""
    if plan.status == PlanStatus.APPROVED:
        raise ServiceError(_("Planen er godkendt: de godkendende organer kan ikke ændres."))
    if not approvers:
        raise ServiceError(_("Vælg mindst ét organ, der skal godkende planen."))
    before = sorted(plan.approvers.values_list("name", flat=True))
    plan.approvers.set(approvers)
    after = sorted(body.name for body in approvers)
    record(
        actor=actor,
        action="health_plan.approvers",
        obj=plan,
        changes={"approvers": [before, after]},
    )
    if plan.status == PlanStatus.RECOMMENDED:
        approve_if_answered(actor=actor, plan=plan)
    return plan


@transaction.atomic
def recommend_plan(
    *, actor: User | None, plan: HealthPlan, item: AgendaItem, sent_on: datetime.date
) -> PlanVersion:
    """The council's decision on `item` recommends the plan to its approving bodies: the
    draft is frozen as the version for approval (with `item`), a recommendation is sent to
    each body (one registered already from that decision counts), and the plan is sent for
    approval. All or nothing."""
    if not plan.can_change_to(PlanStatus.RECOMMENDED):
        raise ServiceError(
            _("Planen kan ikke indstilles til godkendelse, når den er “%s”.")
            % plan.get_status_display()
        )
    approvers = list(plan.approvers.order_by("name"))
    if not approvers:
        raise ServiceError(_("Vælg først de organer, der skal godkende planen."))
    if not PlanSection.objects.filter(plan=plan).exists():
        raise ServiceError(_("Planen har ingen afsnit endnu."))
    if not recommending_items(plan).filter(pk=item.pk).exists():
        raise ServiceError(
            _(
                "Vælg et punkt fra et afholdt møde i %(body)s, hvor beslutningen er skrevet: "
                "det er beslutningen, der indstiller planen."
            )
            % {"body": plan.body.name if plan.body else plan.cluster.name}
        )
    existing = {r.to_external_id: r for r in item.recommendations.filter(to_external__in=approvers)}
    refused = [
        r.receiver_name
        for r in existing.values()
        if r.state == RecommendationState.DECIDED and r.outcome == Outcome.REJECTED
    ]
    if refused:
        raise ServiceError(
            _(
                "%(bodies)s har afvist anbefalingen fra det punkt. Planen indstilles igen med "
                "en ny beslutning i rådet."
            )
            % {"bodies": ", ".join(refused)}
        )
    missing = [body for body in approvers if body.pk not in existing]
    if missing:
        send_recommendations(actor=actor, item=item, sent_on=sent_on, to_external=missing)
    version = freeze_version(
        actor=actor, plan=plan, purpose=PlanVersion.Purpose.APPROVAL, item=item
    )
    change_plan_status(
        actor=actor,
        plan=plan,
        to_status=PlanStatus.RECOMMENDED,
        note=_("Indstillet af %(body)s, %(meeting)s, punkt %(position)s: %(title)s")
        % {
            "body": item.meeting.body.name,
            "meeting": date_format(item.meeting.date, "j. F Y"),
            "position": item.position,
            "title": item.title,
        },
    )
    record(
        actor=actor,
        action="health_plan.recommend",
        obj=plan,
        changes={
            "version": version.number,
            "item": item.pk,
            # One text: a list of two would read as a change from one to the other.
            "approvers": ", ".join(body.name for body in approvers),
        },
    )
    approve_if_answered(actor=actor, plan=plan)
    return version


@transaction.atomic
def approve_if_answered(*, actor: User | None, plan: HealthPlan) -> bool:
    """Approve the plan if every required body has said yes (tiltrådt, with or without
    changes) to the version recommended: an approved version is frozen, and the plan is
    approved on the date of the last answer. True if it was approved now.

    The plan's row is locked and the update is conditional, so two answers entered at once
    approve it once."""
    locked = HealthPlan.objects.select_for_update().filter(pk=plan.pk).first()
    if locked is None or locked.status != PlanStatus.RECOMMENDED:
        return False
    approval = approval_of(locked)
    if approval.version is None or not approval.answers:
        return False
    if not all(answer.said_yes for answer in approval.answers):
        return False
    approved_on = max(
        answer.recommendation.decided_on
        for answer in approval.answers
        if answer.recommendation is not None and answer.recommendation.decided_on
    )
    approved = freeze_version(
        actor=actor, plan=locked, purpose=PlanVersion.Purpose.APPROVED, item=approval.version.item
    )
    updated = HealthPlan.objects.filter(
        pk=locked.pk, status=PlanStatus.RECOMMENDED, approved_version__isnull=True
    ).update(approved_version=approved, approved_on=approved_on)
    if not updated:
        raise ConcurrentEditError(
            _("Planen er netop ændret af en anden. Genindlæs siden og prøv igen.")
        )
    change_plan_status(
        actor=actor,
        plan=locked,
        to_status=PlanStatus.APPROVED,
        note=_("Tiltrådt af %(bodies)s.")
        % {"bodies": ", ".join(answer.body.name for answer in approval.answers)},
    )
    plan.status = PlanStatus.APPROVED
    plan.approved_version, plan.approved_on = approved, approved_on
    return True


def on_recommendation_state(*, actor: User | None, recommendation: Recommendation) -> None:
    """A recommendation moved: if it carries a plan to an approving body, the plan may now
    be approved (`settings.RECOMMENDATION_STATE_HOOKS`, inside the recommendation's own
    transaction). A rejection changes nothing here: the plan shows it, and the secretariat
    sends the plan back to the draft (`return_plan_to_draft`)."""
    if recommendation.state != RecommendationState.DECIDED or not recommendation.to_external_id:
        return
    plans = HealthPlan.objects.filter(
        status=PlanStatus.RECOMMENDED,
        approvers=recommendation.to_external_id,
        versions__purpose=PlanVersion.Purpose.APPROVAL,
        versions__item_id=recommendation.item_id,
    ).distinct()
    for plan in plans:
        approve_if_answered(actor=actor, plan=plan)


@transaction.atomic
def return_plan_to_draft(*, actor: User | None, plan: HealthPlan, note: str) -> HealthPlan:
    """A body said no (or the council withdraws the plan): back to the draft, to revise and
    recommend again with a new decision."""
    note = clean_values(PlanStatusChange, {"note": note})["note"].strip()
    if not note:
        raise ServiceError(_("Skriv kort, hvorfor planen sendes tilbage til kladde."))
    if plan.status != PlanStatus.RECOMMENDED:
        raise ServiceError(_("Kun en plan, der er sendt til godkendelse, kan sendes tilbage."))
    return change_plan_status(actor=actor, plan=plan, to_status=PlanStatus.DRAFT, note=note)


@transaction.atomic
def publish_plan(*, actor: User | None, plan: HealthPlan) -> HealthPlan:
    """The approved plan on the public pages, as a page and a PDF (its approved version)."""
    if plan.status != PlanStatus.APPROVED:
        raise ServiceError(_("Planen kan først offentliggøres, når den er godkendt."))
    now = timezone.now()
    updated = HealthPlan.objects.filter(
        pk=plan.pk, status=PlanStatus.APPROVED, published_at__isnull=True
    ).update(published_at=now)
    if not updated:
        raise ConcurrentEditError(_("Planen er allerede offentliggjort."))
    plan.published_at = now
    record(
        actor=actor,
        action="health_plan.publish",
        obj=plan,
        changes={"published_at": now.isoformat()},
    )
    return plan


#: The statuses that need a reason: a goal that does not follow the plan says why.
REASON_REQUIRED = frozenset({GoalStatus.AT_RISK, GoalStatus.OFF_TRACK})


@transaction.atomic
def set_goal_status(*, actor: User | None, goal: PlanGoal, status: str, reason: str) -> PlanGoal:
    """A goal's follow-up: on track, at risk or off track, with a reason; each one kept as
    history (`GoalStatusChange`, read by the yearly follow-up report)."""
    if status not in GoalStatus.values:
        raise ServiceError(
            _("Vælg målets status: følger planen, i risiko eller følger ikke planen.")
        )
    reason = clean_values(GoalStatusChange, {"reason": reason})["reason"].strip()
    if status in REASON_REQUIRED and not reason:
        raise ServiceError(_("Skriv en begrundelse, når målet er “%s”.") % GoalStatus(status).label)
    now = timezone.now()
    by = actor if actor is not None and actor.is_authenticated else None
    GoalStatusChange.objects.create(goal=goal, status=status, reason=reason, actor=by)
    changes: dict[str, Any] = {"status": [goal.status, status]}
    if reason:
        changes["status_reason"] = reason
    goal.status, goal.status_reason, goal.status_at, goal.status_by = status, reason, now, by
    goal.save(update_fields=["status", "status_reason", "status_at", "status_by"])
    record(actor=actor, action="plan_goal.status", obj=goal, changes=changes)
    return goal


# --- hearing: the høring, its parties and answers, the høringsnotat on the agenda ----------


def _clean_party(row: dict[str, Any]) -> dict[str, Any]:
    """A party as the hearing keeps it: a name, a valid e-mail, a kind."""
    values = clean_values(
        HearingParty,
        {"name": str(row.get("name") or "").strip(), "email": str(row.get("email") or "").strip()},
    )
    try:
        validate_email(values["email"])
    except ValidationError as error:
        raise ServiceError(
            _("“%(email)s” (%(name)s) er ikke en gyldig e-mailadresse.")
            % {"email": values["email"], "name": values["name"]}
        ) from error
    kind = row.get("kind") or Organisation.Kind.OTHER
    if kind not in Organisation.Kind.values:
        raise ServiceError(_("Ukendt type af høringspart: %(kind)s.") % {"kind": kind})
    return {**values, "kind": kind, "organisation": row.get("organisation")}


def _send_link_after_commit(party: HearingParty) -> None:
    # Mailed by the worker after commit: the token is made there (`mail.send_hearing_link`),
    # so the queue holds the party's id and never the token.
    transaction.on_commit(lambda: tasks.send_hearing_link.enqueue(party.pk), robust=True)


@transaction.atomic
def start_hearing(
    *,
    actor: User | None,
    plan: HealthPlan,
    deadline: datetime.date,
    message: str,
    parties: list[dict[str, Any]],
) -> Hearing:
    """Freeze the draft as the hearing version, send it to `parties` (each {"name", "email",
    "kind", "organisation"}) with a deadline and a følgebrev, and put the plan in hearing.
    Each party is mailed its own link after commit."""
    if plan.status != PlanStatus.DRAFT:
        raise ServiceError(
            _("Planen kan kun sendes i høring fra kladden; den er nu “%(status)s”.")
            % {"status": PlanStatus(plan.status).label}
        )
    if deadline <= timezone.localdate():
        raise ServiceError(_("Høringsfristen skal ligge efter i dag."))
    rows = [_clean_party(row) for row in parties]
    if not rows:
        raise ServiceError(_("Tilføj mindst én høringspart."))
    seen: set[str] = set()
    for row in rows:
        if row["name"].casefold() in seen:
            raise ServiceError(_("%(name)s står to gange.") % {"name": row["name"]})
        seen.add(row["name"].casefold())
    message = clean_values(Hearing, {"message": message.strip()})["message"]
    change_plan_status(
        actor=actor,
        plan=plan,
        to_status=PlanStatus.IN_HEARING,
        note=_("Høringsfrist %(date)s") % {"date": date_format(deadline, "j. F Y")},
    )
    version = freeze_version(actor=actor, plan=plan, purpose=PlanVersion.Purpose.HEARING)
    hearing = Hearing.objects.create(
        plan=plan,
        version=version,
        deadline=deadline,
        message=message,
        sent_at=timezone.now(),
        sent_by=actor if actor is not None and actor.is_authenticated else None,
    )
    created = [HearingParty.objects.create(hearing=hearing, **row) for row in rows]
    record(
        actor=actor,
        action="hearing.start",
        obj=hearing,
        changes={
            "version": version.number,
            "deadline": deadline.isoformat(),
            "parties": ", ".join(party.name for party in created),
        },
    )
    for party in created:
        _send_link_after_commit(party)
    return hearing


def _check_open(hearing: Hearing) -> None:
    """Links are sent and answered while the plan is in this hearing, until its deadline."""
    if hearing.deadline < timezone.localdate():
        raise ServiceError(
            _("Høringsfristen var %(date)s. Kontakt sekretariatet, hvis I vil sende et svar.")
            % {"date": date_format(hearing.deadline, "j. F Y")}
        )
    plan_status = HealthPlan.objects.filter(pk=hearing.plan_id).values_list("status", flat=True)
    if plan_status.first() != PlanStatus.IN_HEARING:
        raise ServiceError(_("Høringen er afsluttet. Kontakt sekretariatet."))


@transaction.atomic
def add_hearing_party(
    *, actor: User | None, hearing: Hearing, party: dict[str, Any]
) -> HearingParty:
    """A party heard after the hearing started (one forgotten, a hospital that asked); it
    gets its link like the others."""
    _check_open(hearing)
    row = _clean_party(party)
    if hearing.parties.filter(name__iexact=row["name"]).exists():
        raise ServiceError(_("%(name)s er allerede høringspart.") % {"name": row["name"]})
    created = HearingParty.objects.create(hearing=hearing, **row)
    record(
        actor=actor,
        action="hearing.party_add",
        obj=hearing,
        changes={"party": created.name, "email": created.email},
    )
    _send_link_after_commit(created)
    return created


@transaction.atomic
def resend_hearing_link(
    *, actor: User | None, party: HearingParty, email: str | None = None
) -> HearingParty:
    """A new personal link (to a corrected address, if given). The old link stops working
    now, not when the new one is mailed: a link that reached the wrong person is closed."""
    party = HearingParty.objects.select_for_update().select_related("hearing").get(pk=party.pk)
    if HearingAnswer.objects.filter(party=party).exists():
        raise ServiceError(
            _("%(name)s har allerede svaret; der sendes ikke et nyt link.") % {"name": party.name}
        )
    _check_open(party.hearing)
    changes: dict[str, Any] = {"party": party.name}
    if email is not None and email.strip() != party.email:
        row = _clean_party({"name": party.name, "email": email, "kind": party.kind})
        changes["email"] = [party.email, row["email"]]
        party.email = row["email"]
    party.token_hash = ""
    party.link_sent_at = None
    party.save(update_fields=["email", "token_hash", "link_sent_at"])
    record(actor=actor, action="hearing.link_resend", obj=party.hearing, changes=changes)
    _send_link_after_commit(party)
    return party


def _stored_name(upload: UploadedFile) -> str:
    """The file on disk is named at random: the original name (kept in `file_name`) is the
    party's to choose, and says nothing about the path."""
    return secrets.token_hex(16) + PurePath(upload.name or "").suffix.lower()[:10]


def _save_answer(
    *,
    actor: User | None,
    party: HearingParty,
    text: str,
    upload: UploadedFile | None,
    via: str,
    received_at: datetime.datetime,
    action: str,
) -> HearingAnswer:
    """One answer per party: the OneToOne refuses a second even when two arrive at once."""
    text = clean_values(HearingAnswer, {"text": text.strip()})["text"]
    if not text and upload is None:
        raise ServiceError(_("Skriv et høringssvar, eller vedhæft en fil."))
    already = _(
        "Der er allerede afgivet et høringssvar for %(name)s. Kontakt sekretariatet, "
        "hvis svaret skal ændres."
    ) % {"name": party.name}
    if HearingAnswer.objects.filter(party=party).exists():
        raise ServiceError(already)
    answer = HearingAnswer(
        party=party,
        text=text,
        received_at=received_at,
        via=via,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    changes: dict[str, Any] = {"party": party.name, "via": via}
    if upload is not None:
        name = PurePath(upload.name or "").name or "hoeringssvar"
        answer.file_name = name[-255:]
        answer.file.save(_stored_name(upload), upload, save=False)
        changes |= {"file_name": answer.file_name, "size": upload.size or 0}
    with removed_on_failure(answer.file) if upload is not None else nullcontext():
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError as error:
            raise ServiceError(already) from error
        record(actor=actor, action=action, obj=answer, changes=changes)
    return answer


@transaction.atomic
def answer_hearing(*, party: HearingParty, text: str, upload: UploadedFile | None) -> HearingAnswer:
    """The party's answer through its personal link (no login; the link is the proof)."""
    _check_open(party.hearing)
    return _save_answer(
        actor=None,
        party=party,
        text=text,
        upload=upload,
        via=HearingAnswer.Via.LINK,
        received_at=timezone.now(),
        action="hearing_answer.create",
    )


@transaction.atomic
def record_hearing_answer(
    *,
    actor: User | None,
    party: HearingParty,
    text: str,
    upload: UploadedFile | None,
    received_on: datetime.date,
) -> HearingAnswer:
    """An answer that came by mail (or letter), recorded by the secretariat. It may come in
    after the deadline; the date it was received is the party's, not today."""
    today = timezone.localdate()
    if received_on > today:
        raise ServiceError(_("Datoen for modtagelsen kan ikke ligge efter i dag."))
    received_at = (
        timezone.now()
        if received_on == today
        else timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))
    )
    return _save_answer(
        actor=actor,
        party=party,
        text=text,
        upload=upload,
        via=HearingAnswer.Via.SECRETARIAT,
        received_at=received_at,
        action="hearing_answer.record",
    )


@transaction.atomic
def assess_hearing_answer(
    *,
    actor: User | None,
    answer: HearingAnswer,
    summary: str,
    comment: str,
    changes_plan: bool,
    section: PlanSection | None,
) -> HearingAnswer:
    """The secretariat's reading of an answer for the høringsnotat."""
    plan_id = answer.party.hearing.plan_id
    if section is not None and section.plan_id != plan_id:
        raise ServiceError(_("Afsnittet hører ikke til denne plan."))
    if section is not None and not changes_plan:
        raise ServiceError(_("Vælg kun et afsnit, når svaret giver anledning til at ændre planen."))
    save_with_audit(
        actor=actor,
        obj=answer,
        values={
            "summary": summary.strip(),
            "comment": comment.strip(),
            "changes_plan": changes_plan,
            "section": section,
        },
        action="hearing_answer.assess",
    )
    return answer


def notat_meetings(hearing: Hearing) -> list[Meeting]:
    """The meetings the høringsnotat can go on: the council body's coming meetings whose
    agenda can still change (of any of the council's bodies, if the plan names none)."""
    plan = hearing.plan
    meetings = Meeting.objects.filter(
        status__in=AGENDA_EDITABLE,
        date__gte=timezone.localdate() - datetime.timedelta(days=1),
    )
    if plan.body_id:
        meetings = meetings.filter(body_id=plan.body_id)
    else:
        meetings = meetings.filter(body__cluster_id=plan.cluster_id)
    return list(meetings.select_related("body").order_by("date", "pk")[:10])


@dataclass
class NotatPlacement:
    """Where the høringsnotat went, and where it had gone before (nothing is replaced)."""

    item: AgendaItem
    attachment: Attachment
    created_item: bool
    previous_item: AgendaItem | None


@transaction.atomic
def put_notat_on_agenda(
    *,
    actor: User | None,
    hearing: Hearing,
    meeting: Meeting,
    item: AgendaItem | None,
    pdf: bytes,
    filename: str,
) -> NotatPlacement:
    """The høringsnotat (PDF) as a bilag on an item of `meeting`: `item`, or a new item
    "Høringsnotat: <plan>". A notat put on an agenda before stays where it is."""
    plan = hearing.plan
    if (plan.body_id and meeting.body_id != plan.body_id) or (
        not plan.body_id and meeting.body.cluster_id != plan.cluster_id
    ):
        raise ServiceError(_("Høringsnotatet kan kun sættes på rådets egne møder."))
    if meeting.status not in AGENDA_EDITABLE:
        raise ServiceError(_("Dagsordenen til det møde kan ikke længere ændres."))
    if item is not None and item.meeting_id != meeting.pk:
        raise ServiceError(_("Punktet er ikke på det valgte møde."))
    previous = hearing.notat_item
    created = item is None
    if item is None:
        answered = HearingAnswer.objects.filter(party__hearing=hearing).count()
        item = meeting_services.add_agenda_item(
            actor=actor,
            meeting=meeting,
            values={
                "title": _("Høringsnotat: %(plan)s") % {"plan": hearing.plan.title},
                "kind": AgendaItem.Kind.ORIENTATION,
                "recommendation": [_("at høringsnotatet tages til efterretning")],
                "presentation": "<p>"
                + _(
                    "Udkastet til %(plan)s (version %(version)s) har været i høring til "
                    "%(deadline)s. %(answered)s af %(parties)s høringsparter har svaret. "
                    "Høringsnotatet med sekretariatets bemærkninger er vedlagt som bilag."
                )
                % {
                    "plan": hearing.plan.title,
                    "version": hearing.version.number,
                    "deadline": date_format(hearing.deadline, "j. F Y"),
                    "answered": answered,
                    "parties": hearing.parties.count(),
                }
                + "</p>",
            },
        )
    upload = SimpleUploadedFile(filename, pdf, content_type="application/pdf")
    attachment = meeting_services.add_attachment(actor=actor, item=item, upload=upload)
    Hearing.objects.filter(pk=hearing.pk).update(notat_item=item)
    hearing.notat_item = item
    changes: dict[str, Any] = {
        "item": f"{meeting.display_title} {meeting.date:%d.%m.%Y}, punkt {item.position}",
        "original_name": filename,
    }
    if previous is not None:
        changes["previous_item"] = str(previous)
    record(actor=actor, action="hearing.notat_agenda", obj=hearing, changes=changes)
    return NotatPlacement(
        item=item, attachment=attachment, created_item=created, previous_item=previous
    )
