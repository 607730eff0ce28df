"""The sums every page, document and API answer about money reads: one computation, so the
overview, the portfolio, the initiative page, the afrapportering and the API agree.

Sums are made by the database over integer columns (whole kroner): exact on SQLite and
PostgreSQL alike.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Sum

from klynge.actionplans.models import Initiative
from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending
from klynge.organisations.models import Cluster


@dataclass(frozen=True)
class Money:
    """An initiative's money (in one year, or all years): granted and spent."""

    allocated: int = 0
    spent: int = 0

    @property
    def left(self) -> int:
        return self.allocated - self.spent


def initiative_money(initiative_ids: Iterable[int], *, year: int | None = None) -> dict[int, Money]:
    """Allocated and spent per initiative (of `year`, or of every year); initiatives without
    money are left out."""
    ids = list(initiative_ids)
    allocations = Allocation.objects.filter(initiative__in=ids)
    spendings = Spending.objects.filter(initiative__in=ids)
    if year is not None:
        allocations = allocations.filter(year=year)
        spendings = spendings.filter(year=year)
    allocated = dict(
        allocations.values("initiative")
        .annotate(total=Sum("amount"))
        .values_list("initiative", "total")
    )
    spent = dict(
        spendings.values("initiative")
        .annotate(total=Sum("amount"))
        .values_list("initiative", "total")
    )
    return {
        pk: Money(allocated=allocated.get(pk, 0), spent=spent.get(pk, 0))
        for pk in ids
        if pk in allocated or pk in spent
    }


@dataclass
class Line:
    """One row of the overview: an initiative, or a theme's total."""

    label: str
    allocated: int = 0
    spent: int = 0
    initiative: Initiative | None = None

    @property
    def left(self) -> int:
        return self.allocated - self.spent


@dataclass
class YearOverview:
    """A council's year: frame, allocated, committed (co-financing), spent and left."""

    cluster: Cluster
    year: int
    frame: int | None
    allocated: int
    committed: int
    spent: int
    themes: list[tuple[Line, list[Line]]] = field(default_factory=list)

    @property
    def left(self) -> int:
        return (self.frame or 0) - self.allocated - self.committed

    @property
    def over_frame(self) -> int:
        """How much allocations and commitments exceed the frame (0 when within it; with no
        frame set, everything granted is over)."""
        return max(0, -self.left)


def _total(queryset: object) -> int:
    return queryset.aggregate(total=Sum("amount"))["total"] or 0  # type: ignore[attr-defined]


def year_overview(cluster: Cluster, year: int) -> YearOverview:
    frame = Frame.objects.filter(cluster=cluster, year=year).values_list("amount", flat=True)
    allocations = Allocation.objects.filter(cluster=cluster, year=year)
    spendings = Spending.objects.filter(cluster=cluster, year=year)
    overview = YearOverview(
        cluster=cluster,
        year=year,
        frame=frame.first(),
        allocated=_total(allocations),
        committed=_total(CoFinancing.objects.filter(cluster=cluster, year=year)),
        spent=_total(spendings),
    )
    ids = set(allocations.values_list("initiative", flat=True))
    ids |= set(spendings.values_list("initiative", flat=True))
    money = initiative_money(ids, year=year)
    by_theme: dict[str, list[Line]] = defaultdict(list)
    initiatives = Initiative.objects.filter(pk__in=ids).select_related("theme", "plan")
    for initiative in sorted(initiatives, key=lambda i: (i.plan_id, i.number)):
        theme = initiative.theme.name if initiative.theme else ""
        amounts = money.get(initiative.pk, Money())
        by_theme[theme].append(
            Line(str(initiative), amounts.allocated, amounts.spent, initiative=initiative)
        )
    for theme in sorted(by_theme, key=lambda name: (name == "", name)):
        lines = by_theme[theme]
        total = Line(
            theme,
            allocated=sum(line.allocated for line in lines),
            spent=sum(line.spent for line in lines),
        )
        overview.themes.append((total, lines))
    return overview
