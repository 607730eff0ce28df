from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.audit.services import history_for, record_read
from klynge.core.exceptions import ServiceError
from klynge.organisations import services
from klynge.organisations.access import (
    can_carry_over,
    can_manage_cluster,
    can_read_cluster,
    get_body_for_user,
    get_cluster_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_person_for_user,
    roles_for,
)
from klynge.organisations.forms import (
    BodyForm,
    ClusterForm,
    EndMembershipForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
)
from klynge.organisations.models import Body, Cluster, Organisation, Person, current_q


def _require_admin(request: AuthedRequest) -> None:
    if not roles_for(request.user).is_admin:
        raise PermissionDenied


def cluster_list(request: AuthedRequest) -> HttpResponse:
    clusters = Cluster.objects.select_related("successor").annotate(
        body_count=Count("bodies", filter=Q(bodies__is_active=True))
    )
    return render(request, "organisations/cluster_list.html", {"clusters": clusters})


def cluster_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk)
    bodies = cluster.bodies.select_related("parent").annotate(
        member_count=Count("memberships", filter=current_q(prefix="memberships__"))
    )
    can_manage = can_manage_cluster(request.user, cluster.pk)
    return render(
        request,
        "organisations/cluster_detail.html",
        {
            "cluster": cluster,
            "bodies": bodies,
            "can_manage": can_manage,
            "predecessors": cluster.predecessors.all(),
            "today": timezone.localdate(),
            "carried_to": cluster.carry_overs.filter(undone_at=None).select_related("council"),
            "carried_from": cluster.carried_over_from.filter(undone_at=None).select_related(
                "cluster"
            ),
            "can_carry_over": cluster.kind == Cluster.Kind.HEALTH_CLUSTER
            and can_carry_over(request.user, cluster.pk),
            "themes": cluster.themes.filter(is_active=True).order_by("priority", "name"),
            "retired_themes": cluster.themes.filter(is_active=False).order_by("name"),
            "reads_outcomes": can_read_cluster(request.user, cluster.pk),
            "plans": cluster.action_plans.visible_to(request.user),
            "organisations": cluster.organisations.all(),
            "history": history_for(cluster)[:20] if can_manage else [],
        },
    )


def cluster_form(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        _require_admin(request)
        cluster = Cluster()
    else:
        cluster = get_cluster_for_user(request.user, pk, write=True)
    form = ClusterForm(request.POST or None, request.FILES or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        extra = {"organisations", "new_logo", "remove_logo"}
        values = {k: v for k, v in form.cleaned_data.items() if k not in extra}
        try:
            services.save_cluster(
                actor=request.user,
                cluster=cluster,
                values=values,
                organisations=list(form.cleaned_data["organisations"]),
                logo=form.cleaned_data["new_logo"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Klyngen er gemt."))
            return redirect(cluster)
    return render(
        request,
        "organisations/cluster_form.html",
        {"form": form, "cluster": cluster, "multipart": True},
    )


def body_form(request: AuthedRequest, cluster_pk: int, pk: int | None = None) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, cluster_pk, write=True)
    body = get_body_for_user(request.user, pk, write=True) if pk else Body(cluster=cluster)
    if body.cluster_id != cluster.pk:
        raise PermissionDenied
    form = BodyForm(request.POST or None, instance=body, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_body(
                actor=request.user, body=body, values={"cluster": cluster, **form.cleaned_data}
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Organet er gemt."))
            return redirect(body)
    return render(
        request, "organisations/body_form.html", {"form": form, "body": body, "cluster": cluster}
    )


def membership_add(request: AuthedRequest, body_pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, body_pk, write=True)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = data.pop("person")
        name, email = data.pop("new_person_name"), data.pop("new_person_email")
        try:
            if person is None:
                person = services.save_person(
                    actor=request.user, person=Person(), values={"name": name, "email": email}
                )
            services.add_membership(actor=request.user, body=body, person=person, values=data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Medlemmet er tilføjet."))
            return redirect(body)
    return render(request, "organisations/membership_form.html", {"form": form, "body": body})


def membership_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, write=True)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_membership(
                actor=request.user, membership=membership, values=form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Medlemskabet er gemt."))
            return redirect(membership.body)
    return render(
        request,
        "organisations/membership_form.html",
        {"form": form, "body": membership.body, "membership": membership},
    )


@require_POST
def membership_end(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, write=True)
    form = EndMembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Angiv en gyldig dato for, hvornår medlemskabet slutter."))
        return redirect(membership.body)
    try:
        services.end_membership(
            actor=request.user, membership=membership, end_date=form.cleaned_data["end_date"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s er ikke længere medlem.") % {"name": membership.person.name}
        )
    return redirect(membership.body)


def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(
        request.POST or None, instance=person, can_link_user=roles_for(request.user).is_admin
    )
    if request.method == "POST" and form.is_valid():
        services.save_person(actor=request.user, person=person, values=form.cleaned_data)
        messages.success(request, _("Personen er gemt."))
        membership = person.memberships.select_related("body").first()
        return redirect(membership.body if membership else "home")
    record_read(actor=request.user, action="person.read", obj=person, people=[person.pk])
    return render(request, "organisations/person_form.html", {"form": form, "person": person})


def organisation_list(request: AuthedRequest) -> HttpResponse:
    organisations = Organisation.objects.annotate(member_count=Count("memberships"))
    return render(
        request,
        "organisations/organisation_list.html",
        {"organisations": organisations, "can_manage": roles_for(request.user).is_secretariat},
    )


def organisation_form(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    if not roles_for(request.user).is_secretariat:
        raise PermissionDenied
    organisation = get_organisation_for_user(request.user, pk, write=True) if pk else Organisation()
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.save_organisation(
            actor=request.user, organisation=organisation, values=form.cleaned_data
        )
        messages.success(request, _("Organisationen er gemt."))
        return redirect("organisation_list")
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )
