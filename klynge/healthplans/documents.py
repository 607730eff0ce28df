"""The nærsundhedsplan's documents, in the house style (tagged PDF/UA and Word): the published
plan, the yearly follow-up report, and the høringsnotat. Each part adds its documents as a
block under its own header."""

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.core.docx import page_footer, page_header
from klynge.core.pdf import html_to_pdf
from klynge.core.text import clean_text
from klynge.healthplans.followup import PlanFollowUp
from klynge.healthplans.models import HealthPlan

# --- approval helper: the published plan and the yearly follow-up report ------------------


def published_plan_pdf(plan: HealthPlan) -> tuple[bytes, str]:
    """The approved version of a published plan as an accessible PDF, and its file name.
    Only the frozen approved text: nothing of a later draft, no hearing answers, no people."""
    content: dict[str, Any] = plan.approved_version.content if plan.approved_version else {}
    source = render_to_string(
        "healthplans/public_plan_pdf.html",
        {
            "plan": plan,
            "content": content,
            "approvers": list(plan.approvers.order_by("name")),
            "generated": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        },
    )
    filename = slugify(f"{plan.title} {plan.cluster.name}")[:80] or "naersundhedsplan"
    return html_to_pdf(source, custom_metadata=True), f"{filename}.pdf"


def render_followup_pdf(followup: PlanFollowUp) -> bytes:
    source = render_to_string("healthplans/followup_pdf.html", {"followup": followup})
    return html_to_pdf(source, custom_metadata=True)


def followup_heading(followup: PlanFollowUp) -> str:
    return _("Opfølgning %(year)s: %(title)s") % {
        "year": followup.year,
        "title": followup.plan.title,
    }


def followup_as_of(followup: PlanFollowUp) -> str:
    return _("Status pr. %(date)s") % {"date": followup.as_of.strftime("%d.%m.%Y")}


def add_followup_docx(document: Any, followup: PlanFollowUp, *, level: int = 1) -> None:
    """The follow-up in Word, its sections at heading `level`: per goal its status and
    reason, its initiatives' latest status and its indicators' latest value and progress
    (the same `PlanFollowUp` the page and the PDF show)."""
    counts = ", ".join(f"{label}: {number}" for _status, label, number in followup.counts)
    document.add_paragraph(f"{followup_as_of(followup)}. {counts}.")
    if not followup.sections:
        document.add_paragraph(_("Planen har ingen mål endnu."))
    for title, goals in followup.sections:
        document.add_heading(clean_text(title), level=level)
        for followed in goals:
            goal = followed.goal
            document.add_heading(clean_text(goal.text), level=level + 1)
            facts = []
            if goal.population:
                facts.append(_("Målgruppe: %s") % clean_text(goal.population))
            if goal.deadline:
                facts.append(_("Frist: %s") % goal.deadline.strftime("%d.%m.%Y"))
            if facts:
                document.add_paragraph(" · ".join(facts))
            status = document.add_paragraph()
            status.add_run(_("Status: ")).bold = True
            if followed.status:
                status.add_run(
                    f"{followed.status_label} ({followed.status_at:%d.%m.%Y})"
                    if followed.status_at
                    else followed.status_label
                )
            else:
                status.add_run(_("Ikke vurderet"))
            if followed.reason:
                reason = document.add_paragraph()
                reason.add_run(_("Begrundelse: ")).bold = True
                reason.add_run(clean_text(followed.reason))
            if followed.initiatives:
                table = document.add_table(rows=1, cols=3)
                table.style = "Table Grid"
                header = [_("Indsats"), _("Seneste status"), _("Frist for status")]
                for cell, text in zip(table.rows[0].cells, header, strict=True):
                    cell.text = text
                for line in followed.initiatives:
                    cells = table.add_row().cells
                    cells[0].text = clean_text(str(line.initiative))
                    cells[1].text = line.rag_label or _("Ingen status")
                    cells[2].text = (
                        line.report.cycle.deadline.strftime("%d.%m.%Y") if line.report else "–"
                    )
            if followed.indicators:
                table = document.add_table(rows=1, cols=4)
                table.style = "Table Grid"
                header = [_("Indikator"), _("Seneste værdi"), _("Mål"), _("Fremskridt")]
                for cell, text in zip(table.rows[0].cells, header, strict=True):
                    cell.text = text
                for line in followed.indicators:
                    cells = table.add_row().cells
                    cells[0].text = clean_text(line.indicator.name)
                    cells[1].text = (
                        f"{line.latest_value} ({line.latest.date:%d.%m.%Y})"
                        if line.latest
                        else _("Ingen måling")
                    )
                    cells[2].text = line.target or "–"
                    cells[3].text = line.progress or "–"
            if followed.changes:
                document.add_paragraph(_("Vurderinger i året:"))
                for change in followed.changes:
                    text = f"{change.created_at:%d.%m.%Y}: {change.get_status_display()}"
                    if change.reason:
                        text += f" – {clean_text(change.reason)}"
                    document.add_paragraph(text, style="List Bullet")


def render_followup_docx(followup: PlanFollowUp) -> bytes:
    from docx import Document

    plan = followup.plan
    document = Document()
    heading = followup_heading(followup)
    document.core_properties.title = clean_text(heading)
    document.core_properties.language = "da-DK"
    page_footer(
        document,
        _("%(heading)s · %(cluster)s · dannet %(when)s")
        % {"heading": heading, "cluster": plan.cluster.name, "when": followup.generated},
    )
    page_header(document, plan.cluster.name, logo=plan.cluster.logo_bytes())
    document.add_heading(clean_text(heading), level=0)
    document.add_paragraph(
        _("%(cluster)s · periode %(period)s · %(status)s")
        % {
            "cluster": plan.cluster.name,
            "period": plan.period_label,
            "status": plan.get_status_display(),
        }
    )
    add_followup_docx(document, followup, level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
