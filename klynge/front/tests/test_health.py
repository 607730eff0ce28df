"""Health for the load balancer and the operations team: liveness, readiness (database and
migrations) and the task queue."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_ready_when_the_database_answers_and_migrations_are_applied(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert (body["database"], body["migrations"]) == ("ok", "ok")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db(transaction=True)
def test_not_ready_with_a_migration_left_to_apply(client):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, applied FROM django_migrations WHERE app = %s AND name = %s",
            ["accounts", "0001_initial"],
        )
        row = cursor.fetchone()
        cursor.execute("DELETE FROM django_migrations WHERE id = %s", [row[0]])
    try:
        response = client.get(reverse("readyz"))
        assert response.status_code == 503
        assert response.json()["migrations"] == "pending"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
                ["accounts", "0001_initial", row[1]],
            )


def test_the_task_queue_is_counted_and_a_stuck_worker_noticed(settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS_BACKEND = "database"
    now = timezone.now()

    def task(status, **values):
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="klynge.meetings.tasks.send_agenda_published",
            backend_name="default",
            **values,
        )

    task(TaskResultStatus.FAILED, finished_at=now - datetime.timedelta(hours=2))
    task(TaskResultStatus.FAILED, finished_at=now - datetime.timedelta(days=3))
    waiting = task(TaskResultStatus.READY)
    out = io.StringIO()
    call_command("task-status", "--json", stdout=out)
    status = json.loads(out.getvalue())
    assert (status["ready"], status["failed_last_24h"], status["worker"]) == (1, 1, "ok")
    DBTaskResult.objects.filter(pk=waiting.pk).update(
        enqueued_at=now - datetime.timedelta(minutes=30)
    )
    with pytest.raises(SystemExit) as stopped:
        call_command("task-status", stdout=io.StringIO())
    assert stopped.value.code == 1
