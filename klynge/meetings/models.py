"""Meetings of a body: the agenda, attendance, and the minutes with their approval."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.organisations.models import Body, Membership, Person, Roles, roles_for


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    AGENDA_PUBLISHED = "agenda_published", _("Dagsorden udsendt")
    HELD = "held", _("Afholdt")
    MINUTES_DRAFT = "minutes_draft", _("Referat i kladde")
    MINUTES_APPROVED = "minutes_approved", _("Referat godkendt")
    MINUTES_PUBLISHED = "minutes_published", _("Referat offentliggjort")
    CANCELLED = "cancelled", _("Aflyst")


#: The only allowed status changes. Every transition goes through
#: `klynge.meetings.services.change_meeting_status`.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.CANCELLED}),
    MeetingStatus.AGENDA_PUBLISHED: frozenset(
        {MeetingStatus.HELD, MeetingStatus.CANCELLED, MeetingStatus.PLANNED}
    ),
    MeetingStatus.HELD: frozenset({MeetingStatus.MINUTES_DRAFT}),
    # Back to held: a chair sends the minutes back with a comment, or the secretariat takes
    # them back to change them.
    MeetingStatus.MINUTES_DRAFT: frozenset({MeetingStatus.MINUTES_APPROVED, MeetingStatus.HELD}),
    MeetingStatus.MINUTES_APPROVED: frozenset(
        {MeetingStatus.MINUTES_PUBLISHED, MeetingStatus.MINUTES_DRAFT}
    ),
    MeetingStatus.MINUTES_PUBLISHED: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}

#: The phases of a meeting, named once and used everywhere (services, access, forms, views
#: and, through the properties on Meeting, templates).

#: Before the meeting: the agenda can be built, afbud sent, status collected.
BEFORE_MEETING = frozenset({MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED})
#: The meeting has been held: decisions exist (or are being written).
HELD_OR_LATER = frozenset(
    {
        MeetingStatus.HELD,
        MeetingStatus.MINUTES_DRAFT,
        MeetingStatus.MINUTES_APPROVED,
        MeetingStatus.MINUTES_PUBLISHED,
    }
)
#: The minutes exist as a document: drafted, approved or published.
MINUTES_WRITTEN = frozenset(
    {MeetingStatus.MINUTES_DRAFT, MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED}
)
#: Nothing about the meeting changes any more.
CLOSED = frozenset({MeetingStatus.MINUTES_PUBLISHED, MeetingStatus.CANCELLED})

#: Statuses in which the agenda is out: members and the public may read it.
AGENDA_OUT = frozenset(
    {
        MeetingStatus.AGENDA_PUBLISHED,
        MeetingStatus.HELD,
        MeetingStatus.MINUTES_DRAFT,
        MeetingStatus.MINUTES_APPROVED,
        MeetingStatus.MINUTES_PUBLISHED,
    }
)
#: Statuses in which the agenda can still be built.
AGENDA_EDITABLE = BEFORE_MEETING
#: Statuses in which decisions are written.
MINUTES_EDITABLE = frozenset({MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT})


#: Meetings lie in these years: archived minutes go back decades, planning a few years ahead.
FIRST_MEETING_YEAR = 1970
YEARS_AHEAD = 10


def meeting_date_error(date: datetime.date) -> str | None:
    """Why a meeting cannot be on `date`, or None. Used by the form and the services."""
    from django.utils import timezone

    last_year = timezone.localdate().year + YEARS_AHEAD
    if not FIRST_MEETING_YEAR <= date.year <= last_year:
        return str(
            _("Mødets dato skal ligge mellem år %(first)s og %(last)s.")
            % {"first": FIRST_MEETING_YEAR, "last": last_year}
        )
    return None


@dataclass(frozen=True)
class MeetingVisibility:
    """Which meetings a user sees: every meeting in `statuses`, and every meeting of the
    clusters and bodies listed (or all). The rule is made once, in `meeting_visibility`;
    `allows` (for one meeting) and `q` (for a queryset) are its two readings, side by side."""

    everything: bool
    statuses: frozenset[str]
    clusters: frozenset[int]
    bodies: frozenset[int]

    def allows(self, meeting: "Meeting") -> bool:
        return (
            self.everything
            or meeting.status in self.statuses
            or meeting.body.cluster_id in self.clusters
            or meeting.body_id in self.bodies
        )

    def q(self, prefix: str = "") -> Q:
        """`prefix`: the path to the meeting from the rows filtered (`meeting__`)."""
        if self.everything:
            return Q()
        return (
            Q(**{f"{prefix}status__in": self.statuses})
            | Q(**{f"{prefix}body__cluster_id__in": self.clusters})
            | Q(**{f"{prefix}body_id__in": self.bodies})
        )


def meeting_visibility(roles: Roles) -> MeetingVisibility:
    """Administrators see every meeting; the cluster's secretariat and the body's chairs see
    theirs in every status (drafts included); everyone else once the agenda is out."""
    return MeetingVisibility(
        everything=roles.is_admin,
        statuses=AGENDA_OUT,
        clusters=roles.secretariat_clusters,
        bodies=roles.chair_bodies,
    )


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: object) -> "MeetingQuerySet":
        return self.filter(meeting_visibility(roles_for(user)).q())

    def public(self) -> "MeetingQuerySet":
        return self.filter(status__in=AGENDA_OUT)

    def case_list(self) -> "MeetingQuerySet":
        """The coming meetings whose agenda is sent, each with the open items it will treat
        (`meeting.open_items`): the sagsliste a committee publishes before it meets. Closed
        items are left out altogether."""
        open_items = AgendaItem.objects.filter(is_closed=False).order_by("position")
        return (
            self.filter(status=MeetingStatus.AGENDA_PUBLISHED, date__gte=timezone.localdate())
            .select_related("body")
            .prefetch_related(
                models.Prefetch(
                    "items",
                    queryset=open_items.only("pk", "meeting_id", "position", "title"),
                    to_attr="open_items",
                )
            )
            .order_by("date", "start_time")
        )


class Meeting(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("organ")
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    date = models.DateField(_("dato"))
    # Empty only on meetings imported from minutes that do not say when they began.
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=300, blank=True)
    online_url = models.URLField(_("link til onlinemøde"), blank=True)
    chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("mødeleder"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the secretariat asked the chairs to read the unreleased agenda (gennemlæsning).
    review_started_at = models.DateTimeField(_("gennemlæsning startet"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in MeetingStatus]),
                name="meeting_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "-date"]),
            models.Index(fields=["status", "date"]),
            # The public list: the newest meetings first, read from the top of the index.
            models.Index(fields=["-date", "-start_time"], name="meeting_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.display_title} {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The body's name, then the meeting's own title if it has one: documents, mails,
        calendars and lists are filed under the body."""
        if not self.title or self.title == self.body.name:
            return self.body.name
        if self.title.startswith(self.body.name):
            return self.title
        return f"{self.body.name} – {self.title}"

    @property
    def starts_at(self) -> datetime.datetime:
        from django.utils import timezone

        return timezone.make_aware(
            datetime.datetime.combine(self.date, self.start_time or datetime.time(0))
        )

    @property
    def ends_at(self) -> datetime.datetime:
        from django.utils import timezone

        end = self.end_time or self.start_time or datetime.time(0)
        return timezone.make_aware(datetime.datetime.combine(self.date, end))

    def can_change_to(self, status: str) -> bool:
        return status in ALLOWED_TRANSITIONS[self.status]

    @property
    def hours(self) -> str:
        """ "16:00-18:00", "16:00", or "" for an imported meeting whose minutes do not say."""
        if self.start_time is None:
            return ""
        if self.end_time is None:
            return f"{self.start_time:%H:%M}"
        return f"{self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def participants(self) -> list[Person]:
        """Everyone asked who did not send afbud, guests and substitutes included: who is
        mailed the minutes and asked to evaluate the meeting."""
        attendances = self.attendances.exclude(status=Attendance.Status.ABSENT).select_related(
            "person__user"
        )
        return [attendance.person for attendance in attendances]

    def where(self, *, with_online_link: bool) -> str:
        """Where the meeting is, for documents and calendars: the online link only for those
        who may have it (it often holds the meeting's password), else "Onlinemøde"."""
        online = self.online_url if with_online_link else ""
        return ", ".join(p for p in (self.place, online) if p) or (
            str(_("Onlinemøde")) if self.online_url else ""
        )

    # The phases, for templates (which should not spell out status values).

    @property
    def is_before_meeting(self) -> bool:
        return self.status in BEFORE_MEETING

    @property
    def is_held_or_later(self) -> bool:
        return self.status in HELD_OR_LATER

    @property
    def has_minutes(self) -> bool:
        return self.status in MINUTES_WRITTEN

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def is_public(self) -> bool:
        return self.status in AGENDA_OUT

    @property
    def is_in_review(self) -> bool:
        """The chairs are reading the agenda before it is sent: they may comment on items."""
        return self.review_started_at is not None and self.status == MeetingStatus.PLANNED


