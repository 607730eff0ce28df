import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.accounts.http import AuthedRequest
from klynge.audit.services import history_for
from klynge.core import display
from klynge.core.converters import parse_id
from klynge.core.exceptions import ServiceError
from klynge.core.http import download
from klynge.core.pagecache import cached_per_viewer, cluster_of
from klynge.meetings import documents, mail, services
from klynge.meetings.access import (
    MeetingAccess,
    access_for,
    agenda_items,
    get_attachment_for_user,
    get_attendance_for_user,
    get_item_for_user,
    get_meeting_for_user,
    get_public_attachment,
    get_public_meeting,
    numbered_items,
)
from klynge.meetings.calendar import meetings_to_ics
from klynge.meetings.council_views import agenda_rules_context, upcoming_case_lists
from klynge.meetings.forms import (
    AbsenceForm,
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    ParticipantForm,
)
from klynge.meetings.models import (
    AGENDA_EDITABLE,
    MINUTES_EDITABLE,
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
    group_participants,
)
from klynge.meetings.reads import record_closed_items_read, record_notes_read
from klynge.organisations import services as org_services
from klynge.organisations.access import can_manage_cluster, get_body_for_user
from klynge.organisations.models import Body, Membership, Person


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def overrun_warning(meeting: Meeting, items: list[AgendaItem]) -> str:
    """A warning when the items' time slots do not fit inside the meeting."""
    if meeting.start_time is None or meeting.end_time is None:
        return ""
    late = [i for i in items if i.end_time and i.end_time > meeting.end_time]
    early = [i for i in items if i.start_time and i.start_time < meeting.start_time]
    if late or early:
        numbers = ", ".join(str(i.position) for i in early + late)
        return _("Tidsplanen går ud over mødets tid (%(start)s-%(end)s) ved punkt %(numbers)s.") % {
            "start": meeting.start_time.strftime("%H:%M"),
            "end": meeting.end_time.strftime("%H:%M"),
            "numbers": numbers,
        }
    minutes = sum(
        (
            datetime.datetime.combine(meeting.date, i.end_time)
            - datetime.datetime.combine(meeting.date, i.start_time)
        ).seconds
        // 60
        for i in items
        if i.start_time and i.end_time
    )
    available = (meeting.ends_at - meeting.starts_at).seconds // 60
    if minutes > available:
        return _(
            "Punkterne varer tilsammen %(minutes)s minutter, men mødet varer %(available)s."
        ) % {
            "minutes": minutes,
            "available": available,
        }
    return ""


def _agenda_context(request: AuthedRequest, access: MeetingAccess) -> dict[str, Any]:
    meeting = access.meeting
    items = agenda_items(access)
    can_edit_agenda = access.can_manage and meeting.status in AGENDA_EDITABLE
    return {
        "meeting": meeting,
        "access": access,
        "items": items,
        "can_edit_agenda": can_edit_agenda,
        "can_edit_minutes": access.can_manage and meeting.status in MINUTES_EDITABLE,
        "can_decide_cases": (access.can_manage or access.is_chair)
        and meeting.status in MINUTES_EDITABLE,
        "overrun": overrun_warning(meeting, items),
        "new_item_form": AgendaItemForm(body_id=meeting.body_id, prefix="new")
        if can_edit_agenda
        else None,
        "item_panels": [template for template, _prefetch in settings.MEETING_ITEM_PANELS],
        **agenda_rules_context(access, items),
    }


