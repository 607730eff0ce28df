"""Keeping the index current: what each kind of thing puts in it, and (re)indexing.

The writes of the other apps reach the index through `klynge.search.signals`, in the same
transaction as the write; `klynge reindex` rebuilds it all.
"""

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Model, Prefetch

from klynge.actionplans.access import change_visible, in_state
from klynge.actionplans.models import (
    Escalation,
    Initiative,
    InitiativeStateChange,
    StatusReport,
)
from klynge.archive.models import SourceDocument
from klynge.meetings.models import AgendaItem, Attachment, Meeting
from klynge.outcomes.models import Indicator
from klynge.reports.models import ReportPart
from klynge.search import backends
from klynge.search.models import Kind, SearchEntry, SearchWord
from klynge.search.text import index_terms, plain, words

#: Text read from one bilag (the rest is not searched).
MAX_ATTACHMENT_TEXT = 200_000


def _join(*parts: Any) -> str:
    out = []
    for part in parts:
        if isinstance(part, list | tuple):
            out.append(_join(*part))
        elif isinstance(part, dict):
            out.append(_join(*part.values()))
        elif part:
            out.append(plain(str(part)))
    return "\n".join(p for p in out if p.strip())


def meeting_entry(meeting: Meeting) -> SearchEntry:
    return SearchEntry(
        kind=Kind.MEETING,
        object_id=meeting.pk,
        title=f"{meeting.display_title} {meeting.date:%d.%m.%Y}",
        text=_join(meeting.body.name, meeting.place),
        url=meeting.get_absolute_url(),
        date=meeting.date,
        cluster_id=meeting.body.cluster_id,
        body_id=meeting.body_id,
        meeting=meeting,
    )


def _item_entry(item: AgendaItem, kind: str, object_id: int, **values: Any) -> SearchEntry:
    meeting = item.meeting
    return SearchEntry(
        kind=kind,
        object_id=object_id,
        url=item.get_absolute_url(),
        date=meeting.date,
        cluster_id=meeting.body.cluster_id,
        body_id=meeting.body_id,
        meeting=meeting,
        item=item,
        **values,
    )


def item_entries(item: AgendaItem) -> list[SearchEntry]:
    entries = [
        _item_entry(
            item,
            Kind.ITEM,
            item.pk,
            title=item.title,
            text=_join(
                item.case_number, item.presenters_text, item.recommendation, item.presentation
            ),
        )
    ]
    if item.decision.strip():
        entries.append(
            _item_entry(item, Kind.DECISION, item.pk, title=item.title, text=item.decision)
        )
    return entries


def attachment_entry(attachment: Attachment) -> SearchEntry:
    return _item_entry(
        attachment.item,
        Kind.ATTACHMENT,
        attachment.pk,
        title=attachment.original_name,
        text=attachment_text(attachment),
    )


def attachment_text(attachment: Attachment) -> str:
    """The text of a bilag (PDF text layer, .docx, text, HTML); no OCR in a request."""
    from klynge.archive.reading.extract import ReadError, extract

    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        extracted = extract(data, attachment.original_name, use_ocr=False)
    except (OSError, ReadError):
        return ""
    return extracted.text[:MAX_ATTACHMENT_TEXT]


def known_states(initiative: Initiative) -> list[str]:
    """The states the initiative's readers may know it in (`as_known`): its own, and while a
    body's change of it is not public yet, the states before that change. Every reader knows
    at least what the public knows, so the list stops at the newest public change."""
    states = [initiative.state]
    changes = sorted(initiative.changes.all(), key=lambda c: (c.created_at, c.pk), reverse=True)
    for change in changes:
        states.append(change.to_state)
        if change_visible(None, change):
            break
        states.append(change.from_state)
    return list(dict.fromkeys(states))


def _per_known_state(
    initiative: Initiative, entries: Callable[[Initiative], list[SearchEntry]]
) -> list[SearchEntry]:
    """`entries` of the initiative as known in each state a reader may know it in; more than
    one state: each copy is a `variant`, found only by whom knows that state."""
    states = known_states(initiative)
    out = []
    for state in states:
        for entry in entries(in_state(copy.copy(initiative), state)):
            entry.initiative_id = initiative.pk
            entry.variant = len(states) > 1
            out.append(entry)
    return out


