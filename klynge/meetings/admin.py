from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from klynge.core.admin import ReadOnlyAdmin
from klynge.meetings.models import AgendaItem, Attendance, Meeting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["position", "title", "case_number", "kind", "is_closed"]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["date", "display_title", "body", "status"]
    list_filter = ["status", "body__cluster"]
    search_fields = ["title", "body__name"]
    date_hierarchy = "date"
    list_select_related = ["body__cluster"]
    inlines = [AgendaItemInline]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "person", "status", "substitute_for", "is_guest"]
    list_filter = ["status", "is_guest"]
    list_select_related = ["meeting__body", "person", "substitute_for"]
