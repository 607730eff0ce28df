"""Every write to meetings, agenda items, attendance and minutes.

Each function runs in one transaction and leaves an audit event. Status changes go through
`change_meeting_status`, which checks ALLOWED_TRANSITIONS and updates conditionally, so two
people clicking at once cannot both move the same meeting.
"""

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import diff, record, save_with_audit, snapshot
from klynge.core import pagecache
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.core.files import removed_on_failure
from klynge.core.text import clean_values, sanitize_rich_text
from klynge.meetings import tasks
from klynge.meetings.access import access_for, required_approvers
from klynge.meetings.models import (
    AGENDA_EDITABLE,
    CLOSED,
    MINUTES_EDITABLE,
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    MinutesApproval,
    ReviewComment,
    meeting_date_error,
)
from klynge.organisations.models import Body, Membership, Person

STANDING_ITEMS = [
    (AgendaItem.Kind.APPROVAL, "Godkendelse af dagsorden"),
    (AgendaItem.Kind.ANY_OTHER_BUSINESS, "Eventuelt"),
]


@transaction.atomic
def create_meeting(
    *, actor: User | None, body: Body, values: dict[str, Any], standing_items: bool = True
) -> Meeting:
    """Create a meeting, invite the body's members and add the standing items."""
    _check_meeting_values(values)
    meeting = Meeting(body=body)
    save_with_audit(actor=actor, obj=meeting, values=values, action="meeting.create")
    if standing_items:
        # Made with the meeting, never late for its agenda deadline.
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                position=number,
                kind=kind,
                title=title,
                created_at=meeting.created_at,
            )
            for number, (kind, title) in enumerate(STANDING_ITEMS, start=1)
        )
    invite_members(meeting=meeting)
    return meeting


def invite_members(*, meeting: Meeting) -> int:
    """Add an attendance row for every member on the meeting date not yet invited."""
    invited = set(meeting.attendances.values_list("person_id", flat=True))
    rows = [
        Attendance(meeting=meeting, person_id=person_id, title=title)
        for person_id, title in Membership.objects.current(meeting.date)
        .filter(body=meeting.body)
        .exclude(person_id__in=invited)
        .order_by("person_id")
        .values_list("person_id", "title")
        .distinct()
    ]
    unique = {row.person_id: row for row in rows}
    Attendance.objects.bulk_create(unique.values())
    return len(unique)


def _check_meeting_values(values: dict[str, Any]) -> None:
    if values.get("date") and (error := meeting_date_error(values["date"])):
        raise ServiceError(error)
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end <= start:
        raise ServiceError(_("Mødet skal slutte efter det begynder."))


@transaction.atomic
def update_meeting(*, actor: User | None, meeting: Meeting, values: dict[str, Any]) -> Meeting:
    if meeting.status in CLOSED:
        raise ServiceError(_("Mødet kan ikke længere redigeres."))
    _check_meeting_values(values)
    save_with_audit(actor=actor, obj=meeting, values=values, action="meeting.update")
    return meeting


def check_status_change(meeting: Meeting, to_status: str) -> None:
    """Raise ServiceError, saying why, if the meeting cannot move to `to_status` now (also
    asked before the agenda or the minutes go out, to show the mail only when they can)."""
    if not meeting.can_change_to(to_status):
        raise ServiceError(
            _("Mødet kan ikke gå fra “%(old)s” til “%(new)s”.")
            % {
                "old": MeetingStatus(meeting.status).label,
                "new": MeetingStatus(to_status).label,
            }
        )


@transaction.atomic
def change_meeting_status(
    *, actor: User | None, meeting: Meeting, to_status: str, comment: str = ""
) -> Meeting:
    """Move a meeting to `to_status` if allowed; raises ServiceError otherwise."""
    from_status = meeting.status
    check_status_change(meeting, to_status)
    if to_status == MeetingStatus.HELD and meeting.date > timezone.localdate():
        raise ServiceError(_("Mødet kan først markeres som afholdt på mødedagen."))
    if to_status == MeetingStatus.MINUTES_APPROVED and not _minutes_fully_approved(meeting):
        raise ServiceError(_("Referatet mangler godkendelse fra formandskabet."))
    updated = Meeting.objects.filter(pk=meeting.pk, status=from_status).update(status=to_status)
    if not updated:
        raise ConcurrentEditError(
            _("Mødets status er netop ændret af en anden. Genindlæs siden og prøv igen.")
        )
    meeting.status = to_status
    MeetingStatusChange.objects.create(
        meeting=meeting, from_status=from_status, to_status=to_status, actor=actor, comment=comment
    )
    record(
        actor=actor,
        action="meeting.status",
        obj=meeting,
        changes={"status": [from_status, to_status], **({"comment": comment} if comment else {})},
    )
    if to_status == MeetingStatus.HELD:
        # Whoever did not send apologies is taken to have attended; the secretariat corrects.
        meeting.attendances.filter(status=Attendance.Status.INVITED).update(
            status=Attendance.Status.ATTENDING
        )
        pagecache.wrote(meeting, tables=[Attendance._meta.db_table])  # all of this meeting
    if to_status == MeetingStatus.AGENDA_PUBLISHED:
        invite_members(meeting=meeting)
        transaction.on_commit(lambda: tasks.send_agenda_published.enqueue(meeting.pk), robust=True)
    elif to_status == MeetingStatus.MINUTES_PUBLISHED:
        transaction.on_commit(lambda: tasks.send_minutes_published.enqueue(meeting.pk), robust=True)
    elif to_status == MeetingStatus.MINUTES_DRAFT and from_status == MeetingStatus.HELD:
        transaction.on_commit(
            lambda: tasks.send_minutes_for_approval.enqueue(meeting.pk), robust=True
        )
    if (from_status, to_status) in {
        (MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_DRAFT),
        (MeetingStatus.MINUTES_DRAFT, MeetingStatus.HELD),
    }:
        # Reopened or returned minutes must be approved again.
        Meeting.objects.filter(pk=meeting.pk).update(minutes_version=F("minutes_version") + 1)
        meeting.refresh_from_db(fields=["minutes_version"])
    return meeting


def _check_agenda_editable(meeting: Meeting) -> None:
    if meeting.status not in AGENDA_EDITABLE:
        raise ServiceError(_("Dagsordenen kan ikke ændres, når mødet er afholdt."))


def _clean_item_values(values: dict[str, Any]) -> dict[str, Any]:
    values = clean_values(AgendaItem, values)
    if "presentation" in values:
        values["presentation"] = sanitize_rich_text(values["presentation"])
    if "recommendation" in values:
        values["recommendation"] = [c.strip() for c in values["recommendation"] if c.strip()]
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end <= start:
        raise ServiceError(_("Punktets sluttidspunkt skal ligge efter starttidspunktet."))
    return values


@transaction.atomic
def add_agenda_item(
    *,
    actor: User | None,
    meeting: Meeting,
    values: dict[str, Any],
    presenters: list[Person] | None = None,
) -> AgendaItem:
    """Add an item; it goes before a trailing *Eventuelt*, which stays last."""
    # Lock the meeting row: two items added at once must not get the same position.
    meeting.status = (
        Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=meeting.pk)
    )
    _check_agenda_editable(meeting)
    values = _clean_item_values(values)
    items = list(meeting.items.order_by("position").only("id", "position", "kind"))
    position = (items[-1].position + 1) if items else 1
    if items and items[-1].kind == AgendaItem.Kind.ANY_OTHER_BUSINESS:
        position = items[-1].position
        _renumber(meeting, [i.pk for i in items[:-1]] + [None, items[-1].pk])
    item = AgendaItem(meeting=meeting, position=position)
    save_with_audit(actor=actor, obj=item, values=values, action="agenda_item.create")
    if presenters:
        item.presenters.set(presenters)
    return item


@transaction.atomic
def update_agenda_item(
    *,
    actor: User | None,
    item: AgendaItem,
    values: dict[str, Any],
    version: int,
    presenters: list[Person] | None = None,
) -> AgendaItem:
    """Save an item if nobody else saved it since `version` was read."""
    _check_agenda_editable(item.meeting)
    values = _clean_item_values(values)
    before = snapshot(AgendaItem.objects.get(pk=item.pk), list(values))
    updated = AgendaItem.objects.filter(pk=item.pk, version=version).update(
        **values, version=F("version") + 1
    )
    if not updated:
        raise ConcurrentEditError(
            _(
                "Punktet er ændret af en anden, siden du åbnede det. Din tekst er ikke gemt: "
                "kopier den, genindlæs punktet og prøv igen."
            )
        )
    item.refresh_from_db()
    changes = diff(before, values)
    if presenters is not None:
        old = sorted(p.pk for p in item.presenters.all())
        item.presenters.set(presenters)
        new = sorted(p.pk for p in presenters)
        if old != new:
            changes["presenters"] = [old, new]
    record(actor=actor, action="agenda_item.update", obj=item, changes=changes)
    return item