def initiative_entries(initiative: Initiative) -> list[SearchEntry]:
    return _per_known_state(initiative, lambda known: [initiative_entry(known)])


def initiative_entry(initiative: Initiative) -> SearchEntry:
    confirmations = [
        _join(c.what, c.who, c.where, c.when, c.other_terms, c.patient_involvement)
        for c in initiative.confirmations.all()
    ]
    plan = initiative.plan
    return SearchEntry(
        kind=Kind.INITIATIVE,
        object_id=initiative.pk,
        title=f"{initiative.number}. {initiative.title}",
        text=_join(
            initiative.problem,
            initiative.target_group,
            initiative.what_we_can_do,
            initiative.goals,
            initiative.documentation,
            initiative.deliverables,
            initiative.milestones,
            initiative.patient_involvement,
            initiative.return_request,
            confirmations,
        ),
        url=initiative.get_absolute_url(),
        date=initiative.period_start or plan.period_start,
        cluster_id=plan.cluster_id,
        body_id=plan.body_id,
        plan=plan,
        theme=initiative.theme.name if initiative.theme else "",
        state=initiative.state,
    )


def report_entries(report: StatusReport) -> list[SearchEntry]:
    return _per_known_state(report.initiative, lambda known: [report_entry(report, known)])


def report_entry(report: StatusReport, initiative: Initiative) -> SearchEntry:
    plan = initiative.plan
    return SearchEntry(
        kind=Kind.REPORT,
        object_id=report.pk,
        title=f"{initiative.number}. {initiative.title}",
        text=_join(report.delivered, report.deviation, report.cause, report.proposed_action),
        url=initiative.get_absolute_url(),
        date=report.cycle.deadline,
        cluster_id=plan.cluster_id,
        body_id=plan.body_id,
        plan=plan,
        theme=initiative.theme.name if initiative.theme else "",
        state=initiative.state,
    )


def indicator_entry(indicator: Indicator) -> SearchEntry:
    initiative = indicator.initiative
    latest = indicator.measurements.order_by("-date").first()
    return SearchEntry(
        kind=Kind.INDICATOR,
        object_id=indicator.pk,
        title=indicator.name,
        text=_join(
            indicator.owner_label,
            indicator.get_dimension_display(),
            indicator.definition,
            indicator.get_data_source_display(),
            indicator.data_source_detail,
            indicator.comparison_label,
        ),
        url=indicator.get_absolute_url(),
        date=latest.date if latest else indicator.baseline_date,
        cluster_id=indicator.cluster_id,
        plan=initiative.plan if initiative else None,
        theme=(initiative.theme.name if initiative and initiative.theme else "")
        or (indicator.theme.name if indicator.theme else ""),
    )


def part_entry(part: ReportPart) -> SearchEntry | None:
    """A cluster's part of an afrapportering, once submitted (a draft is its cluster's own)."""
    if part.status != ReportPart.Status.SUBMITTED:
        return None
    report = part.report
    return SearchEntry(
        kind=Kind.REPORT_PART,
        object_id=part.pk,
        title=f"{report.title}: {part.cluster.name}",
        text=_join(*(f"{q}\n{a}" for q, a in part.answer_pairs())),
        url=part.get_absolute_url(),
        date=part.submitted_at.date() if part.submitted_at else report.deadline,
        cluster_id=part.cluster_id,
        theme=report.theme,
    )


def escalation_entries(escalation: Escalation) -> list[SearchEntry]:
    return _per_known_state(
        escalation.initiative, lambda known: _escalation_entries(escalation, known)
    )


