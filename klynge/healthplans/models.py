"""The nærsundhedsplan (L 42, 2025-26): each sundhedsråd's plan for its area and period.

A plan is written in sections (rich text) with goals; the living text is the secretariat's
draft. Each version sent in hearing or for approval is frozen (`PlanVersion.content`), so a
comparison of two versions shows what changed. A hearing sends one version to a list of
parties, each answering once through a personal link (or recorded by the secretariat); the
høringsnotat is made from the answers. The council recommends a version to the approving
bodies through the recommendation chain (`klynge.recommendations`); the plan is approved
when every required body has answered yes. Afterwards each goal is followed up.

The hearing parties, the approving bodies and the period are set per plan, because the
law's details (who is heard, who approves, how often) are not settled.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import Initiative
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Body, Cluster, Organisation
from klynge.outcomes.models import Indicator
from klynge.recommendations.models import ExternalBody


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    IN_HEARING = "in_hearing", _("I høring")
    RECOMMENDED = "recommended", _("Sendt til godkendelse")
    APPROVED = "approved", _("Godkendt")


#: The only allowed status changes (`services.change_plan_status`). The draft is written
#: while in hearing too; back to the draft when a hearing ends early or an approving body
#: says no, so the plan can be revised and recommended again.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.IN_HEARING, PlanStatus.RECOMMENDED}),
    PlanStatus.IN_HEARING: frozenset({PlanStatus.DRAFT, PlanStatus.RECOMMENDED}),
    PlanStatus.RECOMMENDED: frozenset({PlanStatus.APPROVED, PlanStatus.DRAFT}),
    PlanStatus.APPROVED: frozenset(),
}

#: While the draft may be written.
EDITABLE_STATES = frozenset({PlanStatus.DRAFT, PlanStatus.IN_HEARING})


class HealthPlan(models.Model):
    """One council's nærsundhedsplan for one period."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="health_plans", verbose_name=_("råd")
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="health_plans",
        verbose_name=_("besluttende organ"),
        help_text=_("Det organ, der indstiller planen til godkendelse (fx rådets politiske møde)."),
    )
    title = models.CharField(_("titel"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("periode fra (år)"))
    period_end = models.PositiveSmallIntegerField(_("periode til (år)"))
    introduction = models.TextField(_("indledning"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approvers = models.ManyToManyField(
        ExternalBody,
        blank=True,
        related_name="+",
        verbose_name=_("godkendende organer"),
        help_text=_("Planen er godkendt, når alle disse organer har tiltrådt den."),
    )
    approved_version = models.ForeignKey(
        "PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkendt version"),
    )
    approved_on = models.DateField(_("godkendt"), null=True, blank=True)
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cluster__name", "-period_start", "id"]
        verbose_name = _("nærsundhedsplan")
        verbose_name_plural = _("nærsundhedsplaner")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="health_plan_period"
            ),
            models.CheckConstraint(
                condition=Q(period_start__gte=2000, period_end__lte=2100),
                name="health_plan_years",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.APPROVED)
                | Q(approved_version__isnull=False, approved_on__isnull=False),
                name="health_plan_approved_has_version",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status=PlanStatus.APPROVED),
                name="health_plan_published_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("health_plan_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    def can_change_to(self, status: str) -> bool:
        return status in ALLOWED_TRANSITIONS[self.status]


class PlanStatusChange(models.Model):
    """History row: one per status change of a plan."""

    plan = models.ForeignKey(HealthPlan, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.from_status or '–'} → {self.to_status}"


class PlanSection(models.Model):
    """A chapter of the draft: a heading and rich text (the sagsfremstilling's editor)."""

    plan = models.ForeignKey(HealthPlan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("rækkefølge"), default=1)
    title = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("health_plan_detail", args=[self.plan_id]) + f"#afsnit-{self.pk}"


class GoalStatus(models.TextChoices):
    ON_TRACK = "on_track", _("Følger planen")
    AT_RISK = "at_risk", _("I risiko")
    OFF_TRACK = "off_track", _("Følger ikke planen")


