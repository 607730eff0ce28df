"""Writes to clusters, bodies, organisations, people and memberships. All audited."""

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import record, save_with_audit
from klynge.core.exceptions import ServiceError
from klynge.core.files import removed_on_failure
from klynge.organisations.models import Body, Cluster, Membership, Organisation, Person


@transaction.atomic
def save_organisation(
    *, actor: User | None, organisation: Organisation, values: dict[str, Any]
) -> Organisation:
    action = "organisation.update" if organisation.pk else "organisation.create"
    save_with_audit(actor=actor, obj=organisation, values=values, action=action)
    return organisation


@transaction.atomic
def save_cluster(
    *,
    actor: User | None,
    cluster: Cluster,
    values: dict[str, Any],
    organisations: list[Organisation] | None = None,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Cluster:
    """`logo`: a new logo (its type and size checked by the form), kept as uploaded; the
    old file is removed once the new one is saved."""
    if values.get("successor") is not None and values["successor"].pk == cluster.pk:
        raise ServiceError(_("En klynge kan ikke være sin egen efterfølger."))
    action = "cluster.update" if cluster.pk else "cluster.create"
    save_with_audit(actor=actor, obj=cluster, values=values, action=action)
    if organisations is not None:
        cluster.organisations.set(organisations)
    if logo is not None or (remove_logo and cluster.logo):
        old = cluster.logo.name
        if logo is not None:
            cluster.logo.save(logo.name or "logo", logo, save=False)
        else:
            cluster.logo = ""
        with removed_on_failure(cluster.logo):
            cluster.save(update_fields=["logo"])
            record(
                actor=actor,
                action="cluster.logo",
                obj=cluster,
                changes={"logo": [old, cluster.logo.name]},
            )
        if old:
            transaction.on_commit(lambda: cluster.logo.storage.delete(old))
    return cluster


@transaction.atomic
def save_body(*, actor: User | None, body: Body, values: dict[str, Any]) -> Body:
    parent = values.get("parent")
    ancestor = parent
    while ancestor is not None:
        if body.pk and ancestor.pk == body.pk:
            raise ServiceError(_("Et organ kan ikke eskalere til sig selv."))
        ancestor = ancestor.parent
    # Not values.get(..., body.cluster): a new body has no cluster to fall back on.
    cluster = values["cluster"] if "cluster" in values else body.cluster  # noqa: SIM401
    if parent is not None and parent.cluster_id != cluster.pk:
        raise ServiceError(_("Et organ kan kun eskalere til et organ i samme klynge."))
    action = "body.update" if body.pk else "body.create"
    save_with_audit(actor=actor, obj=body, values=values, action=action)
    return body


@transaction.atomic
def save_person(*, actor: User | None, person: Person, values: dict[str, Any]) -> Person:
    action = "person.update" if person.pk else "person.create"
    save_with_audit(actor=actor, obj=person, values=values, action=action)
    return person


@transaction.atomic
def find_or_add_person(*, actor: User | None, cluster: Cluster, name: str) -> Person:
    """The person of that name at the cluster's table (a member of one of its bodies, now or
    before), or a new person. Never someone from another cluster: names are not unique."""
    name = " ".join(name.split())
    known = (
        Person.objects.filter(name__iexact=name, memberships__body__cluster=cluster)
        .distinct()
        .first()
    )
    if known is not None:
        return known
    return save_person(actor=actor, person=Person(), values={"name": name})


def _check_membership(values: dict[str, Any]) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise ServiceError(_("Slutdatoen ligger før startdatoen."))
    if values.get("substitute_for") is not None:
        if values.get("role") != Membership.Role.SUBSTITUTE:
            raise ServiceError(_("Kun en stedfortræder kan stå i stedet for et andet medlem."))
        if values["substitute_for"] == values.get("person"):
            raise ServiceError(_("En person kan ikke være stedfortræder for sig selv."))


@transaction.atomic
def add_membership(
    *, actor: User | None, body: Body, person: Person, values: dict[str, Any]
) -> Membership:
    _check_membership({**values, "person": person})
    membership = Membership(body=body, person=person)
    save_with_audit(actor=actor, obj=membership, values=values, action="membership.create")
    return membership


@transaction.atomic
def update_membership(
    *, actor: User | None, membership: Membership, values: dict[str, Any]
) -> Membership:
    _check_membership({**values, "person": membership.person})
    save_with_audit(actor=actor, obj=membership, values=values, action="membership.update")
    return membership


@transaction.atomic
def end_membership(
    *, actor: User | None, membership: Membership, end_date: datetime.date | None = None
) -> Membership:
    """Close a membership. The row stays, so past members remain visible as history."""
    end_date = end_date or timezone.localdate()
    if membership.end_date is not None and membership.end_date <= end_date:
        raise ServiceError(_("Medlemskabet er allerede afsluttet."))
    if membership.start_date and end_date < membership.start_date:
        raise ServiceError(_("Slutdatoen ligger før startdatoen."))
    save_with_audit(
        actor=actor, obj=membership, values={"end_date": end_date}, action="membership.end"
    )
    return membership
