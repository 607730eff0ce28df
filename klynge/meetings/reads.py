"""Reads Datatilsynet asks logged, whatever the door that shows them (the meeting page, one
item's partial, the agenda and minutes documents, the API): closed items, and other people's
afbud notes (often health information), their people named for the data protection officer's
look-up."""

from collections.abc import Iterable
from typing import Any

from klynge.audit.services import record_read
from klynge.meetings.access import MeetingAccess
from klynge.meetings.models import Attendance


def record_closed_items_read(
    user: Any, access: MeetingAccess, items: Iterable[Any], **details: Any
) -> None:
    """Log the closed items among `items` shown to `user` (placeholders of those it may not
    see carry no text and are not reads)."""
    closed = [item.position for item in items if getattr(item, "is_closed", False)]
    if closed and access.can_see_closed_items:
        record_read(
            actor=user,
            action="closed_item.read",
            obj=access.meeting,
            details={"closed_items": closed, **details},
        )


def record_notes_read(user: Any, access: MeetingAccess, attendances: Iterable[Attendance]) -> None:
    """Log the afbud notes of others among `attendances` that `user` was shown."""
    noted = [
        a.person_id
        for a in attendances
        if a.note and access.can_see_note(a) and a.person_id != access.person_id
    ]
    if noted:
        record_read(actor=user, action="attendance_note.read", obj=access.meeting, people=noted)
