"""Afbud notes written into the audit log before it stopped copying them
(`Attendance.audit_without_content`) are replaced by the same marker."""

from django.db import migrations

REDACTED = "<redacted>"


def redact(apps, schema_editor):
    # The historical model has a plain manager: this is the one rewrite the log allows.
    AuditEvent = apps.get_model("audit", "AuditEvent")
    events = AuditEvent.objects.filter(object_type="meetings.attendance")
    for event in events.only("pk", "changes").iterator():
        if isinstance(event.changes, dict) and event.changes.get("note", REDACTED) != REDACTED:
            changes = {**event.changes, "note": REDACTED}
            AuditEvent.objects.filter(pk=event.pk).update(changes=changes)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_datatilsynet_log"),
        ("meetings", "0004_status_change_comment"),
    ]

    operations = [migrations.RunPython(redact, migrations.RunPython.noop)]
