"""Importing legacy minutes: store the original, read it, turn it into a meeting, undo that."""

import dataclasses
import datetime
import hashlib
import itertools
import json
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.archive.models import UNPLACED_CLUSTER, SourceDocument
from klynge.archive.reading import PARSER_VERSION, Reading, read_document
from klynge.archive.reading.marked import read_head, read_marked
from klynge.archive.reading.meeting import ParsedMeeting
from klynge.audit.services import record
from klynge.core.exceptions import ServiceError
from klynge.core.text import clean_text, sanitize_rich_text
from klynge.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from klynge.organisations.models import Body, Cluster, Person, Region


@dataclass
class ImportResult:
    source: SourceDocument
    created: bool
    meeting: Meeting | None
    message: str


def _clean_pages(text: str, starts: list[int]) -> tuple[str, list[int]]:
    """The text made storable, and where its pages now begin."""
    bounds = [*starts, len(text)]
    parts = [clean_text(text[a:b]) for a, b in itertools.pairwise(bounds)]
    cleaned_starts, position = [], 0
    for part in parts:
        cleaned_starts.append(position)
        position += len(part)
    return "".join(parts), cleaned_starts


def _parsed(meeting: ParsedMeeting, source: str, warnings: list[str]) -> dict[str, Any]:
    """A read meeting as `SourceDocument.parsed` keeps it (without `page_starts`)."""
    return {
        **meeting.as_json(source),
        "warnings": warnings,
        "meeting": {
            **meeting.meeting_json(),
            "end_time": meeting.end_time.strftime("%H:%M") if meeting.end_time else None,
            "kind": meeting.kind,
        },
        "guests": meeting.guests,
    }


def _status(reading: Reading) -> str:
    """Failed only when there is no text; text without a meeting waits to be marked."""
    if reading.error:
        return SourceDocument.Status.FAILED
    if not reading.meeting.is_meeting:
        return SourceDocument.Status.NO_ITEMS
    return SourceDocument.Status.NEEDS_REVIEW


def reading_fields(reading: Reading) -> dict[str, Any]:
    text, page_starts = _clean_pages(reading.text, reading.page_starts)
    if not reading.error and not reading.meeting.is_meeting and reading.meeting.date is None:
        # Kept without items, but dated and named where its head says so.
        head = read_head(reading.text)
        reading = dataclasses.replace(
            reading, meeting=dataclasses.replace(head, warnings=reading.meeting.warnings)
        )
    return {
        "format": reading.format,
        "parser_version": PARSER_VERSION,
        "pages": reading.pages,
        "ocr_pages": reading.ocr_pages,
        "original_text": clean_text(reading.original_text),
        "text": text,
        "repairs": [[r.original, r.repaired] for r in reading.repairs],
        "warnings": reading.all_warnings,
        "parsed": {
            **_parsed(reading.meeting, reading.source, reading.all_warnings),
            "page_starts": page_starts,
        },
        "status": _status(reading),
    }


@transaction.atomic
def store_source(
    *,
    actor: User | None,
    data: bytes,
    name: str,
    cluster: Cluster | None = None,
    body: Body | None = None,
) -> tuple[SourceDocument, bool]:
    """Keep the original file; the same file twice is the same source document."""
    sha = hashlib.sha256(data).hexdigest()
    existing = SourceDocument.objects.filter(sha256=sha).first()
    if existing is not None:
        return existing, False
    source = SourceDocument(
        original_name=clean_text(name)[:255] or "dokument",
        sha256=sha,
        size=len(data),
        cluster=cluster,
        body=body,
        uploaded_by=actor,
    )
    source.file.save(source.original_name, ContentFile(data), save=False)
    source.save()
    record(actor=actor, action="archive.upload", obj=source, changes={"size": len(data)})
    return source, True


def read_source(*, source: SourceDocument) -> SourceDocument:
    """Read the stored file (outside any transaction: OCR can take minutes) and keep the result."""
    with source.file.open("rb") as handle:
        data = handle.read()
    reading = read_document(data, source.original_name)
    fields = reading_fields(reading)
    read = SourceDocument.objects.filter(pk=source.pk, status=SourceDocument.Status.WAITING).update(
        **fields
    )
    source.refresh_from_db()
    if read:
        # Saved once more through the model, so what listens to saves (the search index)
        # reads the text; the guarded update above stays the one write of the reading.
        source.save(update_fields=["status"])
    return source


