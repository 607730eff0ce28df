"""Clusters, their bodies, the organisations at the table, and people's memberships over time."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.accounts.models import User
from klynge.core.pdf import data_url


class Region(models.TextChoices):
    NORDJYLLAND = "nordjylland", _("Region Nordjylland")
    MIDTJYLLAND = "midtjylland", _("Region Midtjylland")
    SYDDANMARK = "syddanmark", _("Region Syddanmark")
    SJAELLAND = "sjaelland", _("Region Sjælland")
    HOVEDSTADEN = "hovedstaden", _("Region Hovedstaden")
    OESTDANMARK = "oestdanmark", _("Region Østdanmark")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Kommune")
        HOSPITAL = "hospital", _("Hospital")
        PSYCHIATRY = "psychiatry", _("Psykiatri")
        GENERAL_PRACTICE = "general_practice", _("Almen praksis (PLO)")
        PATIENT_ORGANISATION = "patient_organisation", _("Patientorganisation")
        OTHER = "other", _("Anden")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A sundhedsklynge, a sundhedsråd or a regional cross-sector committee."""

    class Kind(models.TextChoices):
        HEALTH_CLUSTER = "health_cluster", _("Sundhedsklynge")
        HEALTH_COUNCIL = "health_council", _("Sundhedsråd")
        REGIONAL_COMMITTEE = "regional_committee", _("Regionalt tværsektorielt udvalg")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    #: The cluster's logo (PNG or JPEG, as uploaded) in the header of its documents.
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("efterfølger"),
        help_text=_("Fx det sundhedsråd, der overtager klyngens arbejde fra 2027."),
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="clusters", verbose_name=_("organisationer")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("klynge")
        verbose_name_plural = _("klynger")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="cluster_valid_period",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")), name="cluster_not_own_successor"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cluster_detail", args=[self.pk])

    def logo_bytes(self) -> bytes:
        """The logo as uploaded, or nothing (also when the file is lost from storage: a
        missing logo must not stop an agenda)."""
        if not self.logo:
            return b""
        try:
            with self.logo.open("rb") as stored:
                return stored.read()
        except OSError:
            return b""

    def logo_data_url(self) -> str:
        """The logo for PDFs, which fetch nothing but static files and data: URLs."""
        logo = self.logo_bytes()
        if not logo:
            return ""
        return data_url(logo, "image/png" if logo.startswith(b"\x89PNG") else "image/jpeg")


class VoteRule(models.TextChoices):
    """How a vote is decided: the result is computed from the body's rule."""

    SIMPLE = "simple", _("Simpelt flertal af de stemmende")
    MEMBERS = "members", _("Flertal af organets medlemmer")


class VotesBy(models.TextChoices):
    MEMBER = "member", _("Hvert medlem")
    GROUP = "group", _("Grupper (parti eller delegation)")


