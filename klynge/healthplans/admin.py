"""The nærsundhedsplan in Django's admin: to look, never to change. Every change goes through
the services (the status machine, the frozen versions, the audit trail)."""

from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.healthplans.models import (
    HealthPlan,
    Hearing,
    HearingParty,
    PlanGoal,
    PlanSection,
    PlanVersion,
)


@admin.register(HealthPlan)
class HealthPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "cluster", "period_start", "period_end", "status"]
    list_filter = ["status"]
    list_select_related = ["cluster"]


@admin.register(PlanSection)
class PlanSectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "position"]
    list_select_related = ["plan"]


@admin.register(PlanGoal)
class PlanGoalAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "section", "deadline", "status"]
    list_select_related = ["section"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "purpose", "created_at"]
    list_filter = ["purpose"]
    list_select_related = ["plan"]


@admin.register(Hearing)
class HearingAdmin(ReadOnlyAdmin):
    list_display = ["plan", "version", "deadline", "sent_at"]
    list_select_related = ["plan", "version"]


@admin.register(HearingParty)
class HearingPartyAdmin(ReadOnlyAdmin):
    # The token's hash stays out of view: it opens nothing, but there is no need to show it.
    list_display = ["name", "hearing", "kind", "link_sent_at"]
    exclude = ["token_hash"]
    list_select_related = ["hearing"]