def _parsed_date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _parsed_time(value: Any) -> datetime.time | None:
    try:
        return datetime.time.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def unplaced_cluster() -> Cluster:
    cluster, _created = Cluster.objects.get_or_create(
        name=UNPLACED_CLUSTER,
        defaults={"kind": Cluster.Kind.HEALTH_CLUSTER, "region": Region.MIDTJYLLAND},
    )
    return cluster


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").replace(",", " ").lower().split())


def match_body(name: str | None, *, cluster: Cluster | None) -> Body | None:
    """The existing body a document names, by its name, former names or "name, cluster"."""
    if not name:
        return None
    wanted = _key(name)
    bodies = Body.objects.select_related("cluster")
    if cluster is not None:
        bodies = bodies.filter(cluster=cluster)
    found = []
    for body in bodies:
        names = [body.name, *body.former_names.splitlines()]
        keys = {_key(n) for n in names if n.strip()}
        keys |= {_key(f"{n}, {body.cluster.name}") for n in names if n.strip()}
        for joint in ("i", "for", "-"):
            keys |= {_key(f"{n} {joint} {body.cluster.name}") for n in names if n.strip()}
        if wanted in keys:
            found.append(body)
    return found[0] if len(found) == 1 else None


def resolve_body(
    *, actor: User | None, name: str | None, body: Body | None, cluster: Cluster | None
) -> Body:
    """--body, else the body the document names, else a new archived body (never a guess)."""
    if body is not None:
        return body
    matched = match_body(name, cluster=cluster) or (
        match_body(name, cluster=None) if cluster is None else None
    )
    if matched is not None:
        return matched
    if not name:
        raise ServiceError(_("Dokumentet nævner ikke organet; vælg det, før mødet oprettes."))
    target = cluster or unplaced_cluster()
    existing = Body.objects.filter(cluster=target, name__iexact=name[:200]).first()
    if existing is not None:
        return existing
    created = Body.objects.create(
        cluster=target, name=clean_text(name)[:200], level=Body.Level.WORKING, is_active=False
    )
    record(actor=actor, action="archive.create_body", obj=created, changes={"name": created.name})
    return created


def match_person(name: str, *, cluster: Cluster) -> Person | None:
    """The one person of this name in this cluster (member or earlier attendee), or None."""
    people = list(
        Person.objects.filter(name__iexact=name)
        .filter(
            Q(memberships__body__cluster=cluster) | Q(attendances__meeting__body__cluster=cluster)
        )
        .distinct()[:2]
    )
    return people[0] if len(people) == 1 else None


def fingerprint(meeting: Meeting) -> str:
    """What an import created, to tell later whether anyone has changed it."""
    meeting.refresh_from_db()
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("position", "title", "decision", "presentation", "recommendation", "version")
    )
    attendances = list(
        Attendance.objects.filter(meeting=meeting)
        .order_by("person_id")
        .values_list("person_id", "status", "substitute_for_id", "is_guest")
    )
    state = [
        str(meeting.date),
        str(meeting.start_time),
        meeting.place,
        meeting.status,
        meeting.minutes_version,
        meeting.body_id,
        items,
        attendances,
    ]
    return hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()


