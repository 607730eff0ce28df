"""The council's money: the yearly minimum frame (minimumsramme), allocations to initiatives,
co-financing commitments and spending. Every amount is whole kroner in an integer column:
no floats anywhere, so sums are exact (`figures.py` adds them up).

A council's year: frame − allocated − committed = left; allocations above the frame are
allowed and shown in red with the amount over.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import Initiative
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Cluster, Organisation

_YEARS = Q(year__gte=2000, year__lte=2100)


class Frame(models.Model):
    """The minimum frame a council has to spend in a year (set by the minister, allocated
    by the regionsråd)."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="frames", verbose_name=_("råd")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.PositiveBigIntegerField(_("ramme (kr.)"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cluster", "-year"]
        verbose_name = _("ramme")
        verbose_name_plural = _("rammer")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="frame_once_per_year"),
            models.CheckConstraint(condition=_YEARS, name="frame_year"),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} {self.year}"


class Allocation(models.Model):
    """Money granted to an initiative for one year, by a decision (an agenda item's). A grant
    over several years is one row a year, with the same decision."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("råd")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("indsats"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.PositiveBigIntegerField(_("beløb (kr.)"))
    decision_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("bevilget ved beslutning"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cluster", "year", "initiative__number", "id"]
        verbose_name = _("bevilling")
        verbose_name_plural = _("bevillinger")
        constraints = [models.CheckConstraint(condition=_YEARS, name="allocation_year")]
        indexes = [models.Index(fields=["cluster", "year"])]

    def __str__(self) -> str:
        return f"{self.initiative} {self.year}: {self.amount}"


class CoFinancing(models.Model):
    """A commitment that one party pays a share of a service to another in a year (the
    regionsråd co-financing a municipal health service, say)."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="co_financings", verbose_name=_("råd")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    payer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("betaler")
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("modtager")
    )
    service = models.CharField(_("hvad der medfinansieres"), max_length=300)
    share_percent = models.PositiveSmallIntegerField(_("andel (%)"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("beløb (kr.)"))
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_financings",
        verbose_name=_("indsats"),
    )
    decision_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="co_financings",
        verbose_name=_("besluttet ved"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cluster", "year", "payer__name", "id"]
        verbose_name = _("medfinansiering")
        verbose_name_plural = _("medfinansieringer")
        constraints = [
            models.CheckConstraint(condition=_YEARS, name="co_financing_year"),
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True)
                | Q(share_percent__gte=1, share_percent__lte=100),
                name="co_financing_share",
            ),
            models.CheckConstraint(
                condition=~Q(payer=models.F("recipient")), name="co_financing_two_parties"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer} → {self.recipient} {self.year}: {self.amount}"


class SpendingImport(models.Model):
    """A confirmed CSV or XLSX import of spending; the original file is kept."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="spending_imports", verbose_name=_("råd")
    )
    file = models.FileField(upload_to="budgets/imports/%Y/")
    original_name = models.CharField(_("filnavn"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rækker"))
    #: The preview this import confirmed: each preview is confirmed once (the back button,
    #: a page sent twice). Null for an import made without a preview.
    preview_key = models.CharField(  # noqa: DJ001
        max_length=32, unique=True, null=True, editable=False
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("indlæsning af forbrug")
        verbose_name_plural = _("indlæsninger af forbrug")

    def __str__(self) -> str:
        return self.original_name


class Spending(models.Model):
    """What an initiative spent in a quarter (entered, or imported from a spreadsheet).
    Negative amounts are corrections (a refund, a booking reversed)."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Indtastet")
        IMPORTED = "imported", _("Importeret")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="spendings", verbose_name=_("råd")
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="spendings", verbose_name=_("indsats")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(_("kvartal"))
    amount = models.BigIntegerField(_("forbrug (kr.)"))
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ENTERED)
    imported_from = models.ForeignKey(
        SpendingImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spendings",
        verbose_name=_("indlæst fra"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cluster", "year", "quarter", "initiative__number"]
        verbose_name = _("forbrug")
        verbose_name_plural = _("forbrug")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year", "quarter"], name="spending_once_per_quarter"
            ),
            models.CheckConstraint(condition=_YEARS, name="spending_year"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="spending_quarter"
            ),
        ]
        indexes = [models.Index(fields=["cluster", "year"])]

    def __str__(self) -> str:
        return f"{self.initiative} {self.year} K{self.quarter}: {self.amount}"
