"""The agenda and the minutes as PDF (WeasyPrint, tagged PDF/UA) and Word (.docx).

Both formats are built from one `MeetingDocument`, so they always hold the same content,
laid out as Danish minutes are: header, participants, afbud, items with indstilling,
sagsfremstilling and beslutning, bilag.
"""

import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klynge.core.docx import add_rich_text, page_footer, page_header
from klynge.core.pdf import data_url, html_to_pdf
from klynge.core.text import clean_text
from klynge.meetings.access import ClosedItem, MeetingAccess
from klynge.meetings.models import (
    MINUTES_EDITABLE,
    AgendaItem,
    Attachment,
    Attendance,
    group_participants,
)
from klynge.organisations.models import Cluster


@dataclass
class MeetingDocument:
    title: str
    heading: str
    minutes: bool
    meta: list[tuple[str, str]]
    #: (organisation, people) as the seeds list them; the secretariat, guests and afbud apart.
    participants: list[tuple[str, list[str]]]
    secretariat: list[str]
    absent: list[str]
    guests: list[str]
    items: list[AgendaItem | ClosedItem]
    show_decisions: bool
    filename: str
    approvals: list[str] = field(default_factory=list)
    #: Every page's footer: the body, the meeting's date, when the document was made.
    footer: str = ""
    #: Every page's header: the cluster's name and logo.
    cluster: Cluster | None = None
    #: Minutes not yet approved: UDKAST on every page.
    draft: bool = False


def _person_line(attendance: Attendance) -> str:
    line = attendance.person.name
    if attendance.title:
        line += f", {attendance.title}"
    if attendance.substitute_for_id:
        line += _(" (deltog for %(name)s)") % {"name": attendance.substitute_for.name}  # type: ignore[union-attr]
    return line


def build(
    access: MeetingAccess, *, minutes: bool, items: list[AgendaItem | ClosedItem]
) -> MeetingDocument:
    meeting = access.meeting
    attendances = list(
        meeting.attendances.select_related("person", "substitute_for").prefetch_related(
            "guest_items"
        )
    )
    word = _("Referat") if minutes else _("Dagsorden")
    meta = [
        (_("Møde"), meeting.display_title),
        # "Sundhedsråd", "Sundhedsklynge": a council's minutes do not call it a cluster.
        (meeting.body.cluster.get_kind_display(), meeting.body.cluster.name),
        (_("Dato"), formats.date_format(meeting.date, "l j. F Y")),
        (_("Tid"), meeting.hours),
        (_("Sted"), meeting.where(with_online_link=access.can_see_meeting_link)),
    ]
    if meeting.chair:
        meta.append((_("Mødeleder"), meeting.chair.name))
    visible = {i.pk for i in items if isinstance(i, AgendaItem)}
    if not access.can_see_participants:
        attendances = []
    people = group_participants(meeting, attendances)
    guests = []
    for a in people.guests:
        numbers = [str(i.position) for i in a.guest_items.all() if i.pk in visible]
        at = _(" (punkt %(numbers)s)") % {"numbers": ", ".join(numbers)} if numbers else ""
        organisation = f", {a.organisation}" if a.organisation else ""  # type: ignore[attr-defined]
        guests.append(_person_line(a) + organisation + at)
    approvals = []
    if minutes:
        approvals = [
            f"{ap.person.name}, {formats.date_format(ap.approved_at, 'j. F Y')}"
            for ap in meeting.approvals.filter(
                minutes_version=meeting.minutes_version
            ).select_related("person")
        ]
    show_decisions = minutes and access.can_see_decisions
    if show_decisions:
        _add_item_sections(access, items)
    return MeetingDocument(
        title=f"{word} – {meeting.display_title} {meeting.date:%d.%m.%Y}",
        heading=f"{word} {meeting.display_title}",
        minutes=minutes,
        meta=meta,
        participants=[
            (organisation or _("Uden organisation"), [_person_line(a) for a in group])
            for organisation, group in people.by_organisation
        ],
        secretariat=[_person_line(a) for a in people.secretariat],
        absent=[
            a.person.name + (f" ({a.organisation})" if a.organisation else "")  # type: ignore[attr-defined]
            for a in people.absent
        ],
        guests=guests,
        items=items,
        show_decisions=show_decisions,
        filename=slugify(f"{word} {meeting.body.name} {meeting.date:%Y-%m-%d}"),
        approvals=approvals,
        cluster=meeting.body.cluster,
        draft=minutes and meeting.status in MINUTES_EDITABLE,
        footer=_("%(body)s · %(date)s · dannet %(when)s")
        % {
            "body": meeting.body.name,
            "date": formats.date_format(meeting.date, "j. F Y"),
            "when": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        },
    )


