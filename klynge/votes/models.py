"""Votes on agenda items, members declared inhabil, and minority statements.

A vote's ballots are one row per member who voted (a group vote gives each member of the
group the group's choice, with the group's name), so the result is counted the same way
whether a body votes by member or by group, and the minutes can say who voted how.
"""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Person


class Choice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Imod")
    ABSTAIN = "abstain", _("Undlod")


class Result(models.TextChoices):
    ADOPTED = "adopted", _("Vedtaget")
    REJECTED = "rejected", _("Forkastet")
    TIE = "tie", _("Stemmelighed")


class VoteManager(models.Manager["Vote"]):
    """Votes come with their ballots and the people who cast them: the item panels and the
    minutes read them for every item at once (`settings.MEETING_ITEM_PANELS`)."""

    def get_queryset(self) -> models.QuerySet["Vote"]:
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "ballots", queryset=Ballot.objects.select_related("person", "on_behalf_of")
                )
            )
        )


class Vote(models.Model):
    """One vote on an item: on an amendment, on the recommendation. The counts and the result
    are computed by the service from the ballots and the body's rule, and kept as recorded."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    subject = models.CharField(_("afstemning om"), max_length=200, default=_("Indstillingen"))
    result = models.CharField(_("resultat"), max_length=20, choices=Result.choices)
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("imod"), default=0)
    abstentions = models.PositiveIntegerField(_("undlod"), default=0)
    #: The rule the result was computed by, and (majority of members) the body's size then.
    rule = models.CharField(_("afgjort ved"), max_length=20)
    members = models.PositiveIntegerField(_("organets medlemmer"), default=0)
    by_group = models.BooleanField(_("stemt gruppevis"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VoteManager()

    class Meta:
        ordering = ["item", "created_at", "id"]
        verbose_name = _("afstemning")
        verbose_name_plural = _("afstemninger")
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=[r.value for r in Result]), name="vote_result_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.result_text}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()

    @property
    def result_text(self) -> str:
        """The result as minutes put it: a tie says what it means."""
        if self.result == Result.TIE:
            return str(_("Stemmelighed – forslaget er ikke vedtaget"))
        return str(self.get_result_display())

    @property
    def tally(self) -> str:
        """ "6 for, 2 imod, 0 undlod" """
        return _("%(for)s for, %(against)s imod, %(abstain)s undlod") % {
            "for": self.votes_for,
            "against": self.votes_against,
            "abstain": self.abstentions,
        }

    def names_by_choice(self) -> list[tuple[str, list[str]]]:
        """(For/Imod/Undlod, the names or groups), for pages and minutes."""
        rows: list[tuple[str, list[str]]] = []
        for choice in Choice:
            ballots = [b for b in self.ballots.all() if b.choice == choice]
            if not ballots:
                continue
            if self.by_group:
                groups: dict[str, int] = {}
                for ballot in ballots:
                    groups[ballot.group] = groups.get(ballot.group, 0) + 1
                names = [f"{group} ({count})" for group, count in groups.items()]
            else:
                names = [ballot.label for ballot in ballots]
            rows.append((str(choice.label), names))
        return rows


class Ballot(models.Model):
    """One member's vote (or their share of their group's)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("person")
    )
    #: A substitute votes for the member they replace.
    on_behalf_of = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots_by_substitute",
        verbose_name=_("stemte for"),
    )
    choice = models.CharField(_("stemme"), max_length=10, choices=Choice.choices)
    group = models.CharField(_("gruppe"), max_length=200, blank=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("stemme")
        verbose_name_plural = _("stemmer")
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="ballot_once_per_vote"),
            models.CheckConstraint(
                condition=Q(choice__in=[c.value for c in Choice]), name="ballot_choice_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"

    @property
    def label(self) -> str:
        if self.on_behalf_of_id:
            return _("%(name)s (for %(member)s)") % {
                "name": self.person.name,
                "member": self.on_behalf_of.name,  # type: ignore[union-attr]
            }
        return self.person.name


class Inhabilitet(models.Model):
    """A member declared inhabil (conflicted) on an item: takes no part in it. The reason may
    be personal: it is for the secretariat and the chairs, never on public pages or minutes."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="inhabilities")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="inhabilities", verbose_name=_("medlem")
    )
    reason = models.CharField(_("begrundelse"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The reason may be personal: the audit log says it was given, not what it says.
    audit_without_content = ("reason",)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("inhabilitet")
        verbose_name_plural = _("inhabiliteter")
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="inhabilitet_once_per_item")
        ]

    def __str__(self) -> str:
        return _("%(name)s deltog ikke i behandlingen af punktet (inhabil)") % {
            "name": self.person.name
        }

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class StatementManager(models.Manager["Statement"]):
    def get_queryset(self) -> models.QuerySet["Statement"]:
        return super().get_queryset().prefetch_related("people")


class Statement(models.Model):
    """A mindretalsudtalelse or protokoltilførsel: text, by named members or a group."""

    class Kind(models.TextChoices):
        MINORITY = "minority", _("Mindretalsudtalelse")
        RECORD = "record", _("Protokoltilførsel")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MINORITY)
    people = models.ManyToManyField(
        Person, blank=True, related_name="statements", verbose_name=_("medlemmer")
    )
    group = models.CharField(
        _("gruppe"), max_length=200, blank=True, help_text=_("Fx et parti eller en delegation.")
    )
    text = models.TextField(_("tekst"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StatementManager()

    class Meta:
        ordering = ["item", "created_at", "id"]
        verbose_name = _("udtalelse")
        verbose_name_plural = _("udtalelser")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.by}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()

    @property
    def by(self) -> str:
        """Who stands behind it: the group, then the named members."""
        names = [person.name for person in self.people.all()]
        return ", ".join([self.group, *names] if self.group else names)
