"""Who may see and change indicators, measurements, evaluation notes and data packages.

- An initiative's indicators are read by whoever may read the initiative; they are defined
  and measured by the cluster's secretariat and the initiative's project owner and lead
  (the group reports status, it does not own the figures).
- A theme's and a cluster population's indicators and data packages are read by the
  cluster's secretariat and the members of its bodies, and kept by the secretariat.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.actionplans.access import get_initiative_for_user
from klynge.actionplans.models import Initiative, Theme
from klynge.organisations.access import can_manage_cluster, can_read_cluster
from klynge.organisations.models import Cluster, roles_for
from klynge.outcomes.models import DataPackage, Indicator, Measurement


def can_edit_initiative_outcomes(user: object, initiative: Initiative) -> bool:
    """Secretariat, project owner and project lead."""
    if can_manage_cluster(user, initiative.plan.cluster_id):
        return True
    person_id = roles_for(user).person_id
    return person_id is not None and person_id in (
        initiative.project_owner_id,
        initiative.project_lead_id,
    )


def can_edit_indicator(user: object, indicator: Indicator) -> bool:
    if indicator.initiative_id is not None:
        return can_edit_initiative_outcomes(user, indicator.initiative)  # type: ignore[arg-type]
    return can_manage_cluster(user, indicator.cluster_id)


def get_indicator_for_user(user: object, pk: int, *, write: bool = False) -> Indicator:
    indicator = get_object_or_404(
        Indicator.objects.visible_to(user).select_related(
            "cluster", "theme", "initiative__plan__cluster"
        ),
        pk=pk,
    )
    if write and not can_edit_indicator(user, indicator):
        raise PermissionDenied
    return indicator


def get_measurement_for_user(user: object, pk: int) -> Measurement:
    """A measurement, to change or delete: for whoever may edit its indicator."""
    measurement = get_object_or_404(Measurement, pk=pk)
    measurement.indicator = get_indicator_for_user(user, measurement.indicator_id, write=True)
    return measurement


def get_initiative_outcomes_for_user(user: object, pk: int, *, write: bool = False) -> Initiative:
    initiative = get_initiative_for_user(user, pk)
    if write and not can_edit_initiative_outcomes(user, initiative):
        raise PermissionDenied
    return initiative


def get_theme_for_user(user: object, pk: int, *, write: bool = False) -> Theme:
    theme = get_object_or_404(Theme.objects.select_related("cluster"), pk=pk)
    if not can_read_cluster(user, theme.cluster_id):
        raise Http404
    if write and not can_manage_cluster(user, theme.cluster_id):
        raise PermissionDenied
    return theme


def get_cluster_outcomes_for_user(user: object, pk: int, *, write: bool = False) -> Cluster:
    cluster = get_object_or_404(Cluster, pk=pk)
    if not can_read_cluster(user, cluster.pk):
        raise Http404
    if write and not can_manage_cluster(user, cluster.pk):
        raise PermissionDenied
    return cluster


def get_data_package_for_user(user: object, pk: int, *, write: bool = False) -> DataPackage:
    package = get_object_or_404(DataPackage.objects.select_related("theme__cluster"), pk=pk)
    get_theme_for_user(user, package.theme_id, write=write)
    return package
