from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from klynge.accounts.http import AuthedRequest
from klynge.actionplans.models import Initiative, State, StatusReport, supplied_by_q
from klynge.audit.models import AuditEvent
from klynge.audit.services import object_type_of
from klynge.core.health import readiness
from klynge.followups.models import FollowUp
from klynge.meetings.models import (
    BEFORE_MEETING,
    Attendance,
    Meeting,
    MeetingStatus,
    MinutesApproval,
)
from klynge.organisations.access import roles_for
from klynge.organisations.models import Body, Person


def home(request: AuthedRequest) -> HttpResponse:
    """My bodies, my next meetings, agendas waiting for my afbud, minutes waiting for me."""
    roles = roles_for(request.user)
    today = timezone.localdate()
    person_id = roles.person_id or 0  # no person: matches nothing
    my_bodies = Body.objects.filter(pk__in=roles.member_bodies).select_related("cluster")
    upcoming = (
        Meeting.objects.visible_to(request.user)
        .filter(date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(body__in=list(roles.member_bodies))
        .select_related("body__cluster")
        .order_by("date", "start_time")[:10]
    )
    awaiting_response = (
        Attendance.objects.filter(
            person_id=person_id,
            status=Attendance.Status.INVITED,
            meeting__status=MeetingStatus.AGENDA_PUBLISHED,
            meeting__date__gte=today,
        )
        .select_related("meeting__body__cluster")
        .order_by("meeting__date")
    )
    approved_by_me = MinutesApproval.objects.filter(
        meeting=OuterRef("pk"),
        person_id=person_id,
        minutes_version=OuterRef("minutes_version"),
    )
    awaiting_approval = (
        Meeting.objects.filter(
            status=MeetingStatus.MINUTES_DRAFT, body__in=list(roles.chair_bodies)
        )
        .exclude(Exists(approved_by_me))
        .select_related("body__cluster")
    )
    secretariat_meetings = (
        Meeting.objects.filter(body__cluster__in=list(roles.secretariat_clusters), date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body__cluster")
        .order_by("date", "start_time")[:10]
    )
    status_requests = (
        StatusReport.objects.filter(
            supplied_by_q(person_id, prefix="initiative__"),
            rag="",
            cycle__meeting__status__in=BEFORE_MEETING,
        )
        .select_related("initiative", "cycle__meeting__body")
        .distinct()
    )
    confirmations_due = (
        Initiative.objects.supplied_by(person_id)
        .filter(state__in=[State.ORDERED, State.RETURNED])
        .select_related("plan")
    )
    # The overdue first, then by deadline (those without one last).
    follow_ups = (
        FollowUp.objects.filter(responsible_id=person_id, done_at__isnull=True)
        .select_related("agenda_item__meeting__body")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    return render(
        request,
        "front/home.html",
        {
            "status_requests": status_requests,
            "confirmations_due": confirmations_due,
            "follow_ups": follow_ups,
            "my_bodies": my_bodies,
            "upcoming": upcoming,
            "awaiting_response": awaiting_response,
            "awaiting_approval": awaiting_approval,
            "secretariat_meetings": secretariat_meetings,
            "is_member_of_nothing": not roles.member_bodies and not roles.is_admin,
        },
    )


def audit_log(request: AuthedRequest) -> HttpResponse:
    if not roles_for(request.user).is_admin:
        raise PermissionDenied
    events = AuditEvent.objects.select_related("actor")
    action = request.GET.get("action", "")
    kind = request.GET.get("art", "")
    if action:
        events = events.filter(action__startswith=action)
    if kind in AuditEvent.Kind.values:
        events = events.filter(kind=kind)
    person = None
    if (person_id := request.GET.get("person", "")).isdigit():
        # The data protection officer's look-up: who has seen or taken this person's data.
        person = Person.objects.filter(pk=person_id).first()
        events = events.filter(
            Q(subjects__person_id=person_id)
            | Q(object_type=object_type_of(Person), object_id=person_id)
        ).distinct()
    page = Paginator(events, 50).get_page(request.GET.get("side"))
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "side" and v])
    return render(
        request,
        "front/audit_log.html",
        {
            "page": page,
            "action": action,
            "kind": kind,
            "kinds": AuditEvent.Kind.choices,
            "person": person,
            "query": query,
        },
    )


@login_not_required
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "front/accessibility_statement.html")


@login_not_required
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "front/privacy_notice.html")


@login_not_required
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness for the load balancer: 200 when the database answers and the migrations are
    applied, 503 otherwise; the JSON says what was checked (and how the task queue is)."""
    ready, checks = readiness()
    return JsonResponse(
        {"ready": ready, **checks},
        status=200 if ready else 503,
        headers={"Cache-Control": "no-store"},
    )


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers; also the benchmark's minimal view."""
    return HttpResponse("ok", content_type="text/plain")
