"""The compiled afrapportering as a tagged PDF and as Word, in the shape of seed 003: a
cover with the background and the questions, a table of contents, one section per cluster
with its answers and its indicators (charts and tables, as on the indicators' pages)."""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.core.docx import page_footer, page_header
from klynge.core.pdf import html_to_pdf
from klynge.core.text import clean_text
from klynge.outcomes.charts import IndicatorSummary, summarise
from klynge.outcomes.documents import add_indicator_docx
from klynge.reports.models import Report, ReportPart


@dataclass
class Section:
    part: ReportPart
    answers: list[tuple[str, str]]
    indicators: list[IndicatorSummary]


@dataclass
class CompiledReport:
    report: Report
    sections: list[Section]
    missing: list[str]
    generated: str
    filename: str


def build(report: Report) -> CompiledReport:
    parts = list(
        report.parts.select_related("cluster")
        .prefetch_related("indicators")
        .order_by("cluster__name")
    )
    sections = []
    for part in parts:
        if part.status != ReportPart.Status.SUBMITTED:
            continue
        part.report = report
        indicators = summarise(list(part.indicators.all()), prefix=f"r{part.pk}", small=False)
        sections.append(Section(part=part, answers=part.answer_pairs(), indicators=indicators))
    return CompiledReport(
        report=report,
        sections=sections,
        missing=[p.cluster.name for p in parts if p.status != ReportPart.Status.SUBMITTED],
        generated=timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        filename=slugify(report.title)[:80] or "afrapportering",
    )


def render_pdf(doc: CompiledReport) -> bytes:
    source = render_to_string("reports/compiled_pdf.html", {"doc": doc})
    return html_to_pdf(source, custom_metadata=True)


def render_docx(doc: CompiledReport) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    report = doc.report
    document = Document()
    document.core_properties.title = clean_text(report.title)
    document.core_properties.language = "da-DK"
    page_footer(document, f"{report.title} · {report.requester.name} · dannet {doc.generated}")
    page_header(document, report.cluster.name, logo=report.cluster.logo_bytes())
    document.add_heading(clean_text(report.title), level=0)
    document.add_paragraph(
        _("Afrapportering til %(body)s, frist %(deadline)s")
        % {"body": report.requester.name, "deadline": report.deadline.strftime("%d.%m.%Y")}
    )
    for line in report.introduction.splitlines():
        if line.strip():
            document.add_paragraph(clean_text(line))
    document.add_paragraph(_("Klyngerne har svaret på følgende:"))
    for question in report.questions:
        document.add_paragraph(clean_text(question), style="List Bullet")
    document.add_heading(_("Indhold"), level=1)
    for section in doc.sections:
        document.add_paragraph(section.part.cluster.name, style="List Number")
    if doc.missing:
        document.add_paragraph(
            _("Har ikke afrapporteret: %(names)s.") % {"names": ", ".join(doc.missing)}
        )
    for section in doc.sections:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(section.part.cluster.name, level=1)
        for question, answer in section.answers:
            document.add_heading(clean_text(question), level=2)
            for line in (answer or "–").splitlines():
                if line.strip():
                    document.add_paragraph(clean_text(line))
        if section.indicators:
            document.add_heading(_("Effektmål"), level=2)
            for summary in section.indicators:
                add_indicator_docx(document, summary, level=3)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