class PlanGoal(models.Model):
    """A goal of a section: what the council wants to achieve, for whom, by when, and the
    initiatives and indicators that pursue it. Its follow-up status is set with a reason."""

    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveIntegerField(_("rækkefølge"), default=1)
    text = models.TextField(_("mål"))
    population = models.CharField(_("målgruppe eller område"), max_length=300, blank=True)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="plan_goals", verbose_name=_("indsatser")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="plan_goals", verbose_name=_("indikatorer")
    )
    status = models.CharField(
        _("opfølgning"), max_length=20, choices=GoalStatus.choices, blank=True
    )
    status_reason = models.TextField(_("begrundelse"), blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["section", "position", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("health_plan_detail", args=[self.section.plan_id]) + f"#maal-{self.pk}"


class GoalStatusChange(models.Model):
    """History row: each follow-up status given to a goal, with its reason (the yearly
    follow-up report reads them)."""

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=GoalStatus.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.status}"


class PlanVersion(models.Model):
    """A frozen copy of the plan as it was sent in hearing, recommended or approved."""

    class Purpose(models.TextChoices):
        HEARING = "hearing", _("Høringsudkast")
        APPROVAL = "approval", _("Til godkendelse")
        APPROVED = "approved", _("Godkendt")
        OTHER = "other", _("Arbejdsversion")

    plan = models.ForeignKey(HealthPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose.choices)
    #: {"title", "introduction", "period_start", "period_end", "sections": [{"id",
    #: "title", "text", "goals": [{"id", "text", "population", "deadline",
    #: "initiatives": [[id, label], …], "indicators": [[id, label], …]}]}]}
    content = models.JSONField(editable=False)
    #: The council's decision that recommended this version (approval versions).
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("punkt med beslutningen"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versioner")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("plan_version_detail", args=[self.pk])


class Hearing(models.Model):
    """One version of a plan sent in hearing to a list of parties, with a deadline."""

    plan = models.ForeignKey(HealthPlan, on_delete=models.CASCADE, related_name="hearings")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="hearings")
    deadline = models.DateField(_("høringsfrist"))
    message = models.TextField(
        _("følgebrev"), blank=True, help_text=_("Står over høringsudkastet på høringssiden.")
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The agenda item the høringsnotat was put on as bilag.
    notat_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-created_at"]
        verbose_name = _("høring")
        verbose_name_plural = _("høringer")

    def __str__(self) -> str:
        return f"{self.plan}: høring v{self.version.number}"

    def get_absolute_url(self) -> str:
        return reverse("hearing_detail", args=[self.pk])


class HearingParty(models.Model):
    """A party heard: its name, e-mail and kind. It answers through a personal link whose
    token only the mail holds (the row keeps its SHA-256)."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"))
    kind = models.CharField(
        _("type"), max_length=30, choices=Organisation.Kind.choices, default=Organisation.Kind.OTHER
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    link_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["hearing", "name"]
        verbose_name = _("høringspart")
        verbose_name_plural = _("høringsparter")
        constraints = [
            models.UniqueConstraint(fields=["hearing", "name"], name="hearing_party_once"),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="hearing_party_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HearingAnswer(models.Model):
    """A party's one answer (høringssvar), and the secretariat's reading of it for the
    høringsnotat: a summary, a comment, and whether (and where) the plan changes."""

    class Via(models.TextChoices):
        LINK = "link", _("Via høringslinket")
        SECRETARIAT = "secretariat", _("Registreret af sekretariatet")

    party = models.OneToOneField(HearingParty, on_delete=models.CASCADE, related_name="answer")
    text = models.TextField(_("høringssvar"), blank=True)
    file = models.FileField(_("fil"), upload_to="hoeringssvar/%Y/", blank=True)
    file_name = models.CharField(_("filnavn"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("modtaget"))
    via = models.CharField(max_length=20, choices=Via.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(_("resumé"), blank=True)
    comment = models.TextField(_("sekretariatets bemærkning"), blank=True)
    changes_plan = models.BooleanField(_("giver anledning til ændring af planen"), default=False)
    section = models.ForeignKey(
        PlanSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearing_answers",
        verbose_name=_("afsnit, der ændres"),
    )

    class Meta:
        ordering = ["party__name"]
        verbose_name = _("høringssvar")
        verbose_name_plural = _("høringssvar")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(file=""), name="hearing_answer_has_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.received_at:%Y-%m-%d}"

    @property
    def is_assessed(self) -> bool:
        """The secretariat has read it for the høringsnotat: a summary, a comment, or a
        change of the plan. Until then its "no change" is no answer ("Ikke vurderet")."""
        return bool(self.summary.strip() or self.comment.strip() or self.changes_plan)