@cached_per_viewer(shows=cluster_of(Meeting, "body__cluster_id"))
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user, get_meeting_for_user(request.user, pk))
    meeting = access.meeting
    attendances = list(meeting.attendances.select_related("person", "substitute_for"))
    _add_item_numbers(attendances)
    for attendance in attendances:
        attendance.visible_note = attendance.note if access.can_see_note(attendance) else ""  # type: ignore[attr-defined]
    own = next((a for a in attendances if a.person_id == access.person_id), None)
    approvals = (  # shown with the minutes
        list(
            meeting.approvals.filter(minutes_version=meeting.minutes_version).select_related(
                "person"
            )
        )
        if meeting.has_minutes
        else []
    )
    agenda = _agenda_context(request, access)
    _log_reads(request.user, access, agenda["items"], attendances)
    context = agenda | {
        "attendances": attendances,
        "own_attendance": own,
        "approvals": approvals,
        "has_approved": any(a.person_id == access.person_id for a in approvals),
        "can_approve": access.can_approve,
        "transitions": _transitions_for(access),
        "history": history_for(meeting)[:20] if access.can_manage else [],
        "status_changes": meeting.status_changes.select_related("actor")
        if access.can_manage
        else [],
        "returned": _returned(access),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _add_item_numbers(attendances: list[Attendance]) -> None:
    """Each attendance's `guest_positions` and `absent_positions`: the numbers of the items
    a guest came for and of those a member left, read as numbers (prefetched as items, they
    made a manager and a queryset per person and relation)."""
    for relation, name in (
        ("guest_items", "guest_positions"),
        ("absent_items", "absent_positions"),
    ):
        positions: dict[int, list[int]] = defaultdict(list)
        if attendances:
            rows = getattr(Attendance, relation).through.objects.filter(
                attendance_id__in=[a.pk for a in attendances]
            )
            for attendance_id, position in rows.order_by("agendaitem__position").values_list(
                "attendance_id", "agendaitem__position"
            ):
                positions[attendance_id].append(position)
        for attendance in attendances:
            setattr(attendance, name, positions[attendance.pk])


def _log_reads(
    user: Any, access: MeetingAccess, items: list[Any], attendances: list[Attendance]
) -> None:
    """Closed items and others' afbud notes shown are reads Datatilsynet asks logged."""
    record_closed_items_read(user, access, items)
    record_notes_read(user, access, attendances)


def _returned(access: MeetingAccess) -> MeetingStatusChange | None:
    """The chair's comment, while the minutes they sent back wait for the secretariat."""
    meeting = access.meeting
    if meeting.status != MeetingStatus.HELD or not (access.can_manage or access.is_chair):
        return None
    last = meeting.status_changes.select_related("actor").last()
    return last if last is not None and last.is_return else None


def _transitions_for(access: MeetingAccess) -> list[tuple[str, str, bool]]:
    """(status, button label, whether it is a step back: withdrawing or cancelling)."""
    if not access.can_manage:
        return []
    labels = {
        MeetingStatus.AGENDA_PUBLISHED: _("Udsend dagsorden"),
        MeetingStatus.PLANNED: _("Træk dagsorden tilbage"),
        MeetingStatus.HELD: _("Marker som afholdt"),
        MeetingStatus.MINUTES_DRAFT: _("Send referat til godkendelse"),
        MeetingStatus.MINUTES_PUBLISHED: _("Offentliggør referat"),
        MeetingStatus.CANCELLED: _("Aflys mødet"),
    }
    meeting = access.meeting
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        labels[MeetingStatus.MINUTES_DRAFT] = _("Genåbn referatet")
    back = {MeetingStatus.PLANNED, MeetingStatus.CANCELLED}
    if meeting.status == MeetingStatus.MINUTES_DRAFT:
        labels[MeetingStatus.HELD] = _("Tag referatet tilbage fra godkendelse")
        back.add(MeetingStatus.HELD)
    return [
        (status, labels[status], status in back)
        for status in sorted(s for s in labels if meeting.can_change_to(s))
    ]


# The body page: its members (from organisations) and its meetings --------------------------


@cached_per_viewer(shows=cluster_of(Body, "cluster_id"))
def body_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, pk)
    today = timezone.localdate()
    can_manage = can_manage_cluster(request.user, body.cluster_id)
    memberships = _memberships(body, can_manage=can_manage)
    current = [m for m in memberships if m.is_current(today)]
    past = [m for m in memberships if m.end_date and m.end_date < today]
    future = [m for m in memberships if m.start_date and m.start_date > today]
    grouped: dict[str, list[Membership]] = defaultdict(list)
    secretariat = []
    for membership in current:
        if membership.role == Membership.Role.SECRETARIAT:
            secretariat.append(membership)
        else:
            org = membership.organisation
            name = org.name if org else _("Uden organisation")
            grouped[name].append(membership)
    # The body's meetings read once, newest first: the coming ones, the years with past
    # meetings and the past meetings of the year shown.
    meetings = Meeting.objects.visible_to(request.user).filter(body=body)
    rows: list[Any] = list(
        meetings.order_by("-date", "-start_time").values_list(
            "pk", "date", "start_time", "status", named=True
        )
    )
    upcoming = [m for m in reversed(rows) if m.date >= today][:10]
    past_meetings = [m for m in rows if m.date < today]
    # Past meetings a year at a time: a body with fifteen years of meetings stays one page.
    years = sorted({m.date.year for m in past_meetings}, reverse=True)
    try:
        year = int(request.GET.get("aar") or (years[0] if years else today.year))
    except ValueError:
        year = years[0] if years else today.year
    return render(
        request,
        "meetings/body_detail.html",
        {
            "body": body,
            "groups": sorted(grouped.items()),
            "secretariat": secretariat,
            "past": past,
            "future": future,
            "upcoming": _meeting_rows(upcoming),
            "previous": _meeting_rows(m for m in past_meetings if m.date.year == year),
            "years": years,
            "year": year,
            "can_manage": can_manage,
            "history": history_for(body)[:20] if can_manage else [],
            "today_iso": today.isoformat(),  # the end date offered to each current member
        },
    )


