from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from klynge.accounts.http import AuthedRequest
from klynge.core.converters import parse_id
from klynge.core.exceptions import ServiceError
from klynge.core.http import form_status
from klynge.core.pagecache import cached_per_viewer
from klynge.meetings.access import get_item_for_user
from klynge.organisations.access import can_manage_cluster, get_body_for_user
from klynge.organisations.models import Body
from klynge.recommendations import services
from klynge.recommendations.access import (
    can_keep_external_bodies,
    get_external_body_for_user,
    get_recommendation_for_user,
)
from klynge.recommendations.forms import (
    ExternalBodyForm,
    ReadMinutesForm,
    SendForm,
    StateForm,
)
from klynge.recommendations.from_minutes import decision_from_minutes
from klynge.recommendations.models import ExternalBody, Recommendation, State

# External bodies: the regionsråd, kommunalbestyrelser, KKR ----------------------------------


def external_body_list(request: AuthedRequest) -> HttpResponse:
    """The external bodies, and a form to add one (administrators and secretariats)."""
    if not can_keep_external_bodies(request.user):
        raise PermissionDenied
    form = ExternalBodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_external_body(
                actor=request.user, external_body=ExternalBody(), values=form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Det eksterne organ er oprettet."))
            return redirect("external_body_list")
    return render(
        request,
        "recommendations/external_body_list.html",
        {"form": form, "external_bodies": ExternalBody.objects.all()},
        status=form_status(request),
    )


def external_body_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    external_body = get_external_body_for_user(request.user, pk, write=True)
    initial = {f: getattr(external_body, f) for f in ("name", "kind", "url", "region")}
    form = ExternalBodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_external_body(
                actor=request.user, external_body=external_body, values=form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Det eksterne organ er gemt."))
            return redirect("external_body_list")
    return render(
        request,
        "recommendations/external_body_form.html",
        {"form": form, "external_body": external_body},
        status=form_status(request),
    )


# A decision's recommendations -----------------------------------------------------------------


def recommendation_send(request: AuthedRequest, item_pk: int) -> HttpResponse:
    """The decision on the item is sent on to one or more bodies."""
    item = get_item_for_user(request.user, item_pk, write=True)
    form = SendForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.send_recommendations(
                actor=request.user,
                item=item,
                sent_on=data["sent_on"],
                to_external=list(data["to_external"]),
                to_bodies=list(data["to_bodies"]),
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Anbefalingen er registreret som sendt."))
            return redirect(item)
    return render(
        request,
        "recommendations/recommendation_send.html",
        {"form": form, "item": item},
        status=form_status(request),
    )


def recommendation_state(request: AuthedRequest, pk: int) -> HttpResponse:
    """The next step: on the receiver's agenda, decided by the receiver. The receiver's
    decision can be read from their minutes (a file) to fill in the form; nothing is saved
    until the form is."""
    recommendation = get_recommendation_for_user(request.user, pk, write=True)
    can_read = State.DECIDED in recommendation.next_states
    reading = request.method == "POST" and "read" in request.POST and can_read
    read_form = ReadMinutesForm(request.POST if reading else None, request.FILES or None)
    form = StateForm(None if reading else request.POST or None, recommendation=recommendation)
    found = None
    if reading and read_form.is_valid():
        upload = read_form.cleaned_data["minutes_file"]
        try:
            found = decision_from_minutes(upload.read(), upload.name, item=recommendation.item)
        except ServiceError as error:
            read_form.add_error("minutes_file", error.message)
        else:
            form = StateForm(
                initial={
                    "to_state": State.DECIDED,
                    "decided_on": found.date,
                    "outcome": found.outcome,
                    "decision_text": found.text,
                    "minutes_url": recommendation.minutes_url,
                },
                recommendation=recommendation,
            )
    elif request.method == "POST" and form.is_valid():
        try:
            services.change_recommendation_state(
                actor=request.user, recommendation=recommendation, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Anbefalingens status er gemt."))
            return redirect(recommendation)
    failed = request.method == "POST" and found is None
    return render(
        request,
        "recommendations/recommendation_state.html",
        {
            "form": form,
            "read_form": read_form,
            "found": found,
            "can_read": can_read,
            "recommendation": recommendation,
            "item": recommendation.item,
        },
        status=422 if failed else 200,
    )


# Sendt videre: a body's recommendations ---------------------------------------------------------


def filter_recommendations(
    recommendations: QuerySet[Recommendation], state: str, receiver: str
) -> QuerySet[Recommendation]:
    """By state and by receiver (`e<id>`: an external body, `b<id>`: a body in Klynge)."""
    if state in State.values:
        recommendations = recommendations.filter(state=state)
    kind, number = receiver[:1], parse_id(receiver[1:])
    if number is not None and kind == "e":
        recommendations = recommendations.filter(to_external_id=number)
    elif number is not None and kind == "b":
        recommendations = recommendations.filter(to_body_id=number)
    return recommendations


def _receivers(recommendations: QuerySet[Recommendation]) -> list[tuple[str, str]]:
    """The filter's choices: the receivers among the recommendations."""
    external = ExternalBody.objects.filter(
        pk__in=recommendations.values("to_external_id")
    ).values_list("pk", "name")
    bodies = Body.objects.filter(pk__in=recommendations.values("to_body_id")).values_list(
        "pk", "name"
    )
    choices = [(f"e{pk}", name) for pk, name in external] + [
        (f"b{pk}", name) for pk, name in bodies
    ]
    return sorted(choices, key=lambda choice: choice[1])


@cached_per_viewer
def body_recommendations(request: AuthedRequest, pk: int) -> HttpResponse:
    """What the body has sent on (Sendt videre), as far as the user may read its decisions."""
    body = get_body_for_user(request.user, pk)
    sent = Recommendation.objects.visible_to(request.user).filter(item__meeting__body=body)
    state = request.GET.get("status", "")
    receiver = request.GET.get("til", "")
    recommendations = filter_recommendations(sent, state, receiver).select_related("item__meeting")
    page = Paginator(recommendations.order_by("-sent_on", "-pk"), 50).get_page(
        request.GET.get("side")
    )
    filters = {k: v for k, v in {"status": state, "til": receiver}.items() if v}
    context: dict[str, Any] = {
        "body": body,
        "page": page,
        "states": State.choices,
        "state": state,
        "receivers": _receivers(sent),
        "receiver": receiver,
        "query": urlencode(filters),
        "can_manage": can_manage_cluster(request.user, body.cluster_id),
    }
    return render(request, "recommendations/body_recommendations.html", context)