def _escalation_entries(escalation: Escalation, initiative: Initiative) -> list[SearchEntry]:
    """What was escalated, known with the decision that raised it; the answer, with the
    decision that gave it (`klynge.actionplans.access.escalation_visible`). Without the item
    (an administrator's case) it is not searched."""
    title = f"{initiative.number}. {initiative.title}"
    entries = []
    parts = [
        (Kind.ESCALATION, escalation.raised_item, _join(escalation.reason, escalation.ask)),
        (Kind.ESCALATION_DECISION, escalation.closed_item, escalation.decision),
    ]
    for kind, item, text in parts:
        if item is None or not text.strip():
            continue
        entries.append(
            SearchEntry(
                kind=kind,
                object_id=escalation.pk,
                title=title,
                text=text,
                url=initiative.get_absolute_url(),
                date=item.meeting.date,
                cluster_id=initiative.plan.cluster_id,
                body_id=escalation.to_body_id,
                meeting=item.meeting,
                item=item,
                plan=initiative.plan,
                theme=initiative.theme.name if initiative.theme else "",
                state=initiative.state,
            )
        )
    return entries


def source_entry(source: SourceDocument) -> SearchEntry | None:
    if not source.text:
        return None
    meeting = (source.parsed or {}).get("meeting") or {}
    body = source.body
    return SearchEntry(
        kind=Kind.SOURCE,
        object_id=source.pk,
        title=source.original_name,
        text=source.text,
        url=source.get_absolute_url(),
        date=meeting.get("date") or None,
        cluster_id=body.cluster_id if body else source.cluster_id,
        body_id=source.body_id,
        source=source,
    )


def entries_for(obj: Model) -> tuple[list[tuple[str, int]], list[SearchEntry]]:
    """(the index keys `obj` owns, the entries it has now)."""
    if isinstance(obj, Meeting):
        return [(Kind.MEETING, obj.pk)], [meeting_entry(obj)]
    if isinstance(obj, AgendaItem):
        return [(Kind.ITEM, obj.pk), (Kind.DECISION, obj.pk)], item_entries(obj)
    if isinstance(obj, Attachment):
        return [(Kind.ATTACHMENT, obj.pk)], [attachment_entry(obj)]
    if isinstance(obj, Initiative):
        return [(Kind.INITIATIVE, obj.pk)], initiative_entries(obj)
    if isinstance(obj, StatusReport):
        return [(Kind.REPORT, obj.pk)], report_entries(obj)
    if isinstance(obj, Escalation):
        return [(Kind.ESCALATION, obj.pk), (Kind.ESCALATION_DECISION, obj.pk)], (
            escalation_entries(obj)
        )
    if isinstance(obj, SourceDocument):
        entry = source_entry(obj)
        return [(Kind.SOURCE, obj.pk)], [entry] if entry else []
    if isinstance(obj, Indicator):
        return [(Kind.INDICATOR, obj.pk)], [indicator_entry(obj)]
    if isinstance(obj, ReportPart):
        part = part_entry(obj)
        return [(Kind.REPORT_PART, obj.pk)], [part] if part else []
    raise TypeError(obj)


def index_objects(objects: Iterable[Model]) -> int:
    """Put `objects` in the index as they are now (replacing what was there)."""
    keys: list[tuple[str, int]] = []
    entries: list[SearchEntry] = []
    for obj in objects:
        owned, current = entries_for(obj)
        keys.extend(owned)
        entries.extend(current)
    with transaction.atomic():
        remove_keys(keys)
        _save(entries)
    return len(entries)


def remove_keys(keys: Iterable[tuple[str, int]]) -> None:
    by_kind: dict[str, list[int]] = {}
    for kind, pk in keys:
        by_kind.setdefault(kind, []).append(pk)
    for kind, pks in by_kind.items():
        rows = list(
            SearchEntry.objects.filter(kind=kind, object_id__in=pks).values_list("pk", "date")
        )
        if rows:
            backends.current().delete(rows)
            SearchEntry.objects.filter(pk__in=[pk for pk, _date in rows]).delete()


def _save(entries: list[SearchEntry]) -> None:
    if not entries:
        return
    seen: set[str] = set()
    for entry in entries:
        entry.title = entry.title[:400]
        entry.terms = index_terms(f"{entry.title}\n{entry.text}")
        seen.update(w for w in words(f"{entry.title} {entry.text}") if 4 <= len(w) <= 60)
    saved = SearchEntry.objects.bulk_create(entries)
    backends.current().save(saved)
    known = set(SearchWord.objects.filter(word__in=seen).values_list("word", flat=True))
    new = [SearchWord(word=w) for w in sorted(seen - known)]
    SearchWord.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    backends.current().add_words([w.word for w in new])


