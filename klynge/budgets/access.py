"""Who may see and change a council's money: its members and secretariat read it, the
secretariat (and administrators) change it (`can_manage_cluster`, so a closed cluster's
money is read-only history like the rest of its work)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.budgets.models import Allocation, CoFinancing, Spending
from klynge.organisations.access import can_manage_cluster, can_read_cluster, get_cluster_for_user
from klynge.organisations.models import Cluster


def can_read_money(user: object, cluster_id: int) -> bool:
    return can_read_cluster(user, cluster_id)


def can_manage_money(user: object, cluster_id: int) -> bool:
    return can_manage_cluster(user, cluster_id)


def get_money_cluster_for_user(user: object, pk: int, *, write: bool = False) -> Cluster:
    """The cluster whose money `user` reads: 404 for those outside it, 403 for a write by
    someone who may only read."""
    cluster = get_cluster_for_user(user, pk)  # type: ignore[arg-type]
    if not can_read_money(user, cluster.pk):
        raise Http404
    if write and not can_manage_money(user, cluster.pk):
        raise PermissionDenied
    return cluster


def get_allocation_for_user(user: object, pk: int, *, write: bool = False) -> Allocation:
    allocation = get_object_or_404(
        Allocation.objects.select_related("cluster", "initiative__plan", "decision_item"), pk=pk
    )
    get_money_cluster_for_user(user, allocation.cluster_id, write=write)
    return allocation


def get_co_financing_for_user(user: object, pk: int, *, write: bool = False) -> CoFinancing:
    co_financing = get_object_or_404(
        CoFinancing.objects.select_related("cluster", "payer", "recipient", "initiative"), pk=pk
    )
    get_money_cluster_for_user(user, co_financing.cluster_id, write=write)
    return co_financing


def get_spending_for_user(user: object, pk: int, *, write: bool = False) -> Spending:
    spending = get_object_or_404(
        Spending.objects.select_related("cluster", "initiative__plan"), pk=pk
    )
    get_money_cluster_for_user(user, spending.cluster_id, write=write)
    return spending
