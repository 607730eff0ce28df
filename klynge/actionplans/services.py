"""Every write to action plans and initiatives: one transaction each, audited.

Initiative state changes go through `_change_state`, which checks ALLOWED_TRANSITIONS and
updates conditionally (`filter(pk=…, state=old).update(…)`), so two approvers clicking at
once cannot both succeed. Approvals and returns are decisions of a body at a meeting: they
are recorded on an `ItemCase` of an agenda item and written into that item's decision.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.actionplans import tasks
from klynge.actionplans.models import (
    OUTCOME_TRANSITIONS,
    ActionPlan,
    ConfirmationOutcomeChange,
    Escalation,
    Initiative,
    InitiativeStateChange,
    ItemCase,
    OrderConfirmation,
    Outcome,
    Rag,
    State,
    StatusCycle,
    StatusReport,
    Theme,
)
from klynge.audit.services import record, save_with_audit
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.core.text import TEXT_MAX_LENGTH, clean_text, clean_values
from klynge.meetings import services as meeting_services
from klynge.meetings.models import (
    BEFORE_MEETING,
    HELD_OR_LATER,
    MINUTES_EDITABLE,
    AgendaItem,
    Meeting,
)
from klynge.organisations.models import Body, Organisation, Person

Purpose = ItemCase.Purpose
#: An initiative put before a body: (initiative, purpose, escalation if any).
Case = tuple[Initiative, str, Escalation | None]


@transaction.atomic
def save_theme(*, actor: User | None, theme: Theme, values: dict[str, Any]) -> Theme:
    if theme.pk is None and "priority" not in values:
        last = Theme.objects.filter(cluster_id=theme.cluster_id).aggregate(n=Max("priority"))
        values = {**values, "priority": (last["n"] or 0) + 1}
    save_with_audit(
        actor=actor, obj=theme, values=values, action="theme.update" if theme.pk else "theme.create"
    )
    return theme


@transaction.atomic
def move_theme(*, actor: User | None, theme: Theme, offset: int) -> Theme:
    """Move an active theme up (-1) or down (+1) the cluster's priorities; the active themes
    are numbered 1, 2, 3… again."""
    if not theme.is_active:
        raise ServiceError(_("Et tema, der ikke er aktivt, har ingen plads i prioriteringen."))
    themes = list(
        Theme.objects.select_for_update()
        .filter(cluster_id=theme.cluster_id, is_active=True)
        .order_by("priority", "name")
    )
    ids = [t.pk for t in themes]
    old = ids.index(theme.pk)
    new = max(0, min(len(ids) - 1, old + offset))
    ids.insert(new, ids.pop(old))
    for number, pk in enumerate(ids, start=1):
        Theme.objects.filter(pk=pk).update(priority=number)
    theme.refresh_from_db(fields=["priority"])
    if new != old:
        record(
            actor=actor, action="theme.move", obj=theme, changes={"priority": [old + 1, new + 1]}
        )
    return theme


@transaction.atomic
def save_plan(*, actor: User | None, plan: ActionPlan, values: dict[str, Any]) -> ActionPlan:
    body = values.get("body", plan.body if plan.body_id else None)
    if body is None or body.level != Body.Level.POLITICAL:
        raise ServiceError(_("En handleplan bestilles af et politisk niveau."))
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        raise ServiceError(_("Slutdatoen ligger før startdatoen."))
    values = {**values, "cluster": body.cluster}
    save_with_audit(
        actor=actor, obj=plan, values=values, action="plan.update" if plan.pk else "plan.create"
    )
    return plan


@transaction.atomic
def adopt_plan(*, actor: User | None, plan: ActionPlan, item: AgendaItem) -> ActionPlan:
    """Record the political level's decision that adopted the plan."""
    if item.meeting.body_id != plan.body_id:
        raise ServiceError(_("Handleplanen vedtages på et møde i det politiske niveau."))
    if item.meeting.status not in HELD_OR_LATER:
        raise ServiceError(_("Beslutningen træffes på mødet: mødet skal være afholdt."))
    save_with_audit(
        actor=actor,
        obj=plan,
        values={"adopted_item": item, "adopted_on": item.meeting.date},
        action="plan.adopt",
    )
    return plan