def _rich(text: str | None) -> str:
    """Plain paragraphs and "- " lists from the parser as the rich text items store."""
    if not text:
        return ""
    from django.utils.html import escape

    blocks = []
    for paragraph in text.split("\n\n"):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if lines and all(line.lstrip().startswith(("- ", "• ", "– ")) for line in lines):
            items = "".join(f"<li>{escape(line.lstrip()[2:].strip())}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif lines:
            blocks.append(f"<p>{escape(' '.join(lines))}</p>")
    return sanitize_rich_text("".join(blocks))


@transaction.atomic
def accept_source(
    *, actor: User | None, source: SourceDocument, body: Body | None = None
) -> Meeting:
    """Create the meeting, its items, decisions and attendance from the (corrected) parse."""
    source = SourceDocument.objects.select_for_update().get(pk=source.pk)
    if source.status != SourceDocument.Status.NEEDS_REVIEW:
        raise ServiceError(_("Dokumentet er ikke klar til at blive godkendt."))
    parsed = source.parsed or {}
    meta = parsed.get("meeting") or {}
    items = [i for i in parsed.get("items") or [] if (i.get("title") or "").strip()]
    date = _parsed_date(meta.get("date"))
    if date is None:
        raise ServiceError(_("Mødets dato mangler; angiv den, før mødet oprettes."))
    if not items:
        raise ServiceError(_("Mødet har ingen punkter."))
    target = resolve_body(
        actor=actor, name=meta.get("body"), body=body or source.body, cluster=source.cluster
    )
    start, end = _parsed_time(meta.get("start_time")), _parsed_time(meta.get("end_time"))
    if start and end and end <= start:
        end = None
    has_decisions = any((i.get("decision") or "").strip() for i in items)
    minutes = meta.get("kind") == "minutes" or (meta.get("kind") is None and has_decisions)
    meeting = Meeting.objects.create(
        body=target,
        date=date,
        start_time=start,
        end_time=end,
        place=clean_text(meta.get("location") or "")[:300],
        status=MeetingStatus.MINUTES_PUBLISHED if minutes else MeetingStatus.AGENDA_PUBLISHED,
    )
    used: set[int] = set()
    for position, item in enumerate(items, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=clean_text(item.get("title") or "")[:300],
            case_number=clean_text(item.get("case_number") or "")[:60],
            recommendation=[clean_text(c) for c in item.get("recommendation") or [] if c],
            presentation=_rich(item.get("presentation")),
            # Decisions are plain text with paragraphs, like those written in Klynge.
            decision=clean_text(item.get("decision") or "").strip() if minutes else "",
            is_closed=bool(item.get("closed")),
        )
    cluster = target.cluster
    people: dict[str, Person] = {}
    created_people: list[int] = []

    def person_for(name: str) -> Person:
        name = clean_text(name)[:200]
        if name not in people:
            match = match_person(name, cluster=cluster)
            if match is None:
                match = Person.objects.create(name=name)
                created_people.append(match.pk)
            people[name] = match
        return people[name]

    substitutes = {s["name"]: s["for"] for s in parsed.get("substitutes") or [] if s.get("name")}
    guests = set(parsed.get("guests") or [])
    for entry in parsed.get("participants") or []:
        person = person_for(entry["name"])
        if person.pk in used:
            continue
        used.add(person.pk)
        whom = substitutes.get(entry["name"])
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            status=Attendance.Status.ATTENDING,
            title=clean_text(
                ", ".join(x for x in (entry.get("title"), entry.get("organisation")) if x)
            )[:300],
            substitute_for=person_for(whom) if whom else None,
            is_guest=entry["name"] in guests,
        )
    for entry in parsed.get("apologies") or []:
        person = person_for(entry["name"])
        if person.pk in used:
            continue
        used.add(person.pk)
        Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.ABSENT)
    source.meeting = meeting
    source.body = target
    source.status = SourceDocument.Status.ACCEPTED
    source.accepted_at = timezone.now()
    source.accepted_by = actor
    source.created_people = created_people
    source.imported_fingerprint = fingerprint(meeting)
    source.save()
    record(
        actor=actor,
        action="archive.accept",
        obj=source,
        changes={"meeting": meeting.pk, "items": len(items), "body": str(target)},
    )
    record(actor=actor, action="meeting.import", obj=meeting, changes={"source": source.pk})
    return meeting


def undo_blocker(source: SourceDocument) -> str | None:
    """Why an accepted import can no longer be undone, or None."""
    if source.status != SourceDocument.Status.ACCEPTED or source.meeting is None:
        return _("Kun et godkendt import kan fortrydes.")
    if fingerprint(source.meeting) != source.imported_fingerprint:
        return _("Mødet er redigeret efter importen; importen kan ikke længere fortrydes.")
    return None


@transaction.atomic
def undo_import(*, actor: User | None, source: SourceDocument) -> SourceDocument:
    """Remove everything an accepted import created; the document goes back to review."""
    source = (
        SourceDocument.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=source.pk)
    )
    blocker = undo_blocker(source)
    if blocker:
        raise ServiceError(blocker)
    meeting = source.meeting
    assert meeting is not None
    meeting_id = meeting.pk
    meeting.delete()
    # People the import created and nothing else refers to.
    Person.objects.filter(
        pk__in=source.created_people, attendances__isnull=True, memberships__isnull=True
    ).filter(user__isnull=True).delete()
    source.meeting = None
    source.status = SourceDocument.Status.NEEDS_REVIEW
    source.imported_fingerprint = ""
    source.created_people = []
    source.accepted_at = None
    source.accepted_by = None
    source.save()
    record(actor=actor, action="archive.undo", obj=source, changes={"meeting": meeting_id})
    return source


