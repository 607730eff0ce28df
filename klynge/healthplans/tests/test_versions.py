"""Versions: the draft frozen as JSON, numbered, never changed by later edits."""

import pytest

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.healthplans import services
from klynge.healthplans.models import PlanSection, PlanStatus, PlanStatusChange, PlanVersion
from klynge.healthplans.tests.factories import (
    HealthPlanFactory,
    PlanGoalFactory,
    PlanSectionFactory,
)

pytestmark = pytest.mark.django_db


def test_freeze_copies_sections_and_goals_and_numbers_versions(secretariat):
    goal = PlanGoalFactory()
    plan = goal.section.plan
    first = services.freeze_version(actor=secretariat, plan=plan, purpose="hearing")
    second = services.freeze_version(actor=secretariat, plan=plan, purpose="other")
    assert (first.number, second.number) == (1, 2)
    (section,) = first.content["sections"]
    assert section["title"] == goal.section.title
    assert section["goals"][0]["text"] == goal.text
    assert section["goals"][0]["population"] == "Borgere over 65 år"
    assert AuditEvent.objects.filter(action="health_plan.version").count() == 2


def test_a_frozen_version_does_not_follow_the_draft(secretariat):
    section = PlanSectionFactory(title="Ældre medicinske patienter")
    version = services.freeze_version(actor=secretariat, plan=section.plan, purpose="hearing")
    PlanSection.objects.filter(pk=section.pk).update(title="Ældre patienter")
    version.refresh_from_db()
    assert version.content["sections"][0]["title"] == "Ældre medicinske patienter"


def test_status_moves_only_along_the_allowed_transitions(secretariat):
    plan = HealthPlanFactory()
    services.change_plan_status(actor=secretariat, plan=plan, to_status=PlanStatus.IN_HEARING)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_HEARING
    assert PlanStatusChange.objects.get(plan=plan).from_status == PlanStatus.DRAFT
    with pytest.raises(ServiceError, match="kan ikke gå fra"):
        services.change_plan_status(actor=secretariat, plan=plan, to_status=PlanStatus.APPROVED)


def test_unknown_purpose_is_refused(secretariat):
    with pytest.raises(ServiceError):
        services.freeze_version(actor=secretariat, plan=HealthPlanFactory(), purpose="x")
    assert not PlanVersion.objects.exists()
