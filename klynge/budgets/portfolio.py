"""The council's money in the action plan's portfolio (page, .xlsx and PDF): granted and
spent in a year, per initiative and theme (`settings.PORTFOLIO_COLUMNS`; actionplans places
the columns without importing budgets).

Shown to those who may read the council's money (`budgets.access.can_read_money`), and only
when the initiatives shown have money in some year: a plan without money gets no empty
columns. The year is the one asked for on the page, or else `figures.default_year` of the
initiatives' years with money (as the money overview page opens)."""

from django.utils.translation import gettext as _

from klynge.actionplans.portfolio import Column, Portfolio
from klynge.budgets import figures
from klynge.budgets.access import can_read_money
from klynge.core.text import format_kroner

#: Whole kroner in the .xlsx: a number Excel adds up, shown as `1.250.000 kr.` in a Danish
#: Excel (the separator follows the reader's locale).
KRONER_FORMAT = '#,##0 "kr."'


def money_columns(portfolio: Portfolio, *, user: object) -> list[Column]:
    """'Bevilget <year>' and 'Forbrugt <year>' for the portfolio's rows (see the module)."""
    if not can_read_money(user, portfolio.plan.cluster_id):
        return []
    ids = [row.initiative.pk for row in portfolio.rows]
    years = figures.initiative_money_years(ids)
    if not years:
        return []
    year = portfolio.year or figures.default_year(years)
    money = figures.initiative_money(ids, year=year)
    themes = {
        group.theme: figures.add_up(
            money[row.initiative.pk] for row in group.rows if row.initiative.pk in money
        )
        for group in portfolio.groups
    }
    total = figures.add_up(themes.values())
    offered = tuple(sorted({*years, year}))

    def column(heading: str, field: str) -> Column:
        return Column(
            heading=heading % {"year": year},
            values={pk: getattr(amounts, field) for pk, amounts in money.items()},
            theme_totals={theme: getattr(amounts, field) for theme, amounts in themes.items()},
            total=getattr(total, field),
            text=format_kroner,
            number_format=KRONER_FORMAT,
            year=year,
            years=offered,
        )

    return [column(_("Bevilget %(year)s"), "allocated"), column(_("Forbrugt %(year)s"), "spent")]
