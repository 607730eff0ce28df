"""Nærsundhedsplaner in the API, read only, by the pages' rules: the council's members and
secretariat read a plan and its frozen versions, only the secretariat (and administrators)
its living draft; a published plan is read by everyone, as its approved version."""

import datetime
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from klynge.accounts.http import AuthedRequest
from klynge.core.schema import Id, Pages, responses
from klynge.healthplans.access import (
    can_manage_plan,
    can_read_plan,
    readable_plans,
    readable_versions,
)
from klynge.healthplans.models import HealthPlan, PlanStatus, PlanVersion
from klynge.healthplans.services import snapshot
from klynge.recommendations.models import ExternalBody

router = Router(tags=["health plans"])


# --- plan-core: plans and versions --------------------------------------------------------


class HealthPlanOut(Schema):
    id: int
    cluster_id: int
    cluster_name: str
    body_id: int | None
    title: str
    period_start: int
    period_end: int
    status: PlanStatus
    approved_on: datetime.date | None
    published_at: datetime.datetime | None
    url: str


class ApproverOut(Schema):
    id: int
    name: str
    kind: ExternalBody.Kind


class GoalOut(Schema):
    id: int
    text: str
    population: str
    deadline: datetime.date | None
    #: [[id, label], …] as on the page, kept as they were when a version was frozen.
    initiatives: list[tuple[int, str]]
    indicators: list[tuple[int, str]]


class SectionOut(Schema):
    id: int
    title: str
    #: Rich text (sanitised HTML).
    text: str
    goals: list[GoalOut]


class ContentOut(Schema):
    """The plan's text: its draft, or a frozen version (`PlanVersion.content`)."""

    title: str
    # Defaults: read a version frozen by hand or by an older Klynge without failing.
    introduction: str = ""
    period_start: int | None = None
    period_end: int | None = None
    sections: list[SectionOut] = []


class VersionOut(Schema):
    id: int
    number: int
    purpose: PlanVersion.Purpose
    created_at: datetime.datetime
    #: The council's decision that recommended it (versions for approval).
    item_id: int | None
    content: ContentOut


class PlanDetailOut(HealthPlanOut):
    approvers: list[ApproverOut]
    #: The living draft: only for the council's secretariat and administrators.
    draft: ContentOut | None
    versions: list[VersionOut]


def _plan_out(plan: HealthPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "cluster_id": plan.cluster_id,
        "cluster_name": plan.cluster.name,
        "body_id": plan.body_id,
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "status": plan.status,
        "approved_on": plan.approved_on,
        "published_at": plan.published_at,
        "url": plan.get_absolute_url(),
    }


@router.get("/health-plans", response=responses(list[HealthPlanOut]))
@paginate(Pages)
def list_health_plans(
    request: AuthedRequest, cluster_id: Id | None = None, status: PlanStatus | None = None
) -> Any:
    """The plans the caller may read (their councils': for members those with a version
    sent in hearing, recommended or approved; and every published one), newest period
    first: `cluster_id` one council's, `status` those in one status."""
    plans = readable_plans(request.user).select_related("cluster")
    if cluster_id is not None:
        plans = plans.filter(cluster_id=cluster_id)
    if status is not None:
        plans = plans.filter(status=status)
    return [_plan_out(plan) for plan in plans.order_by("-period_start", "cluster__name", "pk")]


@router.get("/health-plans/{plan_id}", response=responses(PlanDetailOut))
def get_health_plan(request: AuthedRequest, plan_id: Id) -> dict[str, Any]:
    """One plan: its status, period and approving bodies; its frozen versions with their
    text; its draft for the council's secretariat. Outside the council, a published plan
    shows its approved version only."""
    plan = get_object_or_404(HealthPlan.objects.select_related("cluster"), pk=plan_id)
    versions = PlanVersion.objects.filter(plan=plan).order_by("number")
    if can_read_plan(request.user, plan):
        versions = readable_versions(request.user, plan).order_by("number")
        draft = snapshot(plan) if can_manage_plan(request.user, plan) else None
    elif plan.published_at is not None and plan.approved_version_id is not None:
        draft, versions = None, versions.filter(pk=plan.approved_version_id)
    else:
        raise Http404
    return _plan_out(plan) | {
        "approvers": list(plan.approvers.order_by("name")),
        "draft": draft,
        "versions": [
            {
                "id": version.pk,
                "number": version.number,
                "purpose": version.purpose,
                "created_at": version.created_at,
                "item_id": version.item_id,
                "content": version.content,
            }
            for version in versions
        ],
    }
