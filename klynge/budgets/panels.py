"""The council's money on the initiative page: the "Økonomi" panel
(`settings.INITIATIVE_PANELS`; actionplans shows it without importing budgets).

Read by those who may see the initiative page and the council's money
(`budgets.access.can_read_money`); a grant's or a commitment's decision is linked only for
those who may read that decision (`meetings.access.decision_visible`: until the minutes are
approved, only the chairs and the secretariat)."""

from typing import Any

from django.utils.translation import gettext as _

from klynge.actionplans.models import Initiative
from klynge.budgets import figures
from klynge.budgets.access import can_read_money
from klynge.meetings.access import decision_visible
from klynge.meetings.models import AgendaItem


def initiative_money_context(user: object, initiative: Initiative) -> dict[str, Any] | None:
    """The panel's context, or None when the user may not read the money or there is none."""
    if not can_read_money(user, initiative.plan.cluster_id):
        return None
    account = figures.initiative_account(initiative)
    if account.is_empty:
        return None
    seen: dict[int, bool] = {}

    def visible(item: AgendaItem | None) -> AgendaItem | None:
        if item is None:
            return None
        if item.pk not in seen:
            seen[item.pk] = decision_visible(user, item)
        return item if seen[item.pk] else None

    for year in account.years:
        for allocation in year.allocations:
            allocation.decision_link = visible(allocation.decision_item)  # type: ignore[attr-defined]
    for co_financing in account.co_financings:
        co_financing.decision_link = visible(co_financing.decision_item)  # type: ignore[attr-defined]
    return {"account": account, "table": _year_table(account)}


def _year_table(account: figures.InitiativeAccount) -> list[tuple[str, list[int | None]]]:
    """The panel's table, a column per year: granted, spent each quarter (None: nothing
    entered), spent, left."""
    years = account.years
    return [
        (_("Bevilget"), [year.money.allocated for year in years]),
        *[
            (
                _("Forbrugt %(quarter)s. kvt.") % {"quarter": quarter},
                [y.quarters[quarter] for y in years],
            )
            for quarter in figures.QUARTERS
        ],
        (_("Forbrugt i alt"), [year.money.spent for year in years]),
        (_("Tilbage"), [year.money.left for year in years]),
    ]
