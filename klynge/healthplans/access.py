"""Who may see and change a nærsundhedsplan.

- the draft (the living sections and goals), hearings and their answers, and every write:
  the council's secretariat and administrators (`can_manage_cluster`);
- the versions sent in hearing, recommended or approved, and the follow-up: the council's
  members too (`can_read_cluster`); the working versions the secretariat saves with
  *Gem version* are drafts, so the secretariat's (`readable_versions`);
- the published plan: everyone, on the public pages;
- a hearing party: only the version its personal link was sent with, through that link.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.healthplans.models import HealthPlan, Hearing, PlanGoal, PlanSection, PlanVersion
from klynge.organisations.access import can_manage_cluster, can_read_cluster


def can_manage_plan(user: object, plan: HealthPlan) -> bool:
    return can_manage_cluster(user, plan.cluster_id)


def can_read_plan(user: object, plan: HealthPlan) -> bool:
    """Members read versions and follow-up; drafts are the secretariat's (`can_manage_plan`)."""
    return can_read_cluster(user, plan.cluster_id)


def get_plan_for_user(user: object, pk: int, *, write: bool = False) -> HealthPlan:
    """404 unless `user` reads the council's work; 403 if they may not change it."""
    plan = get_object_or_404(HealthPlan.objects.select_related("cluster", "body"), pk=pk)
    if not can_read_plan(user, plan):
        raise Http404
    if write and not can_manage_plan(user, plan):
        raise PermissionDenied
    return plan


def get_section_for_user(user: object, pk: int) -> PlanSection:
    """A section of the draft, to change: the secretariat's (404 for those who cannot read
    the council's work, 403 for its members)."""
    section = get_object_or_404(PlanSection.objects.select_related("plan__cluster"), pk=pk)
    _check_draft_write(user, section.plan)
    return section


def get_goal_for_user(user: object, pk: int) -> PlanGoal:
    """A goal of the draft, to change: as its section."""
    goal = get_object_or_404(PlanGoal.objects.select_related("section__plan__cluster"), pk=pk)
    _check_draft_write(user, goal.section.plan)
    return goal


def _check_draft_write(user: object, plan: HealthPlan) -> None:
    if not can_read_plan(user, plan):
        raise Http404
    if not can_manage_plan(user, plan):
        raise PermissionDenied


def readable_versions(user: object, plan: HealthPlan) -> QuerySet[PlanVersion]:
    """The versions of `plan` that `user` may read (given that they read the plan): all for
    the secretariat, the sent and approved ones for the council's members."""
    versions = PlanVersion.objects.filter(plan=plan)
    if can_manage_plan(user, plan):
        return versions
    return versions.exclude(purpose=PlanVersion.Purpose.OTHER)


def get_version_for_user(user: object, pk: int) -> PlanVersion:
    version = get_object_or_404(PlanVersion.objects.select_related("plan__cluster"), pk=pk)
    if not can_read_plan(user, version.plan):
        raise Http404
    if not readable_versions(user, version.plan).filter(pk=version.pk).exists():
        raise Http404
    return version


def get_hearing_for_user(user: object, pk: int, *, write: bool = False) -> Hearing:
    """Hearings and their answers are the secretariat's: 404 for everyone else."""
    hearing = get_object_or_404(Hearing.objects.select_related("plan__cluster", "version"), pk=pk)
    if not can_manage_plan(user, hearing.plan):
        if write and can_read_plan(user, hearing.plan):
            raise PermissionDenied
        raise Http404
    return hearing
