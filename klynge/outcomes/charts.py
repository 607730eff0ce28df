"""Charts as SVG drawn on the server: the same markup on the page and in the PDF.

Hand-written rather than a charting library: three chart shapes, each small enough to read,
and the markup is ours to make accessible. Every chart is an `<svg role="img">` with a title
and a text alternative (`<desc>`); the page shows its data as a table beside it. Colour is
never the only carrier of meaning: each line has its own dash pattern and marker shape, and
baseline, target and comparison are labelled in words.
"""

import datetime
import decimal
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from klynge.outcomes.models import Direction, Indicator, Measurement, format_value, readable

D = decimal.Decimal

INK = "#1a1a1a"
GRID = "#d9d9d9"
MEASURED = "#004993"
BASELINE = "#595959"
TARGET = "#00702a"
COMPARISON = "#8a4500"


@dataclass
class IndicatorSummary:
    """An indicator with its measurements, what they add up to, and its charts."""

    indicator: Indicator
    #: The measurements that can be read, for the charts and what they add up to.
    measurements: list[Measurement]
    #: Every measurement, for the tables: one that cannot be read shows as such.
    rows: list[Measurement] = field(default_factory=list)
    chart: str = ""
    small_chart: str = ""
    description: str = ""

    @property
    def baseline(self) -> str:
        return format_value(self.indicator.baseline_value, self.indicator.unit)

    @property
    def target(self) -> str:
        return format_value(self.indicator.target_value, self.indicator.unit)

    @property
    def comparison(self) -> str:
        return format_value(self.indicator.comparison_value, self.indicator.unit)

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def progress(self) -> float | None:
        """How far the latest value has come from baseline to target (1.0 = reached)."""
        baseline, target = readable(self.indicator.baseline_value), self._target
        if self.latest is None or baseline is None or target is None:
            return None
        span = target - baseline
        if span == 0:
            return None
        return float((self.latest.value - baseline) / span)

    @property
    def _target(self) -> D | None:
        return readable(self.indicator.target_value)

    @property
    def target_met(self) -> bool | None:
        latest, target = self.latest, self._target
        if latest is None or target is None:
            return None
        if self.indicator.direction == Direction.DOWN:
            return latest.value <= target
        return latest.value >= target

    @property
    def verdict(self) -> str:
        if self.target_met:
            return _("Målet er nået.")
        progress = self.progress
        if progress is None:
            return ""
        if progress < 0:
            return _("Udviklingen går den forkerte vej i forhold til baseline.")
        return _("%(share)s af vejen fra baseline til mål.") % {
            "share": format_value(D(str(round(progress * 100))), "percent")
        }


def _date(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def describe(summary: IndicatorSummary) -> str:
    """The chart in words: its text alternative, also printed under it."""
    i, unit = summary.indicator, summary.indicator.unit
    parts = []
    if summary.measurements:
        first, last = summary.measurements[0], summary.measurements[-1]
        parts.append(
            _("%(n)s målinger fra %(first)s til %(last)s; seneste %(value)s pr. %(date)s.")
            % {
                "n": len(summary.measurements),
                "first": _date(first.date),
                "last": _date(last.date),
                "value": format_value(last.value, unit),
                "date": _date(last.date),
            }
        )
    else:
        parts.append(_("Ingen målinger endnu."))
    if i.baseline_value is not None and i.baseline_date:
        parts.append(
            _("Baseline %(value)s (%(date)s).")
            % {"value": format_value(i.baseline_value, unit), "date": _date(i.baseline_date)}
        )
    if i.target_value is not None and i.target_date:
        parts.append(
            _("Mål %(value)s senest %(date)s.")
            % {"value": format_value(i.target_value, unit), "date": _date(i.target_date)}
        )
    if i.comparison_value is not None:
        parts.append(
            _("%(label)s: %(value)s.")
            % {"label": i.comparison_label, "value": format_value(i.comparison_value, unit)}
        )
    parts.append(i.get_direction_display() + ".")
    if summary.verdict:
        parts.append(summary.verdict)
    return " ".join(parts)


def _nice_step(span: float, intervals: int = 4) -> float:
    raw = span / intervals if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)


