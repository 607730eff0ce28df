"""Issue 22: an answer cannot be tied to who gave it, no log holds a personal link, and the
links are mailed by the worker, so a mail server that is down breaks nothing."""

import base64
import logging
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import login
from klynge.evaluations import mail as evaluation_mail
from klynge.evaluations import services
from klynge.evaluations.models import Answer, Evaluation
from klynge.meetings import services as meeting_services
from klynge.meetings.models import MeetingStatus


@pytest.fixture
def held(meeting, secretariat):
    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        meeting_services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=status)
    return meeting


@pytest.mark.django_db
def test_the_personal_link_names_no_one_and_no_log_holds_it(held, member, caplog):
    evaluation = Evaluation.objects.create(meeting=held)
    link = evaluation_mail.link_for(evaluation, member.person)
    token = urlparse(link).fragment
    # Opaque: the evaluation's number and a keyed hash, nothing that decodes to the person.
    assert re.fullmatch(rf"{evaluation.pk}-[0-9a-f]{{32}}", token)
    assert urlparse(link).path == reverse("evaluation_answer")
    caplog.set_level(logging.DEBUG)
    client = Client()
    path = urlparse(link).path
    assert client.get(path).status_code == 200
    assert client.post(path, {"token": token}).status_code == 200
    refused = client.post(path, {"token": token, "answering": "1", "frame": "9"})
    assert refused.status_code == 422  # Django logs it, with the address only
    assert client.post(path, {"token": token, "answering": "1", "frame": "4"}).status_code == 200
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Unprocessable" in logged and token not in logged
    assert not AuditEvent.objects.filter(path__contains=token[-32:]).exists()
    # A forged token for another participant fails.
    forged = f"{evaluation.pk}-" + base64.b16encode(b"x" * 16).decode().lower()
    assert client.post(path, {"token": forged}).status_code == 404


@pytest.mark.django_db
def test_every_answer_rewrites_the_evaluations_answers_under_new_random_keys(
    held, secretariat, chair, member
):
    evaluation = Evaluation.objects.create(meeting=held)
    services.answer(evaluation=evaluation, person=chair.person, values={"frame": 4})
    first = set(Answer.objects.values_list("pk", flat=True))
    services.answer(evaluation=evaluation, person=member.person, values={"frame": 2})
    second = set(Answer.objects.values_list("pk", flat=True))
    services.answer(evaluation=evaluation, person=secretariat.person, values={"frame": 3})
    third = set(Answer.objects.values_list("pk", flat=True))
    assert (len(first), len(second), len(third)) == (1, 2, 3)
    assert not first & second and not second & third  # no key survives a new answer
    assert sorted(Answer.objects.values_list("frame", flat=True)) == [2, 3, 4]
    assert evaluation.receipts.count() == 3


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_opening_still_succeeds_and_the_links_follow(
    held, secretariat, settings
):
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    client = login(Client(), secretariat)
    response = client.post(reverse("evaluation_manage", args=[held.pk]))
    assert response.status_code == 302 and Evaluation.objects.filter(meeting=held).exists()
    assert client.post(reverse("evaluation_manage", args=[held.pk])).status_code == 302
    call_command("worker", "--queue", "mail", "--batch", verbosity=0)
    task = DBTaskResult.objects.get(task_path="klynge.evaluations.tasks.send_evaluation_links")
    assert task.status == TaskResultStatus.READY  # failed once, waits to be tried again
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
    call_command("worker", "--queue", "mail", "--batch", verbosity=0)
    links = [m for m in mail.outbox if m.subject.startswith("Evaluering:")]
    assert len(links) == 3 and all("/evaluering/#" in m.body for m in links)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_answers_under_random_keys(held):
    executor = MigrationExecutor(connection)
    executor.migrate([("evaluations", "0001_initial")])
    old_apps = executor.loader.project_state([("evaluations", "0001_initial")]).apps
    evaluation = old_apps.get_model("evaluations", "Evaluation").objects.create(meeting_id=held.pk)
    old_answer = old_apps.get_model("evaluations", "Answer")
    for frame in (1, 2, 3, 4):
        old_answer.objects.create(evaluation=evaluation, frame=frame, other=f"svar {frame}")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    answers = Answer.objects.filter(evaluation_id=evaluation.pk)
    assert sorted(answers.values_list("frame", "other")) == [(f, f"svar {f}") for f in (1, 2, 3, 4)]
    assert all(len(str(pk)) == 36 for pk in answers.values_list("pk", flat=True))
