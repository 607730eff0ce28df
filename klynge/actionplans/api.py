import datetime

from ninja import Router, Schema, Status

from klynge.accounts.http import AuthedRequest
from klynge.actionplans import services
from klynge.actionplans.access import (
    as_known,
    escalation_closed_visible,
    escalation_visible,
    get_case_for_user,
    get_initiative_for_user,
    get_plan_for_user,
    get_report_for_user,
)
from klynge.actionplans.models import (
    ActionPlan,
    Escalation,
    Initiative,
    InitiativeStateChange,
    ItemCase,
    OrderConfirmation,
    Rag,
    StatusReport,
)
from klynge.core.schema import Id, column, responses

router = Router(tags=["action plans"])


class PlanOut(Schema):
    id: int
    cluster_id: Id
    body_id: Id
    title: str
    period_start: datetime.date
    period_end: datetime.date
    adopted_on: datetime.date | None


class InitiativeOut(Schema):
    id: int
    plan_id: Id
    number: int
    title: str
    theme: str | None
    state: str
    problem: str
    target_group: str
    what_we_can_do: str
    goals: str
    documentation: str
    deliverables: list[str]
    sectors: list[str]
    patient_involvement: str
    project_owner_id: int | None
    project_lead_id: int | None
    return_request: str
    return_due: datetime.date | None

    @staticmethod
    def resolve_theme(obj: Initiative) -> str | None:
        return obj.theme.name if obj.theme else None


class ReportOut(Schema):
    id: int
    initiative_id: Id
    meeting_id: Id
    deadline: datetime.date
    rag: str
    delivered: str
    deviation: str
    cause: str
    proposed_action: str
    reported_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_meeting_id(obj: StatusReport) -> int:
        return obj.cycle.meeting_id

    @staticmethod
    def resolve_deadline(obj: StatusReport) -> datetime.date:
        return obj.cycle.deadline


class EscalationOut(Schema):
    id: int
    initiative_id: Id
    from_body_id: Id
    to_body_id: Id
    reason: str
    ask: str
    decision: str
    raised_at: datetime.datetime
    closed_at: datetime.datetime | None


class ConfirmationIn(Schema):
    what: str = column(OrderConfirmation, "what")
    who: str = column(OrderConfirmation, "who")
    where: str = column(OrderConfirmation, "where")
    when: str = column(OrderConfirmation, "when")
    other_terms: str = column(OrderConfirmation, "other_terms", "")
    patient_involvement: str = column(OrderConfirmation, "patient_involvement")


class ConfirmationOut(ConfirmationIn):
    id: int
    version: int
    outcome: str


class ReportIn(Schema):
    rag: Rag
    delivered: str = column(StatusReport, "delivered", "")
    deviation: str = column(StatusReport, "deviation", "")
    cause: str = column(StatusReport, "cause", "")
    proposed_action: str = column(StatusReport, "proposed_action", "")
    version: int = column(
        StatusReport,
        "version",
        description="The report's version as read; a report changed since is not overwritten.",
    )


class DecisionIn(Schema):
    """Confirmation: approve (and note/due_date when sending back). Status: note, or
    escalate with reason and ask. Escalation: decision."""

    approve: bool | None = None
    note: str = column(InitiativeStateChange, "note", "")
    due_date: datetime.date | None = None
    escalate: bool = False
    reason: str = column(Escalation, "reason", "")
    ask: str = column(Escalation, "ask", "")
    decision: str = column(Escalation, "decision", "")


class CaseOut(Schema):
    id: int
    initiative_id: Id
    purpose: str
    outcome: str
    decided_at: datetime.datetime | None


@router.get("/plans", response=responses(list[PlanOut]))
def list_plans(request: AuthedRequest) -> list[ActionPlan]:
    return list(ActionPlan.objects.visible_to(request.user))


@router.get("/plans/{plan_id}/initiatives", response=responses(list[InitiativeOut]))
def list_initiatives(request: AuthedRequest, plan_id: Id) -> list[Initiative]:
    plan = get_plan_for_user(request.user, plan_id)
    return [as_known(request.user, i) for i in plan.initiatives.select_related("theme", "plan")]


@router.get("/initiatives/{initiative_id}", response=responses(InitiativeOut))
def get_initiative(request: AuthedRequest, initiative_id: Id) -> Initiative:
    return as_known(request.user, get_initiative_for_user(request.user, initiative_id))


@router.get("/initiatives/{initiative_id}/reports", response=responses(list[ReportOut]))
def list_reports(request: AuthedRequest, initiative_id: Id) -> list[StatusReport]:
    initiative = get_initiative_for_user(request.user, initiative_id)
    return list(initiative.reports.select_related("cycle").order_by("cycle__deadline"))


@router.get("/escalations", response=responses(list[EscalationOut]))
def list_escalations(request: AuthedRequest, open: bool = False) -> list[Escalation]:
    """Escalations known to the user: raised by a decision they may read; the answer once
    they may read the decision that closed it."""
    escalations = Escalation.objects.filter(
        initiative__in=Initiative.objects.visible_to(request.user)
    ).select_related("raised_item__meeting__body", "closed_item__meeting__body")
    visible = []
    for escalation in escalations:
        if not escalation_visible(request.user, escalation):
            continue
        if not escalation_closed_visible(request.user, escalation):
            escalation.decision, escalation.closed_at = "", None
        if open and escalation.closed_at is not None:
            continue
        visible.append(escalation)
    return visible


@router.post("/initiatives/{initiative_id}/confirmations", response=responses(ConfirmationOut, 201))
def submit_confirmation(
    request: AuthedRequest, initiative_id: Id, payload: ConfirmationIn
) -> Status[ConfirmationOut]:
    initiative = get_initiative_for_user(request.user, initiative_id, report=True)
    confirmation = services.submit_confirmation(
        actor=request.user, initiative=initiative, values=payload.dict()
    )
    return Status(201, ConfirmationOut.from_orm(confirmation))


@router.put("/reports/{report_id}", response=responses(ReportOut))
def report_status(request: AuthedRequest, report_id: Id, payload: ReportIn) -> StatusReport:
    report = get_report_for_user(request.user, report_id)
    values = payload.dict(exclude={"version"})
    return services.report_status(
        actor=request.user, report=report, values=values, version=payload.version
    )


@router.post("/cases/{case_id}/decision", response=responses(CaseOut))
def record_decision(request: AuthedRequest, case_id: Id, payload: DecisionIn) -> ItemCase:
    case = get_case_for_user(request.user, case_id)
    return services.decide_case(actor=request.user, case=case, **payload.dict())
