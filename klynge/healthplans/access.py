"""Who may see and change a nærsundhedsplan.

- the draft (the living sections and goals), hearings and their answers, and every write:
  the council's secretariat and administrators (`can_manage_cluster`);
- the versions sent in hearing, recommended or approved, and the follow-up: the council's
  members too (`can_read_cluster`); the working versions the secretariat saves with
  *Gem version* are drafts, so the secretariat's (`readable_versions`);
- the plan itself (its title, period and approving bodies, in the list and on its page):
  the council's members once it has a version they may read; before, it is a draft, the
  secretariat's (`can_read_plan`, `readable_plans`);
- the published plan: everyone, on the public pages;
- a hearing party: only the version its personal link was sent with, through that link.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.healthplans.models import HealthPlan, Hearing, PlanGoal, PlanSection, PlanVersion
from klynge.organisations.access import can_manage_cluster, can_read_cluster
from klynge.organisations.models import roles_for


def can_manage_plan(user: object, plan: HealthPlan) -> bool:
    return can_manage_cluster(user, plan.cluster_id)


def _shared(versions: QuerySet[PlanVersion]) -> QuerySet[PlanVersion]:
    """The versions the council's members read: those sent in hearing, recommended or
    approved. A working version (*Gem version*) is a draft, the secretariat's."""
    return versions.exclude(purpose=PlanVersion.Purpose.OTHER)


def can_read_plan(user: object, plan: HealthPlan) -> bool:
    """The plan itself (its page, title, period, approving bodies, versions and follow-up):
    the council's secretariat always; its members once the plan has a version they may read
    (a plan only ever written in the draft is the secretariat's, title and all)."""
    if can_manage_plan(user, plan):
        return True
    return (
        can_read_cluster(user, plan.cluster_id)
        and _shared(PlanVersion.objects.filter(plan=plan)).exists()
    )


def readable_plans(user: object) -> QuerySet[HealthPlan]:
    """The plans `user` finds in lists (the council's list, the API): those they may read
    (`can_read_plan`, as a query), and every published plan."""
    roles = roles_for(user)
    if roles.is_admin:
        return HealthPlan.objects.all()
    managed = [pk for pk in roles.secretariat_clusters if can_manage_cluster(user, pk)]
    shared = Exists(_shared(PlanVersion.objects.filter(plan=OuterRef("pk"))))
    return HealthPlan.objects.filter(
        Q(cluster__in=managed)
        | (Q(cluster__in=roles.secretariat_clusters | roles.member_clusters) & shared)
        | Q(published_at__isnull=False)
    )


def get_plan_for_user(user: object, pk: int, *, write: bool = False) -> HealthPlan:
    """404 unless `user` reads the plan; to change it, 404 unless they read the council's
    work, 403 unless they are its secretariat."""
    plan = get_object_or_404(HealthPlan.objects.select_related("cluster", "body"), pk=pk)
    if write:
        _check_draft_write(user, plan)
    elif not can_read_plan(user, plan):
        raise Http404
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
    if not can_read_cluster(user, plan.cluster_id):
        raise Http404
    if not can_manage_plan(user, plan):
        raise PermissionDenied


def readable_versions(user: object, plan: HealthPlan) -> QuerySet[PlanVersion]:
    """The versions of `plan` that `user` may read (given that they read the plan): all for
    the secretariat, the sent and approved ones for the council's members."""
    versions = PlanVersion.objects.filter(plan=plan)
    if can_manage_plan(user, plan):
        return versions
    return _shared(versions)


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
