"""The demo builder: people, users and the walk of a meeting through its states, shared by the
demo's clusters, meetings and action plans."""

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from klynge.accounts.models import User
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from klynge.organisations import services as org_services
from klynge.organisations.models import Body, Membership, Organisation, Person

DEMO_PASSWORD = "demo"  # noqa: S105 - only ever set when DEMO_MODE is on
DEMO_USERS = [
    "admin@klynge.test",
    "sekretariat@klynge.test",
    "formand@klynge.test",
    "medlem@klynge.test",
    "borger@klynge.test",
    "projektleder@klynge.test",
    "naestformand@klynge.test",  # made with the council's first meeting (councils.py)
]
CASE = "1-31-72-446-22"
Role = Membership.Role
Kind = AgendaItem.Kind


def _docx_bytes(title: str, lines: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(title: str, lines: list[str]) -> bytes:
    from django.utils.html import escape

    from klynge.core.pdf import html_to_pdf

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return html_to_pdf(
        f'<html lang="da"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f'<body style="font-family: DejaVu Sans, sans-serif"><h1>{escape(title)}</h1>{body}'
        "</body></html>"
    )


class DemoBuilder:
    def __init__(self) -> None:
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}

    def org(self, name: str, kind: str, region: str) -> Organisation:
        if name not in self.orgs:
            self.orgs[name] = org_services.save_organisation(
                actor=None,
                organisation=Organisation(),
                values={"name": name, "kind": kind, "region": region},
            )
        return self.orgs[name]

    def person(self, name: str, user: User | None = None) -> Person:
        if name not in self.people:
            self.people[name] = org_services.save_person(
                actor=None,
                person=Person(),
                values={"name": name, "email": user.email if user else "", "user": user},
            )
        return self.people[name]

    def member(
        self,
        body: Body,
        name: str,
        org: str | None,
        title: str,
        role: str = Role.MEMBER,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
        substitute_for: str | None = None,
        user: User | None = None,
    ) -> Membership:
        return org_services.add_membership(
            actor=None,
            body=body,
            person=self.person(name, user),
            values={
                "organisation": self.orgs[org] if org else None,
                "title": title,
                "role": role,
                "start_date": start,
                "end_date": end,
                "substitute_for": self.people[substitute_for] if substitute_for else None,
            },
        )

    def item(self, meeting: Meeting, **values: Any) -> AgendaItem:
        presenters = [self.people[n] for n in values.pop("presenters", [])]
        decision = values.pop("decision", "")
        bilag = values.pop("bilag", [])
        values.setdefault("kind", Kind.DECISION)
        item = meeting_services.add_agenda_item(
            actor=None, meeting=meeting, values=values, presenters=presenters
        )
        item.decision = decision  # written below once the meeting is held
        for filename in bilag:
            if filename.endswith(".pdf"):
                data, kind = _pdf_bytes(filename[:-4], [values["title"]]), "application/pdf"
            else:
                data = _docx_bytes(filename, [values["title"]])
                kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            upload = SimpleUploadedFile(filename, data, content_type=kind)
            meeting_services.add_attachment(actor=None, item=item, upload=upload)
        return item


def _walk(meeting: Meeting, to: str, actor: User | None = None) -> None:
    """Move a demo meeting through the statuses up to `to`."""
    path = [
        MeetingStatus.AGENDA_PUBLISHED,
        MeetingStatus.HELD,
        MeetingStatus.MINUTES_DRAFT,
        MeetingStatus.MINUTES_APPROVED,
        MeetingStatus.MINUTES_PUBLISHED,
    ]
    for status in path[: path.index(to) + 1]:  # type: ignore[arg-type]
        if status == MeetingStatus.MINUTES_APPROVED:
            assert actor is not None
            meeting_services.approve_minutes(actor=actor, meeting=meeting)
            meeting.refresh_from_db()
            continue
        meeting_services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)


def _write_decisions(meeting: Meeting, items: list[AgendaItem]) -> None:
    for item in items:
        if item.decision:
            fresh = AgendaItem.objects.get(pk=item.pk)
            meeting_services.record_decision(
                actor=None, item=fresh, decision=item.decision, version=fresh.version
            )


def _absent(meeting: Meeting, *names: str, builder: DemoBuilder) -> None:
    for name in names:
        attendance = Attendance.objects.get(meeting=meeting, person=builder.people[name])
        meeting_services.set_attendance(
            actor=None, attendance=attendance, status=Attendance.Status.ABSENT
        )
