"""The nærsundhedsplan's documents, in the house style (tagged PDF/UA and Word): the published
plan, the yearly follow-up report, and the høringsnotat. Each part adds its documents as a
block under its own header."""

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.core.docx import page_footer, page_header
from klynge.core.pdf import html_to_pdf
from klynge.core.text import clean_text, lines_of
from klynge.healthplans.followup import PlanFollowUp
from klynge.healthplans.models import HealthPlan, Hearing

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
                for measured in followed.indicators:
                    cells = table.add_row().cells
                    cells[0].text = clean_text(measured.indicator.name)
                    cells[1].text = (
                        f"{measured.latest_value} ({measured.latest.date:%d.%m.%Y})"
                        if measured.latest
                        else _("Ingen måling")
                    )
                    cells[2].text = measured.target or "–"
                    cells[3].text = measured.progress or "–"
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


# --- hearing: the høringsnotat -------------------------------------------------------------


@dataclass
class NotatEntry:
    """One answer as the høringsnotat gives it."""

    party: str
    kind: str
    received: datetime.date
    via: str
    summary: str
    comment: str
    changes_plan: bool
    #: "Afsnit 2: Sammenhængende forløb" (its number in the plan), or "".
    section: str
    #: The section in the plan (on the plan page), or "".
    section_url: str
    file_name: str
    #: The secretariat has read it (`HearingAnswer.is_assessed`); if not, its "no change"
    #: says nothing, and the notat says "Ikke vurderet".
    assessed: bool = True


@dataclass
class Notat:
    hearing: Hearing
    plan: HealthPlan
    entries: list[NotatEntry]
    #: The parties heard that did not answer.
    silent: list[str]
    changes: int
    generated: str
    filename: str
    title: str = ""
    intro: str = ""
    footer: str = ""

    @property
    def unassessed(self) -> int:
        """Answers the secretariat has not read yet (no summary, comment or change)."""
        return sum(1 for entry in self.entries if not entry.assessed)


def build_notat(hearing: Hearing) -> Notat:
    """The høringsnotat from the answers: per answer the party, the secretariat's summary and
    comment, and whether (and where) the plan changes."""
    plan = hearing.plan
    numbers = {pk: n for n, pk in enumerate(plan.sections.values_list("pk", flat=True), 1)}
    parties = list(hearing.parties.select_related("answer__section").order_by("name"))
    entries = []
    silent = []
    for party in parties:
        answer = getattr(party, "answer", None)
        if answer is None:
            silent.append(party.name)
            continue
        section = answer.section
        entries.append(
            NotatEntry(
                party=party.name,
                kind=party.get_kind_display(),
                received=timezone.localdate(answer.received_at),
                via=answer.get_via_display(),
                summary=answer.summary,
                comment=answer.comment,
                changes_plan=answer.changes_plan,
                section=(
                    _("Afsnit %(number)s: %(title)s")
                    % {"number": numbers.get(section.pk, "?"), "title": section.title}
                    if section is not None
                    else ""
                ),
                section_url=settings.SITE_URL + section.get_absolute_url() if section else "",
                file_name=answer.file_name,
                assessed=answer.is_assessed,
            )
        )
    title = _("Høringsnotat: %(plan)s") % {"plan": plan.title}
    generated = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    intro = _(
        "Udkastet til %(plan)s (version %(version)s) blev sendt i høring %(sent)s med frist "
        "%(deadline)s til %(parties)s høringsparter. %(answered)s har svaret."
    ) % {
        "plan": plan.title,
        "version": hearing.version.number,
        "sent": date_format(timezone.localdate(hearing.sent_at), "j. F Y")
        if hearing.sent_at
        else "–",
        "deadline": date_format(hearing.deadline, "j. F Y"),
        "parties": len(parties),
        "answered": len(entries),
    }
    return Notat(
        hearing=hearing,
        plan=plan,
        entries=entries,
        silent=silent,
        changes=sum(1 for entry in entries if entry.changes_plan),
        generated=generated,
        filename=slugify(f"hoeringsnotat {plan.title}")[:80] or "hoeringsnotat",
        title=title,
        intro=intro,
        footer=f"{title} · {plan.cluster.name} · dannet {generated}",
    )


def _notat_change(entry: NotatEntry) -> str:
    """Whether the answer changes the plan: yes, no, or not assessed yet."""
    if entry.changes_plan:
        return _("Ja")
    return _("Nej") if entry.assessed else _("Ikke vurderet")


def render_notat_pdf(notat: Notat) -> bytes:
    source = render_to_string("healthplans/hearing_notat_pdf.html", {"notat": notat})
    return html_to_pdf(source, custom_metadata=True)


def render_notat_docx(notat: Notat) -> bytes:
    from docx import Document

    plan = notat.plan
    document = Document()
    document.core_properties.title = clean_text(notat.title)
    document.core_properties.language = "da-DK"
    page_footer(document, notat.footer)
    page_header(document, plan.cluster.name, logo=plan.cluster.logo_bytes())
    document.add_heading(clean_text(notat.title), level=0)
    document.add_paragraph(clean_text(notat.intro))
    if notat.entries:
        document.add_heading(_("Oversigt"), level=1)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        header = [_("Høringspart"), _("Giver anledning til ændring"), _("Afsnit")]
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for entry in notat.entries:
            cells = table.add_row().cells
            cells[0].text = clean_text(entry.party)
            cells[1].text = _notat_change(entry)
            cells[2].text = clean_text(entry.section) or "–"
    document.add_heading(_("Høringssvarene"), level=1)
    if not notat.entries:
        document.add_paragraph(_("Der er ikke modtaget høringssvar."))
    for entry in notat.entries:
        document.add_heading(clean_text(entry.party), level=2)
        document.add_paragraph(
            _("%(kind)s · modtaget %(date)s (%(via)s)")
            % {
                "kind": entry.kind,
                "date": entry.received.strftime("%d.%m.%Y"),
                "via": entry.via.lower(),
            }
        )
        for label, text in [
            (_("Resumé"), entry.summary),
            (_("Sekretariatets bemærkning"), entry.comment),
        ]:
            document.add_heading(label, level=3)
            for line in lines_of(text) or ["–"]:
                document.add_paragraph(clean_text(line))
        change = document.add_paragraph()
        change.add_run(_("Giver anledning til ændring af planen: ")).bold = True
        if entry.changes_plan:
            change.add_run(_("Ja") + (f", {clean_text(entry.section)}" if entry.section else ""))
            if entry.section_url:
                document.add_paragraph(entry.section_url)
        else:
            change.add_run(_notat_change(entry))
    if notat.silent:
        document.add_heading(_("Har ikke svaret"), level=1)
        for name in notat.silent:
            document.add_paragraph(clean_text(name), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