def _add_item_sections(access: MeetingAccess, items: list[AgendaItem | ClosedItem]) -> None:
    """What the apps above meetings add to each item in the minutes (votes, inhabilitet,
    statements: `settings.MEETING_MINUTES_ITEM_SECTIONS`), set on each item as
    `minutes_sections`, a list of (heading, lines) both formats render."""
    found: dict[int, list[tuple[str, list[str]]]] = {}
    for path in settings.MEETING_MINUTES_ITEM_SECTIONS:
        for pk, sections in import_string(path)(access, items).items():
            found.setdefault(pk, []).extend(sections)
    for item in items:
        if isinstance(item, AgendaItem):
            item.minutes_sections = found.get(item.pk, [])  # type: ignore[attr-defined]


def render_pdf(doc: MeetingDocument) -> bytes:
    source = render_to_string("meetings/document.html", {"doc": doc})
    return html_to_pdf(source, custom_metadata=True)


def render_docx(doc: MeetingDocument) -> bytes:
    from docx import Document

    # Text stored before input was cleaned may still hold characters XML refuses.
    def paragraph(text: str, style: str | None = None) -> None:
        document.add_paragraph(clean_text(text), style=style)

    def heading(text: str, level: int) -> None:
        document.add_heading(clean_text(text), level=level)

    document = Document()
    document.core_properties.title = clean_text(doc.title)
    document.core_properties.language = "da-DK"
    page_footer(document, doc.footer)
    cluster = doc.cluster
    page_header(
        document,
        cluster.name if cluster else "",
        logo=cluster.logo_bytes() if cluster else b"",
        mark=_("UDKAST") if doc.draft else "",
    )
    heading(doc.heading, level=0)
    table = document.add_table(rows=0, cols=2)
    for label, value in doc.meta:
        row = table.add_row().cells
        row[0].text, row[1].text = label, clean_text(value)
    if doc.participants:
        heading(_("Deltagere"), level=2)
        for organisation, names in doc.participants:
            heading(organisation, level=3)
            for name in names:
                paragraph(name, style="List Bullet")
    for group, names in [
        (_("Sekretariat"), doc.secretariat),
        (_("Gæster"), doc.guests),
        (_("Afbud"), doc.absent),
    ]:
        if names:
            heading(group, level=2)
            for name in names:
                paragraph(name, style="List Bullet")
    for item in doc.items:
        if isinstance(item, ClosedItem):
            heading(_("Punkt %(n)s: Lukket punkt") % {"n": item.position}, level=1)
            continue
        title = _("Punkt %(n)s: %(title)s") % {"n": item.position, "title": item.title}
        if item.is_closed:
            title += " " + _("(Lukket punkt)")
        heading(title, level=1)
        if item.case_number:
            paragraph(_("Sagsnr.") + f" {item.case_number}")
        if item.start_time and item.end_time:
            paragraph(f"{item.start_time:%H:%M}-{item.end_time:%H:%M}")
        if item.presenter_names:
            paragraph("v/ " + ", ".join(item.presenter_names))
        if item.recommendation:
            heading(_("Indstilling"), level=2)
            paragraph(_("Det indstilles,"))
            for clause in item.recommendation:
                paragraph(clause, style="List Bullet")
        if item.presentation:
            heading(_("Sagsfremstilling"), level=2)
            add_rich_text(document, item.presentation)
        if doc.show_decisions and item.decision:
            heading(_("Beslutning"), level=2)
            for text in item.decision.splitlines():
                if text.strip():
                    paragraph(text)
        for section_heading, lines in getattr(item, "minutes_sections", []):
            if section_heading:
                heading(section_heading, level=2)
            for line in lines:
                paragraph(line)
        attachments = list(item.attachments.all())
        if attachments:
            heading(_("Bilag"), level=2)
            for attachment in attachments:
                paragraph(attachment.original_name, style="List Bullet")
    if doc.approvals:
        heading(_("Godkendt af"), level=2)
        for line in doc.approvals:
            paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# The samlet dagsorden ------------------------------------------------------------------------

