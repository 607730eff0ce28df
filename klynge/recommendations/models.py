"""Recommendations (anbefalinger, indstillinger) a body's decision sends on to other bodies,
followed to the receiving body's decision: sendt → på dagsordenen → besluttet.

The receiver is an external body (the regionsråd, a kommunalbestyrelse, KKR: bodies that may
not use Klynge) or a body in Klynge. A recommendation is part of the decision it came from:
who may see the decision may see the recommendation (`visible_to`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Body, Region


class ExternalBody(models.Model):
    """A body outside Klynge that receives recommendations."""

    class Kind(models.TextChoices):
        REGIONAL_COUNCIL = "regional_council", _("Regionsråd")
        MUNICIPAL_COUNCIL = "municipal_council", _("Kommunalbestyrelse")
        KKR = "kkr", _("KKR")
        HEALTH_COUNCIL = "health_council", _("Sundhedsråd")
        OTHER = "other", _("Andet")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    url = models.URLField(
        _("hjemmeside"), blank=True, help_text=_("Fx siden med organets dagsordener og referater.")
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("eksternt organ")
        verbose_name_plural = _("eksterne organer")

    def __str__(self) -> str:
        return self.name


class State(models.TextChoices):
    SENT = "sent", _("Sendt")
    ON_AGENDA = "on_agenda", _("På dagsordenen")
    DECIDED = "decided", _("Besluttet")


#: The only allowed state changes, all through `services.change_recommendation_state`. Back
#: from the agenda to sent: the receiving body took the item off its agenda (udsat).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    State.SENT: frozenset({State.ON_AGENDA}),
    State.ON_AGENDA: frozenset({State.DECIDED, State.SENT}),
    State.DECIDED: frozenset(),
}


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("tiltrådt")
    AMENDED = "amended", _("tiltrådt med ændringer")
    REJECTED = "rejected", _("afvist")


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def visible_to(self, user: object) -> "RecommendationQuerySet":
        """Those whose decision `user` may read (`MeetingAccess.can_see_decision_of`)."""
        from klynge.meetings.access import item_decision_q

        return self.filter(item_decision_q(user, "item__"))


class RecommendationManager(models.Manager["Recommendation"]):
    def get_queryset(self) -> RecommendationQuerySet:
        # The receiver is always shown: both kinds joined (the item panel's prefetch too).
        return RecommendationQuerySet(self.model, using=self._db).select_related(
            "to_external", "to_body"
        )

    def visible_to(self, user: object) -> RecommendationQuerySet:
        return self.get_queryset().visible_to(user)


class Recommendation(models.Model):
    """One decision's recommendation to one receiving body, and what became of it."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("punkt"),
    )
    to_external = models.ForeignKey(
        ExternalBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("modtager (eksternt organ)"),
    )
    to_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_recommendations",
        verbose_name=_("modtager (organ i Klynge)"),
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.SENT)
    sent_on = models.DateField(_("sendt"))
    meeting_date = models.DateField(_("modtagerens mødedato"), null=True, blank=True)
    agenda_url = models.URLField(_("link til dagsordenen"), max_length=500, blank=True)
    decided_on = models.DateField(_("besluttet"), null=True, blank=True)
    decision_text = models.TextField(_("modtagerens beslutning"), blank=True)
    outcome = models.CharField(_("udfald"), max_length=20, choices=Outcome.choices, blank=True)
    minutes_url = models.URLField(_("link til referatet"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecommendationManager()

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("anbefaling")
        verbose_name_plural = _("anbefalinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(to_external__isnull=True, to_body__isnull=False)
                | Q(to_external__isnull=False, to_body__isnull=True),
                name="recommendation_one_receiver",
            ),
            models.UniqueConstraint(
                fields=["item", "to_external"], name="recommendation_once_per_external"
            ),
            models.UniqueConstraint(
                fields=["item", "to_body"], name="recommendation_once_per_body"
            ),
            models.CheckConstraint(
                condition=Q(meeting_date__isnull=True) | Q(meeting_date__gte=F("sent_on")),
                name="recommendation_meeting_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("sent_on")),
                name="recommendation_decided_after_sent",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.ON_AGENDA) | Q(meeting_date__isnull=False),
                name="recommendation_on_agenda_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.DECIDED) | (Q(decided_on__isnull=False) & ~Q(outcome="")),
                name="recommendation_decided_has_date_and_outcome",
            ),
        ]
        indexes = [models.Index(fields=["state", "sent_on"])]

    def __str__(self) -> str:
        return f"{self.item} → {self.receiver_name}"

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", args=[self.item.meeting_id]) + f"#anbefaling-{self.pk}"

    @property
    def receiver(self) -> ExternalBody | Body:
        receiver = self.to_external or self.to_body
        assert receiver is not None
        return receiver

    @property
    def receiver_name(self) -> str:
        return self.receiver.name

    def can_change_to(self, state: str) -> bool:
        return state in ALLOWED_TRANSITIONS[self.state]

    @property
    def next_states(self) -> list[State]:
        return [State(state) for state in State.values if self.can_change_to(state)]

    @property
    def is_waiting(self) -> bool:
        return self.state != State.DECIDED


class RecommendationStateChange(models.Model):
    """History row: one per state change (the first, from nothing to sent, included)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="changes"
    )
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_state or '–'} → {self.to_state}"