@transaction.atomic
def correct_source(
    *, actor: User | None, source: SourceDocument, parsed: dict[str, Any], body: Body | None
) -> SourceDocument:
    """Save the secretariat's corrections of the parse before it is accepted."""
    source = SourceDocument.objects.select_for_update().get(pk=source.pk)
    if not source.is_reviewable:
        raise ServiceError(_("Dokumentet kan ikke længere rettes."))
    before = source.parsed
    source.parsed = parsed
    source.body = body
    source.save(update_fields=["parsed", "body"])
    changed = sorted(k for k in set(before) | set(parsed) if before.get(k) != parsed.get(k))
    record(actor=actor, action="archive.correct", obj=source, changes={"fields": changed})
    return source


@transaction.atomic
def mark_items(*, actor: User | None, source: SourceDocument, lines: list[int]) -> SourceDocument:
    """Read the document again with its items beginning at the lines a person marked
    (indexes into its text's lines); it then waits for review like any read document."""
    source = SourceDocument.objects.select_for_update().get(pk=source.pk)
    if not source.is_markable:
        raise ServiceError(_("Punkterne kan ikke markeres i denne status."))
    try:
        meeting = read_marked(source.text, lines)
    except ValueError as error:
        raise ServiceError(
            _("Markér mindst én linje med tekst som begyndelsen af et punkt.")
        ) from error
    warnings = [_("Punkterne er markeret i hånden."), *meeting.warnings]
    source.parsed = {
        **_parsed(meeting, source.original_name, warnings),
        "page_starts": (source.parsed or {}).get("page_starts") or [0],
        "marked_lines": sorted(set(lines)),
    }
    source.warnings = warnings
    source.status = SourceDocument.Status.NEEDS_REVIEW
    source.save(update_fields=["parsed", "warnings", "status"])
    record(
        actor=actor,
        action="archive.mark_items",
        obj=source,
        changes={"items": len(meeting.items), "lines": sorted(set(lines))},
    )
    return source


@transaction.atomic
def move_body(*, actor: User | None, body: Body, cluster: Cluster) -> Body:
    """Move an imported body out of the holding area into its cluster."""
    if Body.objects.filter(cluster=cluster, name=body.name).exclude(pk=body.pk).exists():
        raise ServiceError(_("Klyngen har allerede et organ med det navn."))
    old = body.cluster.name
    body.cluster = cluster
    body.save(update_fields=["cluster"])
    record(actor=actor, action="body.move", obj=body, changes={"cluster": [old, cluster.name]})
    return body


def import_file(
    *,
    actor: User | None,
    data: bytes,
    name: str,
    body: Body | None = None,
    cluster: Cluster | None = None,
    publish: bool = False,
) -> ImportResult:
    """Store and read one file at once (the command line); a failure saves nothing. The
    document then waits for a person to review and accept it, unless `publish`: whoever
    runs the import accepts it as read (the meeting becomes public)."""
    sha = hashlib.sha256(data).hexdigest()
    existing = SourceDocument.objects.filter(sha256=sha).first()
    if existing is not None:
        return ImportResult(existing, False, existing.meeting, _("allerede importeret"))
    reading = read_document(data, name)
    fields = reading_fields(reading)
    if fields["status"] == SourceDocument.Status.FAILED:  # no text at all
        return ImportResult(SourceDocument(original_name=name), False, None, fields["warnings"][0])
    with transaction.atomic():
        source, _created = store_source(
            actor=actor, data=data, name=name, cluster=cluster, body=body
        )
        SourceDocument.objects.filter(pk=source.pk).update(**fields)
        source.refresh_from_db()
        if not publish or source.status == SourceDocument.Status.NO_ITEMS:
            source.save(update_fields=["status"])  # for the search index, as `read_source`
            if source.status == SourceDocument.Status.NO_ITEMS:
                return ImportResult(source, True, None, _("ingen punkter fundet; markér dem"))
            return ImportResult(source, True, None, _("klar til gennemsyn"))
        try:
            with transaction.atomic():
                meeting = accept_source(actor=actor, source=source, body=body)
        except ServiceError as error:
            return ImportResult(source, True, None, error.message)
    source.refresh_from_db()
    return ImportResult(source, True, meeting, _("importeret"))