def _scale(values: Sequence[float]) -> tuple[float, float, list[float]]:
    """Axis bounds and ticks: round numbers, from 0 when the data are not far from it."""
    lo, hi = min(values), max(values)
    if 0 <= lo <= hi * 0.5:
        lo = 0.0
    if hi == lo:
        hi, lo = hi + 1, (max(lo - 1, 0.0) if lo >= 0 else lo - 1)
    step = _nice_step(hi - lo)
    tick = step * math.floor(lo / step)
    ticks = []
    while tick < hi + step * 0.999:
        ticks.append(round(tick, 6))
        tick += step
    return ticks[0], ticks[-1], ticks


def _svg_open(width: int, height: int, chart_id: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _marker(shape: str, x: float, y: float, colour: str, r: float = 4.5) -> str:
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" '
            f'height="{2 * r:.1f}" fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},'
            f'{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}" fill="{colour}"/>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} '
            f'{x - r - 1:.1f},{y + r:.1f}" fill="{colour}"/>'
        )
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#fff" stroke="{colour}" '
        'stroke-width="2"/>'
    )


#: (key, colour, dash pattern, marker) of the four lines an indicator chart can have.
STYLES = {
    "measured": (MEASURED, "", "circle"),
    "baseline": (BASELINE, "6 4", "square"),
    "target": (TARGET, "2 3", "diamond"),
    "comparison": (COMPARISON, "8 3 2 3", "triangle"),
}


def _legend_places(entries: list[tuple[str, str]], width: float) -> list[tuple[float, int]]:
    """Where each legend entry goes: (x offset, row), wrapping at `width`."""
    places = []
    cx, row = 0.0, 0
    for _key, label in entries:
        size = 16 + 7 * len(label) + 18
        if cx + size > width and cx > 0:
            cx, row = 0.0, row + 1
        places.append((cx, row))
        cx += size
    return places


def _legend(entries: list[tuple[str, str]], x: float, y: float, width: float) -> list[str]:
    out = []
    for (key, label), (offset, row) in zip(entries, _legend_places(entries, width), strict=True):
        colour, dash, marker = STYLES[key]
        cx, cy = x + offset, y + 16 * row
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx + 22:.1f}" y2="{cy:.1f}" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
        )
        out.append(_marker(marker, cx + 11, cy, colour, r=3.5))
        out.append(f'<text x="{cx + 27:.1f}" y="{cy + 4:.1f}">{escape(label)}</text>')
    return out