def _renumber(meeting: Meeting, ordered_ids: Sequence[int | None]) -> None:
    """Give items positions 1..n in the given order (None leaves a gap).

    Two passes, because (meeting, position) is unique at every step.
    """
    offset = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + len(ordered_ids) + 1
    meeting.items.update(position=F("position") + offset)
    for number, pk in enumerate(ordered_ids, start=1):
        if pk is not None:
            AgendaItem.objects.filter(pk=pk).update(position=number)


@transaction.atomic
def move_agenda_item(*, actor: User | None, item: AgendaItem, offset: int) -> AgendaItem:
    """Move an item up (offset -1) or down (+1) the agenda."""
    meeting = item.meeting
    _check_agenda_editable(meeting)
    ids = list(meeting.items.order_by("position").values_list("pk", flat=True))
    old_index = ids.index(item.pk)
    new_index = max(0, min(len(ids) - 1, old_index + offset))
    if new_index == old_index:
        return item
    ids.insert(new_index, ids.pop(old_index))
    _renumber(meeting, list(ids))
    item.refresh_from_db(fields=["position"])
    record(
        actor=actor,
        action="agenda_item.move",
        obj=item,
        changes={"position": [old_index + 1, new_index + 1]},
    )
    return item


@transaction.atomic
def delete_agenda_item(*, actor: User | None, item: AgendaItem) -> None:
    meeting = item.meeting
    _check_agenda_editable(meeting)
    record(actor=actor, action="agenda_item.delete", obj=item, changes={"title": item.title})
    stored = [attachment.file for attachment in item.attachments.all()]
    item.delete()
    transaction.on_commit(lambda: _delete_files(stored))
    _renumber(meeting, list(meeting.items.order_by("position").values_list("pk", flat=True)))


def _delete_files(files: list[Any]) -> None:
    for file in files:
        file.delete(save=False)


def _check_bilag_changeable(meeting: Meeting) -> None:
    # Published (or cancelled) is the record as filed: its public pages are cached as such.
    if meeting.status in CLOSED:
        raise ServiceError(_("Mødet er afsluttet; bilagene kan ikke længere ændres."))


@transaction.atomic
def add_attachment(*, actor: User | None, item: AgendaItem, upload: UploadedFile) -> Attachment:
    """Store an uploaded bilag as received. Type and size are checked by the form."""
    _check_bilag_changeable(item.meeting)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        item=item,
        original_name=upload.name or "bilag",
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(upload.name or "bilag", upload, save=False)
    with removed_on_failure(attachment.file):
        attachment.save()
        record(
            actor=actor,
            action="attachment.create",
            obj=attachment,
            changes={"item": item.pk, "size": attachment.size, "sha256": attachment.sha256},
        )
    return attachment


@transaction.atomic
def delete_attachment(*, actor: User | None, attachment: Attachment) -> None:
    _check_bilag_changeable(attachment.item.meeting)
    record(actor=actor, action="attachment.delete", obj=attachment)
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


def mark_minutes_changed(meeting: Meeting) -> None:
    """The minutes changed while in draft: approvals already given were for the earlier text
    and no longer count. For decisions, and for what the apps above write into the minutes
    (votes, inhabilitet, statements)."""
    if meeting.status == MeetingStatus.MINUTES_DRAFT:
        Meeting.objects.filter(pk=meeting.pk).update(minutes_version=F("minutes_version") + 1)
        pagecache.wrote(meeting)


@transaction.atomic
def record_decision(
    *, actor: User | None, item: AgendaItem, decision: str, version: int
) -> AgendaItem:
    """Write the beslutning of an item while the minutes are being written."""
    meeting = item.meeting
    if meeting.status not in MINUTES_EDITABLE:
        raise ServiceError(
            _("Beslutninger skrives, når mødet er afholdt og før referatet godkendes.")
        )
    decision = clean_values(AgendaItem, {"decision": decision})["decision"]
    before = item.decision
    updated = AgendaItem.objects.filter(pk=item.pk, version=version).update(
        decision=decision, version=F("version") + 1
    )
    if not updated:
        raise ConcurrentEditError(
            _(
                "Beslutningen er ændret af en anden, siden du åbnede den. Din tekst er ikke "
                "gemt: kopier den, genindlæs punktet og prøv igen."
            )
        )
    if before != decision:
        mark_minutes_changed(meeting)
    item.refresh_from_db()
    record(
        actor=actor,
        action="agenda_item.decision",
        obj=item,
        changes={"decision": [before, decision]},
    )
    return item


# Attendance -----------------------------------------------------------------------------


