"""A council's money in the API: the year's overview, an initiative's money, and spending
entered per quarter. The same door as the pages (members read, the secretariat writes) and
the same sums (`figures.py`); every amount is an integer of whole kroner."""

import datetime
from typing import Annotated

from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field, StrictInt

from klynge.accounts.http import AuthedRequest
from klynge.actionplans.access import get_initiative_for_user
from klynge.budgets import services
from klynge.budgets.access import get_money_cluster_for_user
from klynge.budgets.figures import initiative_account, year_overview
from klynge.budgets.models import CoFinancing, Spending
from klynge.core.schema import Id, column, responses

router = Router(tags=["budgets"])

#: A year the money may be in (the models' check constraints).
Year = Annotated[int, Field(ge=services.FIRST_YEAR, le=services.LAST_YEAR)]


class InitiativeLineOut(Schema):
    initiative_id: int
    number: int
    title: str
    theme: str
    allocated: int
    spent: int
    left: int
    #: Spending in quarters 1-4.
    quarters: list[int]
    #: The agenda items whose decisions granted the year's allocations.
    decision_item_ids: list[int]


class CoFinancingOut(Schema):
    id: int
    payer_id: int
    payer: str
    recipient_id: int
    recipient: str
    service: str
    share_percent: int | None
    amount: int
    initiative_id: int | None
    decision_item_id: int | None


class YearMoneyOut(Schema):
    cluster_id: int
    year: int
    #: None while no frame is set for the year.
    frame: int | None
    allocated: int
    committed: int
    spent: int
    #: frame − allocated − committed (negative when over the frame).
    left: int
    #: How much allocated and committed exceed the frame (0 within it).
    over_frame: int
    initiatives: list[InitiativeLineOut]
    co_financing: list[CoFinancingOut]


@router.get("/clusters/{cluster_id}/money", response=responses(YearMoneyOut))
def cluster_money(
    request: AuthedRequest,
    cluster_id: Id,
    year: Year | None = None,
) -> YearMoneyOut:
    """The council's year (default: this year): frame, allocated, committed, spent and
    left, per initiative, and the co-financing commitments. For the council's members and
    secretariat."""
    cluster = get_money_cluster_for_user(request.user, cluster_id)
    year = year or timezone.localdate().year
    overview = year_overview(cluster, year)
    commitments = CoFinancing.objects.filter(cluster=cluster, year=year).select_related(
        "payer", "recipient"
    )
    return YearMoneyOut(
        cluster_id=cluster.pk,
        year=year,
        frame=overview.frame,
        allocated=overview.allocated,
        committed=overview.committed,
        spent=overview.spent,
        left=overview.left,
        over_frame=overview.over_frame,
        initiatives=[
            InitiativeLineOut(
                initiative_id=line.initiative.pk,
                number=line.initiative.number,
                title=line.initiative.title,
                theme=theme.label,
                allocated=line.allocated,
                spent=line.spent,
                left=line.left,
                quarters=line.by_quarter,
                decision_item_ids=[item.pk for item in line.decisions],
            )
            for theme, lines in overview.themes
            for line in lines
            if line.initiative is not None
        ],
        co_financing=[
            CoFinancingOut(
                id=c.pk,
                payer_id=c.payer_id,
                payer=c.payer.name,
                recipient_id=c.recipient_id,
                recipient=c.recipient.name,
                service=c.service,
                share_percent=c.share_percent,
                amount=c.amount,
                initiative_id=c.initiative_id,
                decision_item_id=c.decision_item_id,
            )
            for c in commitments
        ],
    )


class InitiativeYearOut(Schema):
    year: int
    allocated: int
    spent: int
    left: int
    quarters: list[int]


class InitiativeMoneyOut(Schema):
    initiative_id: int
    cluster_id: int
    allocated: int
    spent: int
    left: int
    years: list[InitiativeYearOut]


@router.get("/initiatives/{initiative_id}/money", response=responses(InitiativeMoneyOut))
def initiative_money(request: AuthedRequest, initiative_id: Id) -> InitiativeMoneyOut:
    """What the initiative was granted and spent, in all and year by year (quarters 1-4).
    For the council's members and secretariat."""
    initiative = get_initiative_for_user(request.user, initiative_id)
    cluster = get_money_cluster_for_user(request.user, initiative.plan.cluster_id)
    account = initiative_account(initiative)
    years = [
        InitiativeYearOut(
            year=year.year,
            allocated=year.money.allocated,
            spent=year.money.spent,
            left=year.money.left,
            quarters=[amount or 0 for _quarter, amount in year.by_quarter],
        )
        for year in account.years
    ]
    return InitiativeMoneyOut(
        initiative_id=initiative.pk,
        cluster_id=cluster.pk,
        allocated=account.total.allocated,
        spent=account.total.spent,
        left=account.total.left,
        years=years,
    )


class SpendingIn(Schema):
    """What the initiative spent in a quarter, in whole kroner (negative for a correction).
    A quarter entered again is replaced."""

    year: int = column(Spending, "year")
    quarter: int = column(Spending, "quarter")
    #: Strict: `"1.000"` (a Danish thousand) or `1000.0` is no amount here.
    amount: StrictInt = column(Spending, "amount")
    note: str = column(Spending, "note", "")


class SpendingOut(Schema):
    id: int
    initiative_id: int
    year: int
    quarter: int
    amount: int
    note: str
    source: str
    updated_at: datetime.datetime


@router.post("/initiatives/{initiative_id}/spending", response=responses(SpendingOut, 201))
def add_spending(
    request: AuthedRequest, initiative_id: Id, payload: SpendingIn
) -> Status[SpendingOut]:
    """For the council's secretariat."""
    initiative = get_initiative_for_user(request.user, initiative_id)
    cluster = get_money_cluster_for_user(request.user, initiative.plan.cluster_id, write=True)
    spending = services.set_spending(
        actor=request.user, cluster=cluster, initiative=initiative, **payload.dict()
    )
    return Status(201, SpendingOut.from_orm(spending))
