import csv
import datetime
import logging
import sys
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from klynge.accounts.http import AuthedRequest
from klynge.actionplans.models import (
    Initiative,
    State,
    StatusReport,
    supplied_by_q,
    supplied_ids,
)
from klynge.audit.models import AuditEvent
from klynge.audit.services import object_type_of, record
from klynge.core.converters import parse_id
from klynge.core.display import choice_labels
from klynge.core.health import database_ok, readiness, task_status
from klynge.core.pagecache import cached_per_viewer
from klynge.core.tasks import retry_task
from klynge.followups.models import FollowUp
from klynge.meetings.models import (
    BEFORE_MEETING,
    Attendance,
    Meeting,
    MeetingStatus,
    MinutesApproval,
)
from klynge.organisations.access import roles_for
from klynge.organisations.models import Body, Membership, Person
from klynge.recommendations.access import WAIT_DAYS_CHOICES, WAIT_DAYS_DEFAULT, waiting_for

logger = logging.getLogger(__name__)


def _home_shows(request: AuthedRequest) -> list[int | str] | None:
    """The clusters the home page can show: where the viewer is or was or will be a member,
    is invited, is responsible for a follow-up or supplies an initiative (its status
    requests, also on a meeting of the cluster it was carried over from); an
    administrator's shows any."""
    roles = roles_for(request.user)
    if roles.is_admin:
        return None
    person = roles.person_id or 0
    clusters = (
        Membership.objects.filter(person_id=person)
        .values_list("body__cluster_id")
        .order_by()
        .union(
            Attendance.objects.filter(person_id=person)
            .values_list("meeting__body__cluster_id")
            .order_by(),
            FollowUp.objects.filter(responsible_id=person, done_at__isnull=True)
            .values_list("agenda_item__meeting__body__cluster_id")
            .order_by(),
            Initiative.objects.filter(supplied_by_q(person))
            .values_list("plan__cluster_id")
            .order_by(),
            StatusReport.objects.filter(supplied_by_q(person, prefix="initiative__"), rag="")
            .values_list("cycle__meeting__body__cluster_id")
            .order_by(),
        )
    )
    tasks = ["tasks"] if roles.is_secretariat else []  # the failed tasks' count
    return [*roles.secretariat_clusters, *(row[0] for row in clusters), *tasks]