def indicator_chart(summary: IndicatorSummary, *, chart_id: str, small: bool = False) -> SafeString:
    """The indicator's measurements over time, with baseline, target and comparison."""
    i, unit = summary.indicator, summary.indicator.unit
    width, plot_h = (340, 150) if small else (640, 240)
    left, right, top = (46, 14, 12) if small else (60, 170, 16)
    plot_w = width - left - right
    dates = [m.date for m in summary.measurements]
    values = [float(m.value) for m in summary.measurements]
    lines: list[tuple[str, float, str]] = []  # key, value, label
    baseline, target = readable(i.baseline_value), readable(i.target_value)
    comparison = readable(i.comparison_value)
    if baseline is not None:
        lines.append(("baseline", float(baseline), _("Baseline")))
        dates.append(i.baseline_date)  # type: ignore[arg-type]
    if target is not None:
        lines.append(("target", float(target), _("Mål")))
        dates.append(i.target_date)  # type: ignore[arg-type]
    if comparison is not None:
        lines.append(("comparison", float(comparison), i.comparison_label or _("Sammenligning")))
    all_values = values + [v for _k, v, _l in lines]
    legend = [("measured", _("Målt"))] + [
        (k, lbl if len(lbl) <= 40 else lbl[:39] + "…") for k, _v, lbl in lines
    ]
    legend_width = width - left - 10
    legend_rows = 1 + max(row for _x, row in _legend_places(legend, legend_width))
    height = top + plot_h + 34 + 16 * legend_rows
    out = _svg_open(width, height, chart_id, str(i), summary.description or describe(summary))
    if not all_values or not dates:
        out.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle">'
            f"{escape(_('Ingen tal endnu'))}</text></svg>"
        )
        return mark_safe("".join(out))
    lo, hi, ticks = _scale(all_values)
    first, last = min(dates), max(dates)
    if first == last:
        first, last = first - datetime.timedelta(days=180), last + datetime.timedelta(days=180)
    days = (last - first).days

    def x(day: datetime.date) -> float:
        return left + plot_w * (day - first).days / days

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - lo) / (hi - lo))

    for tick in ticks:
        out.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{escape(format_value(D(str(tick)), unit).replace(' kr.', ''))}</text>"
        )
    years = range(first.year + (first.month > 1 or first.day > 1), last.year + 1)
    step = max(
        1, len(years) // (3 if small else 6) + (1 if len(years) > (3 if small else 6) else 0)
    )
    x_ticks = [datetime.date(year, 1, 1) for year in years][::step] or [first, last]
    for day in x_ticks:
        label = str(day.year) if len(years) else _date(day)
        out.append(
            f'<line x1="{x(day):.1f}" y1="{top + plot_h}" x2="{x(day):.1f}" '
            f'y2="{top + plot_h + 5}" stroke="{INK}"/>'
        )
        out.append(
            f'<text x="{x(day):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{label}</text>'
        )
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{INK}"/>'
    )
    labels: list[tuple[float, str, str]] = []
    for key, value, label in lines:
        colour, dash, marker = STYLES[key]
        out.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" y2="{y(value):.1f}" '
            f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="{dash}"/>'
        )
        at = {"baseline": i.baseline_date, "target": i.target_date}.get(key)
        if at is not None:
            out.append(_marker(marker, x(at), y(value), colour))
        # The full name is in the legend; beside the line it gets the room there is.
        room = int((right - 10) / 6.2) - len(format_value(D(str(value)), unit)) - 1
        short = label if len(label) <= room else label[: max(room - 1, 4)] + "…"
        labels.append((y(value), f"{short} {format_value(D(str(value)), unit)}", colour))
    if summary.measurements:
        colour, _dash, marker = STYLES["measured"]
        points = " ".join(f"{x(m.date):.1f},{y(float(m.value)):.1f}" for m in summary.measurements)
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for m in summary.measurements:
            out.append(_marker(marker, x(m.date), y(float(m.value)), colour))
        latest = summary.measurements[-1]
        out.append(
            f'<text x="{x(latest.date):.1f}" y="{y(float(latest.value)) - 9:.1f}" '
            f'text-anchor="middle" font-weight="bold">'
            f"{escape(format_value(latest.value, unit))}</text>"
        )
    if not small:
        # Labels at the right end of their lines, pushed apart where values lie close.
        placed: list[float] = []
        for label_y, text, colour in sorted(labels):
            label_y = max(label_y, placed[-1] + 14) if placed else label_y
            placed.append(label_y)
            out.append(
                f'<text x="{left + plot_w + 6}" y="{label_y + 4:.1f}" fill="{colour}">'
                f"{escape(text)}</text>"
            )
    out += _legend(legend, left, top + plot_h + 36, legend_width)
    out.append("</svg>")
    return mark_safe("".join(out))


