"""The sums every page, document and API answer about money reads: one computation, so the
overview, the portfolio, the initiative page, the afrapportering and the API agree.

Sums are made by the database over integer columns (whole kroner): exact on SQLite and
PostgreSQL alike (Django reads an integer column's SUM back as `int`, also where PostgreSQL
answers `numeric`). Python adds only ints after that: no float anywhere.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from klynge.actionplans.models import Initiative
from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Cluster

QUARTERS = (1, 2, 3, 4)


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
    #: Spending per quarter (1-4), 0 where nothing is entered.
    quarters: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUARTERS, 0))
    #: The decisions that granted the year's allocations (an initiative's line only).
    decisions: list[AgendaItem] = field(default_factory=list)

    @property
    def left(self) -> int:
        return self.allocated - self.spent

    @property
    def over_spent(self) -> int:
        """How much more was spent than granted (0 when within it)."""
        return max(0, -self.left)

    @property
    def by_quarter(self) -> list[int]:
        return [self.quarters[q] for q in QUARTERS]


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
    #: The whole council's spending per quarter (1-4).
    quarters: dict[int, int] = field(default_factory=lambda: dict.fromkeys(QUARTERS, 0))

    @property
    def granted(self) -> int:
        """Allocated and committed: what the frame is to cover."""
        return self.allocated + self.committed

    @property
    def left(self) -> int:
        return (self.frame or 0) - self.granted

    @property
    def unspent(self) -> int:
        """Allocated but not yet spent, over all the year's initiatives."""
        return self.allocated - self.spent

    @property
    def over_frame(self) -> int:
        """How much allocations and commitments exceed the frame (0 when within it; with no
        frame set, everything granted is over)."""
        return max(0, -self.left)

    @property
    def lines(self) -> list[Line]:
        """Every initiative's line, theme by theme."""
        return [line for _total, lines in self.themes for line in lines]

    @property
    def by_quarter(self) -> list[int]:
        return [self.quarters[q] for q in QUARTERS]


def _total(queryset: object) -> int:
    return queryset.aggregate(total=Sum("amount"))["total"] or 0  # type: ignore[attr-defined]


def _by_initiative(queryset: object) -> dict[int, int]:
    return dict(
        queryset.values("initiative")  # type: ignore[attr-defined]
        .annotate(total=Sum("amount"))
        .values_list("initiative", "total")
    )


def year_overview(cluster: Cluster, year: int) -> YearOverview:
    """The council's year in a fixed number of queries, however many initiatives it has."""
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
    decisions: dict[int, list[AgendaItem]] = defaultdict(list)
    for allocation in allocations.select_related("decision_item__meeting__body").order_by("id"):
        item = allocation.decision_item
        if item is not None and item not in decisions[allocation.initiative_id]:
            decisions[allocation.initiative_id].append(item)
    # The council's own rows only (not `initiative_money`, which sums an initiative's money
    # wherever it was granted), so the lines always add up to the year's totals.
    allocated = _by_initiative(allocations)
    spent = _by_initiative(spendings)
    ids = allocated.keys() | spent.keys()
    quarters: dict[int, dict[int, int]] = defaultdict(lambda: dict.fromkeys(QUARTERS, 0))
    for initiative_id, quarter, amount in spendings.values_list("initiative", "quarter", "amount"):
        quarters[initiative_id][quarter] += amount
        overview.quarters[quarter] += amount
    by_theme: dict[str, list[Line]] = defaultdict(list)
    initiatives = Initiative.objects.filter(pk__in=ids).select_related("theme", "plan")
    for initiative in sorted(initiatives, key=lambda i: (i.plan_id, i.number)):
        theme = initiative.theme.name if initiative.theme else ""
        by_theme[theme].append(
            Line(
                str(initiative),
                allocated.get(initiative.pk, 0),
                spent.get(initiative.pk, 0),
                initiative=initiative,
                quarters=quarters[initiative.pk],
                decisions=decisions[initiative.pk],
            )
        )
    for theme in sorted(by_theme, key=lambda name: (name == "", name)):
        lines = by_theme[theme]
        total = Line(
            theme,
            allocated=sum(line.allocated for line in lines),
            spent=sum(line.spent for line in lines),
            quarters={q: sum(line.quarters[q] for line in lines) for q in QUARTERS},
        )
        overview.themes.append((total, lines))
    return overview