@transaction.atomic
def register_absence(
    *, actor: User, meeting: Meeting, person: Person, absent: bool, note: str = ""
) -> Attendance:
    """A member's own afbud (or taking it back)."""
    if meeting.status not in AGENDA_EDITABLE:
        raise ServiceError(_("Afbud kan kun meldes før mødet."))
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        raise ServiceError(_("Du er ikke indkaldt til dette møde."))
    status = Attendance.Status.ABSENT if absent else Attendance.Status.ATTENDING
    changes = save_with_audit(
        actor=actor,
        obj=attendance,
        values={"status": status, "note": note, "responded_at": timezone.now()},
        action="attendance.absence" if absent else "attendance.attending",
    )
    if absent and "status" in changes:
        transaction.on_commit(lambda: tasks.send_absence_notice.enqueue(attendance.pk), robust=True)
    return attendance


@transaction.atomic
def set_attendance(
    *,
    actor: User | None,
    attendance: Attendance,
    status: str,
    substitute_for: Person | None = None,
    note: str = "",
    absent_items: list[AgendaItem] | None = None,
) -> Attendance:
    """The secretariat records who took part, for whom, and which items someone missed."""
    if substitute_for is not None:
        if substitute_for.pk == attendance.person_id:
            raise ServiceError(_("En person kan ikke deltage for sig selv."))
        if status != Attendance.Status.ATTENDING:
            raise ServiceError(_("En stedfortræder skal være markeret som deltager."))
    save_with_audit(
        actor=actor,
        obj=attendance,
        values={"status": status, "substitute_for": substitute_for, "note": note},
        action="attendance.update",
    )
    if absent_items is not None:
        _check_items_of(attendance.meeting, absent_items)
        attendance.absent_items.set(absent_items)
    return attendance


@transaction.atomic
def set_attendance_statuses(
    *, actor: User | None, meeting: Meeting, statuses: dict[int, str]
) -> int:
    """The roll call: each attendance's status at once (by attendance id); all or none.
    Returns how many changed."""
    if meeting.status in CLOSED:
        raise ServiceError(_("Fremmødet kan ikke ændres, når referatet er offentliggjort."))
    if any(status not in Attendance.Status.values for status in statuses.values()):
        raise ServiceError(_("Ukendt status."))
    attendances = {a.pk: a for a in meeting.attendances.filter(pk__in=statuses)}
    if set(statuses) - set(attendances):
        raise ServiceError(_("Personen er ikke på deltagerlisten til dette møde."))
    changed = 0
    for pk, status in statuses.items():
        attendance = attendances[pk]
        if attendance.status == status:
            continue
        if attendance.substitute_for_id and status != Attendance.Status.ATTENDING:
            raise ServiceError(_("En stedfortræder skal være markeret som deltager."))
        save_with_audit(
            actor=actor, obj=attendance, values={"status": status}, action="attendance.update"
        )
        changed += 1
    return changed


def _check_items_of(meeting: Meeting, items: list[AgendaItem]) -> None:
    if any(item.meeting_id != meeting.pk for item in items):
        raise ServiceError(_("Punktet hører ikke til dette møde."))


@transaction.atomic
def add_participant(
    *,
    actor: User | None,
    meeting: Meeting,
    person: Person,
    title: str = "",
    is_guest: bool = False,
    substitute_for: Person | None = None,
    guest_items: list[AgendaItem] | None = None,
) -> Attendance:
    """Add a guest (for single items) or a substitute who is not a member."""
    if meeting.attendances.filter(person=person).exists():
        raise ServiceError(_("%(name)s er allerede på deltagerlisten.") % {"name": person.name})
    if substitute_for is not None and substitute_for.pk == person.pk:
        raise ServiceError(_("En person kan ikke deltage for sig selv."))
    attendance = Attendance(meeting=meeting, person=person)
    save_with_audit(
        actor=actor,
        obj=attendance,
        values={
            "status": Attendance.Status.ATTENDING,
            "title": title,
            "is_guest": is_guest,
            "substitute_for": substitute_for,
        },
        action="attendance.create",
    )
    if guest_items:
        _check_items_of(meeting, guest_items)
        attendance.guest_items.set(guest_items)
    return attendance


# Minutes ----------------------------------------------------------------------------------


def _minutes_fully_approved(meeting: Meeting) -> bool:
    needed = {p.pk for p in required_approvers(meeting)}
    given = set(
        meeting.approvals.filter(minutes_version=meeting.minutes_version).values_list(
            "person_id", flat=True
        )
    )
    return bool(given) and needed <= given


