from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.actionplans.models import Initiative
from klynge.core.exceptions import ServiceError
from klynge.core.http import download
from klynge.organisations.access import can_manage_cluster
from klynge.organisations.models import Body, closed_cluster_ids, roles_for
from klynge.outcomes.charts import summarise
from klynge.outcomes.models import Indicator
from klynge.reports import compiling, documents, services
from klynge.reports.access import get_part_for_user, get_report_for_user, part_readable
from klynge.reports.forms import AgendaForm, PartForm, ReportForm
from klynge.reports.models import CompiledDocument, Report, ReportPart


def _own_bodies(user: object) -> QuerySet[Body]:
    """The bodies a report can be asked of: those of clusters the user manages (a cluster
    carried over to a council is history and asks nothing)."""
    roles = roles_for(user)
    bodies = (
        Body.objects.filter(is_active=True)
        .exclude(cluster_id__in=closed_cluster_ids())
        .select_related("cluster")
    )
    return bodies if roles.is_admin else bodies.filter(cluster_id__in=roles.secretariat_clusters)


def report_list(request: AuthedRequest) -> HttpResponse:
    reports = Report.objects.visible_to(request.user).select_related("requester", "cluster")
    roles = roles_for(request.user)
    own_parts = ReportPart.objects.filter(
        cluster_id__in=roles.secretariat_clusters, report__in=reports
    ).select_related("report", "cluster")
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports, "own_parts": own_parts, "can_create": roles.is_secretariat},
    )


def report_create(request: AuthedRequest) -> HttpResponse:
    if not roles_for(request.user).is_secretariat:
        raise PermissionDenied
    form = ReportForm(request.POST or None, bodies=_own_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("title", "theme", "introduction", "deadline")}
        try:
            report = services.create_report(
                actor=request.user,
                requester=form.cleaned_data["requester"],
                values=values,
                questions=form.questions(),
                clusters=list(form.cleaned_data["clusters"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Afrapporteringen er sendt til klyngerne."))
            return redirect(report)
    return render(
        request,
        "reports/report_form.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    parts = list(report.parts.select_related("cluster", "submitted_by"))
    for part in parts:
        part.readable = part_readable(request.user, part)  # type: ignore[attr-defined]
        part.writable = can_manage_cluster(request.user, part.cluster_id)  # type: ignore[attr-defined]
    manages = can_manage_cluster(request.user, report.cluster_id)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "parts": parts,
            "submitted": sum(p.status == ReportPart.Status.SUBMITTED for p in parts),
            "can_manage": manages,
        },
    )


def report_part(request: AuthedRequest, pk: int) -> HttpResponse:
    part = get_part_for_user(request.user, pk)
    writable = can_manage_cluster(request.user, part.cluster_id)
    initiatives = Initiative.objects.filter(plan__cluster=part.cluster).select_related("plan")
    indicators = Indicator.objects.filter(cluster=part.cluster)
    form = PartForm(request.POST or None, part=part, initiatives=initiatives, indicators=indicators)
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        if form.is_valid():
            try:
                chosen = list(form.cleaned_data["initiatives"])
                services.save_part(
                    actor=request.user,
                    part=part,
                    answers=form.answers(),
                    initiatives=chosen,
                    indicators=list(form.cleaned_data["indicators"]),
                    money_year=form.cleaned_data.get("money_year"),
                    health_plan=form.cleaned_data.get("health_plan"),
                )
                if action == "pull":
                    services.pull_from_initiatives(
                        actor=request.user, part=part, initiatives=chosen
                    )
                    messages.success(
                        request,
                        _(
                            "Svarene og effektmålene fra de valgte indsatser er hentet ind. "
                            "Ret dem til, og indsend."
                        ),
                    )
                elif action == "submit":
                    services.submit_part(actor=request.user, part=part)
                    messages.success(request, _("Klyngens afrapportering er indsendt."))
                    return redirect(part.report)
                else:
                    messages.success(request, _("Kladden er gemt."))
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                return redirect(part)
    return render(
        request,
        "reports/part_form.html",
        {
            "part": part,
            "form": form,
            "writable": writable and part.status != ReportPart.Status.SUBMITTED,
            "can_reopen": writable and part.status == ReportPart.Status.SUBMITTED,
            "indicators": summarise(list(part.indicators.all()), prefix=f"p{part.pk}", large=False),
            "money": documents.part_money(part),
            "followup": documents.part_followup(part),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def report_part_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    part = get_part_for_user(request.user, pk, write=True)
    try:
        services.reopen_part(actor=request.user, part=part)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(part)


def report_document(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The compiled document when it is built for the report as it stands; until then a page
    that says it is being built (202) and shows the file when it is ready."""
    if fmt not in CompiledDocument.Format.values:
        raise Http404
    report = get_report_for_user(request.user, pk)
    compiled = compiling.compiled_document(report=report, fmt=fmt)
    if compiled.status == CompiledDocument.Status.READY:
        return download(bytes(compiled.content), compiled.filename)
    return render(
        request,
        "reports/compiled_wait.html",
        {"report": report, "compiled": compiled, "fmt": fmt},
        status=202,
    )


def report_document_state(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The waiting page's poll: nothing (204) while the document is being built, then its
    state once (286: htmx stops polling)."""
    if fmt not in CompiledDocument.Format.values:
        raise Http404
    report = get_report_for_user(request.user, pk)
    compiled = compiling.compiled_document(report=report, fmt=fmt)
    if compiled.status == CompiledDocument.Status.BUILDING and not compiled.stalled:
        return HttpResponse(status=204)
    return render(
        request,
        "reports/_compiled_state.html",
        {"report": report, "compiled": compiled, "fmt": fmt},
        status=286,
    )


@require_POST
def report_document_retry(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CompiledDocument.Format.values:
        raise Http404
    report = get_report_for_user(request.user, pk)
    compiling.retry_compiled_document(report=report, fmt=fmt)
    return redirect("report_document", pk=report.pk, fmt=fmt)


def report_agenda(request: AuthedRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, write=True)
    form = AgendaForm(request.POST or None, meetings=services.upcoming_meetings(report))
    if request.method == "GET":
        # The worker builds the bilag while the secretariat picks the meeting.
        compiling.compiled_document(report=report, fmt="pdf")
    if request.method == "POST" and form.is_valid():
        compiled = compiling.compiled_pdf_now(report=report)
        try:
            item = services.put_on_agenda(
                actor=request.user,
                report=report,
                meeting=form.cleaned_data["meeting"],
                pdf=bytes(compiled.content),
                filename=compiled.filename,
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Afrapporteringen er sat på dagsordenen med den samlede rapport som bilag."),
            )
            return redirect(item.meeting)
    return render(
        request,
        "reports/agenda_form.html",
        {"form": form, "report": report},
        status=422 if request.method == "POST" else 200,
    )