@transaction.atomic
def save_initiative(
    *,
    actor: User | None,
    initiative: Initiative,
    values: dict[str, Any],
    owner_organisations: list[Organisation] | None = None,
    project_group: list[Person] | None = None,
) -> Initiative:
    if not initiative.pk and "number" not in values:
        last = Initiative.objects.filter(plan=initiative.plan).aggregate(n=Max("number"))["n"]
        values = {**values, "number": (last or 0) + 1}
    number = values.get("number")
    if (
        number is not None
        and Initiative.objects.filter(plan_id=initiative.plan_id, number=number)
        .exclude(pk=initiative.pk)
        .exists()
    ):
        raise ServiceError(
            _("Handleplanen har allerede en indsats med nummer %(n)s.") % {"n": number}
        )
    creating = initiative.pk is None
    action = "initiative.create" if creating else "initiative.update"
    changes = save_with_audit(actor=actor, obj=initiative, values=values, action=action)
    # The owner and lead hear of the order when it is made, or when they are named later.
    named = creating or {"project_owner", "project_lead"} & set(changes)
    if named and initiative.state == State.ORDERED:
        transaction.on_commit(
            lambda: tasks.send_initiative_ordered.enqueue(initiative.pk), robust=True
        )
    if owner_organisations is not None:
        initiative.owner_organisations.set(owner_organisations)
    if project_group is not None:
        initiative.project_group.set(project_group)
    return initiative


