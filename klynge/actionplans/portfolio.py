"""The portfolio: initiatives by theme against the last status cycles.

One computation serves the page, the .xlsx and the PDF, so all three always agree.
Colour is never the only signal: every cell also carries its word (Grøn, Gul, Rød, Mangler).

The apps above actionplans add columns of whole numbers (the council's money: granted and
spent in a year) through `settings.PORTFOLIO_COLUMNS`, without actionplans importing them:
each is a function `(portfolio, *, user) -> list[Column]`, called once the rows are known,
reading `portfolio.year` (the year asked for on the page, or None for its default) and
returning no column when it has nothing to show. Their values and totals are made by the app
that owns them; here they are only placed: text on the page and in the PDF, numbers in the
.xlsx.
"""

import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from klynge.actionplans.access import as_known
from klynge.actionplans.models import (
    ActionPlan,
    Initiative,
    InitiativeStateChange,
    Rag,
    StatusCycle,
    StatusReport,
)
from klynge.core.display import choice_labels, url_maker
from klynge.core.text import spreadsheet_cell
from klynge.organisations.access import can_manage_cluster

CYCLES_SHOWN = 4
RAG_ORDER: dict[str, int] = {Rag.GREEN: 0, Rag.YELLOW: 1, Rag.RED: 2}


@functools.cache
def fills() -> dict[str, str]:
    """The spreadsheet fills, read from the stylesheet the pages and the PDF use."""
    css = Path(finders.find("klynge/rag.css") or "").read_text()
    return {
        rag: match.group(1).upper()
        for rag in Rag.values
        if (
            match := re.search(
                rf"\.rag-{rag}\b[^{{]*{{[^}}]*background-color:\s*#([0-9a-fA-F]{{6}})", css
            )
        )
    }


@dataclass
class Cell:
    rag: str  # green / yellow / red / "" (missing) / "none" (not asked)
    label: str
    #: "Deviation – proposed action" of a yellow or red status (the .xlsx shows the latest).
    deviation: str = ""

    @property
    def css(self) -> str:
        """The cell's class in rag.css (`rag-missing` for a status not given)."""
        return f"rag-{self.rag or 'missing'}"


@dataclass(frozen=True)
class Amount:
    """A number in an added column: the value for the .xlsx, its text for the page and PDF
    (None and "–": nothing to show for that initiative)."""

    value: int | None
    text: str


@dataclass
class Column:
    """A column of whole numbers an app above actionplans adds (`settings.PORTFOLIO_COLUMNS`).

    `values` by initiative id (an initiative left out shows "–"), `theme_totals` by the
    theme's name as in `Portfolio.groups`, `total` over every row shown; `text` writes a
    number for the page and the PDF, `number_format` for the .xlsx (where it stays a
    number, so sums work). `year` is the year the column is about, `years` those it could
    show: the page offers them."""

    heading: str
    values: dict[int, int]
    theme_totals: dict[str, int]
    total: int
    text: Callable[[int], str]
    number_format: str = "#,##0"
    year: int | None = None
    years: tuple[int, ...] = ()

    def amount(self, value: int | None) -> Amount:
        return Amount(value, "–" if value is None else self.text(value))


@dataclass
class Row:
    initiative: Initiative
    cells: list[Cell]
    change: str
    change_label: str
    #: The initiative's state as the viewer may know it, in words.
    state_label: str = ""
    #: Its owner organisations' names, "A, B".
    owners: str = ""
    url: str = ""
    #: One per added column, in `Portfolio.columns`' order.
    amounts: list[Amount] = field(default_factory=list)


@dataclass
class Group:
    """A theme's initiatives, with the added columns' totals for the theme."""

    theme: str
    rows: list[Row]
    totals: list[Amount] = field(default_factory=list)


@dataclass
class Portfolio:
    plan: ActionPlan
    cycles: list[StatusCycle]
    groups: list[Group] = field(default_factory=list)
    #: The year asked for (None: each column's default); the columns say which they show.
    year: int | None = None
    columns: list[Column] = field(default_factory=list)
    #: Whether an initiative of the plan (shown or filtered away) has not given the latest
    #: cycle's status yet.
    latest_missing: bool = False

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def totals(self) -> list[Amount]:
        return [column.amount(column.total) for column in self.columns]

    @property
    def column_totals(self) -> list[tuple[Column, Amount]]:
        return list(zip(self.columns, self.totals, strict=True))

    @property
    def shown_year(self) -> int | None:
        """The year the added columns show (the first that says)."""
        return next((c.year for c in self.columns if c.year is not None), None)

    @property
    def years(self) -> list[int]:
        """The years the added columns could show, for the page's year picker."""
        return sorted({year for column in self.columns for year in column.years})


