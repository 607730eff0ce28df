"""Meetings imported before the reader knew closed items published them: every imported item
its original calls closed (lukket/fortroligt) is closed now, and documents waiting for review
get the mark. Nothing is opened, and no text is changed."""

from django.db import migrations
from django.db.models import Q


def close_marked_items(apps, schema_editor):
    # The reader is pure functions of text: the same rules as a new import.
    from klynge.archive.reading.closed import strip_closed_mark, title_key
    from klynge.archive.reading.parse import parse_text

    SourceDocument = apps.get_model("archive", "SourceDocument")
    AgendaItem = apps.get_model("meetings", "AgendaItem")

    def marked(title, closed_keys):
        return strip_closed_mark(title)[1] or title_key(title) in closed_keys

    sources = SourceDocument.objects.exclude(text="").filter(
        Q(meeting__isnull=False) | Q(status="review")
    )
    for source in sources.only("pk", "text", "parsed", "meeting_id").iterator():
        closed_keys = {title_key(i.title) for i in parse_text(source.text).items if i.closed}
        if source.meeting_id is not None:
            items = AgendaItem.objects.filter(meeting_id=source.meeting_id, is_closed=False)
            close = [
                item.pk for item in items.only("pk", "title") if marked(item.title, closed_keys)
            ]
            AgendaItem.objects.filter(pk__in=close).update(is_closed=True)
            continue
        parsed = source.parsed or {}
        items = parsed.get("items") or []
        if any(not i.get("closed") and marked(i.get("title") or "", closed_keys) for i in items):
            for item in items:
                item["closed"] = bool(item.get("closed")) or marked(
                    item.get("title") or "", closed_keys
                )
            SourceDocument.objects.filter(pk=source.pk).update(parsed=parsed)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("meetings", "0005_redact_afbud_notes_in_audit_log"),
    ]

    operations = [migrations.RunPython(close_marked_items, migrations.RunPython.noop)]
