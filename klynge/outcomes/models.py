"""What difference the initiatives make: Triple Aim indicators and their measurements,
evaluation notes at 3, 6 and 12 months, and the data packages (datapakker) of a theme.

An indicator belongs to an initiative, to a theme, or to a cluster's population (neither).
Its cluster is stored on the row too, so who may read it is one filter.
"""

import decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import ActionPlan, Initiative, Theme
from klynge.organisations.models import Cluster, roles_for


class Dimension(models.TextChoices):
    """The Triple Aim, and equity, which the regions add to it."""

    HEALTH = "health", _("Sundhedstilstand")
    QUALITY = "quality", _("Klinisk og oplevet kvalitet")
    COST = "cost", _("Omkostninger pr. borger")
    EQUITY = "equity", _("Lighed i sundhed")


class Unit(models.TextChoices):
    COUNT = "count", _("Antal")
    PERCENT = "percent", _("Procent")
    MONEY = "money", _("Kroner")
    SCORE = "score", _("Score")


class Direction(models.TextChoices):
    UP = "up", _("Højere er bedre")
    DOWN = "down", _("Lavere er bedre")


class DataSource(models.TextChoices):
    EPJ = "epj", _("Hospitalernes EPJ")
    CARE_SYSTEM = "care_system", _("Kommunens omsorgs- og journalsystem (fx Bosted)")
    REGIONAL_DATABASE = "regional_database", _("Regionale databaser")
    MUNICIPAL_DATABASE = "municipal_database", _("Kommunale databaser")
    SURVEY = "survey", _("Spørgeskema")
    HEALTH_PROFILE = "health_profile", _("Sundhedsprofilen “Hvordan har du det?”")
    NATIONAL_DATABASE = "national_database", _("Nationale databaser og registre")
    OTHER = "other", _("Anden kilde")


#: A value's digits in all, and after the decimal mark: enough for per-capita kroner and
#: percentages.
VALUE_DIGITS = 16
VALUE_DECIMALS = 4
#: Every stored value lies strictly between minus this and this.
VALUE_LIMIT = decimal.Decimal(10) ** (VALUE_DIGITS - VALUE_DECIMALS)
#: SQLite keeps a decimal as a float: 15 significant digits come back as written, a 16th
#: is rounded (999999999999.9999 came back as 10^12, beyond the column, unreadable).
VALUE_SIGNIFICANT_DIGITS = 15


class ValueField(models.DecimalField):
    """A decimal column that reads a value beyond its digits as NaN instead of failing.

    PostgreSQL refuses such a value when it is written; SQLite stores it, and Django's
    reader then raises InvalidOperation for every page and API answer that reads the row
    (one value posted around the checks once broke the indicator, theme and API pages for
    everyone). Read as NaN, the value shows as "ugyldig værdi" and can be deleted.
    """

    @cached_property
    def context(self) -> decimal.Context:
        return decimal.Context(prec=self.max_digits, traps=[])


def value_field(label: Any, **options: Any) -> ValueField:
    return ValueField(label, max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS, **options)


def storable_value(value: decimal.Decimal | int | float) -> decimal.Decimal:
    """`value` as a value column holds it, or ValueError with a Danish message.

    The one check of a value, whoever sends it (page, file or API): a finite number with
    fewer than 13 digits before the decimal mark, at most four after it and at most 15 in
    all, so every database gives back what was stored. More decimals are refused, not
    rounded: forms and imports round what people type before this, and a program that sends
    more should hear that they would be lost. -0 is stored as 0.
    """
    value = decimal.Decimal(str(value)) if isinstance(value, int | float) else value
    if not value.is_finite() or value.copy_abs() >= VALUE_LIMIT:
        raise ValueError(
            _("%(value)s er ikke et brugbart tal (højst 12 cifre før kommaet)")
            % {"value": str(value)[:40]}
        )
    stored = value.quantize(decimal.Decimal(1).scaleb(-VALUE_DECIMALS))
    if stored != value:
        raise ValueError(
            _("%(value)s har flere end %(places)s decimaler")
            % {"value": str(value)[:40], "places": VALUE_DECIMALS}
        )
    if len(stored.normalize().as_tuple().digits) > VALUE_SIGNIFICANT_DIGITS:
        raise ValueError(
            _("%(value)s har flere end %(digits)s betydende cifre")
            % {"value": str(value)[:40], "digits": VALUE_SIGNIFICANT_DIGITS}
        )
    return stored + 0


def readable(value: decimal.Decimal | None) -> decimal.Decimal | None:
    """The value, or None when it could not be read (see `ValueField`)."""
    if isinstance(value, decimal.Decimal) and not value.is_finite():
        return None
    return value


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def visible_to(self, user: object) -> "IndicatorQuerySet":
        """An initiative's indicators with the initiative; the others with the cluster's
        plans (its secretariat and the members of its bodies)."""
        roles = roles_for(user)
        if roles.is_admin:
            return self
        plans = ActionPlan.objects.visible_to(user).values("pk")
        clusters = roles.secretariat_clusters | roles.member_clusters
        return self.filter(
            Q(initiative__plan__in=plans) | Q(initiative__isnull=True, cluster_id__in=clusters)
        )


