"""Who may see and change clusters, bodies and memberships.

A user's rights come from their current memberships: secretariat of a cluster (through a
secretariat membership of any of its bodies), chair or co-chair of a body, member of a body.
They are read once per request and kept on the user object.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from klynge.accounts.models import User
from klynge.organisations.models import (
    Body,
    CarryOver,
    Cluster,
    Membership,
    Organisation,
    Person,
    closed_cluster_ids,
    roles_for,
)


def can_manage_cluster(user: User | object, cluster_id: int) -> bool:
    """The cluster's secretariat and administrators, while the cluster is not read-only
    history (carried over to a council, the carry-over's date come): every write door of
    every app asks here."""
    roles = roles_for(user)
    if not (roles.is_admin or cluster_id in roles.secretariat_clusters):
        return False
    return cluster_id not in _closed_clusters(user)


def _closed_clusters(user: object) -> frozenset[int]:
    """Read once per request, kept on the user object like the roles."""
    cached = getattr(user, "_klynge_closed_clusters", None)
    if cached is None:
        cached = closed_cluster_ids()
        if getattr(user, "is_authenticated", False):
            user._klynge_closed_clusters = cached  # type: ignore[attr-defined]
    return cached


def can_carry_over(user: object, cluster_id: int) -> bool:
    """Who carries a cluster's work over to a council, and undoes it: its secretariat and
    administrators (also once the cluster is closed, to undo)."""
    roles = roles_for(user)
    return roles.is_admin or cluster_id in roles.secretariat_clusters


def councils_to_carry_over_to(user: object, cluster: Cluster) -> QuerySet[Cluster]:
    """The councils `user` may carry `cluster`'s work over to: an administrator any council;
    the cluster's secretariat its successor and the councils it is also the secretariat of
    (a cluster's municipalities may be split between councils)."""
    councils = Cluster.objects.filter(kind=Cluster.Kind.HEALTH_COUNCIL).exclude(pk=cluster.pk)
    roles = roles_for(user)
    if roles.is_admin:
        return councils
    return councils.filter(Q(pk=cluster.successor_id) | Q(pk__in=roles.secretariat_clusters))


def can_grant_council_roles(user: object, council_id: int) -> bool:
    """Who may let a membership continue in a council as chair, vice-chair or secretariat
    (roles that carry rights there): the council's secretariat and administrators, never a
    cluster's secretariat on its own behalf."""
    roles = roles_for(user)
    return roles.is_admin or council_id in roles.secretariat_clusters


def get_carry_over_for_user(user: User | AnonymousUser, pk: int) -> CarryOver:
    carry_over = get_object_or_404(
        CarryOver.objects.select_related("cluster", "council", "actor"), pk=pk
    )
    if not can_carry_over(user, carry_over.cluster_id):
        raise PermissionDenied
    return carry_over


def can_read_cluster(user: object, cluster_id: int) -> bool:
    """The cluster's own work (outcomes, afrapportering drafts): its members and secretariat."""
    roles = roles_for(user)
    return roles.is_admin or cluster_id in roles.secretariat_clusters | roles.member_clusters


def get_cluster_for_user(user: User | AnonymousUser, pk: int, *, write: bool = False) -> Cluster:
    cluster = get_object_or_404(Cluster, pk=pk)
    if write and not can_manage_cluster(user, cluster.pk):
        raise PermissionDenied
    return cluster


def get_body_for_user(user: User | AnonymousUser, pk: int, *, write: bool = False) -> Body:
    body = get_object_or_404(Body.objects.select_related("cluster", "parent"), pk=pk)
    if write and not can_manage_cluster(user, body.cluster_id):
        raise PermissionDenied
    return body


def get_person_for_user(user: User | AnonymousUser, pk: int, *, write: bool = False) -> Person:
    """A person is changed by administrators and the secretariat of a cluster they sit in."""
    person = get_object_or_404(Person, pk=pk)
    if write:
        roles = roles_for(user)
        clusters = set(person.memberships.values_list("body__cluster_id", flat=True))
        if not roles.is_admin and not clusters & roles.secretariat_clusters:
            raise PermissionDenied
    return person


def get_membership_for_user(
    user: User | AnonymousUser, pk: int, *, write: bool = False
) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("person", "body__cluster", "organisation"), pk=pk
    )
    if write and not can_manage_cluster(user, membership.body.cluster_id):
        raise PermissionDenied
    return membership


def get_organisation_for_user(
    user: User | AnonymousUser, pk: int, *, write: bool = False
) -> Organisation:
    """Organisations are shared by clusters: a secretariat changes one only while no other
    cluster uses it (as a member's organisation); otherwise an administrator does."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if write:
        roles = roles_for(user)
        used_by = set(organisation.memberships.values_list("body__cluster_id", flat=True))
        if not roles.is_admin and not (
            roles.is_secretariat and used_by <= roles.secretariat_clusters
        ):
            raise PermissionDenied
    return organisation
