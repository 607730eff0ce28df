from django.contrib import admin

from klynge.audit.models import AuditEvent
from klynge.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor__email", "action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
