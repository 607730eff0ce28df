"""The action plan: themes, initiatives ordered by the political level, order confirmations,
approvals in Chefforum then Direktørforum, status cycles (green/yellow/red), escalations and
follow-ups of decisions.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.meetings.models import AgendaItem, Meeting
from klynge.organisations.models import Body, Cluster, Organisation, Person, roles_for


class Theme(models.Model):
    """A theme the cluster has prioritised (seed 001 has three)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    priority = models.PositiveIntegerField(_("prioritet"), default=1)
    is_active = models.BooleanField(
        _("aktivt tema"),
        default=True,
        help_text=_(
            "Fjern markeringen, når temaet ikke længere er prioriteret: dets indsatser og "
            "effektmål beholder det, men nye indsatser kan ikke vælge det."
        ),
    )

    class Meta:
        ordering = ["cluster", "-is_active", "priority", "name"]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="theme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


def reads_every_plan_of(user: object, cluster_id: int) -> bool:
    """Whether `user` reads every plan of the cluster (`ActionPlanQuerySet.visible_to`'s part
    that needs no query): administrators, the cluster's secretariat and its bodies' members."""
    roles = roles_for(user)
    return roles.is_admin or cluster_id in roles.secretariat_clusters | roles.member_clusters


class ActionPlanQuerySet(models.QuerySet["ActionPlan"]):
    def visible_to(self, user: object) -> "ActionPlanQuerySet":
        """Administrators; the secretariat and members of the cluster's bodies (see
        `reads_every_plan_of`); an initiative's project owner, lead and group (their own
        plans)."""
        roles = roles_for(user)
        if roles.is_admin:
            return self
        condition = Q(cluster_id__in=roles.secretariat_clusters | roles.member_clusters)
        if roles.person_id is not None:
            own = Initiative.objects.filter(supplied_by_q(roles.person_id)).values("plan_id")
            condition |= Q(pk__in=own)
        return self.filter(condition)