@cached_per_viewer(shows=_home_shows)
def home(request: AuthedRequest) -> HttpResponse:
    """My bodies, my next meetings, agendas waiting for my afbud, minutes waiting for me."""
    roles = roles_for(request.user)
    today = timezone.localdate()
    person_id = roles.person_id or 0  # no person: matches nothing
    my_bodies = Body.objects.filter(pk__in=roles.member_bodies).select_related("cluster")
    upcoming = list(
        Meeting.objects.visible_to(request.user)
        .filter(date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(body__in=list(roles.member_bodies))
        .select_related("body")
        .order_by("date", "start_time")[:10]
    )
    awaiting_response = (
        Attendance.objects.filter(
            person_id=person_id,
            status=Attendance.Status.INVITED,
            meeting__status=MeetingStatus.AGENDA_PUBLISHED,
            meeting__date__gte=today,
        )
        .select_related("meeting__body")
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
    secretariat_meetings = list(
        Meeting.objects.filter(body__cluster__in=list(roles.secretariat_clusters), date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body__cluster")
        .order_by("date", "start_time")[:10]
    )
    supplied = supplied_ids(person_id)  # made once for both lists
    status_requests = StatusReport.objects.filter(
        initiative__in=supplied, rag="", cycle__meeting__status__in=BEFORE_MEETING
    ).select_related("initiative", "cycle")
    confirmations_due = Initiative.objects.filter(
        pk__in=supplied, state__in=[State.ORDERED, State.RETURNED]
    )
    # The overdue first, then by deadline (those without one last).
    follow_ups = (
        FollowUp.objects.filter(responsible_id=person_id, done_at__isnull=True)
        .select_related("agenda_item__meeting__body")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    # Recommendations sent on and not yet answered, for those who follow them up.
    chosen = request.GET.get("venter", "")
    wait_days = chosen_days if (chosen_days := parse_id(chosen)) in WAIT_DAYS_CHOICES else 0
    follows_up = roles.is_secretariat or bool(roles.chair_bodies)
    waiting = (
        waiting_for(request.user, days=wait_days or WAIT_DAYS_DEFAULT, today=today)[:20]
        if follows_up
        else []
    )
    # Each meeting's status in words, the labels translated once (get_status_display
    # translates every status for each meeting).
    statuses = choice_labels(Meeting, "status")
    for meeting in (*upcoming, *secretariat_meetings):
        meeting.status_label = statuses[meeting.status]  # type: ignore[attr-defined]
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
            "waiting_recommendations": waiting,
            "wait_days": wait_days or WAIT_DAYS_DEFAULT,
            "wait_days_choices": WAIT_DAYS_CHOICES,
            "follows_up_recommendations": follows_up,
            "is_member_of_nothing": not roles.member_bodies and not roles.is_admin,
            # Lazy: one query, and only for those who can act on it.
            "failed_tasks": _recent_failures if roles.is_secretariat else 0,
        },
    )


def _recent_failures() -> int:
    if settings.TASKS_BACKEND != "database":
        return 0
    since = timezone.now() - datetime.timedelta(days=7)
    return DBTaskResult.objects.failed().filter(finished_at__gte=since).count()


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
    # The data protection officer's look-up: who has seen, taken or changed this person's
    # data. Found by name or e-mail (`hvem`), then kept by id (`person`).
    who = request.GET.get("hvem", "").strip()
    candidates: list[Person] = []
    person_id = request.GET.get("person", "")
    if who and parse_id(person_id) is None:
        candidates = list(
            Person.objects.filter(Q(name__icontains=who) | Q(email__icontains=who))
            .select_related("organisation")
            .order_by("name")[:20]
        )
        if len(candidates) == 1:
            person_id = str(candidates[0].pk)
        else:  # the DPO chooses the person first; the whole log below would mislead
            events = events.none()
    chosen_id = parse_id(person_id)
    person = Person.objects.filter(pk=chosen_id).first() if chosen_id is not None else None
    if person is not None:
        candidates = []
        events = events.filter(
            Q(subjects__person_id=person.pk)
            | Q(object_type=object_type_of(Person), object_id=str(person.pk))
        ).distinct()
    if request.GET.get("format") == "csv":
        return _audit_csv(events)
    page = Paginator(events, 50).get_page(request.GET.get("side"))
    # The other pages and the CSV keep the filters; a person found stays found by id.
    filters = {k: str(v) for k, v in request.GET.items() if v and k not in {"side", "format"}}
    if person is not None:
        filters.pop("hvem", None)
        filters["person"] = str(person.pk)
    query = urlencode(filters)
    return render(
        request,
        "front/audit_log.html",
        {
            "page": page,
            "action": action,
            "kind": kind,
            "kinds": AuditEvent.Kind.choices,
            "person": person,
            "who": who if person is None else "",
            "candidates": candidates,
            "query": query,
        },
    )


def _audit_csv(events: "QuerySet[AuditEvent]") -> HttpResponse:
    """The filtered log as CSV (UTC times): for an access request or the DPO's own files."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="revisionsspor.csv"'
    response.write("\ufeff")  # Excel reads the file as UTF-8 only with a byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Tidspunkt (UTC)"),
            _("Af"),
            _("Handling"),
            _("Kode"),
            _("Objekt"),
            _("Adresse"),
            _("Detaljer"),
            "IP",
        ]
    )
    for event in events.iterator(chunk_size=500):
        details = "; ".join(
            f"{change.label}: {change.old} → {change.new}"
            if change.old is not None
            else f"{change.label}: {change.new}"
            for change in event.described_changes
        )
        row = [
            event.created_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            str(event.actor or _("systemet")),
            event.action_label,
            event.action,
            event.object_repr,
            event.path,
            details,
            event.ip_address or "",
        ]
        # A typed search such as "=HYPERLINK(…)" must stay text when a spreadsheet opens it.
        writer.writerow(
            ["'" + cell if cell.startswith(("=", "+", "-", "@")) else cell for cell in row]
        )
    return response


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
def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 page, but a database that cannot be reached (restarted, failed over) is a
    503 with Retry-After: the load balancer and the browser may try again. Plain HTML, no
    template context: the database may be what failed."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.warning("Database unavailable: %s", error)
        body = loader.get_template("503.html").render()
        return HttpResponse(body, status=503, headers={"Retry-After": "10"})
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@login_not_required
def metrics(request: HttpRequest) -> HttpResponse:
    """The task queue and the database for a monitoring system (Prometheus text format),
    to those who send `METRICS_TOKEN`."""
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or not constant_time_compare(sent, token):
        raise Http404
    database = database_ok()
    status = task_status() if database else {}
    lines = [
        "# HELP klynge_database_up 1 when the database answers.",
        "# TYPE klynge_database_up gauge",
        f"klynge_database_up {int(database)}",
    ]
    for key, help_text in [
        ("ready", "Tasks waiting in the queue."),
        ("running", "Tasks being run."),
        ("failed_last_24h", "Tasks failed for good in the last 24 hours."),
        ("oldest_ready_seconds", "How long the oldest waiting task has waited."),
    ]:
        if key in status:
            lines += [
                f"# HELP klynge_tasks_{key} {help_text}",
                f"# TYPE klynge_tasks_{key} gauge",
                f"klynge_tasks_{key} {status[key]}",
            ]
    return HttpResponse(
        "\n".join(lines) + "\n",
        content_type="text/plain; version=0.0.4",
        headers={"Cache-Control": "no-store"},
    )


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers; also the benchmark's minimal view."""
    return HttpResponse("ok", content_type="text/plain")


#: The background tasks in the secretariat's words.
TASK_LABELS = {
    "klynge.actionplans.tasks.send_status_requests": _("Mail: anmodning om status"),
    "klynge.reports.tasks.build_compiled_document": _("Afrapportering: samlet dokument"),
    "klynge.actionplans.tasks.send_initiative_ordered": _("Mail: indsats bestilt"),
    "klynge.actionplans.tasks.send_initiative_returned": _("Mail: indsats sendt tilbage"),
    "klynge.actionplans.tasks.send_confirmation_submitted": _("Mail: ordrebekræftelse indsendt"),
    "klynge.meetings.tasks.send_agenda_published": _("Mail: dagsorden udsendt"),
    "klynge.meetings.tasks.send_minutes_published": _("Mail: referat offentliggjort"),
    "klynge.meetings.tasks.send_minutes_for_approval": _("Mail: referat til godkendelse"),
    "klynge.meetings.tasks.send_minutes_returned": _("Mail: referat sendt tilbage"),
    "klynge.meetings.tasks.send_absence_notice": _("Mail: afbud"),
    "klynge.followups.tasks.send_follow_up_created": _("Mail: ny opfølgning"),
    "klynge.archive.tasks.read_source_document": _("Arkiv: læsning af dokument"),
}


def task_list(request: AuthedRequest) -> HttpResponse:
    """Background work that failed after every retry, for the secretariat to try again."""
    roles = roles_for(request.user)
    if not roles.is_secretariat:
        raise PermissionDenied
    failed = []
    if settings.TASKS_BACKEND == "database":
        since = timezone.now() - datetime.timedelta(days=30)
        for row in DBTaskResult.objects.failed().filter(finished_at__gte=since)[:200]:
            failed.append(
                {
                    "id": row.pk,
                    "label": TASK_LABELS.get(row.task_path, row.task_path),
                    "enqueued_at": row.enqueued_at,
                    "finished_at": row.finished_at,
                    "attempts": len(row.worker_ids),
                    "error": row.exception_class_path.rsplit(".", 1)[-1],
                }
            )
    return render(request, "front/task_list.html", {"failed": failed, "status": task_status()})


@require_POST
def task_retry(request: AuthedRequest, pk: uuid.UUID) -> HttpResponse:
    roles = roles_for(request.user)
    if not roles.is_secretariat:
        raise PermissionDenied
    row = DBTaskResult.objects.filter(pk=pk).first()
    if row is not None and retry_task(str(pk)):
        record(actor=request.user, action="task.retry", obj=row, changes={"task": row.task_path})
        messages.success(request, _("Opgaven er sat i kø igen."))
    return redirect("task_list")
