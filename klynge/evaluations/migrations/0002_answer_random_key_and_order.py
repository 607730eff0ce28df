"""Answers get a random key, and those already given are written again in a random order:
their numbers ran in step with the receipts' (answer 7 was receipt 7's), and the order rows
lie in (the order a backup lists them) told the same. Answers hold no time to drop.

Nothing refers to an answer, so the answers move into a new table in random order and the
old one goes (PostgreSQL cannot turn a number column into a UUID)."""

import random
import uuid

import django.db.models.deletion
from django.db import migrations, models

RATING = [(4, "Meget godt"), (3, "Godt"), (2, "Mindre godt"), (1, "Dårligt")]
FIELDS = [
    "evaluation_id",
    "frame",
    "content",
    "benefit",
    "participants",
    "frame_comment",
    "content_comment",
    "benefit_comment",
    "participants_comment",
    "other",
]


def rewrite_in_random_order(apps, schema_editor):
    old = apps.get_model("evaluations", "Answer")
    new = apps.get_model("evaluations", "ShuffledAnswer")
    rows = list(old.objects.values(*FIELDS))
    random.SystemRandom().shuffle(rows)
    for row in rows:  # one at a time: a bulk insert could be stored in another order
        new.objects.create(**row)


def rating():
    return models.PositiveSmallIntegerField(blank=True, choices=RATING, null=True)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="ShuffledAnswer",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("frame", rating()),
                ("content", rating()),
                ("benefit", rating()),
                ("participants", rating()),
                ("frame_comment", models.CharField(blank=True, max_length=1000)),
                ("content_comment", models.CharField(blank=True, max_length=1000)),
                ("benefit_comment", models.CharField(blank=True, max_length=1000)),
                ("participants_comment", models.CharField(blank=True, max_length=1000)),
                ("other", models.TextField(blank=True)),
                (
                    "evaluation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="evaluations.evaluation",
                    ),
                ),
            ],
        ),
        migrations.RunPython(rewrite_in_random_order, migrations.RunPython.noop),
        migrations.DeleteModel(name="Answer"),
        migrations.RenameModel(old_name="ShuffledAnswer", new_name="Answer"),
        migrations.AlterField(
            model_name="answer",
            name="evaluation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="evaluations.evaluation",
            ),
        ),
        migrations.AlterModelOptions(name="answer", options={"ordering": ["?"]}),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(("frame__in", [1, 2, 3, 4]), ("frame__isnull", True), _connector="OR"),
                name="answer_frame_rating",
            ),
        ),
    ]
