"""Pages of the nærsundhedsplan: the council's plans, the draft (the secretariat's), its
frozen versions and their comparison."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from klynge.accounts.http import AuthedRequest
from klynge.healthplans.access import (
    can_manage_plan,
    get_plan_for_user,
    get_version_for_user,
)
from klynge.healthplans.models import PlanVersion
from klynge.healthplans.services import snapshot


def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The secretariat sees and writes the draft; members read the latest frozen version
    (drafts are the secretariat's)."""
    plan = get_plan_for_user(request.user, pk)
    can_manage = can_manage_plan(request.user, plan)
    versions = list(plan.versions.order_by("-number"))
    content: dict[str, Any] | None
    if can_manage:
        content = snapshot(plan)
        shown_version = None
    else:
        shown_version = versions[0] if versions else None
        content = shown_version.content if shown_version else None
    return render(
        request,
        "healthplans/plan_detail.html",
        {
            "plan": plan,
            "can_manage": can_manage,
            "content": content,
            "shown_version": shown_version,
            "versions": versions,
        },
    )


def version_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    version = get_version_for_user(request.user, pk)
    plan = version.plan
    return render(
        request,
        "healthplans/version_detail.html",
        {
            "plan": plan,
            "version": version,
            "content": version.content,
            "can_manage": can_manage_plan(request.user, plan),
            "others": PlanVersion.objects.filter(plan=plan).exclude(pk=version.pk),
        },
    )