def _change_state(
    *,
    actor: User | None,
    initiative: Initiative,
    to_state: str,
    item: AgendaItem | None = None,
    note: str = "",
    due_date: datetime.date | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    from_state = initiative.state
    if from_state == State.RETURNED:
        # What was asked for is answered (or moot) once the initiative moves on.
        extra = {"return_request": "", "return_due": None, **(extra or {})}
    if not initiative.can_change_to(to_state):
        raise ServiceError(
            _("Indsatsen kan ikke gå fra “%(old)s” til “%(new)s”.")
            % {"old": State(from_state).label, "new": State(to_state).label}
        )
    updated = Initiative.objects.filter(pk=initiative.pk, state=from_state).update(
        state=to_state, **(extra or {})
    )
    if not updated:
        raise ConcurrentEditError(
            _("Indsatsen er netop ændret af en anden. Genindlæs siden og prøv igen.")
        )
    initiative.state = to_state
    for name, value in (extra or {}).items():
        setattr(initiative, name, value)
    InitiativeStateChange.objects.create(
        initiative=initiative,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        agenda_item=item,
        note=note,
        due_date=due_date,
    )
    record(
        actor=actor,
        action="initiative.state",
        obj=initiative,
        changes={"state": [from_state, to_state], **({"note": note} if note else {})},
    )


@transaction.atomic
def save_confirmation_draft(
    *, actor: User | None, initiative: Initiative, values: dict[str, Any]
) -> Initiative:
    """Keep what the supplier has written so far; nothing is sent or decided."""
    if not initiative.can_change_to(State.SUBMITTED):
        raise ServiceError(_("Indsatsen venter ikke på en ordrebekræftelse."))
    # Cleaned like every text, but nothing is required yet: it is a draft.
    draft = {name: clean_text(str(values.get(name) or "")) for name in OrderConfirmation.TERMS}
    if any(len(text) > TEXT_MAX_LENGTH for text in draft.values()):
        raise ServiceError(_("Et felt i kladden er for langt."))
    draft["saved_at"] = timezone.now().isoformat()
    Initiative.objects.filter(pk=initiative.pk).update(confirmation_draft=draft)
    initiative.confirmation_draft = draft
    record(actor=actor, action="confirmation.draft", obj=initiative)
    return initiative


@transaction.atomic
def submit_confirmation(
    *, actor: User | None, initiative: Initiative, values: dict[str, Any]
) -> OrderConfirmation:
    """The supplier's ordrebekræftelse: what, who, where, when, and patient involvement."""
    if not (values.get("patient_involvement") or "").strip():
        raise ServiceError(
            _(
                "Beskriv patientinddragelsen: hvordan patienter er med til at beskrive opgaven, "
                "ikke kun at løse den."
            )
        )
    missing = [
        name for name in ("what", "who", "where", "when") if not values.get(name, "").strip()
    ]
    if missing:
        raise ServiceError(_("Ordrebekræftelsen skal svare på hvad, hvem, hvor og hvornår."))
    values = clean_values(OrderConfirmation, values)
    last = initiative.confirmations.aggregate(n=Max("version"))["n"] or 0
    confirmation = OrderConfirmation.objects.create(
        initiative=initiative, version=last + 1, submitted_by=actor, **values
    )
    _change_state(
        actor=actor,
        initiative=initiative,
        to_state=State.SUBMITTED,
        note=_("Ordrebekræftelse version %(v)s") % {"v": confirmation.version},
        extra={
            "return_request": "",
            "return_due": None,
            "patient_involvement": values["patient_involvement"],
            "confirmation_draft": {},
        },
    )
    record(
        actor=actor,
        action="confirmation.submit",
        obj=confirmation,
        changes={"version": confirmation.version},
    )
    transaction.on_commit(
        lambda: tasks.send_confirmation_submitted.enqueue(confirmation.pk), robust=True
    )
    return confirmation


def _append_decision(actor: User | None, item: AgendaItem, line: str) -> None:
    """Write a line into the item's decision: the minutes carry the body's decisions.

    Through the meetings service, so the version check, the renewed approval of changed
    minutes and the audit are the same as for a decision typed on the meeting page.
    """
    locked = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    text = f"{locked.decision}\n{line}".strip()
    meeting_services.record_decision(
        actor=actor, item=locked, decision=text, version=locked.version
    )
    item.decision, item.version = locked.decision, locked.version


def _check_decision(actor: User | None, case: ItemCase, purpose: str) -> Meeting:
    meeting = case.agenda_item.meeting
    if case.purpose != purpose:
        raise ServiceError(_("Punktet handler ikke om denne beslutning."))
    if meeting.status not in MINUTES_EDITABLE:
        raise ServiceError(_("Beslutningen træffes på mødet: mødet skal være afholdt."))
    if case.decided_at is not None:
        raise ServiceError(_("Der er allerede truffet beslutning om denne sag."))
    return meeting


def _close_case(case: ItemCase, outcome: str) -> None:
    updated = ItemCase.objects.filter(pk=case.pk, decided_at__isnull=True).update(
        decided_at=timezone.now(), outcome=outcome
    )
    if not updated:
        raise ConcurrentEditError(_("Der er netop truffet beslutning om sagen af en anden."))
    case.outcome = outcome


@transaction.atomic
def decide_confirmation(
    *,
    actor: User | None,
    case: ItemCase,
    approve: bool,
    note: str = "",
    due_date: datetime.date | None = None,
) -> Initiative:
    """Chefforum, then Direktørforum, approves the confirmation, or sends it back."""
    note = clean_text(note)
    meeting = _check_decision(actor, case, Purpose.CONFIRMATION)
    initiative = Initiative.objects.get(pk=case.initiative_id)
    level = meeting.body.level
    expected: dict[str, str] = {
        Body.Level.CHIEF: State.SUBMITTED,
        Body.Level.DIRECTOR: State.APPROVED_CHIEF,
    }
    if expected.get(level) != initiative.state:
        raise ServiceError(
            _("Ordrebekræftelsen godkendes først i Chefforum og derefter i Direktørforum.")
        )
    confirmation = initiative.confirmations.order_by("-version").first()
    assert confirmation is not None
    if approve:
        to_state = State.APPROVED_CHIEF if level == Body.Level.CHIEF else State.ACTIVE
        _change_state(
            actor=actor, initiative=initiative, to_state=to_state, item=case.agenda_item, note=note
        )
        outcome = Outcome.APPROVED_CHIEF if to_state == State.APPROVED_CHIEF else Outcome.APPROVED
        _change_outcome(
            actor=actor, confirmation=confirmation, to_outcome=outcome, item=case.agenda_item
        )
        line = _("%(i)s: ordrebekræftelsen (version %(v)s) blev godkendt.")
        if note:
            line += " %(note)s"
    else:
        _return(actor, initiative, case.agenda_item, note, due_date)
        _change_outcome(
            actor=actor,
            confirmation=confirmation,
            to_outcome=Outcome.RETURNED,
            item=case.agenda_item,
            reason=note,
        )
        line = _("%(i)s: ordrebekræftelsen (version %(v)s) blev sendt tilbage: %(note)s")
    text = line % {"i": initiative, "v": confirmation.version, "note": note}
    _close_case(case, text)
    _append_decision(actor, case.agenda_item, text)
    return initiative


def _change_outcome(
    *,
    actor: User | None,
    confirmation: OrderConfirmation,
    to_outcome: str,
    item: AgendaItem | None,
    reason: str = "",
) -> None:
    """Move a confirmation's outcome as OUTCOME_TRANSITIONS allows, conditionally (two
    approvers cannot both win), with a history row and an audit event."""
    from_outcome = confirmation.outcome
    if to_outcome not in OUTCOME_TRANSITIONS[from_outcome]:
        raise ServiceError(
            _("Ordrebekræftelsen kan ikke gå fra “%(old)s” til “%(new)s”.")
            % {"old": Outcome(from_outcome).label, "new": Outcome(to_outcome).label}
        )
    values: dict[str, Any] = {"outcome": to_outcome}
    if to_outcome == Outcome.RETURNED:
        values["returned_reason"] = reason
    updated = OrderConfirmation.objects.filter(pk=confirmation.pk, outcome=from_outcome).update(
        **values
    )
    if not updated:
        raise ConcurrentEditError(_("Ordrebekræftelsen er netop behandlet af en anden."))
    for name, value in values.items():
        setattr(confirmation, name, value)
    ConfirmationOutcomeChange.objects.create(
        confirmation=confirmation,
        from_outcome=from_outcome,
        to_outcome=to_outcome,
        actor=actor,
        agenda_item=item,
    )
    record(
        actor=actor,
        action="confirmation.outcome",
        obj=confirmation,
        changes={"outcome": [from_outcome, to_outcome], **({"reason": reason} if reason else {})},
    )


def _return(
    actor: User | None,
    initiative: Initiative,
    item: AgendaItem | None,
    note: str,
    due_date: datetime.date | None,
) -> None:
    note = clean_values(Initiative, {"return_request": note})["return_request"]
    if not note.strip():
        raise ServiceError(_("Skriv, hvad indsatsen skal konkretisere."))
    _change_state(
        actor=actor,
        initiative=initiative,
        to_state=State.RETURNED,
        item=item,
        note=note,
        due_date=due_date,
        extra={"return_request": note, "return_due": due_date},
    )
    transaction.on_commit(
        lambda: tasks.send_initiative_returned.enqueue(initiative.pk), robust=True
    )


@transaction.atomic
def return_initiative(
    *,
    actor: User | None,
    initiative: Initiative,
    item: AgendaItem,
    note: str,
    due_date: datetime.date | None = None,
) -> Initiative:
    """A body asks for the initiative to be made more concrete by a date (seed 002, indsats 10)."""
    if item.meeting.status not in MINUTES_EDITABLE:
        raise ServiceError(_("Beslutningen træffes på mødet: mødet skal være afholdt."))
    if item.meeting.body.cluster_id != initiative.plan.cluster_id:
        raise ServiceError(_("Punktet hører ikke til klyngen."))
    _return(actor, initiative, item, note, due_date)
    _append_decision(
        actor, item, _("%(i)s skal konkretiseres: %(note)s") % {"i": initiative, "note": note}
    )
    return initiative


@transaction.atomic
def finish_initiative(
    *, actor: User | None, initiative: Initiative, completed: bool, note: str
) -> Initiative:
    _change_state(
        actor=actor,
        initiative=initiative,
        to_state=State.COMPLETED if completed else State.STOPPED,
        note=note,
    )
    return initiative


# Status cycles ----------------------------------------------------------------------------


@transaction.atomic
def start_status_cycle(
    *, actor: User | None, plan: ActionPlan, meeting: Meeting, deadline: datetime.date
) -> StatusCycle:
    """Ask every active initiative's owner for a status before a Chefforum meeting."""
    if meeting.body.cluster_id != plan.cluster_id or meeting.body.level != Body.Level.CHIEF:
        raise ServiceError(_("Status indhentes før et møde i klyngens Chefforum."))
    if meeting.status not in BEFORE_MEETING:
        raise ServiceError(_("Status indhentes før mødet."))
    if deadline > meeting.date:
        raise ServiceError(_("Fristen skal ligge før mødet."))
    if StatusCycle.objects.filter(plan=plan, meeting=meeting).exists():
        raise ServiceError(_("Der indhentes allerede status til dette møde."))
    cycle = StatusCycle.objects.create(plan=plan, meeting=meeting, deadline=deadline)
    initiatives = list(plan.initiatives.filter(state=State.ACTIVE))
    StatusReport.objects.bulk_create(StatusReport(cycle=cycle, initiative=i) for i in initiatives)
    record(
        actor=actor, action="status_cycle.start", obj=cycle, changes={"requested": len(initiatives)}
    )
    # robust: a mail server that is down is logged; the status requests stay on home pages.
    transaction.on_commit(lambda: tasks.send_status_requests.enqueue(cycle.pk), robust=True)
    return cycle


@transaction.atomic
def report_status(
    *,
    actor: User | None,
    report: StatusReport,
    values: dict[str, Any],
    version: int | None = None,
) -> StatusReport:
    """Green, yellow or red; yellow and red need the deviation, its cause and an action.

    With `version` (the one the reporter read), a report changed since is not overwritten.
    """
    values = clean_values(StatusReport, values)
    rag = values.get("rag")
    if rag not in Rag.values:
        raise ServiceError(_("Vælg grøn, gul eller rød."))
    if rag != Rag.GREEN and not all(
        (values.get(name) or "").strip() for name in ("deviation", "cause", "proposed_action")
    ):
        raise ServiceError(
            _(
                "Ved gul eller rød status skal afvigelsen, årsagen og forslaget til handling "
                "udfyldes."
            )
        )
    if report.cycle.meeting.status not in BEFORE_MEETING:
        raise ServiceError(_("Chefforums møde er holdt; status kan ikke længere ændres."))
    if version is not None:
        updated = StatusReport.objects.filter(pk=report.pk, version=version).update(
            version=F("version") + 1
        )
        if not updated:
            raise ConcurrentEditError(
                _(
                    "Status er ændret af en anden, siden du åbnede den. Din tekst er ikke gemt: "
                    "kopier den, genindlæs siden og prøv igen."
                )
            )
        report.version = version + 1
    save_with_audit(
        actor=actor,
        obj=report,
        values={**values, "reported_by": actor, "reported_at": timezone.now()},
        action="status.report",
    )
    return report


# Putting cases before a body ----------------------------------------------------------------


def _add_case_item(
    actor: User | None,
    meeting: Meeting,
    title: str,
    kind: str,
    cases: Sequence[Case],
    recommendation: list[str],
    presentation: str = "",
    first: bool = False,
) -> AgendaItem:
    item = meeting_services.add_agenda_item(
        actor=actor,
        meeting=meeting,
        values={
            "title": title,
            "kind": kind,
            "recommendation": recommendation,
            "presentation": presentation,
        },
    )
    ItemCase.objects.bulk_create(
        ItemCase(agenda_item=item, initiative=i, purpose=p, escalation=e) for i, p, e in cases
    )
    if first:
        # Deviations first: right after the approval of the agenda.
        meeting_services.move_agenda_item(actor=actor, item=item, offset=2 - item.position)
    return item


def _undecided(purpose: str) -> Any:
    return ItemCase.objects.filter(purpose=purpose, decided_at__isnull=True)


@transaction.atomic
def put_cases_on_agenda(*, actor: User | None, meeting: Meeting) -> list[AgendaItem]:
    """Offer what waits for this body as agenda items of its meeting.

    Chefforum: confirmations to approve, and yellow and red statuses (first on the agenda).
    Direktørforum: confirmations Chefforum approved, and escalations to it.
    Political level: a summary of the plan's statuses.

    The items' titles and texts are written in Danish, whatever language the secretary reads
    Klynge in: agendas are filed in Danish.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _put_cases_on_agenda(actor, meeting)


def _put_cases_on_agenda(actor: User | None, meeting: Meeting) -> list[AgendaItem]:
    body = meeting.body
    plans = ActionPlan.objects.filter(cluster_id=body.cluster_id)
    initiatives = Initiative.objects.filter(plan__in=plans).select_related("plan")
    Kind = AgendaItem.Kind
    added: list[AgendaItem] = []
    cases: list[Case]
    if body.level in (Body.Level.CHIEF, Body.Level.DIRECTOR):
        waiting = State.SUBMITTED if body.level == Body.Level.CHIEF else State.APPROVED_CHIEF
        offered = _undecided(Purpose.CONFIRMATION).values("initiative_id")
        cases = [
            (i, Purpose.CONFIRMATION, None)
            for i in initiatives.filter(state=waiting).exclude(pk__in=offered)
        ]
        if cases:
            confirmations = [
                (i, i.confirmations.order_by("-version").first()) for i, _p, _e in cases
            ]
            added.append(
                _add_case_item(
                    actor,
                    meeting,
                    _("Godkendelse af ordrebekræftelser"),
                    Kind.APPROVAL,
                    cases,
                    [_("at ordrebekræftelserne og leveringsbetingelserne godkendes")],
                    presentation=render_to_string(
                        "actionplans/presentations/confirmations.html",
                        {"confirmations": [(i, c) for i, c in confirmations if c]},
                    ),
                )
            )
    if body.level == Body.Level.CHIEF:
        cycle = StatusCycle.objects.filter(plan__in=plans, meeting=meeting).first()
        reports = (
            cycle.reports.filter(rag__in=[Rag.YELLOW, Rag.RED]).select_related("initiative")
            if cycle
            else []
        )
        offered_ids = set(_undecided(Purpose.STATUS).values_list("initiative_id", flat=True))
        new = [r for r in reports if r.initiative_id not in offered_ids]
        cases = [(r.initiative, Purpose.STATUS, None) for r in new]
        if cases:
            added.append(
                _add_case_item(
                    actor,
                    meeting,
                    _("Status på handleplanen: gule og røde indsatser"),
                    Kind.DECISION,
                    cases,
                    [_("at Chefforum drøfter afvigelserne og beslutter handling eller eskalering")],
                    presentation=render_to_string(
                        "actionplans/presentations/status.html", {"reports": new}
                    ),
                    first=True,
                )
            )
    if body.level == Body.Level.DIRECTOR:
        escalations = (
            Escalation.objects.filter(to_body=body, closed_at__isnull=True)
            .exclude(pk__in=_undecided(Purpose.ESCALATION).values("escalation_id"))
            .select_related("initiative")
        )
        cases = [(e.initiative, Purpose.ESCALATION, e) for e in escalations]
        if cases:
            added.append(
                _add_case_item(
                    actor,
                    meeting,
                    _("Eskaleringer fra Chefforum"),
                    Kind.DECISION,
                    cases,
                    [_("at Direktørforum beslutter, hvordan de eskalerede indsatser håndteres")],
                    presentation=render_to_string(
                        "actionplans/presentations/escalations.html",
                        {"escalations": [e for _i, _p, e in cases]},
                    ),
                )
            )
    if body.level == Body.Level.POLITICAL:
        for plan in plans.filter(body=body):
            summary = status_summary(plan)
            if summary["total"]:
                cases = [
                    (i, Purpose.SUMMARY, None)
                    for i in plan.initiatives.filter(pk__in=summary["yellow_red_ids"])
                ]
                # The plan's title is user text inside generated rich text: escaped.
                text = format_html(
                    "<p>{}</p>",
                    _(
                        "Seneste status for %(plan)s: %(green)s grønne, %(yellow)s gule og "
                        "%(red)s røde af %(total)s aktive indsatser."
                    )
                    % {**summary, "plan": plan.title},
                )
                deviating = list(
                    StatusReport.objects.filter(
                        cycle=summary["cycle"], rag__in=[Rag.YELLOW, Rag.RED]
                    ).select_related("initiative")
                )
                if deviating:
                    text += render_to_string(
                        "actionplans/presentations/status.html", {"reports": deviating}
                    )
                added.append(
                    _add_case_item(
                        actor,
                        meeting,
                        _("Status for handleplanen"),
                        Kind.ORIENTATION,
                        cases,
                        [_("at status tages til efterretning")],
                        presentation=text,
                    )
                )
    return added


def status_summary(plan: ActionPlan) -> dict[str, Any]:
    """Counts of the latest cycle's colours, for the political level."""
    cycle = plan.cycles.order_by("-deadline").first()
    reports = (
        list(cycle.reports.exclude(rag="").values_list("initiative_id", "rag")) if cycle else []
    )
    counts = {rag: sum(1 for _i, r in reports if r == rag) for rag in Rag.values}
    return {
        "cycle": cycle,
        "total": len(reports),
        **counts,
        "yellow_red_ids": [i for i, r in reports if r != Rag.GREEN],
    }


@transaction.atomic
def record_status_action(*, actor: User | None, case: ItemCase, note: str) -> ItemCase:
    """Chefforum records what it does about a yellow or red initiative."""
    _check_decision(actor, case, Purpose.STATUS)
    note = clean_text(note)
    if not note.strip():
        raise ServiceError(_("Skriv, hvad Chefforum gør ved afvigelsen."))
    text = _("%(i)s: %(note)s") % {"i": case.initiative, "note": note}
    _close_case(case, text)
    _append_decision(actor, case.agenda_item, text)
    record(actor=actor, action="status.action", obj=case.initiative, changes={"note": note})
    return case


@transaction.atomic
def escalate_deviation(*, actor: User | None, case: ItemCase, reason: str, ask: str) -> Escalation:
    """Chefforum escalates a deviation to the body above it (Direktørforum)."""
    meeting = _check_decision(actor, case, Purpose.STATUS)
    to_body = meeting.body.parent
    if to_body is None:
        raise ServiceError(_("Organet har ikke et organ at eskalere til."))
    if not reason.strip() or not ask.strip():
        raise ServiceError(_("Skriv begrundelsen og hvad der bedes om."))
    texts = clean_values(Escalation, {"reason": reason, "ask": ask})
    reason, ask = texts["reason"], texts["ask"]
    escalation = Escalation.objects.create(
        initiative=case.initiative,
        from_body=meeting.body,
        to_body=to_body,
        raised_item=case.agenda_item,
        reason=reason,
        ask=ask,
        raised_by=actor,
    )
    text = _("%(i)s eskaleres til %(body)s: %(ask)s") % {
        "i": case.initiative,
        "body": to_body.name,
        "ask": ask,
    }
    _close_case(case, text)
    _append_decision(actor, case.agenda_item, text)
    record(
        actor=actor,
        action="escalation.raise",
        obj=escalation,
        changes={"reason": reason, "ask": ask},
    )
    return escalation


@transaction.atomic
def close_escalation(*, actor: User | None, case: ItemCase, decision: str) -> Escalation:
    """Direktørforum's decision closes the escalation."""
    _check_decision(actor, case, Purpose.ESCALATION)
    decision = clean_values(Escalation, {"decision": decision})["decision"]
    if not decision.strip():
        raise ServiceError(_("Skriv Direktørforums beslutning."))
    escalation = case.escalation
    assert escalation is not None
    updated = Escalation.objects.filter(pk=escalation.pk, closed_at__isnull=True).update(
        decision=decision, closed_item=case.agenda_item, closed_at=timezone.now()
    )
    if not updated:
        raise ConcurrentEditError(_("Eskaleringen er allerede lukket."))
    escalation.refresh_from_db()
    text = _("%(i)s: %(decision)s") % {"i": case.initiative, "decision": decision}
    _close_case(case, text)
    _append_decision(actor, case.agenda_item, text)
    record(actor=actor, action="escalation.close", obj=escalation, changes={"decision": decision})
    return escalation


@transaction.atomic
def decide_case(
    *,
    actor: User | None,
    case: ItemCase,
    approve: bool | None = None,
    note: str = "",
    due_date: datetime.date | None = None,
    escalate: bool = False,
    reason: str = "",
    ask: str = "",
    decision: str = "",
) -> ItemCase:
    """Record the body's decision on a case, whatever its purpose: approve or send back a
    confirmation; act on or escalate a deviation; answer an escalation.

    Who may decide is the door's business (`get_case_for_user`); this is the one place
    that knows which decision each purpose takes.
    """
    if case.purpose == Purpose.CONFIRMATION:
        if approve is None:
            raise ServiceError(_("Vælg, om ordrebekræftelsen godkendes eller sendes tilbage."))
        decide_confirmation(actor=actor, case=case, approve=approve, note=note, due_date=due_date)
    elif case.purpose == Purpose.STATUS and escalate:
        escalate_deviation(actor=actor, case=case, reason=reason, ask=ask)
    elif case.purpose == Purpose.STATUS:
        record_status_action(actor=actor, case=case, note=note)
    elif case.purpose == Purpose.ESCALATION:
        close_escalation(actor=actor, case=case, decision=decision)
    else:
        raise ServiceError(_("Denne sag kræver ingen beslutning."))
    case.refresh_from_db()
    return case
