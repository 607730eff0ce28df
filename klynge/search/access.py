"""Who may find what: every row of the index is read under the rule of the page it links to.

Nothing about who may see a row is copied into the index; these filters follow the row to its
meeting, item, plan or archive document, so a status change, a closed item or a new
membership counts at once, in results, snippets, facet counts, suggestions and totals alike.
An initiative's state is read the same way: of the copies of its rows per state a reader may
know it in, each reader finds the one `as_known` gives them.
"""

from django.db.models import Prefetch, Q

from klynge.actionplans.access import visible_state
from klynge.actionplans.models import ActionPlan, Initiative, InitiativeStateChange
from klynge.archive.access import visible_sources
from klynge.meetings.access import item_decision_q, item_text_q
from klynge.meetings.models import meeting_visibility
from klynge.organisations.models import roles_for
from klynge.reports.models import Report, ReportPart
from klynge.search.models import Kind, SearchEntry


def visible_entries(user: object) -> Q:
    """The index rows `user` may find (an anonymous user: what the public pages show).
    The user's roles are read once here (`roles_for` keeps them on the user, so the rules
    below that take the user read them from there, not from the database again)."""
    roles = roles_for(user)
    meetings = Q(kind=Kind.MEETING) & meeting_visibility(roles).q("meeting__")
    # An item's rows carry its meeting too: one join to the meeting serves every kind.
    items = Q(kind__in=[Kind.ITEM, Kind.ATTACHMENT]) & item_text_q(user, "item__", "meeting__")
    # An escalation and its answer are known with the decisions that raised and closed it.
    decisions = Q(
        kind__in=[Kind.DECISION, Kind.ESCALATION, Kind.ESCALATION_DECISION]
    ) & item_decision_q(user, "item__", "meeting__")
    visible_plans = ActionPlan.objects.visible_to(user)
    plans = Q(kind__in=[Kind.INITIATIVE, Kind.REPORT], plan__in=visible_plans)
    sources = Q(kind=Kind.SOURCE, source__in=visible_sources(user).values("pk"))
    # An initiative's indicators with its plan; the others as their theme and cluster pages.
    own = (
        Q()
        if roles.is_admin
        else Q(cluster_id__in=roles.secretariat_clusters | roles.member_clusters)
    )
    indicators = Q(kind=Kind.INDICATOR) & (Q(plan__in=visible_plans) | (Q(plan__isnull=True) & own))
    parts = Q(
        kind=Kind.REPORT_PART,
        object_id__in=ReportPart.objects.filter(
            report__in=Report.objects.visible_to(user), status=ReportPart.Status.SUBMITTED
        ).values("pk"),
    )
    rows = meetings | items | decisions | plans | sources | indicators | parts
    return rows & _known_variants(user, rows)


def _known_variants(user: object, rows: Q) -> Q:
    """Of the rows copied per state an initiative may be known in, those of the state `user`
    knows it in (`klynge.actionplans.access.visible_state`, the initiative page's rule).
    Few initiatives have copies: only while a body's decision about them is not public."""
    # The copies first, by their own index: asked in one query with the rights, SQLite
    # checked the rights of every row of the index (0.5 s per search at national scale).
    variants = list(SearchEntry.objects.filter(variant=True).values_list("pk", flat=True))
    if not variants:
        return Q(variant=False)
    copied = SearchEntry.objects.filter(rows, pk__in=variants).values("initiative_id")
    changes = InitiativeStateChange.objects.select_related("agenda_item__meeting__body")
    initiatives = (
        Initiative.objects.filter(pk__in=copied)
        .select_related("plan")
        .prefetch_related(Prefetch("changes", queryset=changes.order_by("-created_at", "-id")))
    )
    known = Q(variant=False)
    for initiative in initiatives:
        state = visible_state(user, initiative, initiative.changes.all())
        known |= Q(initiative_id=initiative.pk, state=state)
    return known
