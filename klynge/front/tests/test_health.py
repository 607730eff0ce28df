"""Health for the load balancer and the operations team: liveness, readiness (database and
migrations) and the task queue."""

import datetime
import io
import json
import os
import subprocess
import sys

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


def test_metrics_need_the_token_and_count_the_queue(client, settings):
    settings.METRICS_TOKEN = "overvaagning"
    settings.TASKS_BACKEND = "database"
    assert client.get(reverse("metrics")).status_code == 404
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer forkert").status_code == 404
    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer overvaagning")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    values = dict(
        line.split(" ", 1)
        for line in response.content.decode().splitlines()
        if not line.startswith("#")
    )
    assert values["klynge_database_up"] == "1"
    assert values["klynge_tasks_ready"] == "0" and values["klynge_tasks_failed_last_24h"] == "0"


def test_without_a_token_there_are_no_metrics(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_logs_can_be_json_lines(tmp_path):
    code = (
        "import django; django.setup(); import logging; "
        "logging.getLogger('klynge.test').warning('Afbud sendt %s', 3)"
    )
    env = {**os.environ, "DEBUG": "true", "LOG_FORMAT": "json"}
    env["DJANGO_SETTINGS_MODULE"] = "klynge.settings"
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "Afbud sendt 3"
    assert (line["level"], line["logger"]) == ("WARNING", "klynge.test")
    stamp = datetime.datetime.fromisoformat(line["timestamp"])
    assert stamp.utcoffset() == datetime.timedelta(0)