class Body(models.Model):
    """A level, forum, committee or group within a cluster."""

    class Level(models.TextChoices):
        POLITICAL = "political", _("Politisk niveau")
        DIRECTOR = "director", _("Direktørforum")
        CHIEF = "chief", _("Chefforum")
        STEERING = "steering", _("Styregruppe")
        FOCUS = "focus", _("Fokusgruppe")
        WORKING = "working", _("Arbejdsgruppe")
        PATIENT = "patient", _("Patientinddragelse")

    #: The levels of the governance model (seed 002): the action plan's cases come before them.
    GOVERNANCE_LEVELS = frozenset({Level.POLITICAL, Level.DIRECTOR, Level.CHIEF})

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("klynge")
    )
    name = models.CharField(_("navn"), max_length=200)
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("eskaleres til"),
        help_text=_("Det organ, en sag eskaleres til."),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    former_names = models.TextField(
        _("tidligere navne"),
        blank=True,
        help_text=_("Ét navn pr. linje: så genkendes organet i gamle referater."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    #: The council's meeting rules (the municipal committee rules; regionsloven § 15).
    agenda_deadline_days = models.PositiveSmallIntegerField(
        _("frist for punkter"),
        null=True,
        blank=True,
        help_text=_("Punkter skal være på dagsordenen dette antal arbejdsdage før mødet."),
    )
    vote_rule = models.CharField(
        _("afgøres ved"), max_length=20, choices=VoteRule.choices, default=VoteRule.SIMPLE
    )
    votes_by = models.CharField(
        _("stemmer"), max_length=20, choices=VotesBy.choices, default=VotesBy.MEMBER
    )

    class Meta:
        ordering = ["cluster__name", "name"]
        verbose_name = _("organ")
        verbose_name_plural = _("organer")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="body_unique_name"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="body_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.cluster.name}"

    def get_absolute_url(self) -> str:
        return reverse("body_detail", args=[self.pk])

    @property
    def takes_plan_cases(self) -> bool:
        return self.level in self.GOVERNANCE_LEVELS


class Person(models.Model):
    """Someone at the table. Not everyone is a user: many never log in."""

    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    #: Where the person works, when they are at the table without a membership (a project
    #: lead, a guest): project owners and leads are chosen among a cluster's organisations.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("bruger"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.name

    @property
    def email_address(self) -> str:
        """Where mail to this person goes: their own address, else their login's; "" if none."""
        return self.email or (self.user.email if self.user else "")


def current_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Memberships running on `on` (today): begun, and not ended. `prefix`: the path to the
    membership from the rows filtered (`memberships__`, to count a body's members)."""
    on = on or timezone.localdate()
    begun = Q(**{f"{prefix}start_date__lte": on}) | Q(**{f"{prefix}start_date__isnull": True})
    running = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    return begun & running


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        return self.filter(current_q(on))


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Formand")
        CO_CHAIR = "co_chair", _("Medformand")
        #: A sundhedsråd has a chair and a vice-chair (the municipal committee rules).
        VICE_CHAIR = "vice_chair", _("Næstformand")
        MEMBER = "member", _("Medlem")
        OBSERVER = "observer", _("Observatør")
        SUBSTITUTE = "substitute", _("Stedfortræder / tilforordnet")
        SECRETARIAT = "secretariat", _("Sekretariat")

    CHAIR_ROLES = (Role.CHAIR, Role.CO_CHAIR, Role.VICE_CHAIR)

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organ")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("repræsenterer"),
    )
    title = models.CharField(_("titel"), max_length=300, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("fra"), null=True, blank=True)
    end_date = models.DateField(_("til"), null=True, blank=True)
    substitute_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_by",
        verbose_name=_("stedfortræder for"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "person__name"]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_valid_period",
            ),
            models.CheckConstraint(
                condition=Q(substitute_for__isnull=True) | Q(role="substitute"),
                name="membership_substitute_only_for_substitutes",
            ),
        ]
        indexes = [models.Index(fields=["body", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_role_display()}), {self.body.name}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        started = self.start_date is None or self.start_date <= on
        return started and (self.end_date is None or self.end_date >= on)


def people_of_cluster(cluster: "Cluster") -> models.QuerySet[Person]:
    """Who can own or lead the cluster's work: members of its bodies (now or before) and
    anyone employed by one of its organisations."""
    return (
        Person.objects.filter(
            Q(memberships__body__cluster=cluster) | Q(organisation__in=cluster.organisations.all())
        )
        .distinct()
        .order_by("name")
    )


def secretariat_of(cluster_id: int) -> models.QuerySet[Person]:
    """The people in a cluster's secretariat today: who is told of afbud, order
    confirmations and minutes sent back."""
    return Person.objects.filter(
        memberships__in=Membership.objects.current().filter(
            body__cluster_id=cluster_id, role=Membership.Role.SECRETARIAT
        )
    ).distinct()


# Roles: what a user is, read from their current memberships ------------------------------


@dataclass(frozen=True)
class Roles:
    is_admin: bool
    person_id: int | None
    secretariat_clusters: frozenset[int]
    member_bodies: frozenset[int]
    chair_bodies: frozenset[int]
    member_clusters: frozenset[int] = frozenset()

    @property
    def is_secretariat(self) -> bool:
        return self.is_admin or bool(self.secretariat_clusters)


NO_ROLES = Roles(False, None, frozenset(), frozenset(), frozenset())


def roles_for(user: User | object) -> Roles:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NO_ROLES
    cached = getattr(user, "_klynge_roles", None)
    if cached is not None:
        return cached
    assert isinstance(user, User)
    person_id = None
    secretariat: set[int] = set()
    members: set[int] = set()
    chairs: set[int] = set()
    clusters: set[int] = set()
    rows = Membership.objects.current().filter(person__user=user)
    for pid, body_id, cluster_id, role in rows.values_list(
        "person_id", "body_id", "body__cluster_id", "role"
    ):
        person_id = pid
        members.add(body_id)
        clusters.add(cluster_id)
        if role == Membership.Role.SECRETARIAT:
            secretariat.add(cluster_id)
        if role in Membership.CHAIR_ROLES:
            chairs.add(body_id)
    if person_id is None:
        person_id = Person.objects.filter(user=user).values_list("pk", flat=True).first()
    roles = Roles(
        is_admin=user.is_superuser,
        person_id=person_id,
        secretariat_clusters=frozenset(secretariat),
        member_bodies=frozenset(members),
        chair_bodies=frozenset(chairs),
        member_clusters=frozenset(clusters),
    )
    user._klynge_roles = roles  # type: ignore[attr-defined]
    return roles


class CarryOver(models.Model):
    """A cluster's work carried over to a council (a sundhedsklynge to a sundhedsråd) as of a
    date: what moved, what was created and which memberships ended, kept so the carry-over
    can be undone as a whole (`klynge.carryovers.services`). Once per (cluster, council).
    The row lives here, below the apps it moves, because `can_manage_cluster` reads it."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="carry_overs", verbose_name=_("klynge")
    )
    council = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        related_name="carried_over_from",
        verbose_name=_("videreført i"),
    )
    effective = models.DateField(_("gælder fra"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("udført af"),
    )
    carried_at = models.DateTimeField(_("udført"), default=timezone.now)
    #: The ids of what it moved (with where they were), created and ended: see `carryover`.
    changes = models.JSONField(default=dict, blank=True)
    undone_at = models.DateTimeField(_("fortrudt"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-carried_at"]
        verbose_name = _("videreførelse")
        verbose_name_plural = _("videreførelser")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "council"],
                condition=Q(undone_at__isnull=True),
                name="carry_over_once_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(cluster=models.F("council")), name="carry_over_not_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster.name} → {self.council.name}"

    def get_absolute_url(self) -> str:
        return reverse("carry_over_detail", args=[self.pk])

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


def closed_cluster_ids(on: datetime.date | None = None) -> frozenset[int]:
    """The clusters that are read-only history: carried over (not undone) with the carry-over's
    date come. The one rule `can_manage_cluster` reads."""
    on = on or timezone.localdate()
    return frozenset(
        CarryOver.objects.filter(undone_at__isnull=True, effective__lte=on).values_list(
            "cluster_id", flat=True
        )
    )
