"""The council's money: the year's overview, and the secretariat's forms for the frame,
allocations, co-financing and spending (entered, or imported from a file)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.budgets import services
from klynge.budgets.access import (
    can_manage_money,
    get_allocation_for_user,
    get_co_financing_for_user,
    get_money_cluster_for_user,
    get_spending_for_user,
)
from klynge.budgets.amounts import as_input
from klynge.budgets.figures import default_year, money_years, year_overview
from klynge.budgets.forms import (
    AllocationForm,
    CoFinancingForm,
    ConfirmImportForm,
    FrameForm,
    SpendingForm,
    SpendingImportForm,
    latest_quarter,
)
from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending, SpendingImport
from klynge.core.converters import parse_id
from klynge.core.exceptions import ServiceError
from klynge.core.http import form_status
from klynge.organisations.models import Cluster


def _asked_year(request: AuthedRequest) -> int | None:
    """The year asked for (`?aar=2027`), if it is one the money may be in."""
    year = parse_id(request.GET.get("aar"))
    if year is not None and services.FIRST_YEAR <= year <= services.LAST_YEAR:
        return year
    return None


def _year(request: AuthedRequest) -> int:
    """The year asked for, or this year (the forms: they are reached from the overview's
    year)."""
    return _asked_year(request) or timezone.localdate().year


def _overview_url(cluster_id: int, year: int, anchor: str = "") -> str:
    url = reverse("money_overview", args=[cluster_id]) + "?" + urlencode({"aar": year})
    return url + (f"#{anchor}" if anchor else "")


def money_overview(request: AuthedRequest, pk: int) -> HttpResponse:
    """A council's year: frame, allocated, committed, spent and left; per theme and
    initiative, the co-financing commitments and the spending by quarter. Without `?aar=`
    it opens on `figures.default_year`, as the portfolio does."""
    cluster = get_money_cluster_for_user(request.user, pk)
    with_money = money_years(cluster)
    year = _asked_year(request) or default_year(with_money)
    overview = year_overview(cluster, year)
    # The years with money, and this year and the next (where a frame is set ahead).
    this_year = timezone.localdate().year
    years = sorted({*with_money, this_year, this_year + 1, year})
    context: dict[str, Any] = {
        "cluster": cluster,
        "year": year,
        "years": years[::-1],
        "overview": overview,
        "frame": Frame.objects.filter(cluster=cluster, year=year).first(),
        "allocations": Allocation.objects.filter(cluster=cluster, year=year).select_related(
            "initiative", "decision_item__meeting__body"
        ),
        "co_financings": CoFinancing.objects.filter(cluster=cluster, year=year).select_related(
            "payer", "recipient", "initiative", "decision_item__meeting__body"
        ),
        "imports": SpendingImport.objects.filter(cluster=cluster).select_related("imported_by")[:5],
        "can_manage": can_manage_money(request.user, cluster.pk),
    }
    return render(request, "budgets/money_overview.html", context)


def frame_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Set or change the frame of a year."""
    cluster = get_money_cluster_for_user(request.user, pk, write=True)
    year = _year(request)
    frame = Frame.objects.filter(cluster=cluster, year=year).first()
    initial: dict[str, Any] = {"year": year, "amount": as_input(frame.amount if frame else None)}
    initial["note"] = frame.note if frame else ""
    form = FrameForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_frame(
                actor=request.user,
                cluster=cluster,
                year=data["year"],
                amount=data["amount"],
                note=data["note"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Rammen for %(year)s er gemt.") % {"year": data["year"]})
            return redirect(_overview_url(cluster.pk, data["year"]))
    return render(
        request,
        "budgets/frame_form.html",
        {"form": form, "cluster": cluster, "year": year, "frame": frame},
        status=form_status(request),
    )


def allocation_create(request: AuthedRequest, pk: int) -> HttpResponse:
    cluster = get_money_cluster_for_user(request.user, pk, write=True)
    year = _year(request)
    form = AllocationForm(request.POST or None, cluster=cluster, initial={"first_year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            granted = services.grant_allocation(
                actor=request.user,
                cluster=cluster,
                initiative=data["initiative"],
                years=form.years,
                amount=data["amount"],
                decision_item=data["decision_item"],
                note=data["note"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Bevillingen til %(initiative)s er gemt (%(years)s).")
                % {
                    "initiative": data["initiative"],
                    "years": ", ".join(str(a.year) for a in granted),
                },
            )
            return redirect(_overview_url(cluster.pk, granted[0].year, "bevillinger"))
    return render(
        request,
        "budgets/allocation_form.html",
        {"form": form, "cluster": cluster, "year": year},
        status=form_status(request),
    )


def allocation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    allocation = get_allocation_for_user(request.user, pk, write=True)
    cluster = allocation.cluster
    initial = {
        "initiative": allocation.initiative,
        "first_year": allocation.year,
        "amount": as_input(allocation.amount),
        "decision_item": allocation.decision_item,
        "note": allocation.note,
    }
    form = AllocationForm(
        request.POST or None,
        cluster=cluster,
        editing=True,
        initial=initial,
        current_decision=allocation.decision_item,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_allocation(
                actor=request.user,
                allocation=allocation,
                initiative=data["initiative"],
                year=data["first_year"],
                amount=data["amount"],
                decision_item=data["decision_item"],
                note=data["note"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Bevillingen er gemt."))
            return redirect(_overview_url(cluster.pk, allocation.year, "bevillinger"))
    return render(
        request,
        "budgets/allocation_form.html",
        {"form": form, "cluster": cluster, "year": allocation.year, "allocation": allocation},
        status=form_status(request),
    )


@require_POST
def allocation_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    allocation = get_allocation_for_user(request.user, pk, write=True)
    cluster_id, year = allocation.cluster_id, allocation.year
    services.delete_allocation(actor=request.user, allocation=allocation)
    messages.success(request, _("Bevillingen er slettet."))
    return redirect(_overview_url(cluster_id, year, "bevillinger"))


def _co_financing_form(
    request: AuthedRequest, cluster: Cluster, co_financing: CoFinancing, year: int
) -> HttpResponse:
    editing = co_financing.pk is not None
    names = ["year", "payer", "recipient", "service", "share_percent", "amount"]
    names += ["initiative", "decision_item", "note"]
    initial: dict[str, Any] = {"year": year}
    if editing:
        initial = {name: getattr(co_financing, name) for name in names}
        initial["amount"] = as_input(co_financing.amount)
    current = initial if editing else {}
    form = CoFinancingForm(request.POST or None, cluster=cluster, current=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_co_financing(
                actor=request.user, co_financing=co_financing, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Medfinansieringen er gemt."))
            return redirect(_overview_url(cluster.pk, co_financing.year, "medfinansiering"))
    return render(
        request,
        "budgets/co_financing_form.html",
        {"form": form, "cluster": cluster, "year": year, "co_financing": co_financing},
        status=form_status(request),
    )


def co_financing_create(request: AuthedRequest, pk: int) -> HttpResponse:
    cluster = get_money_cluster_for_user(request.user, pk, write=True)
    return _co_financing_form(request, cluster, CoFinancing(cluster=cluster), _year(request))


def co_financing_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    co_financing = get_co_financing_for_user(request.user, pk, write=True)
    return _co_financing_form(request, co_financing.cluster, co_financing, co_financing.year)


@require_POST
def co_financing_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    co_financing = get_co_financing_for_user(request.user, pk, write=True)
    cluster_id, year = co_financing.cluster_id, co_financing.year
    services.delete_co_financing(actor=request.user, co_financing=co_financing)
    messages.success(request, _("Medfinansieringen er slettet."))
    return redirect(_overview_url(cluster_id, year, "medfinansiering"))


def spending_entry(request: AuthedRequest, pk: int) -> HttpResponse:
    """Enter what an initiative spent in a quarter (again, to correct it); the year's
    entries below, each with a delete button."""
    cluster = get_money_cluster_for_user(request.user, pk, write=True)
    year = _year(request)
    initial: dict[str, Any] = {"year": year, "quarter": latest_quarter(year)}
    if (initiative := parse_id(request.GET.get("indsats"))) is not None:
        initial["initiative"] = initiative
    form = SpendingForm(request.POST or None, cluster=cluster, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            spending = services.set_spending(actor=request.user, cluster=cluster, **data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Forbruget for %(initiative)s i %(quarter)s. kvartal %(year)s er gemt.")
                % {
                    "initiative": spending.initiative,
                    "quarter": spending.quarter,
                    "year": spending.year,
                },
            )
            return redirect(_overview_url(cluster.pk, spending.year, "forbrug"))
    spendings = Spending.objects.filter(cluster=cluster, year=year).select_related("initiative")
    return render(
        request,
        "budgets/spending_form.html",
        {"form": form, "cluster": cluster, "year": year, "spendings": spendings},
        status=form_status(request),
    )


@require_POST
def spending_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    spending = get_spending_for_user(request.user, pk, write=True)
    cluster_id, year = spending.cluster_id, spending.year
    services.delete_spending(actor=request.user, spending=spending)
    messages.success(request, _("Forbruget er slettet."))
    return redirect(reverse("spending_entry", args=[cluster_id]) + f"?aar={year}")


def spending_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload → a preview with every row's verdict → confirm. Nothing is saved before."""
    cluster = get_money_cluster_for_user(request.user, pk, write=True)
    form = SpendingImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"cluster": cluster, "form": form, "year": _year(request)}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        preview = services.preview_spending_import(
            cluster=cluster, content=content, name=upload.name
        )
        context["preview"] = preview
        if preview.ok:
            token = services.sign_spending_import(
                cluster=cluster, content=content, name=upload.name
            )
            context["confirm"] = ConfirmImportForm(initial={"token": token})
    return render(
        request,
        "budgets/spending_import.html",
        context,
        status=422 if request.method == "POST" and "confirm" not in context else 200,
    )


@require_POST
def spending_import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    cluster = get_money_cluster_for_user(request.user, pk, write=True)
    form = ConfirmImportForm(request.POST)
    try:
        if not form.is_valid():
            raise ServiceError(_("Forhåndsvisningen mangler. Vælg filen igen."))
        batch = services.confirm_spending_import(
            actor=request.user, cluster=cluster, token=form.cleaned_data["token"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("spending_import", cluster.pk)
    messages.success(
        request,
        _("%(n)s rækker forbrug er indlæst fra %(name)s.")
        % {"n": batch.rows, "name": batch.original_name},
    )
    year = batch.spendings.order_by("-year").values_list("year", flat=True).first()
    return redirect(_overview_url(cluster.pk, year or _year(request), "forbrug"))
