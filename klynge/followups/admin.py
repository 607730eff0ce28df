from django.contrib import admin

from klynge.core.admin import ReadOnlyAdmin
from klynge.followups.models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["text", "responsible", "due_date", "done_at"]
    list_select_related = ["responsible"]
