from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.actionplans.access import as_known
from klynge.actionplans.models import Initiative, Theme
from klynge.core.exceptions import ServiceError
from klynge.core.http import download
from klynge.organisations.access import can_manage_cluster
from klynge.organisations.models import Cluster
from klynge.outcomes import documents, services
from klynge.outcomes.access import (
    can_edit_indicator,
    can_edit_initiative_outcomes,
    get_cluster_outcomes_for_user,
    get_data_package_for_user,
    get_indicator_for_user,
    get_initiative_outcomes_for_user,
    get_measurement_for_user,
    get_theme_for_user,
)
from klynge.outcomes.charts import package_charts, progress_chart, summarise
from klynge.outcomes.forms import (
    ConfirmImportForm,
    DataPackageForm,
    DeliverablesForm,
    EvaluationNoteForm,
    ImportForm,
    IndicatorForm,
    MeasurementForm,
)
from klynge.outcomes.models import EvaluationNote, Indicator

# The initiative report -------------------------------------------------------------------


def initiative_report(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = as_known(request.user, get_initiative_outcomes_for_user(request.user, pk))
    report = documents.build(initiative)
    return render(
        request,
        "outcomes/initiative_report.html",
        {
            "report": report,
            "initiative": initiative,
            "can_edit": can_edit_initiative_outcomes(request.user, initiative),
        },
    )


def initiative_report_document(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in {"pdf", "docx"}:
        raise Http404
    initiative = as_known(request.user, get_initiative_outcomes_for_user(request.user, pk))
    with translation.override(settings.LANGUAGE_CODE):
        report = documents.build(initiative)
        render = documents.render_pdf if fmt == "pdf" else documents.render_docx
        return download(render(report), f"{report.filename}.{fmt}")


def evaluation_note(request: AuthedRequest, pk: int, months: int) -> HttpResponse:
    initiative = get_initiative_outcomes_for_user(request.user, pk, write=True)
    if months not in EvaluationNote.Months.values:
        raise Http404
    note = initiative.evaluation_notes.filter(months=months).first()
    form = EvaluationNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_evaluation_note(
                actor=request.user,
                initiative=initiative,
                months=months,
                text=form.cleaned_data["text"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Evalueringen er gemt."))
            return redirect("initiative_report", initiative.pk)
    label = EvaluationNote.Months(months).label
    return render(
        request,
        "outcomes/evaluation_form.html",
        {"form": form, "initiative": initiative, "label": label},
        status=422 if request.method == "POST" else 200,
    )


def deliverables(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_outcomes_for_user(request.user, pk, write=True)
    if not initiative.deliverables:
        raise Http404
    current = {d.deliverable: d for d in initiative.deliverable_statuses.all()}
    form = DeliverablesForm(
        request.POST or None, deliverables=initiative.deliverables, current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_deliverable_statuses(
                actor=request.user, initiative=initiative, statuses=form.statuses()
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Leverancernes status er gemt."))
            return redirect("initiative_report", initiative.pk)
    return render(
        request,
        "outcomes/deliverables_form.html",
        {"form": form, "initiative": initiative},
        status=422 if request.method == "POST" else 200,
    )


# Indicators ------------------------------------------------------------------------------


def _indicator_form(request: AuthedRequest, indicator: Indicator, back: str) -> HttpResponse:
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_indicator(
                actor=request.user, indicator=indicator, values=form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Indikatoren er gemt."))
            return redirect(indicator)
    return render(
        request,
        "outcomes/indicator_form.html",
        {"form": form, "indicator": indicator, "back": back},
        status=422 if request.method == "POST" else 200,
    )


def indicator_create_initiative(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_outcomes_for_user(request.user, pk, write=True)
    indicator = Indicator(initiative=initiative, cluster_id=initiative.plan.cluster_id)
    return _indicator_form(request, indicator, initiative.get_absolute_url())


def indicator_create_theme(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = get_theme_for_user(request.user, pk, write=True)
    indicator = Indicator(theme=theme, cluster_id=theme.cluster_id)
    return _indicator_form(request, indicator, _theme_url(theme))


def indicator_create_cluster(request: AuthedRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_outcomes_for_user(request.user, pk, write=True)
    indicator = Indicator(cluster=cluster)
    return _indicator_form(request, indicator, _cluster_url(cluster))


def indicator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk, write=True)
    return _indicator_form(request, indicator, indicator.get_absolute_url())


def _owner_url(indicator: Indicator) -> str:
    if indicator.initiative_id:
        return reverse("initiative_report", args=[indicator.initiative_id])
    if indicator.theme is not None:
        return _theme_url(indicator.theme)
    return _cluster_url(indicator.cluster)


def _theme_url(theme: Theme) -> str:
    return reverse("theme_outcomes", args=[theme.pk])


def _cluster_url(cluster: Cluster) -> str:
    return reverse("cluster_outcomes", args=[cluster.pk])


@require_POST
def indicator_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk, write=True)
    back = _owner_url(indicator)
    services.delete_indicator(actor=request.user, indicator=indicator)
    messages.success(request, _("Indikatoren er slettet."))
    return redirect(back)


def indicator_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk)
    [summary] = summarise([indicator], prefix="indicator", small=False)
    can_edit = can_edit_indicator(request.user, indicator)
    form = MeasurementForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:  # may read the figures, not enter them
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_measurement(
                    actor=request.user, indicator=indicator, **form.cleaned_data
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Målingen er gemt."))
                return redirect(indicator)
    return render(
        request,
        "outcomes/indicator_detail.html",
        {
            "indicator": indicator,
            "summary": summary,
            "can_edit": can_edit,
            "form": form,
            "back": _owner_url(indicator),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def measurement_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    measurement = get_measurement_for_user(request.user, pk)
    services.delete_measurement(actor=request.user, measurement=measurement)
    messages.success(request, _("Målingen er slettet."))
    return redirect(measurement.indicator)


def measurement_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload → a preview with every row's verdict → confirm. Nothing is saved before."""
    indicator = get_indicator_for_user(request.user, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"indicator": indicator, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        preview = services.preview_import(indicator=indicator, content=content, name=upload.name)
        context["preview"] = preview
        if preview.ok:
            token = services.sign_import(indicator=indicator, content=content, name=upload.name)
            context["confirm"] = ConfirmImportForm(initial={"token": token})
    return render(
        request,
        "outcomes/import.html",
        context,
        status=422 if request.method == "POST" and "confirm" not in context else 200,
    )


@require_POST
def measurement_import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk, write=True)
    form = ConfirmImportForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Forhåndsvisningen mangler. Vælg filen igen."))
        batch = services.confirm_import(
            actor=request.user, indicator=indicator, token=form.cleaned_data["token"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("measurement_import", indicator.pk)
    messages.success(request, _("%(n)s målinger er indlæst.") % {"n": batch.rows})
    return redirect(indicator)


# Themes, clusters and data packages -------------------------------------------------------


def theme_outcomes(request: AuthedRequest, pk: int) -> HttpResponse:
    """A theme's results: its own indicators, its initiatives' indicators side by side,
    how far each has come, and its data packages."""
    theme = get_theme_for_user(request.user, pk)
    initiatives = list(
        Initiative.objects.visible_to(request.user).filter(theme=theme).select_related("plan")
    )
    indicators = [
        *Indicator.objects.filter(theme=theme),
        *Indicator.objects.filter(initiative__in=initiatives).select_related("initiative"),
    ]
    summaries = summarise(indicators, prefix=f"t{theme.pk}", large=False)
    own = [s for s in summaries if s.indicator.theme_id == theme.pk]
    by_initiative = [
        (i, [s for s in summaries if s.indicator.initiative_id == i.pk]) for i in initiatives
    ]
    packages = list(theme.data_packages.all())
    return render(
        request,
        "outcomes/theme_outcomes.html",
        {
            "theme": theme,
            "own": own,
            "by_initiative": [(i, s) for i, s in by_initiative if s],
            "progress": progress_chart(
                summaries, chart_id=f"t{theme.pk}-progress", title=_("Fra baseline til mål")
            )
            if summaries
            else "",
            "summaries": summaries,
            "packages": packages,
            "can_manage": can_manage_cluster(request.user, theme.cluster_id),
        },
    )


def cluster_outcomes(request: AuthedRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_outcomes_for_user(request.user, pk)
    population = list(Indicator.objects.filter(cluster=cluster, initiative=None, theme=None))
    initiatives = (
        Initiative.objects.visible_to(request.user)
        .filter(plan__cluster=cluster)
        .select_related("plan", "theme")
        .order_by("plan", "number")
    )
    return render(
        request,
        "outcomes/cluster_outcomes.html",
        {
            "cluster": cluster,
            "population": summarise(population, prefix=f"c{cluster.pk}", large=False),
            "themes": cluster.themes.annotate(n=Count("indicators")),
            "initiatives": initiatives.annotate(n=Count("indicators")),
            "can_manage": can_manage_cluster(request.user, cluster.pk),
        },
    )


def data_package_create(request: AuthedRequest, pk: int) -> HttpResponse:
    theme = get_theme_for_user(request.user, pk, write=True)
    form = DataPackageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        upload = values.pop("file")
        try:
            package = services.add_data_package(
                actor=request.user,
                theme=theme,
                values=values,
                content=upload.read(),
                name=upload.name,
            )
        except ServiceError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Datapakken er gemt."))
            return redirect("data_package_detail", package.pk)
    return render(
        request,
        "outcomes/data_package_form.html",
        {"form": form, "theme": theme, "multipart": True},
        status=422 if request.method == "POST" else 200,
    )


def data_package_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    package = get_data_package_for_user(request.user, pk)
    return render(
        request,
        "outcomes/data_package_detail.html",
        {
            "package": package,
            "charts": package_charts(package.table, prefix=f"p{package.pk}"),
            "can_manage": can_manage_cluster(request.user, package.theme.cluster_id),
        },
    )


def data_package_file(request: AuthedRequest, pk: int) -> FileResponse:
    package = get_data_package_for_user(request.user, pk)
    return FileResponse(package.file.open("rb"), as_attachment=True, filename=package.original_name)


@require_POST
def data_package_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    package = get_data_package_for_user(request.user, pk, write=True)
    theme = package.theme
    services.delete_data_package(actor=request.user, package=package)
    messages.success(request, _("Datapakken er slettet."))
    return redirect(_theme_url(theme))
