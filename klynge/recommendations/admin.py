from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.recommendations.models import ExternalBody, Recommendation


@admin.register(ExternalBody)
class ExternalBodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "region"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["item", "receiver_name", "state", "sent_on", "decided_on", "outcome"]
    list_filter = ["state", "outcome"]
    list_select_related = ["item", "to_external", "to_body"]
