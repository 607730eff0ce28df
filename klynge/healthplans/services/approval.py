"""Approval through the recommendation chain, publication, and the goals' follow-up."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.accounts.models import User
from klynge.audit.services import record
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.core.text import clean_values
from klynge.healthplans.models import (
    GoalStatus,
    GoalStatusChange,
    HealthPlan,
    Hearing,
    PlanGoal,
    PlanSection,
    PlanStatus,
    PlanStatusChange,
    PlanVersion,
)
from klynge.healthplans.services.plans import change_plan_status, freeze_version
from klynge.meetings.models import (
    HELD_OR_LATER,
    AgendaItem,
)
from klynge.recommendations.models import ExternalBody, Outcome, Recommendation
from klynge.recommendations.models import State as RecommendationState
from klynge.recommendations.services import send_recommendations

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
    # A decision recommends one version: its bodies' answers were to that text.
    items = items.exclude(pk__in=_decided_versions(plan).values("item_id"))
    return items.select_related("meeting__body").order_by("-meeting__date", "position")


def _decided_versions(plan: HealthPlan) -> QuerySet[PlanVersion]:
    """The plan's versions that carry a council's decision (recommended or approved): a
    decision recommends one version, and the bodies' answers to it are answers to that text,
    so a revised plan needs a new decision (and new answers)."""
    return PlanVersion.objects.filter(plan=plan).exclude(item=None)


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


def hearing_in_the_way(plan: HealthPlan, *, today: datetime.date | None = None) -> str:
    """Why the plan cannot be recommended yet, or "": it is in a hearing whose deadline has
    not passed (`today`, by default today's date) and parties have not answered.
    Recommending ends the hearing (the parties' links close when the plan leaves "I
    høring"), so it waits for the deadline or the last answer. One rule for the service and
    the plan page."""
    if plan.status != PlanStatus.IN_HEARING:
        return ""
    hearing = Hearing.objects.filter(plan=plan).order_by("-created_at", "-pk").first()
    if hearing is None or hearing.deadline < (today or timezone.localdate()):
        return ""
    parties = hearing.parties.count()
    waiting = hearing.parties.filter(answer__isnull=True).count()
    if not waiting:
        return ""
    return ngettext(
        "Planen er i høring med frist %(deadline)s, og %(waiting)s af %(parties)s høringspart "
        "har ikke svaret endnu. Planen kan indstilles til godkendelse, når fristen er udløbet, "
        "eller når alle har svaret: indstillingen lukker høringen for svar.",
        "Planen er i høring med frist %(deadline)s, og %(waiting)s af %(parties)s "
        "høringsparter har ikke svaret endnu. Planen kan indstilles til godkendelse, når "
        "fristen er udløbet, eller når alle har svaret: indstillingen lukker høringen for svar.",
        parties,
    ) % {
        "deadline": date_format(hearing.deadline, "j. F Y"),
        "waiting": waiting,
        "parties": parties,
    }


@transaction.atomic
def recommend_plan(
    *,
    actor: User | None,
    plan: HealthPlan,
    item: AgendaItem,
    sent_on: datetime.date,
    today: datetime.date | None = None,
) -> PlanVersion:
    """The council's decision on `item` recommends the plan to its approving bodies: the
    draft is frozen as the version for approval (with `item`), a recommendation is sent to
    each body (one registered already from that decision counts), and the plan is sent for
    approval. All or nothing. A decision that recommended an earlier version is refused: the
    bodies' answers to it are answers to that text, not to the revised one. So is a plan
    whose hearing is still open (`hearing_in_the_way`, judged on `today`: the demo's story
    day, today's date for everyone else)."""
    if not plan.can_change_to(PlanStatus.RECOMMENDED):
        raise ServiceError(
            _("Planen kan ikke indstilles til godkendelse, når den er “%s”.")
            % plan.get_status_display()
        )
    in_the_way = hearing_in_the_way(plan, today=today)
    if in_the_way:
        raise ServiceError(in_the_way)
    approvers = list(plan.approvers.order_by("name"))
    if not approvers:
        raise ServiceError(_("Vælg først de organer, der skal godkende planen."))
    if not PlanSection.objects.filter(plan=plan).exists():
        raise ServiceError(_("Planen har ingen afsnit endnu."))
    existing = {r.to_external_id: r for r in item.recommendations.filter(to_external__in=approvers)}
    refused = [
        r.receiver_name
        for r in existing.values()
        if r.state == RecommendationState.DECIDED and r.outcome == Outcome.REJECTED
    ]
    used = _decided_versions(plan).filter(item=item).order_by("number").first()
    if used is not None and not refused:
        raise ServiceError(
            _(
                "Rådets beslutning %(meeting)s, punkt %(position)s, indstillede allerede version "
                "%(number)s af planen, og organernes svar gælder den version. En ny version "
                "skal indstilles med en ny beslutning i rådet: vælg punktet, hvor rådet "
                "besluttede at indstille den reviderede plan."
            )
            % {
                "meeting": date_format(item.meeting.date, "j. F Y"),
                "position": item.position,
                "number": used.number,
            }
        )
    if used is None and not recommending_items(plan).filter(pk=item.pk).exists():
        raise ServiceError(
            _(
                "Vælg et punkt fra et afholdt møde i %(body)s, hvor beslutningen er skrevet: "
                "det er beslutningen, der indstiller planen."
            )
            % {"body": plan.body.name if plan.body else plan.cluster.name}
        )
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
        actor=actor,
        plan=locked,
        purpose=PlanVersion.Purpose.APPROVED,
        item=approval.version.item,
        copy_of=approval.version,
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