class ActionPlan(models.Model):
    """A handleplan: the political level's order of numbered initiatives."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="action_plans")
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("bestilt af"),
        help_text=_("Det politiske niveau, der bestiller handleplanen."),
    )
    title = models.CharField(_("titel"), max_length=200)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    adopted_on = models.DateField(_("vedtaget"), null=True, blank=True)
    adopted_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_plans",
        verbose_name=_("vedtaget under punkt"),
    )

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("handleplan")
        verbose_name_plural = _("handleplaner")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="plan_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plan_detail", args=[self.pk])


class State(models.TextChoices):
    ORDERED = "ordered", _("Bestilt")
    SUBMITTED = "submitted", _("Ordrebekræftelse indsendt")
    APPROVED_CHIEF = "approved_chief", _("Godkendt i Chefforum")
    ACTIVE = "active", _("Godkendt i Direktørforum (aktiv)")
    RETURNED = "returned", _("Sendt tilbage til konkretisering")
    COMPLETED = "completed", _("Afsluttet")
    STOPPED = "stopped", _("Stoppet")


#: The only allowed state changes of an initiative.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    State.ORDERED: frozenset({State.SUBMITTED, State.RETURNED, State.STOPPED}),
    State.SUBMITTED: frozenset({State.APPROVED_CHIEF, State.RETURNED, State.STOPPED}),
    State.APPROVED_CHIEF: frozenset({State.ACTIVE, State.RETURNED, State.STOPPED}),
    State.RETURNED: frozenset({State.SUBMITTED, State.STOPPED}),
    State.ACTIVE: frozenset({State.COMPLETED, State.STOPPED}),
    State.COMPLETED: frozenset(),
    State.STOPPED: frozenset(),
}
#: An initiative is open while it can still move on (what a carry-over moves to a council).
OPEN_STATES = frozenset(state for state, onward in ALLOWED_TRANSITIONS.items() if onward)


class Sector(models.TextChoices):
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Kommune")
    HOSPITAL = "hospital", _("Hospital")
    PSYCHIATRY = "psychiatry", _("Psykiatri")
    GENERAL_PRACTICE = "general_practice", _("Almen praksis")


def supplied_by_q(person_id: int, prefix: str = "") -> Q:
    """The initiatives `person_id` supplies: as project owner, lead or a member of the
    project group. They confirm the order, report status and are asked for it."""
    return Q(**{f"{prefix}pk__in": supplied_ids(person_id)})


def supplied_ids(person_id: int) -> "models.QuerySet[Any]":
    """The ids of the initiatives `person_id` supplies (`supplied_by_q`), as a subquery: one
    indexed look-up per role, together. (Asked as one condition with the group joined, the
    database read every initiative, and the join repeated an initiative per member.)"""
    owner = Initiative.objects.filter(project_owner_id=person_id)
    lead = Initiative.objects.filter(project_lead_id=person_id)
    group = Initiative.project_group.through.objects.filter(person_id=person_id)
    return (
        owner.order_by()
        .values("pk")
        .union(lead.order_by().values("pk"), group.order_by().values("initiative_id"))
    )


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def visible_to(self, user: object) -> "InitiativeQuerySet":
        return self.filter(plan__in=ActionPlan.objects.visible_to(user))

    def supplied_by(self, person_id: int) -> "InitiativeQuerySet":
        return self.filter(supplied_by_q(person_id))


class Initiative(models.Model):
    """An indsats: what the political level ordered, and who delivers it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="initiatives")
    number = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=300)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("tema"),
    )
    problem = models.TextField(_("Hvad er problemet?"), blank=True)
    target_group = models.TextField(_("Hvem er målgruppen?"), blank=True)
    what_we_can_do = models.TextField(_("Hvad kan vi gøre ved det?"), blank=True)
    goals = models.TextField(_("Hvad vil vi gerne opnå?"), blank=True)
    documentation = models.TextField(_("Hvordan dokumenterer vi vores resultater?"), blank=True)
    deliverables = models.JSONField(_("leverancer"), default=list, blank=True)
    milestones = models.JSONField(_("milepæle"), default=list, blank=True)
    period_start = models.DateField(_("periode fra"), null=True, blank=True)
    period_end = models.DateField(_("periode til"), null=True, blank=True)
    sectors = models.JSONField(_("sektorer"), default=list, blank=True)
    owner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="owned_initiatives", verbose_name=_("ejere")
    )
    project_owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_initiatives",
        verbose_name=_("projektejer"),
    )
    project_lead = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_initiatives",
        verbose_name=_("projektleder"),
    )
    project_group = models.ManyToManyField(
        Person, blank=True, related_name="initiative_groups", verbose_name=_("projektgruppe")
    )
    patient_involvement = models.TextField(
        _("patientinddragelse"),
        blank=True,
        help_text=_("Hvordan patienter er med til at beskrive opgaven, ikke kun at løse den."),
    )
    state = models.CharField(
        _("tilstand"), max_length=20, choices=State.choices, default=State.ORDERED
    )
    return_request = models.TextField(_("ønsket konkretisering"), blank=True)
    return_due = models.DateField(_("konkretiseres senest"), null=True, blank=True)
    #: The supplier's order confirmation while it is being written: saved, not sent.
    confirmation_draft = models.JSONField(default=dict, blank=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="initiative_unique_number"),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]), name="initiative_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=State.RETURNED) | Q(return_request="", return_due__isnull=True),
                name="initiative_return_request_only_when_returned",
            ),
        ]

    def __str__(self) -> str:
        return f"Indsats {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("initiative_detail", args=[self.pk])

    @property
    def confirmation_draft_saved_at(self) -> datetime.datetime | None:
        saved = self.confirmation_draft.get("saved_at")
        return datetime.datetime.fromisoformat(saved) if saved else None

    def can_change_to(self, state: str) -> bool:
        return state in ALLOWED_TRANSITIONS[self.state]

    def suppliers(self) -> list[Person]:
        """Project owner, lead and group (see `supplied_by_q`), each once."""
        people = [self.project_owner, self.project_lead, *self.project_group.all()]
        return list({p.pk: p for p in people if p is not None}.values())

    @property
    def is_returned(self) -> bool:
        return self.state == State.RETURNED


class InitiativeStateChange(models.Model):
    """History row: one per state change, with the decision that caused it, if any."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_state} → {self.to_state}"


class OrderConfirmation(models.Model):
    """An ordrebekræftelse: the supplier's delivery terms. Each resubmission is a new version."""

    #: What the supplier writes, sent or still a draft (`Initiative.confirmation_draft`).
    TERMS = ("what", "who", "where", "when", "other_terms", "patient_involvement")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Afventer")
        APPROVED_CHIEF = "approved_chief", _("Godkendt i Chefforum")
        APPROVED = "approved", _("Godkendt i Direktørforum")
        RETURNED = "returned", _("Sendt tilbage")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="confirmations"
    )
    version = models.PositiveIntegerField()
    what = models.TextField(_("Hvad leveres?"))
    who = models.TextField(_("Hvem leverer?"))
    where = models.TextField(_("Hvor?"))
    when = models.TextField(_("Hvornår?"))
    other_terms = models.TextField(_("Andre leveringsbetingelser"), blank=True)
    patient_involvement = models.TextField(_("Patientinddragelse"))
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    returned_reason = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "version"], name="confirmation_unique_version"
            ),
            models.CheckConstraint(
                condition=~Q(patient_involvement=""), name="confirmation_patient_involvement"
            ),
        ]

    def __str__(self) -> str:
        return f"Ordrebekræftelse v{self.version} for {self.initiative}"


