"""The agenda and the minutes as PDF (WeasyPrint, tagged PDF/UA) and Word (.docx).

Both formats are built from one `MeetingDocument`, so they always hold the same content,
laid out as Danish minutes are: header, participants, afbud, items with indstilling,
sagsfremstilling and beslutning, bilag.
"""

import html
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.text import slugify

from klynge.meetings.access import MeetingAccess
from klynge.meetings.models import AgendaItem, Attendance


@dataclass
class MeetingDocument:
    title: str
    heading: str
    minutes: bool
    meta: list[tuple[str, str]]
    participants: list[str]
    absent: list[str]
    guests: list[str]
    items: list[AgendaItem]
    show_decisions: bool
    filename: str
    approvals: list[str] = field(default_factory=list)


def _person_line(attendance: Attendance) -> str:
    line = attendance.person.name
    if attendance.title:
        line += f", {attendance.title}"
    if attendance.substitute_for_id:
        line += f" (deltog for {attendance.substitute_for.name})"  # type: ignore[union-attr]
    return line


def build(access: MeetingAccess, *, minutes: bool, items: list[AgendaItem]) -> MeetingDocument:
    meeting = access.meeting
    attendances = list(
        meeting.attendances.select_related("person", "substitute_for").prefetch_related(
            "guest_items"
        )
    )
    word = "Referat" if minutes else "Dagsorden"
    place = meeting.place or meeting.online_url
    meta = [
        ("Møde", meeting.display_title),
        ("Klynge", meeting.body.cluster.name),
        ("Dato", formats.date_format(meeting.date, "l j. F Y")),
        ("Tid", f"{meeting.start_time:%H:%M}-{meeting.end_time:%H:%M}"),
        ("Sted", place),
    ]
    if meeting.chair:
        meta.append(("Mødeleder", meeting.chair.name))
    visible = {i.pk for i in items}
    guests = []
    for a in attendances:
        if a.is_guest:
            numbers = [str(i.position) for i in a.guest_items.all() if i.pk in visible]
            guests.append(_person_line(a) + (f" (punkt {', '.join(numbers)})" if numbers else ""))
    approvals = []
    if minutes:
        approvals = [
            f"{ap.person.name}, {formats.date_format(ap.approved_at, 'j. F Y')}"
            for ap in meeting.approvals.filter(
                minutes_version=meeting.minutes_version
            ).select_related("person")
        ]
    return MeetingDocument(
        title=f"{word} – {meeting.display_title} {meeting.date:%d.%m.%Y}",
        heading=f"{word} {meeting.display_title}",
        minutes=minutes,
        meta=meta,
        participants=[
            _person_line(a)
            for a in attendances
            if not a.is_guest and a.status != Attendance.Status.ABSENT
        ],
        absent=[a.person.name for a in attendances if a.status == Attendance.Status.ABSENT],
        guests=guests,
        items=items,
        show_decisions=minutes and access.can_see_decisions,
        filename=slugify(f"{word} {meeting.body.name} {meeting.date:%Y-%m-%d}"),
        approvals=approvals,
    )


def render_pdf(doc: MeetingDocument) -> bytes:
    from weasyprint import HTML

    source = render_to_string("meetings/document.html", {"doc": doc})
    return HTML(string=source, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1", custom_metadata=True
    )


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h3|h4|tr|blockquote)>|<br\s*/?>", re.I)


def html_to_paragraphs(rich: str) -> list[str]:
    """The sagsfremstilling's paragraphs as plain text for Word."""
    text = _BLOCK_END.sub("\n", rich)
    text = html.unescape(_TAG.sub("", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def render_docx(doc: MeetingDocument) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = doc.title
    document.core_properties.language = "da-DK"
    document.add_heading(doc.heading, level=0)
    table = document.add_table(rows=0, cols=2)
    for label, value in doc.meta:
        row = table.add_row().cells
        row[0].text, row[1].text = label, value
    for heading, names in [
        ("Deltagere", doc.participants),
        ("Afbud", doc.absent),
        ("Gæster", doc.guests),
    ]:
        if names:
            document.add_heading(heading, level=2)
            for name in names:
                document.add_paragraph(name, style="List Bullet")
    for item in doc.items:
        title = f"Punkt {item.position}: {item.title}"
        document.add_heading(title, level=1)
        if item.case_number:
            document.add_paragraph(f"Sagsnummer: {item.case_number}")
        if item.start_time and item.end_time:
            document.add_paragraph(f"Tid: {item.start_time:%H:%M}-{item.end_time:%H:%M}")
        presenters = [p.name for p in item.presenters.all()]
        if item.presenters_text:
            presenters.append(item.presenters_text)
        if presenters:
            document.add_paragraph("v/ " + ", ".join(presenters))
        if item.recommendation:
            document.add_heading("Indstilling", level=2)
            document.add_paragraph("Det indstilles,")
            for clause in item.recommendation:
                document.add_paragraph(clause, style="List Bullet")
        if item.presentation:
            document.add_heading("Sagsfremstilling", level=2)
            for paragraph in html_to_paragraphs(item.presentation):
                document.add_paragraph(paragraph)
        if doc.show_decisions and item.decision:
            document.add_heading("Beslutning", level=2)
            for paragraph in item.decision.splitlines():
                if paragraph.strip():
                    document.add_paragraph(paragraph)
        attachments = list(item.attachments.all())
        if attachments:
            document.add_heading("Bilag", level=2)
            for attachment in attachments:
                document.add_paragraph(attachment.original_name, style="List Bullet")
    if doc.approvals:
        document.add_heading("Godkendt af", level=2)
        for line in doc.approvals:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