def money_years(cluster: Cluster) -> list[int]:
    """The years the council has any money in (frame, grants, commitments or spending),
    newest first: the overview's year choice."""
    years: set[int] = set()
    for model in (Frame, Allocation, CoFinancing, Spending):
        years |= set(model.objects.filter(cluster=cluster).values_list("year", flat=True))
    return sorted(years, reverse=True)


def default_year(years: Iterable[int]) -> int:
    """The year a view of money opens on when none is asked for (the overview page, the
    portfolio): the current year if it has money; else the next year with money (a council's
    first frame is granted before its year begins); else the last year with money; the
    current year when there is no money at all."""
    today = timezone.localdate().year
    with_money = set(years)
    if today in with_money or not with_money:
        return today
    return min((year for year in with_money if year > today), default=max(with_money))


# --- Money elsewhere: the portfolio's columns, the initiative page's panel (issue #25) ---


def initiative_money_years(initiative_ids: Iterable[int]) -> list[int]:
    """The years any of the initiatives was granted or spent money in, oldest first (one
    query)."""
    ids = list(initiative_ids)
    granted = Allocation.objects.filter(initiative__in=ids).order_by().values_list("year")
    spent = Spending.objects.filter(initiative__in=ids).order_by().values_list("year")
    return sorted({year for (year,) in granted.union(spent)})


def add_up(moneys: Iterable[Money]) -> Money:
    """Several initiatives' money together (a theme's, a plan's)."""
    allocated = spent = 0
    for money in moneys:
        allocated += money.allocated
        spent += money.spent
    return Money(allocated=allocated, spent=spent)


@dataclass
class InitiativeYear:
    """An initiative's money in one year: each grant (with the decision that made it), what
    was spent each quarter, and what is left."""

    year: int
    money: Money
    allocations: list[Allocation] = field(default_factory=list)
    #: Spending per quarter (1-4); None where nothing is entered.
    quarters: dict[int, int | None] = field(default_factory=lambda: dict.fromkeys(QUARTERS))

    @property
    def by_quarter(self) -> list[tuple[int, int | None]]:
        return [(quarter, self.quarters[quarter]) for quarter in QUARTERS]


@dataclass
class InitiativeAccount:
    """An initiative's money, year by year, and the co-financing commitments tied to it."""

    years: list[InitiativeYear]
    co_financings: list[CoFinancing]
    total: Money

    @property
    def is_empty(self) -> bool:
        return not self.years and not self.co_financings


def initiative_account(initiative: Initiative) -> InitiativeAccount:
    """Everything the initiative page shows about its money: one query for an initiative
    without money, six with."""
    allocations = Allocation.objects.filter(initiative=initiative)
    spendings = Spending.objects.filter(initiative=initiative)
    commitments = CoFinancing.objects.filter(initiative=initiative)
    rows = [rows.order_by().values("pk") for rows in (allocations, spendings, commitments)]
    if not rows[0].union(*rows[1:])[:1]:
        return InitiativeAccount(years=[], co_financings=[], total=Money())
    granted = dict(
        allocations.values("year").annotate(total=Sum("amount")).values_list("year", "total")
    )
    spent = dict(
        spendings.values("year").annotate(total=Sum("amount")).values_list("year", "total")
    )
    years = {
        year: InitiativeYear(
            year=year, money=Money(allocated=granted.get(year, 0), spent=spent.get(year, 0))
        )
        for year in sorted(granted.keys() | spent.keys())
    }
    for allocation in allocations.select_related("decision_item__meeting__body").order_by(
        "year", "id"
    ):
        years[allocation.year].allocations.append(allocation)
    for year, quarter, amount in spendings.values_list("year", "quarter", "amount"):
        years[year].quarters[quarter] = amount  # one row per quarter: nothing to add up
    co_financings = commitments.select_related("payer", "recipient", "decision_item__meeting__body")
    return InitiativeAccount(
        years=list(years.values()),
        co_financings=list(co_financings.order_by("year", "payer__name", "id")),
        total=add_up(year.money for year in years.values()),
    )
