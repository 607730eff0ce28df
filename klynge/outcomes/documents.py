"""The initiative report as a page, a tagged PDF (PDF/UA) and Word (.docx).

All three are built from one `InitiativeReport`, so they hold the same content: the five
questions, the deliverables and their status, the latest status report, the indicators with
their latest values and charts, and the evaluations at 3, 6 and 12 months. The PDF carries
the very SVG the page shows; Word gets each chart as a picture of that SVG, with its table.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.actionplans.models import Initiative, StatusReport
from klynge.core.docx import page_footer, page_header
from klynge.core.pdf import html_to_pdf
from klynge.core.text import clean_text
from klynge.outcomes.charts import IndicatorSummary, summarise
from klynge.outcomes.models import EvaluationNote, format_value

#: The five questions of an initiative description (seed 003): the fields' own labels.
QUESTIONS = ["problem", "target_group", "what_we_can_do", "goals", "documentation"]


@dataclass
class InitiativeReport:
    initiative: Initiative
    answers: list[tuple[str, str]]
    deliverables: list[tuple[str, str, str]]  # name, status label, note
    status: StatusReport | None
    indicators: list[IndicatorSummary]
    evaluations: list[tuple[int, str, EvaluationNote | None]]
    generated: str
    filename: str


def build(initiative: Initiative) -> InitiativeReport:
    """`initiative` as its reader may know it (see `actionplans.access.as_known`)."""
    statuses = {d.deliverable: d for d in initiative.deliverable_statuses.all()}
    deliverables = []
    for name in initiative.deliverables:
        row = statuses.get(name)
        label = row.get_status_display() if row else _("Ikke angivet")
        deliverables.append((name, str(label), row.note if row else ""))
    notes = {n.months: n for n in initiative.evaluation_notes.all()}
    status = (
        initiative.reports.exclude(rag="")
        .select_related("cycle__meeting__body")
        .order_by("-cycle__deadline", "-pk")
        .first()
    )
    indicators = list(initiative.indicators.all())
    labels = {field.name: str(field.verbose_name) for field in Initiative._meta.fields}
    return InitiativeReport(
        initiative=initiative,
        answers=[(labels[name], getattr(initiative, name)) for name in QUESTIONS],
        deliverables=deliverables,
        status=status,
        indicators=summarise(indicators, prefix=f"i{initiative.pk}"),
        evaluations=[
            (months, str(label), notes.get(months))
            for months, label in EvaluationNote.Months.choices
        ],
        generated=timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        filename=slugify(f"indsatsrapport {initiative.number} {initiative.title}")[:80],
    )


def render_pdf(report: InitiativeReport) -> bytes:
    source = render_to_string("outcomes/initiative_report_pdf.html", {"report": report})
    return html_to_pdf(source, custom_metadata=True)


def chart_png(svg: str) -> bytes:
    """A chart's SVG as a PNG for Word, drawn by the same WeasyPrint as the PDF."""
    import pypdfium2

    page = (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>graf</title><style>'
        '@page { size: 17cm 8.6cm; margin: 0 } body { margin: 0; font-family: "DejaVu Sans", '
        "sans-serif; } svg { width: 17cm; height: auto }</style></head><body>"
        f"{svg}</body></html>"
    )
    pdf = pypdfium2.PdfDocument(html_to_pdf(page, pdf_variant=None))
    image = pdf[0].render(scale=2.5).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def add_indicator_docx(document: object, summary: IndicatorSummary, *, level: int = 2) -> None:
    """An indicator in Word: heading, its text, the chart as a picture, its data table."""
    from docx.shared import Cm

    i, unit = summary.indicator, summary.indicator.unit
    document.add_heading(clean_text(i.name), level=level)  # type: ignore[attr-defined]
    document.add_paragraph(  # type: ignore[attr-defined]
        f"{i.get_dimension_display()} · {i.get_data_source_display()}"
        + (f" ({i.data_source_detail})" if i.data_source_detail else "")
    )
    if i.definition:
        document.add_paragraph(clean_text(i.definition))  # type: ignore[attr-defined]
    document.add_picture(io.BytesIO(chart_png(summary.chart)), width=Cm(16))  # type: ignore[attr-defined]
    document.add_paragraph(clean_text(summary.description))  # type: ignore[attr-defined]
    table = document.add_table(rows=1, cols=3)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("Dato"), _("Værdi"), _("Kilde")], strict=True):
        cell.text = text
    rows = []
    if i.baseline_value is not None and i.baseline_date:
        rows.append((i.baseline_date, format_value(i.baseline_value, unit), _("Baseline")))
    rows += [(m.date, format_value(m.value, unit), m.source) for m in summary.rows]
    if i.target_value is not None and i.target_date:
        rows.append((i.target_date, format_value(i.target_value, unit), _("Mål")))
    for date, value, source in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            date.strftime("%d.%m.%Y"),
            value,
            clean_text(source),
        )
    if i.comparison_value is not None:
        document.add_paragraph(  # type: ignore[attr-defined]
            f"{clean_text(i.comparison_label)}: {format_value(i.comparison_value, unit)}"
        )


def render_docx(report: InitiativeReport) -> bytes:
    from docx import Document

    initiative = report.initiative
    document = Document()
    document.core_properties.title = clean_text(str(initiative))
    document.core_properties.language = "da-DK"
    document.add_heading(clean_text(str(initiative)), level=0)
    plan = initiative.plan
    document.add_paragraph(f"{plan.cluster.name} · {plan.title} · {initiative.get_state_display()}")
    page_footer(
        document,
        _("Indsatsrapport, %(cluster)s, dannet %(when)s")
        % {"cluster": initiative.plan.cluster.name, "when": report.generated},
    )
    page_header(document, plan.cluster.name, logo=plan.cluster.logo_bytes())
    document.add_heading(_("Beskrivelse"), level=1)
    for question, answer in report.answers:
        document.add_heading(question, level=2)
        for line in (answer or "–").splitlines():
            if line.strip():
                document.add_paragraph(clean_text(line))
    if report.deliverables:
        document.add_heading(_("Leverancer"), level=1)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, [_("Leverance"), _("Status"), _("Bemærkning")], strict=True
        ):
            cell.text = text
        for name, status, note in report.deliverables:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = clean_text(name), status, clean_text(note)
    document.add_heading(_("Seneste status"), level=1)
    if report.status:
        s = report.status
        document.add_paragraph(
            f"{s.get_rag_display()} ({s.cycle.meeting.body.name}, {s.cycle.deadline:%d.%m.%Y})"
        )
        for label, text in [
            (_("Hvad er leveret?"), s.delivered),
            (_("Afvigelse"), s.deviation),
            (_("Årsag"), s.cause),
            (_("Forslag til handling"), s.proposed_action),
        ]:
            if text:
                document.add_paragraph(f"{label} {clean_text(text)}")
    else:
        document.add_paragraph(_("Der er ikke givet status endnu."))
    document.add_heading(_("Effektmål"), level=1)
    if not report.indicators:
        document.add_paragraph(_("Der er ikke sat effektmål op endnu."))
    for summary in report.indicators:
        add_indicator_docx(document, summary)
    document.add_heading(_("Evaluering"), level=1)
    for _months, label, evaluation in report.evaluations:
        document.add_heading(label, level=2)
        for line in (evaluation.text if evaluation else _("Ikke skrevet endnu.")).splitlines():
            if line.strip():
                document.add_paragraph(clean_text(line))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