#: A cell's "Afvigelse og handling" (in the .xlsx) is that of a yellow or red status.
DEVIATIONS = frozenset({Rag.YELLOW, Rag.RED})


def _words() -> dict[str, str]:
    """The cells' and the change column's words, translated once per portfolio (not per row):
    each status ("" not given yet), then each change."""
    return {
        "": _("Mangler"),
        **choice_labels(StatusReport, "rag"),
        "new": _("Ny"),
        "better": _("↑ Forbedret"),
        "worse": _("↓ Forværret"),
        "same": _("= Uændret"),
    }


def _cells(
    found: dict[int, tuple[str, str, str]], cycles: list[StatusCycle], words: dict[str, str]
) -> list[Cell]:
    """A cell per cycle from an initiative's reports (rag, deviation, proposed action) by
    cycle id."""
    cells = []
    for cycle in cycles:
        report = found.get(cycle.pk)
        if report is None:
            cells.append(Cell("none", "–"))
            continue
        rag, deviation, action = report
        cells.append(Cell(rag, words[rag], f"{deviation} – {action}" if rag in DEVIATIONS else ""))
    return cells


def _change(cells: list[Cell]) -> str:
    reported = [c.rag for c in cells if c.rag in RAG_ORDER]
    if len(cells) < 2 or cells[-1].rag not in RAG_ORDER:
        return ""
    if cells[-2].rag not in RAG_ORDER:
        return "new"
    now, before = RAG_ORDER[cells[-1].rag], RAG_ORDER[cells[-2].rag]
    if now < before:
        return "better"
    if now > before:
        return "worse"
    return "same" if reported else ""


def build(plan: ActionPlan, filters: dict[str, Any] | None = None, *, user: object) -> Portfolio:
    """The portfolio as `user` may know it: an initiative's state that a body decided shows
    once that decision may be read (see `klynge.actionplans.access`).

    Read in a fixed number of queries however many rows, the reports and owners as plain
    values (a plan has 50 initiatives × 4 cycles): what the rows show, not whole objects."""
    filters = filters or {}
    cycles = list(plan.cycles.select_related("meeting").order_by("-deadline")[:CYCLES_SHOWN])[::-1]
    initiatives = (
        plan.initiatives.select_related("theme")
        # What the rows show and filter by (page, .xlsx and PDF), not the long texts.
        .only(
            "plan_id",
            "number",
            "title",
            "state",
            "sectors",
            "theme__name",
            "project_lead_id",
        )
        .order_by("theme__priority", "theme__name", "number")
    )
    # The cluster's managers know each state as it is (`visible_state`): only the others need
    # the history of changes to know which decisions they may read yet.
    knows_all = can_manage_cluster(user, plan.cluster_id)
    if not knows_all:
        initiatives = initiatives.prefetch_related(
            Prefetch(
                "changes",
                queryset=InitiativeStateChange.objects.select_related(
                    "agenda_item__meeting__body"
                ).order_by("-created_at", "-id"),
            )
        )
    if filters.get("theme"):
        initiatives = initiatives.filter(theme=filters["theme"])
    if filters.get("organisation"):
        initiatives = initiatives.filter(owner_organisations=filters["organisation"])
    reports: dict[int, dict[int, tuple[str, str, str]]] = {}
    for initiative_id, cycle_id, *report in (
        StatusReport.objects.filter(cycle__in=cycles, initiative__plan=plan)
        .order_by()
        .values_list("initiative_id", "cycle_id", "rag", "deviation", "proposed_action")
    ):
        reports.setdefault(initiative_id, {})[cycle_id] = tuple(report)  # type: ignore[assignment]
    owners: dict[int, list[str]] = {}
    for initiative_id, name in (
        Initiative.owner_organisations.through.objects.filter(initiative__plan=plan)
        .order_by("organisation__name", "organisation_id")
        .values_list("initiative_id", "organisation__name")
    ):
        owners.setdefault(initiative_id, []).append(name)
    words = _words()
    no_theme = _("Uden tema")
    states = choice_labels(Initiative, "state")
    url = url_maker("initiative_detail")
    portfolio = Portfolio(plan=plan, cycles=cycles, year=filters.get("year"))
    if cycles:
        last = cycles[-1].pk
        portfolio.latest_missing = any(
            by_cycle[last][0] == "" for by_cycle in reports.values() if last in by_cycle
        )
    groups: dict[str, list[Row]] = {}
    for initiative in initiatives:
        initiative.plan = plan
        as_known(user, initiative, () if knows_all else initiative.changes.all())
        if filters.get("state") and initiative.state != filters["state"]:
            continue
        if filters.get("sector") and filters["sector"] not in initiative.sectors:
            continue
        cells = _cells(reports.get(initiative.pk, {}), cycles, words)
        latest = cells[-1].rag if cells else "none"
        wanted = filters.get("rag")
        if wanted and (latest != wanted if wanted != "missing" else latest != ""):
            continue
        change = _change(cells)
        theme = initiative.theme.name if initiative.theme else no_theme
        groups.setdefault(theme, []).append(
            Row(
                initiative,
                cells,
                change,
                words[change] if change else "",
                state_label=states[initiative.state],
                owners=", ".join(owners.get(initiative.pk, [])),
                url=url(initiative.pk),
            )
        )
    portfolio.groups = [Group(theme, rows) for theme, rows in groups.items()]
    _add_columns(portfolio, user)
    return portfolio


