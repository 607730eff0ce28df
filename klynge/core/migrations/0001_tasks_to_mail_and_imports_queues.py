"""Tasks queued before mail and imports had queues of their own go to theirs: no worker
serves the old "default" queue any more (a failed task retried later would wait forever)."""

from django.db import migrations


def to_own_queues(apps, schema_editor):
    results = apps.get_model("django_tasks_database", "DBTaskResult").objects
    tasks = results.filter(queue_name="default")
    tasks.filter(task_path__startswith="klynge.archive.").update(queue_name="imports")
    tasks.update(queue_name="mail")


def to_default_queue(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(
        queue_name__in=["mail", "imports"]
    ).update(queue_name="default")


class Migration(migrations.Migration):
    dependencies = [("django_tasks_database", "0021_conditional_partial_index_ordering")]

    operations = [migrations.RunPython(to_own_queues, to_default_queue)]