def progress_chart(
    summaries: Sequence[IndicatorSummary], *, chart_id: str, title: str
) -> SafeString:
    """Several indicators together: how far each has come from baseline (0 %) to target
    (100 %), whatever their units."""
    width, row_h, left, right = 640, 34, 250, 120
    height = 40 + row_h * len(summaries)
    plot_w = width - left - right
    lines = []
    for s in summaries:
        progress = s.progress
        state = (
            _("mål nået")
            if s.target_met
            else _("%(share)s af vejen")
            % {"share": format_value(D(str(round(progress * 100))), "percent")}
            if progress is not None
            else _("mangler baseline, mål eller måling")
        )
        lines.append(f"{s.indicator}: {state}")
    out = _svg_open(width, height, chart_id, title, " ".join(f"{line}." for line in lines))

    def x(share: float) -> float:
        return left + plot_w * (min(max(share, -0.25), 1.25) + 0.25) / 1.5

    for share, label in [(0, _("Baseline")), (1, _("Mål"))]:
        out.append(
            f'<line x1="{x(share):.1f}" y1="22" x2="{x(share):.1f}" y2="{height - 8}" '
            f'stroke="{INK}" stroke-dasharray="{"6 4" if share == 0 else "2 3"}"/>'
        )
        out.append(f'<text x="{x(share):.1f}" y="14" text-anchor="middle">{escape(label)}</text>')
    for index, (s, line) in enumerate(zip(summaries, lines, strict=True)):
        top = 30 + index * row_h
        name = str(s.indicator)
        name = name if len(name) <= 36 else name[:35] + "…"
        out.append(f'<text x="{left - 8}" y="{top + 15}" text-anchor="end">{escape(name)}</text>')
        progress = s.progress
        if progress is not None:
            start, end = sorted([x(0), x(progress)])
            colour = TARGET if s.target_met else MEASURED
            out.append(
                f'<rect x="{start:.1f}" y="{top + 3}" width="{max(end - start, 2):.1f}" '
                f'height="{row_h - 12}" fill="{colour}"/>'
            )
        state = line.split(": ", 1)[1]
        out.append(
            f'<text x="{x(1.25) + 6:.1f}" y="{top + 15}" font-size="11">{escape(state)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))


def bar_chart(
    labels: Sequence[str], values: Sequence[float | None], *, chart_id: str, title: str
) -> SafeString:
    """Horizontal bars, each labelled with its value: one column of a data package."""
    width, row_h, left, right = 640, 26, 220, 90
    height = 16 + row_h * len(labels)
    plot_w = width - left - right
    numbers = [v for v in values if v is not None]
    hi = max([0.0, *numbers]) or 1.0
    lo = min([0.0, *numbers])
    desc = "; ".join(
        f"{label}: {format_value(D(str(v))) if v is not None else '–'}"
        for label, v in zip(labels, values, strict=True)
    )
    out = _svg_open(width, height, chart_id, title, desc)

    def x(value: float) -> float:
        return left + plot_w * (value - lo) / (hi - lo)

    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        top = 8 + index * row_h
        short = label if len(label) <= 32 else label[:31] + "…"
        out.append(f'<text x="{left - 8}" y="{top + 14}" text-anchor="end">{escape(short)}</text>')
        if value is None:
            out.append(f'<text x="{left + 4}" y="{top + 14}">–</text>')
            continue
        start, end = sorted([x(0), x(value)])
        out.append(
            f'<rect x="{start:.1f}" y="{top + 2}" width="{max(end - start, 1):.1f}" '
            f'height="{row_h - 8}" fill="{MEASURED}"/>'
        )
        out.append(
            f'<text x="{max(x(value), x(0)) + 5:.1f}" y="{top + 14}">'
            f"{escape(format_value(D(str(value))))}</text>"
        )
    out.append(
        f'<line x1="{x(0):.1f}" y1="4" x2="{x(0):.1f}" y2="{height - 4}" stroke="{INK}"/></svg>'
    )
    return mark_safe("".join(out))


def summarise(
    indicators: Sequence[Indicator],
    *,
    prefix: str = "chart",
    small: bool = True,
    large: bool = True,
) -> list[IndicatorSummary]:
    """The indicators with their measurements (one query) and charts."""
    ids = [i.pk for i in indicators]
    by_indicator: dict[int, list[Measurement]] = {pk: [] for pk in ids}
    units = {i.pk: i.unit for i in indicators}
    for m in Measurement.objects.filter(indicator_id__in=ids).order_by("date"):
        m.display = format_value(m.value, units[m.indicator_id])  # type: ignore[attr-defined]
        by_indicator[m.indicator_id].append(m)
    summaries = []
    for indicator in indicators:
        rows = by_indicator[indicator.pk]
        summary = IndicatorSummary(
            indicator=indicator,
            measurements=[m for m in rows if readable(m.value) is not None],
            rows=rows,
        )
        summary.description = describe(summary)
        if large:
            summary.chart = indicator_chart(summary, chart_id=f"{prefix}-{indicator.pk}")
        if small:
            summary.small_chart = indicator_chart(
                summary, chart_id=f"{prefix}-{indicator.pk}-s", small=True
            )
        summaries.append(summary)
    return summaries


def package_charts(table: dict[str, Any], *, prefix: str) -> list[tuple[str, SafeString]]:
    """One bar chart per numeric column of a data package (the first column labels)."""
    columns, rows = table.get("columns", []), table.get("rows", [])
    labels = [str(row[0]) for row in rows]
    charts = []
    for index, column in enumerate(columns[1:], start=1):
        values = [row[index] if isinstance(row[index], int | float) else None for row in rows]
        if sum(v is not None for v in values) >= max(1, len(values) // 2):
            charts.append(
                (column, bar_chart(labels, values, chart_id=f"{prefix}-{index}", title=column))
            )
    return charts