class MeetingStatusChange(models.Model):
    """History row: one per status change of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=MeetingStatus.choices)
    to_status = models.CharField(max_length=20, choices=MeetingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    comment = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def is_return(self) -> bool:
        """Minutes sent back from approval."""
        return self.from_status == MeetingStatus.MINUTES_DRAFT and self.to_status == (
            MeetingStatus.HELD
        )


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Beslutning")
        ORIENTATION = "orientation", _("Orientering")
        DISCUSSION = "discussion", _("Drøftelse / tema")
        APPROVAL = "approval", _("Godkendelse")
        ANY_OTHER_BUSINESS = "aob", _("Eventuelt")
        FOR_INFORMATION = "for_information", _("Til orientering")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=300)
    case_number = models.CharField(_("sagsnummer"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    start_time = models.TimeField(_("tidspunkt fra"), null=True, blank=True)
    end_time = models.TimeField(_("tidspunkt til"), null=True, blank=True)
    presenters = models.ManyToManyField(
        Person, blank=True, related_name="presented_items", verbose_name=_("oplægsholdere")
    )
    presenters_text = models.CharField(
        _("andre oplægsholdere"), max_length=300, blank=True, help_text=_("Fx gæster.")
    )
    recommendation = models.JSONField(
        _("indstilling"), default=list, blank=True, help_text=_("At-sætningerne i indstillingen.")
    )
    presentation = models.TextField(_("sagsfremstilling"), blank=True)
    is_closed = models.BooleanField(_("lukket punkt"), default=False)
    decision = models.TextField(_("beslutning"), blank=True)
    version = models.PositiveIntegerField(default=1)
    #: When the item was put on the agenda (empty: before this was recorded).
    created_at = models.DateTimeField(null=True, blank=True, editable=False, default=timezone.now)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_item_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="agenda_item_slot_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Punkt {self.position}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", args=[self.meeting_id]) + f"#punkt-{self.pk}"

    @property
    def presenter_names(self) -> list[str]:
        """Who presents the item (the *v/* line): members, then others such as guests."""
        names = [person.name for person in self.presenters.all()]
        return [*names, self.presenters_text] if self.presenters_text else names

    @property
    def suggested_decision(self) -> str:
        """The usual wording of the decision for the item's kind, for the secretariat to
        start from (and edit) when the item has none yet."""
        suggested = SUGGESTED_DECISIONS.get(self.kind)
        return str(suggested) if suggested else ""


#: What bodies usually decide on each kind of item, in the words of Danish minutes.
SUGGESTED_DECISIONS: dict[str, Any] = {
    AgendaItem.Kind.DECISION: _("Indstillingen blev tiltrådt."),
    AgendaItem.Kind.APPROVAL: _("Indstillingen blev godkendt."),
    AgendaItem.Kind.ORIENTATION: _("Orienteringen blev taget til efterretning."),
    AgendaItem.Kind.FOR_INFORMATION: _("Orienteringen blev taget til efterretning."),
    AgendaItem.Kind.DISCUSSION: _("Punktet blev drøftet."),
}


class ReviewComment(models.Model):
    """A chair's comment on an item while the agenda is read before it is sent
    (gennemlæsning). For the secretariat and the chairs only: never for members, the public,
    documents or the API of others."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="review_comments")
    author = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="review_comments", verbose_name=_("af")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_comments"
    )
    text = models.TextField(_("kommentar"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_review_comments",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("kommentar fra gennemlæsning")
        verbose_name_plural = _("kommentarer fra gennemlæsning")

    def __str__(self) -> str:
        return f"{self.author} – {self.item}"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is ours; the original name is kept in a field for downloads.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"bilag/{instance.item.meeting_id}/{instance.sha256[:32]}{suffix}"


class Attachment(models.Model):
    """A bilag. The uploaded file is kept exactly as received."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return self.original_name


class Attendance(models.Model):
    """One person's attendance at one meeting: invited, afbud, attending, or guest."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Indkaldt")
        ATTENDING = "attending", _("Deltager")
        ABSENT = "absent", _("Afbud")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    substitute_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_at",
        verbose_name=_("deltog for"),
    )
    is_guest = models.BooleanField(_("gæst"), default=False)
    guest_items = models.ManyToManyField(
        AgendaItem, blank=True, related_name="guests", verbose_name=_("gæst ved punkter")
    )
    absent_items = models.ManyToManyField(
        AgendaItem,
        blank=True,
        related_name="absentees",
        verbose_name=_("deltog ikke i punkter"),
    )
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    title = models.CharField(_("titel"), max_length=300, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    # An afbud note can say why someone is ill: the audit log says it changed, not what it says.
    audit_without_content = ("note",)

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique"),
            models.CheckConstraint(
                condition=~Q(substitute_for=models.F("person")), name="attendance_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_status_display()}"

    @property
    def is_absent(self) -> bool:
        return self.status == self.Status.ABSENT

    @property
    def is_attending(self) -> bool:
        return self.status == self.Status.ATTENDING


@dataclass
class Participants:
    """Who took part, as minutes list them (seed 001): by organisation, the secretariat
    apart, guests marked, afbud last. `organisation` is set on each attendance."""

    by_organisation: list[tuple[str, list[Attendance]]]
    secretariat: list[Attendance]
    guests: list[Attendance]
    absent: list[Attendance]


def group_participants(meeting: Meeting, attendances: Iterable[Attendance]) -> Participants:
    """Read each person's organisation from their membership of the body on the meeting's
    date (a substitute: their own, else the one of the person they stand in for; anyone
    else: any membership that day), so the lists follow roles over time."""
    attendances = list(attendances)
    people = {a.person_id for a in attendances} | {
        a.substitute_for_id for a in attendances if a.substitute_for_id
    }
    here: dict[int, tuple[str, str]] = {}
    elsewhere: dict[int, str] = {}
    rows = (
        Membership.objects.current(meeting.date)
        .filter(person_id__in=people)
        .order_by("pk")
        .values_list("person_id", "body_id", "organisation__name", "role")
    )
    for person_id, body_id, organisation, role in rows:
        if body_id == meeting.body_id:
            here.setdefault(person_id, (organisation or "", role))
        elif organisation:
            elsewhere.setdefault(person_id, organisation)

    def organisation_of(person_id: int | None) -> str:
        if person_id is None:
            return ""
        return here.get(person_id, ("", ""))[0] or elsewhere.get(person_id, "")

    groups: dict[str, list[Attendance]] = {}
    secretariat, guests, absent = [], [], []
    for attendance in attendances:
        attendance.organisation = organisation_of(attendance.person_id) or organisation_of(  # type: ignore[attr-defined]
            attendance.substitute_for_id
        )
        role = here.get(attendance.person_id, ("", ""))[1]
        if attendance.is_absent:
            absent.append(attendance)
        elif attendance.is_guest:
            guests.append(attendance)
        elif role == Membership.Role.SECRETARIAT:
            secretariat.append(attendance)
        else:
            groups.setdefault(attendance.organisation, []).append(attendance)  # type: ignore[attr-defined]
    # Named organisations in alphabetical order; people without one last.
    ordered = sorted(groups.items(), key=lambda group: (not group[0], group[0].casefold()))
    return Participants(ordered, secretariat, guests, absent)


class MinutesApproval(models.Model):
    """A chair's approval of the minutes: who and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="approvals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    minutes_version = models.PositiveIntegerField()
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "minutes_version"], name="approval_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.approved_at:%d.%m.%Y %H:%M}"
