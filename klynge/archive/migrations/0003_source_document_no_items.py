"""Nothing with text is refused (issue 23): a document read without finding a meeting in it
waits for a person to mark its items (status "no_items") instead of being failed. Documents
failed before for that reason (they have text; an unreadable file has none) move there."""

from django.conf import settings
from django.db import migrations, models


def keep_documents_with_text(apps, schema_editor):
    SourceDocument = apps.get_model("archive", "SourceDocument")
    SourceDocument.objects.filter(status="failed").exclude(text="").update(status="no_items")


def fail_them_again(apps, schema_editor):
    SourceDocument = apps.get_model("archive", "SourceDocument")
    SourceDocument.objects.filter(status="no_items").update(status="failed")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_close_items_the_originals_call_closed"),
        ("meetings", "0005_redact_afbud_notes_in_audit_log"),
        ("organisations", "0004_person_organisation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="sourcedocument",
            name="source_document_status_valid",
        ),
        migrations.AlterField(
            model_name="sourcedocument",
            name="status",
            field=models.CharField(
                choices=[
                    ("waiting", "Venter"),
                    ("review", "Skal gennemses"),
                    ("no_items", "Ingen punkter fundet – markér dem"),
                    ("accepted", "Godkendt"),
                    ("failed", "Fejlet"),
                ],
                default="waiting",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="sourcedocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["waiting", "review", "no_items", "accepted", "failed"])
                ),
                name="source_document_status_valid",
            ),
        ),
        migrations.RunPython(keep_documents_with_text, fail_them_again),
    ]
