"""A background task that fails (the mail server is down) is tried again later, and after
the last try is shown to the secretariat, who can put it back in the queue: never lost."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from klynge.core.tests.personas import login
from klynge.meetings.tasks import send_agenda_published

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings):
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    settings.TASK_MAX_ATTEMPTS = 2
    # A mail server that does not answer.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2


def run_worker():
    call_command("worker", "--queue", "mail", "--batch", verbosity=0)


def test_a_failed_mail_is_retried_then_shown_and_can_be_retried(
    queue, client, meeting, secretariat
):
    result = send_agenda_published.enqueue(meeting.pk)
    run_worker()
    row = DBTaskResult.objects.get(pk=result.id)
    # Failed once: back in the queue, a minute from now.
    assert row.status == TaskResultStatus.READY and len(row.worker_ids) == 1
    assert timezone.now() < row.run_after <= timezone.now() + datetime.timedelta(minutes=1)
    login(client, secretariat)
    assert "baggrundsopgave" not in client.get(reverse("home")).content.decode()
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
    run_worker()
    row.refresh_from_db()
    # The last try failed too: it stays failed, for the secretariat to see.
    assert row.status == TaskResultStatus.FAILED and len(row.worker_ids) == 2
    home = client.get(reverse("home")).content.decode()
    assert "1 baggrundsopgave (fx en mail) er fejlet" in home
    page = client.get(reverse("task_list")).content.decode()
    assert "Mail: dagsorden udsendt" in page and "ConnectionRefusedError" in page
    client.post(reverse("task_retry", args=[row.pk]))
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and row.run_after <= timezone.now()


def test_only_secretariats_and_administrators_see_the_tasks(queue, client, member):
    login(client, member)
    assert client.get(reverse("task_list")).status_code == 403
