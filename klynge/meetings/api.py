import datetime

from ninja import Router, Schema, Status

from klynge.core.http import AuthedRequest
from klynge.meetings import services
from klynge.meetings.access import MeetingAccess, get_item_for_user, get_meeting_for_user
from klynge.meetings.forms import sanitize_rich_text
from klynge.meetings.models import AgendaItem, Attendance, Meeting
from klynge.meetings.views import visible_items

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    body_id: int
    title: str
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    place: str
    online_url: str
    status: str


class ItemOut(Schema):
    id: int
    position: int
    title: str
    case_number: str
    kind: str
    start_time: datetime.time | None
    end_time: datetime.time | None
    presenters: list[str]
    recommendation: list[str]
    presentation: str
    is_closed: bool
    decision: str | None
    version: int
    attachments: list[str]


class AttendanceOut(Schema):
    person_id: int
    person_name: str
    status: str
    substitute_for_id: int | None
    is_guest: bool


class MeetingDetailOut(MeetingOut):
    items: list[ItemOut]
    attendance: list[AttendanceOut]


class ItemIn(Schema):
    title: str
    case_number: str = ""
    kind: AgendaItem.Kind = AgendaItem.Kind.DECISION
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    presenters_text: str = ""
    recommendation: list[str] = []
    presentation: str = ""
    is_closed: bool = False


class ItemUpdateIn(ItemIn):
    version: int


class DecisionIn(Schema):
    decision: str
    version: int


def _item_out(item: AgendaItem, access: MeetingAccess) -> ItemOut:
    presenters = [p.name for p in item.presenters.all()]
    if item.presenters_text:
        presenters.append(item.presenters_text)
    return ItemOut(
        id=item.pk,
        position=item.position,
        title=item.title,
        case_number=item.case_number,
        kind=item.kind,
        start_time=item.start_time,
        end_time=item.end_time,
        presenters=presenters,
        recommendation=item.recommendation,
        presentation=item.presentation,
        is_closed=item.is_closed,
        decision=item.decision if access.can_see_decisions else None,
        version=item.version,
        attachments=[a.original_name for a in item.attachments.all()],
    )


def _attendance_out(attendance: Attendance) -> AttendanceOut:
    return AttendanceOut(
        person_id=attendance.person_id,
        person_name=attendance.person.name,
        status=attendance.status,
        substitute_for_id=attendance.substitute_for_id,
        is_guest=attendance.is_guest,
    )


@router.get("/meetings", response=list[MeetingOut])
def list_meetings(
    request: AuthedRequest, body_id: int | None = None, since: datetime.date | None = None
) -> list[Meeting]:
    meetings = Meeting.objects.visible_to(request.user).order_by("-date", "-start_time")
    if body_id is not None:
        meetings = meetings.filter(body_id=body_id)
    if since is not None:
        meetings = meetings.filter(date__gte=since)
    return list(meetings[:500])


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request: AuthedRequest, meeting_id: int) -> MeetingDetailOut:
    access = get_meeting_for_user(request.user, meeting_id)
    meeting = access.meeting
    return MeetingDetailOut(
        **MeetingOut.from_orm(meeting).dict(),
        items=[_item_out(item, access) for item in visible_items(access)],
        attendance=[_attendance_out(a) for a in meeting.attendances.select_related("person")],
    )


@router.post("/meetings/{meeting_id}/items", response={201: ItemOut})
def create_item(request: AuthedRequest, meeting_id: int, payload: ItemIn) -> Status[ItemOut]:
    access = get_meeting_for_user(request.user, meeting_id, write=True)
    values = payload.dict()
    values["presentation"] = sanitize_rich_text(values["presentation"])
    item = services.add_agenda_item(actor=request.user, meeting=access.meeting, values=values)
    return Status(201, _item_out(item, access))


@router.put("/items/{item_id}", response=ItemOut)
def update_item(request: AuthedRequest, item_id: int, payload: ItemUpdateIn) -> ItemOut:
    item, access = get_item_for_user(request.user, item_id, write=True)
    values = payload.dict(exclude={"version"})
    values["presentation"] = sanitize_rich_text(values["presentation"])
    item = services.update_agenda_item(
        actor=request.user, item=item, values=values, version=payload.version
    )
    return _item_out(item, access)


@router.put("/items/{item_id}/decision", response=ItemOut)
def record_decision(request: AuthedRequest, item_id: int, payload: DecisionIn) -> ItemOut:
    item, access = get_item_for_user(request.user, item_id, write=True)
    item = services.record_decision(
        actor=request.user, item=item, decision=payload.decision, version=payload.version
    )
    return _item_out(item, access)
