"""The money's sums: exact integers whatever their size, left = frame − allocated −
committed, and the amount over the frame; in a fixed number of queries."""

import pytest

from klynge.budgets import services
from klynge.budgets.figures import initiative_money, money_years, year_overview
from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending
from klynge.budgets.tests.conftest import make_plan
from klynge.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

#: The largest amount a row may hold (just under 10**12 kroner).
BIG = 999_999_999_999


def _money(council, initiatives, decision, *, frame, allocations, committed=(), spent=()):
    Frame.objects.create(cluster=council, year=2027, amount=frame)
    for initiative, amount in zip(initiatives, allocations, strict=False):
        Allocation.objects.create(
            cluster=council, initiative=initiative, year=2027, amount=amount, decision_item=decision
        )
    region, municipality = OrganisationFactory(), OrganisationFactory()
    for amount in committed:
        CoFinancing.objects.create(
            cluster=council,
            year=2027,
            payer=region,
            recipient=municipality,
            service="Akutsygepleje",
            amount=amount,
        )
    for quarter, (initiative, amount) in enumerate(spent, start=1):
        Spending.objects.create(
            cluster=council, initiative=initiative, year=2027, quarter=quarter, amount=amount
        )


def _ints(*values):
    for value in values:
        assert type(value) is int, (value, type(value))


def test_left_is_frame_minus_allocated_minus_committed(council, initiatives, decision):
    _money(
        council,
        initiatives,
        decision,
        frame=14_600_000,
        allocations=[3_200_000, 1_450_000, 2_100_000],
        committed=[2_000_000],
        spent=[(initiatives[0], 712_500), (initiatives[0], 300_000), (initiatives[1], -12_500)],
    )
    overview = year_overview(council, 2027)
    assert overview.frame == 14_600_000
    assert overview.allocated == 6_750_000
    assert overview.committed == 2_000_000
    assert overview.spent == 1_000_000
    assert overview.left == 14_600_000 - 6_750_000 - 2_000_000 == 5_850_000
    assert overview.over_frame == 0
    first = overview.lines[0]
    assert (first.allocated, first.spent, first.left) == (3_200_000, 1_012_500, 2_187_500)
    assert first.by_quarter == [712_500, 300_000, 0, 0]
    assert first.decisions == [decision]
    assert overview.by_quarter == [712_500, 300_000, -12_500, 0]
    # The themes' totals and the lines add up to the year's totals.
    assert sum(total.allocated for total, _lines in overview.themes) == overview.allocated
    assert sum(line.spent for line in overview.lines) == overview.spent
    _ints(overview.allocated, overview.committed, overview.spent, overview.left)


def test_sums_of_large_amounts_are_exact_integers(council, body, decision):
    many = make_plan(council, body, [(f"Indsats {n}", "Tema") for n in range(12)])
    _money(
        council,
        many,
        decision,
        frame=BIG,
        allocations=[BIG] * 12,
        committed=[BIG, 1],
        spent=[(many[0], BIG), (many[1], BIG), (many[2], BIG), (many[3], 7)],
    )
    overview = year_overview(council, 2027)
    assert overview.allocated == 12 * BIG == 11_999_999_999_988
    assert overview.committed == BIG + 1
    assert overview.spent == 3 * BIG + 7
    assert overview.left == BIG - 12 * BIG - (BIG + 1)
    assert overview.over_frame == 12 * BIG + 1 == 12_000_000_000_000 - 11
    (total, lines) = overview.themes[0]
    assert total.allocated == overview.allocated and len(lines) == 12
    _ints(overview.allocated, overview.committed, overview.spent, overview.over_frame)
    _ints(*(line.allocated for line in lines), *(line.spent for line in lines))
    _ints(*overview.by_quarter, *total.by_quarter)
    money = initiative_money([i.pk for i in many], year=2027)
    _ints(*(m.allocated for m in money.values()), *(m.spent for m in money.values()))


def test_over_the_frame_says_by_how_much(council, initiatives, decision):
    _money(
        council,
        initiatives,
        decision,
        frame=10_000_000,
        allocations=[6_000_000, 4_000_000],
        committed=[1_250_000],
    )
    overview = year_overview(council, 2027)
    assert overview.left == -1_250_000
    assert overview.over_frame == 1_250_000


def test_without_a_frame_everything_granted_is_over(council, initiatives, decision):
    Allocation.objects.create(
        cluster=council, initiative=initiatives[0], year=2027, amount=500, decision_item=decision
    )
    overview = year_overview(council, 2027)
    assert overview.frame is None
    assert overview.over_frame == 500


def test_a_year_is_only_its_own_money(council, initiatives, decision):
    services.grant_allocation(
        actor=None,
        cluster=council,
        initiative=initiatives[0],
        years=[2027, 2028],
        amount=1_000_000,
        decision_item=decision,
    )
    Spending.objects.create(
        cluster=council, initiative=initiatives[0], year=2028, quarter=2, amount=40_000
    )
    assert year_overview(council, 2027).allocated == 1_000_000
    assert year_overview(council, 2027).spent == 0
    assert year_overview(council, 2028).spent == 40_000
    assert year_overview(council, 2026).lines == []
    assert money_years(council) == [2028, 2027]
    assert initiative_money([initiatives[0].pk])[initiatives[0].pk].allocated == 2_000_000


def test_the_overview_takes_the_same_queries_for_many_initiatives(
    council, body, decision, django_assert_max_num_queries
):
    few = make_plan(council, body, [("A", "Tema 1"), ("B", "Tema 2")])
    _money(council, few, decision, frame=1, allocations=[1, 2], spent=[(few[0], 3)])
    with django_assert_max_num_queries(9) as counted:
        year_overview(council, 2027).lines  # noqa: B018
    queries = len(counted.captured_queries)
    many = make_plan(council, body, [(f"I{n}", f"Tema {n % 4}") for n in range(30)])
    for n, initiative in enumerate(many):
        Allocation.objects.create(
            cluster=council, initiative=initiative, year=2027, amount=n, decision_item=decision
        )
        Spending.objects.create(
            cluster=council, initiative=initiative, year=2027, quarter=1 + n % 4, amount=n
        )
    with django_assert_max_num_queries(queries):
        overview = year_overview(council, 2027)
    assert len(overview.lines) == 32
