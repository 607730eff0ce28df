"""Afrapportering: a regional body asks the clusters the same questions on a theme, each
cluster's secretariat answers its part, and Klynge compiles the parts into one document in
the shape of seed 003 (cover, contents, one section per cluster)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
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


#: A build takes seconds (20 clusters: 6 s); one still waiting after this is offered again.
STALLED_AFTER = datetime.timedelta(minutes=10)


class CompiledDocument(models.Model):
    """The compiled afrapportering (PDF or Word) of one version of the report's content,
    built by the worker (`reports.tasks`) and served again while the content stays the same.

    The version is a hash of everything the documents show (`documents.version`): a change
    to any of it is a new version, which is built anew; a change that shows nowhere (a
    draft's answers) is not. Only the newest built version of a report's format is kept."""

    class Status(models.TextChoices):
        BUILDING = "building", _("Dannes")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Kunne ikke dannes")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="compiled")
    format = models.CharField(max_length=4, choices=Format)
    version = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status, default=Status.BUILDING)
    content = models.BinaryField(default=b"")
    filename = models.CharField(max_length=100, blank=True)
    #: When the build was asked for (again, after a failure): a build waiting far longer than
    #: a build takes is offered again (`stalled`).
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "format", "version"], name="compiled_document_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["building", "ready", "failed"]),
                name="compiled_document_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["pdf", "docx"]), name="compiled_document_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.format} {self.version[:12]} ({self.status})"

    @property
    def stalled(self) -> bool:
        """Still waiting long after a build would have finished (no worker ran it)."""
        return (
            self.status == self.Status.BUILDING
            and timezone.now() - self.requested_at > STALLED_AFTER
        )