def _memberships(body: Body, *, can_manage: bool) -> list[Membership]:
    """The body's memberships, each with what the members table shows of it made here once
    for the table (role, period, addresses): made per row in the template, they were most
    of the page's time."""
    roles = display.choice_labels(Membership, "role")
    person_edit = display.url_maker("person_edit")
    membership_edit = display.url_maker("membership_edit")
    membership_end = display.url_maker("membership_end")
    memberships = list(
        body.memberships.select_related("person", "organisation", "substitute_for").order_by(
            "organisation__name", "role", "person__name"
        )
    )
    for m in memberships:
        m.role_label = roles.get(m.role, m.role)  # type: ignore[attr-defined]
        m.period = f"{display.numeric_date(m.start_date)}–{display.numeric_date(m.end_date)}"  # type: ignore[attr-defined]
        if can_manage:
            m.person_url = person_edit(m.person_id)  # type: ignore[attr-defined]
            m.edit_url = membership_edit(m.pk)  # type: ignore[attr-defined]
            m.end_url = membership_end(m.pk)  # type: ignore[attr-defined]
    return memberships


def _meeting_rows(meetings: Iterable[Any]) -> list[dict[str, str]]:
    """Meetings (pk, date, start_time, status) as the body page lists them."""
    statuses = display.choice_labels(Meeting, "status")
    meeting_url = display.url_maker("meeting_detail")
    return [
        {
            "url": meeting_url(m.pk),
            "day": display.long_date(m.date),
            "start_time": f"{m.start_time:%H:%M}" if m.start_time else "",
            "status": statuses.get(m.status, m.status),
        }
        for m in meetings
    ]


@login_not_required
def body_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """Public iCal feed: the body's meetings whose agenda is out (dates are public)."""
    body = get_body_for_user(request.user, pk)
    meetings = Meeting.objects.public().filter(body=body).select_related("body")
    return HttpResponse(
        meetings_to_ics(meetings, name=str(body)), content_type="text/calendar; charset=utf-8"
    )


def meeting_create(request: AuthedRequest, body_pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, body_pk, write=True)
    form = MeetingForm(request.POST or None, body_id=body.pk)
    if request.method == "POST" and form.is_valid():
        meeting = services.create_meeting(actor=request.user, body=body, values=form.cleaned_data)
        messages.success(request, _("Mødet er oprettet med standardpunkter."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "body": body})


def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, body_id=meeting.body_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(actor=request.user, meeting=meeting, values=form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Mødet er gemt."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "body": meeting.body, "meeting": meeting},
    )


@require_POST
def meeting_status(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    to_status = request.POST.get("status", "")
    if to_status not in MeetingStatus.values:
        messages.error(request, _("Ukendt status."))
        return redirect(meeting)
    try:
        services.change_meeting_status(actor=request.user, meeting=meeting, to_status=to_status)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Mødet har nu status “%(status)s”.") % {"status": MeetingStatus(to_status).label},
        )
    return redirect(meeting)


# Agenda items ------------------------------------------------------------------------------


def _agenda_response(request: AuthedRequest, access: MeetingAccess) -> HttpResponse:
    if _is_htmx(request):
        return render(request, "meetings/_agenda.html", _agenda_context(request, access))
    return redirect(access.meeting)


