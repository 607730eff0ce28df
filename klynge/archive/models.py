import bisect
import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.meetings.models import Meeting
from klynge.organisations.models import Body, Cluster

#: The holding area for imported bodies that no cluster was given for.
UNPLACED_CLUSTER = "Arkiv — ikke placeret"


#: More pages than this are left to the downloaded original.
MAX_PAGE_IMAGES = 200


def source_path(instance: "SourceDocument", filename: str) -> str:
    return f"archive/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class SourceStatus(models.TextChoices):
    WAITING = "waiting", _("Venter")
    NEEDS_REVIEW = "review", _("Skal gennemses")
    #: Read, but no meeting structure found: kept with its text, found by search, and waiting
    #: for a person to mark where its items begin.
    NO_ITEMS = "no_items", _("Ingen punkter fundet – markér dem")
    ACCEPTED = "accepted", _("Godkendt")
    FAILED = "failed", _("Fejlet")


class SourceDocument(models.Model):
    """An original file of legacy minutes: kept as given, with what was read from it."""

    Status = SourceStatus

    #: Statuses in which the parsed meeting may still be corrected and accepted.
    REVIEWABLE = (Status.NEEDS_REVIEW,)
    #: Statuses in which a person may mark the lines where items begin.
    MARKABLE = (Status.NEEDS_REVIEW, Status.NO_ITEMS)

    file = models.FileField(upload_to=source_path, max_length=300)
    original_name = models.CharField(_("filnavn"), max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    format = models.CharField(_("format"), max_length=20, blank=True)
    parser_version = models.CharField(max_length=20, blank=True)
    pages = models.PositiveIntegerField(default=0)
    ocr_pages = models.PositiveIntegerField(default=0)
    original_text = models.TextField(_("udtrukket tekst"), blank=True)
    text = models.TextField(_("rettet tekst"), blank=True)
    repairs = models.JSONField(_("rettelser"), default=list, blank=True)
    warnings = models.JSONField(_("advarsler"), default=list, blank=True)
    parsed = models.JSONField(_("fortolket møde"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("klynge")
    )
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("organ")
    )
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_document",
    )
    created_people = models.JSONField(default=list, blank=True)
    #: What the import created, to tell whether anyone has edited it since (undo is then refused).
    imported_fingerprint = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kildedokument")
        verbose_name_plural = _("kildedokumenter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in SourceStatus]),
                name="source_document_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("archive_document", args=[self.pk])

    @property
    def is_reviewable(self) -> bool:
        return self.status in self.REVIEWABLE

    @property
    def is_markable(self) -> bool:
        return self.status in self.MARKABLE

    @property
    def page_numbers(self) -> range:
        """The pages the review page shows as images: those of a PDF or a scan."""
        if self.format not in ("pdf", "pdf-ocr", "image-ocr"):
            return range(0)
        return range(1, min(self.pages, MAX_PAGE_IMAGES) + 1)

    def page_at(self, offset: int) -> int:
        """The page (from 1) on which `offset` of `text` stands."""
        starts = (self.parsed or {}).get("page_starts") or [0]
        return max(1, bisect.bisect_right(starts, offset))

    @property
    def parsed_items(self) -> list[dict[str, Any]]:
        return list(self.parsed.get("items") or [])

    @staticmethod
    def hash_of(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()