def _add_columns(portfolio: Portfolio, user: object) -> None:
    """The columns of the apps above (`settings.PORTFOLIO_COLUMNS`), placed on each row and
    theme."""
    if not portfolio.rows:
        return
    for path in settings.PORTFOLIO_COLUMNS:
        portfolio.columns += import_string(path)(portfolio, user=user)
    for group in portfolio.groups:
        group.totals = [c.amount(c.theme_totals.get(group.theme, 0)) for c in portfolio.columns]
        for row in group.rows:
            row.amounts = [c.amount(c.values.get(row.initiative.pk)) for c in portfolio.columns]


def to_xlsx(portfolio: Portfolio) -> bytes:
    """The sheet as secretariats share it: one row per indsats, a coloured column per cycle."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    # The project leads are the sheet's only: read here, for all rows at once, not by the page.
    prefetch_related_objects([row.initiative for row in portfolio.rows], "project_lead")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Handleplan"
    sheet.append([spreadsheet_cell(portfolio.plan.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    header = [_("Nr."), _("Indsats"), _("Tema"), _("Ejer"), _("Projektleder"), _("Tilstand")]
    header += [f"{_('Status')} {c.meeting.date:%d.%m.%Y}" for c in portfolio.cycles]
    header += [_("Ændring"), _("Afvigelse og handling")]
    header += [column.heading for column in portfolio.columns]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    # The added columns stand last, as numbers with their format: sums work in Excel.
    first_added = len(header) - len(portfolio.columns) + 1

    def add_amounts(amounts: list[Amount]) -> None:
        for offset, (column, amount) in enumerate(zip(portfolio.columns, amounts, strict=True)):
            cell = sheet.cell(row=sheet.max_row, column=first_added + offset, value=amount.value)
            cell.number_format = column.number_format

    for group in portfolio.groups:
        theme = group.theme
        for row in group.rows:
            i = row.initiative
            deviation = row.cells[-1].deviation if row.cells else ""
            sheet.append(
                spreadsheet_cell(value)
                for value in [
                    i.number,
                    i.title,
                    theme,
                    row.owners,
                    i.project_lead.name if i.project_lead else "",
                    row.state_label,
                    *[c.label for c in row.cells],
                    row.change_label,
                    deviation,
                ]
            )
            for offset, cell in enumerate(row.cells):
                if cell.rag in fills():
                    sheet.cell(row=sheet.max_row, column=7 + offset).fill = PatternFill(
                        "solid", fgColor=fills()[cell.rag]
                    )
            add_amounts(row.amounts)
    for column, width in zip("ABCDEF", (6, 50, 30, 30, 22, 28), strict=True):
        sheet.column_dimensions[column].width = width
    for offset in range(len(portfolio.columns)):
        sheet.column_dimensions[get_column_letter(first_added + offset)].width = 18
    for row_cells in sheet.iter_rows(min_row=4):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C4"
    # Filter buttons on the header row, over every row of initiatives.
    sheet.auto_filter.ref = f"A3:{get_column_letter(sheet.max_column)}{max(sheet.max_row, 3)}"
    if portfolio.columns:
        # The totals below the filtered rows (inside them, sorting would move them).
        sheet.append([])
        for group in portfolio.groups:
            sheet.append([None, spreadsheet_cell(_("I alt: %(theme)s") % {"theme": group.theme})])
            add_amounts(group.totals)
        sheet.append([None, _("I alt")])
        add_amounts(portfolio.totals)
        sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
    sheet.append([])
    sheet.append([_("Dannet %(when)s") % {"when": timezone.localtime().strftime("%d.%m.%Y %H:%M")}])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(portfolio: Portfolio) -> bytes:
    from django.template.loader import render_to_string

    from klynge.core.pdf import html_to_pdf

    source = render_to_string(
        "actionplans/portfolio_pdf.html",
        {"portfolio": portfolio, "generated": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
    )
    return html_to_pdf(source)