#: Links on the contents page point here while WeasyPrint draws them; the bundle turns them
#: into links to pages of the merged PDF.
_PAGE_LINK = "https://klynge.invalid/side/"


@dataclass
class BundlePart:
    label: str
    pages: Any = None  # a PdfReader, or None when the bilag cannot be part of the PDF
    reason: str = ""
    start: int = 0  # 1-based page in the bundle


def _bilag_pages(attachment: Attachment) -> tuple[Any, str]:
    """The bilag as PDF pages, or (None, why not)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    kind = attachment.content_type
    try:
        with attachment.file.open("rb") as stored:
            data = stored.read()
    except OSError:
        return None, _("filen mangler")
    if kind == "application/pdf":
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                return None, _("PDF-filen er beskyttet med adgangskode")
            if not reader.pages:
                return None, _("PDF-filen har ingen sider")
        except (PyPdfError, ValueError, OSError):
            return None, _("PDF-filen kan ikke læses")
        return reader, ""
    if kind in {"image/png", "image/jpeg"}:
        source = render_to_string(
            "meetings/bundle_image.html",
            {
                "name": attachment.original_name,
                "src": data_url(data, kind),
            },
        )
        return PdfReader(io.BytesIO(html_to_pdf(source))), ""
    return None, _("hent filen fra Klynge; den kan ikke sættes ind i en PDF")


def render_bundle(doc: MeetingDocument) -> bytes:
    """The agenda with its bilag as one PDF, as FirstAgenda gives its members: a contents
    page linked to every part, the agenda, then each bilag in order, with bookmarks."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    agenda = PdfReader(io.BytesIO(render_pdf(doc)))
    parts = [BundlePart(_("Dagsorden"), agenda)]
    for item in doc.items:
        if isinstance(item, ClosedItem):
            continue
        for number, attachment in enumerate(item.attachments.all(), start=1):
            pages, reason = _bilag_pages(attachment)
            label = _("Bilag %(item)s.%(n)s: %(name)s") % {
                "item": item.position,
                "n": number,
                "name": attachment.original_name,
            }
            parts.append(BundlePart(label, pages, reason))

    def contents(first_page: int) -> PdfReader:
        page = first_page
        for part in parts:
            if part.pages is not None:
                part.start = page
                page += len(part.pages.pages)
        source = render_to_string(
            "meetings/bundle_contents.html", {"doc": doc, "parts": parts, "link": _PAGE_LINK}
        )
        return PdfReader(io.BytesIO(html_to_pdf(source)))

    front = contents(2)
    if len(front.pages) != 1:  # a long contents: number again from its real length
        front = contents(len(front.pages) + 1)
    writer = PdfWriter()
    writer.append(front, outline_item=_("Indhold"), import_outline=False)
    for part in parts:
        if part.pages is not None:
            writer.append(part.pages, outline_item=part.label, import_outline=part is parts[0])
    for page in writer.pages[: len(front.pages)]:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            uri = str(link.get("/A", {}).get("/URI", ""))
            if uri.startswith(_PAGE_LINK):
                target = writer.pages[int(uri.removeprefix(_PAGE_LINK)) - 1]
                del link[NameObject("/A")]
                link[NameObject("/Dest")] = ArrayObject(
                    [target.indirect_reference, NameObject("/Fit")]
                )
    writer.add_metadata({"/Title": _("Samlet dagsorden") + f" – {doc.title}", "/Author": "Klynge"})
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