@transaction.atomic
def approve_minutes(*, actor: User, meeting: Meeting) -> MinutesApproval:
    """A chair approves the minutes; when all chairs have, the minutes are approved."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.MINUTES_DRAFT:
        raise ServiceError(_("Referatet er ikke sendt til godkendelse."))
    person = Person.objects.filter(user=actor).first()
    if person is None or not access_for(actor, meeting).can_approve:
        raise ServiceError(
            _(
                "Kun organets formand eller medformænd kan godkende referatet (eller "
                "sekretariatet på deres vegne, når ingen af dem har et login)."
            )
        )
    if meeting.approvals.filter(person=person, minutes_version=meeting.minutes_version).exists():
        raise ServiceError(_("Du har allerede godkendt referatet."))
    approval = MinutesApproval.objects.create(
        meeting=meeting, person=person, user=actor, minutes_version=meeting.minutes_version
    )
    record(
        actor=actor,
        action="minutes.approve",
        obj=meeting,
        changes={"minutes_version": meeting.minutes_version},
    )
    if _minutes_fully_approved(meeting):
        change_meeting_status(
            actor=actor, meeting=meeting, to_status=MeetingStatus.MINUTES_APPROVED
        )
    return approval


@transaction.atomic
def return_minutes(*, actor: User, meeting: Meeting, comment: str) -> Meeting:
    """A chair sends the minutes back to the secretariat with what should change; the
    secretariat is mailed, and the minutes need every approval again."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.MINUTES_DRAFT:
        raise ServiceError(_("Referatet er ikke sendt til godkendelse."))
    if not access_for(actor, meeting).can_approve:
        raise ServiceError(_("Kun organets formand eller medformænd kan sende referatet tilbage."))
    comment = clean_values(MeetingStatusChange, {"comment": comment})["comment"].strip()
    if not comment:
        raise ServiceError(_("Skriv, hvad sekretariatet skal rette i referatet."))
    change_meeting_status(
        actor=actor, meeting=meeting, to_status=MeetingStatus.HELD, comment=comment
    )
    transaction.on_commit(lambda: tasks.send_minutes_returned.enqueue(meeting.pk), robust=True)
    return meeting


# The review round (gennemlæsning) ---------------------------------------------------------


@transaction.atomic
def start_review(*, actor: User | None, meeting: Meeting) -> Meeting:
    """The secretariat asks the chairs to read the agenda before it is sent; they are
    mailed and may comment on each item until the agenda goes out."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ServiceError(_("Gennemlæsningen kan kun startes, før dagsordenen er sendt ud."))
    if meeting.review_started_at is not None:
        raise ServiceError(_("Gennemlæsningen er allerede startet."))
    save_with_audit(
        actor=actor,
        obj=meeting,
        values={"review_started_at": timezone.now()},
        action="meeting.review_start",
    )
    transaction.on_commit(lambda: tasks.send_review_started.enqueue(meeting.pk), robust=True)
    return meeting


@transaction.atomic
def add_review_comment(*, actor: User, item: AgendaItem, text: str) -> ReviewComment:
    """A chair's comment on an item of the agenda being read."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=item.meeting_id)
    if not meeting.is_in_review:
        raise ServiceError(
            _("Der kan kun kommenteres under gennemlæsningen, før dagsordenen sendes ud.")
        )
    person = Person.objects.filter(user=actor).first()
    if person is None or not access_for(actor, meeting).is_chair:
        raise ServiceError(
            _("Kun organets formand og næstformand kan kommentere i gennemlæsningen.")
        )
    text = clean_values(ReviewComment, {"text": text})["text"].strip()
    if not text:
        raise ServiceError(_("Skriv en kommentar."))
    comment = ReviewComment.objects.create(item=item, author=person, user=actor, text=text)
    record(
        actor=actor,
        action="review_comment.create",
        obj=comment,
        changes={"item": item.pk, "text": text},
    )
    return comment


@transaction.atomic
def mark_review_comment_handled(*, actor: User | None, comment: ReviewComment) -> ReviewComment:
    """The secretariat has dealt with a chair's comment."""
    now = timezone.now()
    updated = ReviewComment.objects.filter(pk=comment.pk, handled_at__isnull=True).update(
        handled_at=now, handled_by=actor
    )
    if not updated:
        raise ServiceError(_("Kommentaren er allerede markeret som behandlet."))
    comment.handled_at, comment.handled_by = now, actor
    record(actor=actor, action="review_comment.handle", obj=comment, changes={"handled": True})
    return comment
