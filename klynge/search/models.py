"""The search index: one row per thing that can be found, with what decides who may see it.

The words are kept twice over for the two backends: `terms` (the stems, for SQLite's FTS5
table `search_fts`, kept in step by `klynge.search.backends`) and `vector` (PostgreSQL's
tsvector, GIN-indexed). Who may see a row is never stored: it is read through the row's
meeting, item, plan or source document, by the same rules as their own pages.

What a body decided about an initiative is known only with its decision (`as_known`): the rows
of an initiative, its status reports and escalations come in one copy per state a reader may
know it in while such a decision is not public yet (`variant`), and each reader finds the copy
of the state they know (`klynge.search.access`).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import ActionPlan, Initiative
from klynge.archive.models import SourceDocument
from klynge.meetings.models import AgendaItem, Meeting
from klynge.organisations.models import Body, Cluster


class Kind(models.TextChoices):
    MEETING = "meeting", _("Møde")
    ITEM = "item", _("Dagsordenspunkt")
    DECISION = "decision", _("Beslutning")
    ATTACHMENT = "attachment", _("Bilag")
    INITIATIVE = "initiative", _("Indsats")
    REPORT = "report", _("Statusrapport")
    ESCALATION = "escalation", _("Eskalering")
    ESCALATION_DECISION = "escalation_decision", _("Afgørelse af eskalering")
    SOURCE = "source", _("Arkivdokument")
    INDICATOR = "indicator", _("Effektmål")
    REPORT_PART = "report_part", _("Afrapportering")


class SearchEntry(models.Model):
    # The small columns first: SQLite reads a row's columns in order, and the rights and
    # facets (read for every match) must not wait behind the text.
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    date = models.DateField(null=True, blank=True)
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, null=True, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, null=True, related_name="+")
    # What decides who sees the row (one of them, by kind).
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, related_name="+")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, related_name="+")
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, null=True, related_name="+")
    source = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, null=True, related_name="+"
    )
    theme = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=40, blank=True)
    #: The initiative whose state the row shows (an initiative, a status report, an escalation).
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, related_name="+"
    )
    #: One of the initiative's copies, per state a reader may know it in: found only by whom
    #: `as_known` gives this `state`.
    variant = models.BooleanField(default=False)
    title = models.CharField(max_length=400)
    url = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "state"], name="search_entry_unique"
            )
        ]
        indexes = [
            models.Index(fields=["date"]),
            # The few copies per known state, read for every search (`_known_variants`).
            models.Index(
                fields=["initiative"], condition=Q(variant=True), name="search_entry_variants"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchWord(models.Model):
    """Every folded word the index has seen, for 'did you mean' and OCR-damaged spellings
    (trigrams: FTS5's trigram table on SQLite, pg_trgm on PostgreSQL)."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self) -> str:
        return self.word
