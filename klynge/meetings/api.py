import datetime

from ninja import Router, Schema, Status

from klynge.accounts.http import AuthedRequest
from klynge.core.schema import Id, LocalTime, column, responses
from klynge.meetings import services
from klynge.meetings.access import (
    MeetingAccess,
    access_for,
    get_item_for_user,
    get_meeting_for_user,
    visible_items,
)
from klynge.meetings.models import AgendaItem, Attendance, Meeting
from klynge.meetings.reads import record_closed_items_read
from klynge.organisations.access import get_body_for_user

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    body_id: Id
    title: str
    date: datetime.date
    start_time: LocalTime | None
    end_time: LocalTime | None
    place: str
    online_url: str
    status: str


class ItemOut(Schema):
    id: int
    position: int
    title: str
    case_number: str
    kind: str
    start_time: LocalTime | None
    end_time: LocalTime | None
    presenters: list[str]
    presenters_text: str
    recommendation: list[str]
    presentation: str
    is_closed: bool
    decision: str | None
    version: int
    attachments: list[str]


class AttendanceOut(Schema):
    person_id: Id
    person_name: str
    status: str
    substitute_for_id: int | None
    is_guest: bool


class MeetingDetailOut(MeetingOut):
    items: list[ItemOut]
    attendance: list[AttendanceOut]


class CaseListItemOut(Schema):
    id: int
    position: int
    title: str


class CaseListMeetingOut(Schema):
    """A coming meeting whose agenda is sent, with the titles of its open items."""

    id: int
    body_id: Id
    title: str
    date: datetime.date
    start_time: LocalTime | None
    end_time: LocalTime | None
    items: list[CaseListItemOut]


class ItemIn(Schema):
    title: str = column(AgendaItem, "title")
    case_number: str = column(AgendaItem, "case_number", "")
    kind: AgendaItem.Kind = AgendaItem.Kind.DECISION
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    presenters_text: str = column(AgendaItem, "presenters_text", "")
    recommendation: list[str] = column(AgendaItem, "recommendation", [])
    presentation: str = column(AgendaItem, "presentation", "")
    is_closed: bool = False


class ItemUpdateIn(Schema):
    """A PUT replaces the item: every field is required, so nothing is reset by omission
    (a missing `is_closed` once opened a closed item)."""

    title: str = column(AgendaItem, "title")
    case_number: str = column(AgendaItem, "case_number")
    kind: AgendaItem.Kind
    start_time: LocalTime | None
    end_time: LocalTime | None
    presenters_text: str = column(AgendaItem, "presenters_text")
    recommendation: list[str] = column(AgendaItem, "recommendation")
    presentation: str = column(AgendaItem, "presentation")
    is_closed: bool
    version: int = column(AgendaItem, "version")


class DecisionIn(Schema):
    decision: str = column(AgendaItem, "decision")
    version: int = column(AgendaItem, "version")


def _item_out(item: AgendaItem, access: MeetingAccess) -> ItemOut:
    return ItemOut(
        id=item.pk,
        position=item.position,
        title=item.title,
        case_number=item.case_number,
        kind=item.kind,
        start_time=item.start_time,
        end_time=item.end_time,
        presenters=item.presenter_names,
        presenters_text=item.presenters_text,
        recommendation=item.recommendation,
        presentation=item.presentation,
        is_closed=item.is_closed,
        decision=item.decision if access.can_see_decisions else None,
        version=item.version,
        attachments=[a.original_name for a in item.attachments.all()],
    )


def _meeting_out(access: MeetingAccess) -> MeetingOut:
    out = MeetingOut.from_orm(access.meeting)
    if not access.can_see_meeting_link:
        out.online_url = ""
    return out


def _attendance_out(attendance: Attendance) -> AttendanceOut:
    return AttendanceOut(
        person_id=attendance.person_id,
        person_name=attendance.person.name,
        status=attendance.status,
        substitute_for_id=attendance.substitute_for_id,
        is_guest=attendance.is_guest,
    )


@router.get("/meetings", response=responses(list[MeetingOut]))
def list_meetings(
    request: AuthedRequest, body_id: Id | None = None, since: datetime.date | None = None
) -> list[MeetingOut]:
    meetings = (
        Meeting.objects.visible_to(request.user)
        .select_related("body")
        .order_by("-date", "-start_time")
    )
    if body_id is not None:
        meetings = meetings.filter(body_id=body_id)
    if since is not None:
        meetings = meetings.filter(date__gte=since)
    return [_meeting_out(access_for(request.user, meeting)) for meeting in meetings[:500]]


@router.get("/meetings/{meeting_id}", response=responses(MeetingDetailOut))
def get_meeting(request: AuthedRequest, meeting_id: Id) -> MeetingDetailOut:
    access = access_for(request.user, get_meeting_for_user(request.user, meeting_id))
    meeting = access.meeting
    items = list(visible_items(access))
    record_closed_items_read(request.user, access, items)
    return MeetingDetailOut(
        **_meeting_out(access).dict(),
        items=[_item_out(item, access) for item in items],
        attendance=[_attendance_out(a) for a in meeting.attendances.select_related("person")],
    )


@router.get("/bodies/{body_id}/case-list", response=responses(list[CaseListMeetingOut]))
def get_case_list(request: AuthedRequest, body_id: Id) -> list[CaseListMeetingOut]:
    """The body's public case list (sagsliste): its coming meetings whose agenda is sent and
    the titles of their open items, as on the public page."""
    body = get_body_for_user(request.user, body_id)
    return [
        CaseListMeetingOut(
            id=meeting.pk,
            body_id=meeting.body_id,
            title=meeting.display_title,
            date=meeting.date,
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            items=[
                CaseListItemOut(id=item.pk, position=item.position, title=item.title)
                for item in meeting.open_items  # type: ignore[attr-defined]
            ],
        )
        for meeting in Meeting.objects.filter(body=body).case_list()
    ]


@router.post("/meetings/{meeting_id}/items", response=responses(ItemOut, 201))
def create_item(request: AuthedRequest, meeting_id: Id, payload: ItemIn) -> Status[ItemOut]:
    access = access_for(request.user, get_meeting_for_user(request.user, meeting_id, write=True))
    values = payload.dict()
    item = services.add_agenda_item(actor=request.user, meeting=access.meeting, values=values)
    return Status(201, _item_out(item, access))


@router.put("/items/{item_id}", response=responses(ItemOut))
def update_item(request: AuthedRequest, item_id: Id, payload: ItemUpdateIn) -> ItemOut:
    item = get_item_for_user(request.user, item_id, write=True)
    access = access_for(request.user, item.meeting)
    values = payload.dict(exclude={"version"})
    item = services.update_agenda_item(
        actor=request.user, item=item, values=values, version=payload.version
    )
    # The answer holds the stored item (its decision too), not only what was sent.
    record_closed_items_read(request.user, access, [item])
    return _item_out(item, access)


@router.put("/items/{item_id}/decision", response=responses(ItemOut))
def record_decision(request: AuthedRequest, item_id: Id, payload: DecisionIn) -> ItemOut:
    item = get_item_for_user(request.user, item_id, write=True)
    access = access_for(request.user, item.meeting)
    item = services.record_decision(
        actor=request.user, item=item, decision=payload.decision, version=payload.version
    )
    record_closed_items_read(request.user, access, [item])
    return _item_out(item, access)
