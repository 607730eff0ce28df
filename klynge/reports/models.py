"""Afrapportering: a regional body asks the clusters the same questions on a theme, each
cluster's secretariat answers its part, and Klynge compiles the parts into one document in
the shape of seed 003 (cover, contents, one section per cluster)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import Initiative
from klynge.healthplans.models import HealthPlan
from klynge.organisations.models import Body, Cluster, roles_for
from klynge.outcomes.models import Indicator

#: The five questions of an initiative description (seed 003), the default request.
FIVE_QUESTIONS = [
    "Hvad er problemet?",
    "Hvem er målgruppen/populationen?",
    "Hvad kan vi gøre ved det?",
    "Hvad vil vi gerne opnå?",
    "Hvordan dokumenterer vi vores resultater?",
]


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: object) -> "ReportQuerySet":
        """The requesting cluster's secretariat and members; the secretariats (and members)
        of the clusters asked."""
        roles = roles_for(user)
        if roles.is_admin:
            return self
        clusters = roles.secretariat_clusters | roles.member_clusters
        return self.filter(
            Q(cluster_id__in=clusters) | Q(parts__cluster_id__in=clusters)
        ).distinct()


class Report(models.Model):
    requester = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="report_requests", verbose_name=_("fra")
    )
    #: The requester's cluster, for who may read and manage the request.
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="report_requests")
    title = models.CharField(_("titel"), max_length=200)
    theme = models.CharField(_("tema"), max_length=200)
    introduction = models.TextField(
        _("indledning"), blank=True, help_text=_("Baggrunden for afrapporteringen (forsiden).")
    )
    deadline = models.DateField(_("frist"))
    questions = models.JSONField(_("spørgsmål"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("afrapportering")
        verbose_name_plural = _("afrapporteringer")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("report_detail", args=[self.pk])


class ReportPart(models.Model):
    """One cluster's answer to a report request."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Ikke påbegyndt")
        DRAFT = "draft", _("Under udarbejdelse")
        SUBMITTED = "submitted", _("Indsendt")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="parts")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="report_parts")
    status = models.CharField(max_length=20, choices=Status, default=Status.REQUESTED)
    #: One answer per question of the report, in its order.
    answers = models.JSONField(default=list)
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="+")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+")
    #: A council's part may carry its nærsundhedsplan's yearly follow-up …
    health_plan = models.ForeignKey(
        HealthPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opfølgning på nærsundhedsplan"),
    )
    #: … and its money (frame, allocated, committed, spent, left) for one year.
    money_year = models.PositiveSmallIntegerField(_("økonomi for året"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "cluster__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "cluster"], name="report_part_once"),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "draft", "submitted"]),
                name="report_part_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.cluster}"

    def get_absolute_url(self) -> str:
        return reverse("report_part", args=[self.pk])

    def answer_pairs(self) -> list[tuple[str, str]]:
        answers = list(self.answers) + [""] * len(self.report.questions)
        return list(zip(self.report.questions, answers, strict=False))