def item_add(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user, get_meeting_for_user(request.user, pk, write=True))
    meeting = access.meeting
    form = AgendaItemForm(request.POST or None, body_id=meeting.body_id, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_agenda_item(
                actor=request.user,
                meeting=meeting,
                values=form.item_values(),
                presenters=list(form.cleaned_data["presenters"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            if not _is_htmx(request):
                messages.success(request, _("Punktet er tilføjet."))
            return _agenda_response(request, access)
    context = _agenda_context(request, access) | {"new_item_form": form}
    template = "meetings/_agenda.html" if _is_htmx(request) else "meetings/item_form_page.html"
    return render(request, template, context, status=422 if request.method == "POST" else 200)


def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True)
    access = access_for(request.user, item.meeting)
    form = AgendaItemForm(request.POST or None, instance=item, body_id=item.meeting.body_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(
                actor=request.user,
                item=item,
                values=form.item_values(),
                version=form.cleaned_data["version"] or 0,
                presenters=list(form.cleaned_data["presenters"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            if _is_htmx(request):
                # The whole agenda: a new time slot may change the overrun warning.
                return _agenda_response(request, access)
            messages.success(request, _("Punktet er gemt."))
            return redirect(item)
    template = "meetings/_item_form.html" if _is_htmx(request) else "meetings/item_form_page.html"
    status = 422 if request.method == "POST" else 200
    response = render(
        request, template, {"form": form, "item": item, "meeting": item.meeting}, status=status
    )
    if _is_htmx(request):
        # Errors replace the form itself, not the agenda the form targets on success.
        response["HX-Retarget"] = f"#punkt-{item.pk}"
        response["HX-Reswap"] = "outerHTML"
    return response


def _item_response(request: AuthedRequest, item_pk: int, access: MeetingAccess) -> HttpResponse:
    context = _agenda_context(request, access)
    item = next(i for i in context["items"] if i.pk == item_pk)
    record_closed_items_read(request.user, access, [item])
    return render(request, "meetings/_item.html", context | {"item": item})


def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One item as shown on the meeting page (htmx uses it to cancel an edit)."""
    item = get_item_for_user(request.user, pk)
    access = access_for(request.user, item.meeting)
    if not _is_htmx(request):
        return redirect(item)
    return _item_response(request, item.pk, access)


@require_POST
def item_move(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True)
    access = access_for(request.user, item.meeting)
    # Buttons send a direction; drag and drop the position the item was dropped at.
    position = parse_id(request.POST.get("position", ""))
    if position is not None:
        offset = position - item.position
    else:
        offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.move_agenda_item(actor=request.user, item=item, offset=offset)
    except ServiceError as error:
        messages.error(request, error.message)
    return _agenda_response(request, access)


@require_POST
def item_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True)
    access = access_for(request.user, item.meeting)
    try:
        services.delete_agenda_item(actor=request.user, item=item)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if not _is_htmx(request):
            # htmx swaps the agenda in place: a queued message would show on a later page.
            messages.success(request, _("Punktet er slettet."))
    return _agenda_response(request, access)


def decision_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True)
    access = access_for(request.user, item.meeting)
    initial = {"decision": item.decision or item.suggested_decision, "version": item.version}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(
                actor=request.user,
                item=item,
                decision=form.cleaned_data["decision"],
                version=form.cleaned_data["version"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            if _is_htmx(request):
                return _item_response(request, item.pk, access)
            messages.success(request, _("Beslutningen er gemt."))
            return redirect(item)
    template = (
        "meetings/_decision_form.html" if _is_htmx(request) else "meetings/decision_form_page.html"
    )
    status = 422 if request.method == "POST" else 200
    return render(
        request, template, {"form": form, "item": item, "meeting": item.meeting}, status=status
    )


# Attachments -------------------------------------------------------------------------------


def attachment_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(actor=request.user, item=item, upload=form.cleaned_data["file"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Bilaget er tilføjet."))
            return redirect(item)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "meetings/attachment_form.html",
        {"form": form, "item": item, "meeting": item.meeting, "multipart": True},
        status=status,
    )


def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    attachment = get_attachment_for_user(request.user, pk)
    return _attachment_file(attachment)


def _attachment_file(attachment: Attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def attachment_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    attachment = get_attachment_for_user(request.user, pk, write=True)
    item = attachment.item
    try:
        services.delete_attachment(actor=request.user, attachment=attachment)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Bilaget er slettet."))
    return redirect(item)


# Attendance and minutes --------------------------------------------------------------------


@require_POST
def absence(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user, get_meeting_for_user(request.user, pk))
    form = AbsenceForm(request.POST)
    person = Person.objects.filter(pk=access.person_id).first() if access.person_id else None
    if person is None or not form.is_valid():
        raise PermissionDenied
    absent = request.POST.get("absent") == "1"
    try:
        services.register_absence(
            actor=request.user,
            meeting=access.meeting,
            person=person,
            absent=absent,
            note=form.cleaned_data["note"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Dit afbud er registreret.") if absent else _("Du er meldt til mødet.")
        )
    return redirect(access.meeting)


def attendance_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    attendance = get_attendance_for_user(request.user, pk, write=True)
    meeting = attendance.meeting
    initial = {
        "status": attendance.status,
        "substitute_for": attendance.substitute_for_id,
        "note": attendance.note,
        "absent_items": list(attendance.absent_items.all()),
    }
    form = AttendanceForm(request.POST or None, initial=initial, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_attendance(
                actor=request.user,
                attendance=attendance,
                status=form.cleaned_data["status"],
                substitute_for=form.cleaned_data["substitute_for"],
                note=form.cleaned_data["note"],
                absent_items=list(form.cleaned_data["absent_items"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Deltagelsen er gemt."))
            return redirect(meeting.get_absolute_url() + "#deltagere")
    record_notes_read(request.user, access_for(request.user, meeting), [attendance])
    return render(
        request,
        "meetings/attendance_form.html",
        {"form": form, "attendance": attendance, "meeting": meeting},
        status=422 if request.method == "POST" else 200,
    )


def roll_call(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every invited person in one table, a status each: saved one click at a time (htmx)
    or all at once (without JavaScript)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    attendances = list(
        meeting.attendances.select_related("person", "substitute_for").order_by(
            "is_guest", "person__name"
        )
    )
    error = ""
    if request.method == "POST":
        statuses = {
            attendance.pk: value
            for attendance in attendances
            if (value := request.POST.get(f"status-{attendance.pk}"))
        }
        try:
            services.set_attendance_statuses(actor=request.user, meeting=meeting, statuses=statuses)
        except ServiceError as exception:
            error = exception.message
        else:
            if not _is_htmx(request) or len(statuses) != 1:
                messages.success(request, _("Fremmødet er gemt."))
                return redirect("roll_call", pk=meeting.pk)
        for attendance in attendances:
            attendance.refresh_from_db(fields=["status"])
        if _is_htmx(request) and len(statuses) == 1:
            # One click sends one row (hx-params), and gets that row back; a refused click
            # comes back as it was, with why.
            [clicked] = [a for a in attendances if a.pk in statuses]
            return render(
                request,
                "meetings/_roll_call_row.html",
                {"attendance": clicked, "statuses": Attendance.Status.choices, "error": error},
                status=422 if error else 200,
            )
    return render(
        request,
        "meetings/roll_call.html",
        {
            "meeting": meeting,
            "attendances": attendances,
            "statuses": Attendance.Status.choices,
            "error": error,
            "participant_form": ParticipantForm(meeting=meeting),
        },
        status=422 if error else 200,
    )


def participant_add(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = ParticipantForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = org_services.find_or_add_person(
                actor=request.user, cluster=meeting.body.cluster, name=data["name"]
            )
            services.add_participant(
                actor=request.user,
                meeting=meeting,
                person=person,
                title=data["title"],
                is_guest=data["is_guest"],
                substitute_for=data["substitute_for"],
                guest_items=list(data["guest_items"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Deltageren er tilføjet."))
            if request.POST.get("next") == "fremmoede":
                return redirect("roll_call", pk=meeting.pk)
            return redirect(meeting.get_absolute_url() + "#deltagere")
    return render(
        request,
        "meetings/participant_form.html",
        {"form": form, "meeting": meeting},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def minutes_return(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    try:
        services.return_minutes(
            actor=request.user, meeting=meeting, comment=request.POST.get("comment", "")
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Referatet er sendt tilbage til sekretariatet med din kommentar.")
        )
    return redirect(meeting)


#: What "Udsend" sends: the status it moves the meeting to, and the mail it sends.
SENDINGS = {
    "dagsorden": (MeetingStatus.AGENDA_PUBLISHED, mail.agenda_preview),
    "referat": (MeetingStatus.MINUTES_PUBLISHED, mail.minutes_preview),
}


@require_safe
def meeting_send(request: AuthedRequest, pk: int, what: str) -> HttpResponse:
    """Before the agenda or the minutes go out: the mail and who gets it. Sending is the
    page's button, a POST to `meeting_status`."""
    if what not in SENDINGS:
        raise Http404
    meeting = get_meeting_for_user(request.user, pk, write=True)
    to_status, preview = SENDINGS[what]
    try:
        services.check_status_change(meeting, to_status)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    return render(
        request,
        "meetings/send_preview.html",
        {"meeting": meeting, "preview": preview(meeting), "to_status": to_status, "what": what},
    )


@require_POST
def minutes_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    try:
        services.approve_minutes(actor=request.user, meeting=meeting)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Du har godkendt referatet."))
    return redirect(meeting)


# Documents ---------------------------------------------------------------------------------


#: The documents of a meeting: kind -> the formats it comes in.
DOCUMENTS = {"dagsorden": {"pdf", "docx"}, "referat": {"pdf", "docx"}, "samlet-dagsorden": {"pdf"}}


def meeting_document(request: AuthedRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    if fmt not in DOCUMENTS.get(kind, ()):
        raise Http404
    access = access_for(request.user, get_meeting_for_user(request.user, pk))
    response = _document_response(access, kind, fmt)
    record_closed_items_read(request.user, access, numbered_items(access), document=kind)
    return response


def _document(access: MeetingAccess, kind: str, fmt: str) -> tuple[bytes, str]:
    """(the document, its file name)."""
    if kind == "referat" and not access.can_see_decisions:
        raise Http404
    # Agendas and minutes are filed in Danish, whatever language the reader chose.
    with translation.override(settings.LANGUAGE_CODE):
        doc = documents.build(access, minutes=(kind == "referat"), items=numbered_items(access))
        if kind == "samlet-dagsorden":
            return documents.render_bundle(doc), f"samlet-{doc.filename}.pdf"
        content = documents.render_pdf(doc) if fmt == "pdf" else documents.render_docx(doc)
    return content, f"{doc.filename}.{fmt}"


def _document_response(access: MeetingAccess, kind: str, fmt: str) -> HttpResponse:
    return download(*_document(access, kind, fmt))


# Public pages ------------------------------------------------------------------------------


@login_not_required
@cached_per_viewer
def public_meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = (
        Meeting.objects.public()
        .select_related("body__cluster")
        .order_by("-date", "-start_time")[:100]
    )
    return render(
        request,
        "meetings/public_list.html",
        {"meetings": meetings, "case_lists": upcoming_case_lists()},
    )


@login_not_required
@cached_per_viewer
def public_meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(None, get_public_meeting(pk))
    attendances = access.meeting.attendances.select_related("person", "substitute_for")
    participants = partial(group_participants, access.meeting, attendances)
    return render(
        request,
        "meetings/public_detail.html",
        {
            "meeting": access.meeting,
            "access": access,
            # A callable: the template reads it only when the content is not in the cache.
            "items": partial(numbered_items, access, as_lists=True),
            "participants": participants,
            "public_item_panels": settings.MEETING_ITEM_PUBLIC_PANELS,
        },
    )


@login_not_required
@cached_per_viewer
def public_meeting_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if "pdf" not in DOCUMENTS.get(kind, ()):
        raise Http404
    access = access_for(None, get_public_meeting(pk))
    meeting = access.meeting
    if not meeting.is_closed:
        return _document_response(access, kind, "pdf")
    # Published minutes are the record as filed: rendered once per version of the meeting.
    key = "public-document:" + ":".join(
        str(part) for part in (meeting.pk, kind, meeting.status, meeting.minutes_version)
    )
    key += (
        ":"
        + hashlib.sha256(f"{meeting.body.name}\n{meeting.body.cluster.name}".encode()).hexdigest()[
            :16
        ]
    )
    cached = cache.get(key)
    if cached is None:
        cached = _document(access, kind, "pdf")
        cache.set(key, cached)
    return download(*cached)


@login_not_required
def public_attachment(request: HttpRequest, pk: int) -> FileResponse:
    return _attachment_file(get_public_attachment(pk))