class Indicator(models.Model):
    """An effektmål: what is measured, from where, and where it should get to."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="indicators")
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("indsats"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("tema"),
    )
    name = models.CharField(_("navn"), max_length=200)
    dimension = models.CharField(_("Triple Aim-dimension"), max_length=20, choices=Dimension)
    definition = models.TextField(
        _("definition"),
        blank=True,
        help_text=_("Hvad tælles, hvem er med, og hvordan opgøres det?"),
    )
    unit = models.CharField(_("enhed"), max_length=20, choices=Unit, default=Unit.PERCENT)
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction, default=Direction.UP
    )
    data_source = models.CharField(_("datakilde"), max_length=30, choices=DataSource)
    data_source_detail = models.CharField(
        _("datakilde, uddybet"), max_length=200, blank=True, help_text=_("Fx Rygestopbasen.")
    )
    baseline_value = value_field(_("baseline"), null=True, blank=True)
    baseline_date = models.DateField(_("baseline, dato"), null=True, blank=True)
    target_value = value_field(_("måltal"), null=True, blank=True)
    target_date = models.DateField(_("måltal, dato"), null=True, blank=True)
    comparison_value = value_field(_("sammenligning"), null=True, blank=True)
    comparison_label = models.CharField(
        _("sammenlignet med"), max_length=200, blank=True, help_text=_("Fx Landsgennemsnit.")
    )
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["cluster", "initiative", "theme", "position", "pk"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=True) | Q(theme__isnull=True),
                name="indicator_on_initiative_or_theme",
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=[d.value for d in Dimension]),
                name="indicator_dimension_valid",
            ),
            models.CheckConstraint(
                condition=Q(unit__in=[u.value for u in Unit]), name="indicator_unit_valid"
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_date__isnull=False),
                name="indicator_baseline_dated",
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_date__isnull=False),
                name="indicator_target_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicator_detail", args=[self.pk])

    @property
    def owner_label(self) -> str:
        if self.initiative_id:
            return str(self.initiative)
        if self.theme_id:
            return _("Tema: %(name)s") % {"name": self.theme}
        return _("Befolkningen i %(cluster)s") % {"cluster": self.cluster}

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT


class MeasurementImport(models.Model):
    """A confirmed CSV or XLSX import of measurements; the original file is kept."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to="outcomes/imports/%Y/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    #: The preview this import confirmed: each preview is confirmed once (posting the same
    #: confirmation again brought back rows deleted since). Null, not "", for imports made
    #: before or without a preview, so that they do not collide on the unique key.
    preview_key = models.CharField(  # noqa: DJ001
        max_length=32, unique=True, null=True, editable=False
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Measurement(models.Model):
    """One dated value: a period's result as its source reported it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("dato"))
    value = value_field(_("værdi"))
    numerator = value_field(_("tæller"), null=True, blank=True)
    denominator = value_field(_("nævner"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    imported_from = models.ForeignKey(
        MeasurementImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
    )

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="measurement_one_per_date"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="measurement_denominator_positive",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="measurement_numerator_within_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"

    @property
    def value_text(self) -> str:
        """The value as shown, without its unit ("ugyldig værdi" if it cannot be read)."""
        return format_value(self.value)


def format_value(value: decimal.Decimal | float | None, unit: str = "") -> str:
    """A value as Danes write it: `1.234,5`, `46 %`, `12.500 kr.`; at most two decimals."""
    if value is None:
        return "–"
    number = decimal.Decimal(str(value))
    if not number.is_finite():
        return str(_("ugyldig værdi"))
    number = number.quantize(decimal.Decimal("0.01"), decimal.ROUND_HALF_UP)
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if unit == Unit.PERCENT:
        return f"{text}\u00a0%"
    if unit == Unit.MONEY:
        return f"{text}\u00a0kr."
    return text


def percent_of(numerator: decimal.Decimal, denominator: decimal.Decimal) -> decimal.Decimal:
    return (numerator * 100 / denominator).quantize(decimal.Decimal("0.0001"))


class EvaluationNote(models.Model):
    """What the evaluation found 3, 6 and 12 months into an initiative."""

    class Months(models.IntegerChoices):
        THREE = 3, _("3 måneder")
        SIX = 6, _("6 måneder")
        TWELVE = 12, _("12 måneder")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="evaluation_notes"
    )
    months = models.PositiveSmallIntegerField(_("evaluering efter"), choices=Months)
    text = models.TextField(_("evaluering"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["initiative", "months"]
        verbose_name = _("evalueringsnotat")
        verbose_name_plural = _("evalueringsnotater")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "months"], name="evaluation_note_one_per_point"
            ),
            models.CheckConstraint(
                condition=Q(months__in=[3, 6, 12]), name="evaluation_note_months_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_months_display()}"


class DeliverableStatus(models.Model):
    """How far one of an initiative's deliverables (leverancer) has come."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        STARTED = "started", _("I gang")
        DELIVERED = "delivered", _("Leveret")
        DROPPED = "dropped", _("Udgået")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="deliverable_statuses"
    )
    deliverable = models.CharField(max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "deliverable"], name="deliverable_status_once"
            )
        ]

    def __str__(self) -> str:
        return self.deliverable


class DataPackage(models.Model):
    """A datapakke: population data for a target group, shown on its theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="data_packages")
    title = models.CharField(_("titel"), max_length=200)
    target_group = models.CharField(_("målgruppe"), max_length=300)
    sources = models.CharField(
        _("datakilder"), max_length=500, help_text=_("Fx Sundhedsprofilen 2017, Bosted, LPR.")
    )
    file = models.FileField(upload_to="outcomes/data/%Y/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    #: The table as read: {"columns": [...], "rows": [[...], ...]}, numbers as numbers.
    table = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme", "title"]
        verbose_name = _("datapakke")
        verbose_name_plural = _("datapakker")

    def __str__(self) -> str:
        return self.title