def update_meeting_rows(meeting: Meeting) -> None:
    """A meeting's date or body changed: its items' rows follow (facets, sorting and which
    are the newest)."""
    rows = SearchEntry.objects.filter(meeting=meeting).exclude(kind=Kind.MEETING)
    backends.current().redate(list(rows.values_list("pk", "date")), meeting.date)
    rows.update(date=meeting.date, body_id=meeting.body_id, cluster_id=meeting.body.cluster_id)


def index_initiatives(initiatives: Iterable[Initiative]) -> int:
    """Index initiatives with the rows that show their state: status reports, escalations.
    Read afresh, so no caller's object keeps state changes read before its next one."""
    fresh = _initiatives().filter(pk__in=[initiative.pk for initiative in initiatives])
    objects: list[Model] = []
    for initiative in fresh:
        objects += [
            initiative,
            *initiative.reports.select_related("cycle"),
            *initiative.escalations.select_related("raised_item__meeting", "closed_item__meeting"),
        ]
    return index_objects(objects)


def reindex_decided_at(meeting: Meeting) -> None:
    """The meeting's minutes changed status: what its bodies decided about initiatives is
    known to others now, so their rows are made again (the copies per known state go, once
    the decision is public)."""
    index_initiatives(Initiative.objects.filter(changes__agenda_item__meeting=meeting).distinct())


def update_body_rows(body_id: int, cluster_id: int) -> None:
    SearchEntry.objects.filter(body_id=body_id).update(cluster_id=cluster_id)


# --- Rebuilding ------------------------------------------------------------------------------


def _batches(queryset: Any, size: int) -> Iterator[list[Any]]:
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _with_changes(path: str) -> Prefetch:
    """The state changes `known_states` reads, with what decides who knows them."""
    changes = InitiativeStateChange.objects.select_related("agenda_item__meeting__body")
    return Prefetch(f"{path}changes", queryset=changes)


def _initiatives() -> Any:
    return Initiative.objects.select_related("plan", "theme").prefetch_related(
        "confirmations", _with_changes("")
    )


#: What `reindex` reads, in order: (label, queryset).
SOURCES: list[tuple[str, Callable[[], Any]]] = [
    ("møder", lambda: Meeting.objects.select_related("body")),
    ("punkter", lambda: AgendaItem.objects.select_related("meeting__body")),
    ("bilag", lambda: Attachment.objects.select_related("item__meeting__body")),
    ("indsatser", _initiatives),
    (
        "statusrapporter",
        lambda: StatusReport.objects.select_related(
            "initiative__plan__cluster", "initiative__theme", "cycle"
        ).prefetch_related(_with_changes("initiative__")),
    ),
    (
        "eskaleringer",
        lambda: Escalation.objects.select_related(
            "initiative__plan", "initiative__theme", "raised_item__meeting", "closed_item__meeting"
        ).prefetch_related(_with_changes("initiative__")),
    ),
    ("arkivdokumenter", lambda: SourceDocument.objects.select_related("body")),
    (
        "effektmål",
        lambda: Indicator.objects.select_related("initiative__plan", "initiative__theme", "theme"),
    ),
    ("afrapporteringer", lambda: ReportPart.objects.select_related("report", "cluster")),
]


def total_to_index() -> int:
    return sum(make().count() for _label, make in SOURCES)


def rebuild(*, progress: Callable[[str, int], None] | None = None, batch: int = 2000) -> int:
    """Empty the index and fill it from every meeting, item, bilag, initiative, status report
    and archive document. `progress(label, rows done)` after each batch."""
    with transaction.atomic():
        backends.current().clear()
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        done = 0
        for label, make in SOURCES:
            for objects in _batches(make(), batch):
                done += len(objects)
                index_objects(objects)
                if progress:
                    progress(label, done)
    backends.current().optimise()
    return done