Outcome = OrderConfirmation.Outcome

#: The only allowed outcome changes of an order confirmation: Chefforum, then Direktørforum,
#: approves, or either sends it back. Every change goes through
#: `klynge.actionplans.services._change_outcome`.
OUTCOME_TRANSITIONS: dict[str, frozenset[str]] = {
    Outcome.PENDING: frozenset({Outcome.APPROVED_CHIEF, Outcome.RETURNED}),
    Outcome.APPROVED_CHIEF: frozenset({Outcome.APPROVED, Outcome.RETURNED}),
    Outcome.APPROVED: frozenset(),
    Outcome.RETURNED: frozenset(),
}


class ConfirmationOutcomeChange(models.Model):
    """History row: one per outcome change of a confirmation, with the decision behind it."""

    confirmation = models.ForeignKey(
        OrderConfirmation, on_delete=models.CASCADE, related_name="outcome_changes"
    )
    from_outcome = models.CharField(max_length=20, choices=Outcome.choices)
    to_outcome = models.CharField(max_length=20, choices=Outcome.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.confirmation_id}: {self.from_outcome} → {self.to_outcome}"


class ItemCase(models.Model):
    """An initiative put before a body as part of an agenda item, and why."""

    class Purpose(models.TextChoices):
        CONFIRMATION = "confirmation", _("Godkendelse af ordrebekræftelse")
        STATUS = "status", _("Status (gul/rød)")
        ESCALATION = "escalation", _("Eskalering")
        SUMMARY = "summary", _("Statusorientering")

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="cases")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="cases")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    escalation = models.ForeignKey(
        "Escalation", on_delete=models.CASCADE, null=True, blank=True, related_name="cases"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["agenda_item", "initiative__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "initiative", "purpose"], name="item_case_unique"
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, outcome="")
                | (Q(decided_at__isnull=False) & ~Q(outcome="")),
                name="item_case_decided_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.initiative}"

    @property
    def needs_decision(self) -> bool:
        """A summary is for information; every other case asks the body to decide."""
        return self.purpose != self.Purpose.SUMMARY


class Rag(models.TextChoices):
    GREEN = "green", _("Grøn")
    YELLOW = "yellow", _("Gul")
    RED = "red", _("Rød")


class StatusCycle(models.Model):
    """The status round before one Chefforum meeting."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="cycles")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="status_cycles")
    deadline = models.DateField(_("frist"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-deadline"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "meeting"], name="cycle_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"Status til {self.meeting}"


class StatusReport(models.Model):
    """One initiative's status in one cycle; `rag` is empty until the owner reports."""

    cycle = models.ForeignKey(StatusCycle, on_delete=models.CASCADE, related_name="reports")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reports")
    rag = models.CharField(_("status"), max_length=10, choices=Rag.choices, blank=True)
    delivered = models.TextField(_("Hvad er leveret?"), blank=True)
    deviation = models.TextField(_("Afvigelse"), blank=True)
    cause = models.TextField(_("Årsag"), blank=True)
    proposed_action = models.TextField(_("Forslag til handling"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["cycle", "initiative__number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "initiative"], name="report_once_per_cycle"),
            models.CheckConstraint(
                condition=Q(rag="")
                | Q(rag="green")
                | (~Q(deviation="") & ~Q(cause="") & ~Q(proposed_action="")),
                name="report_deviation_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_rag_display() or 'mangler'}"


class Escalation(models.Model):
    """Chefforum asks Direktørforum to act on an initiative; closed by its decision."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="escalations")
    from_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    to_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="escalations")
    raised_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("Begrundelse"))
    ask = models.TextField(_("Hvad bedes Direktørforum om?"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    decision = models.TextField(_("Beslutning"), blank=True)
    closed_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(decision=""),
                name="escalation_closed_by_decision",
            )
        ]

    def __str__(self) -> str:
        return f"Eskalering af {self.initiative}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
