"""Mail and archive imports wait in separate queues, each served by its own worker: an OCR of
a long scan holds only the imports worker, and mail goes out meanwhile."""

import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from klynge.archive import services as archive_services
from klynge.archive import tasks as archive_tasks
from klynge.meetings.tasks import send_agenda_published

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    settings.MEDIA_ROOT = tmp_path


def enqueue_import(name: str):
    source, _created = archive_services.store_source(actor=None, data=name.encode(), name=name)
    return archive_tasks.read_source_document.enqueue(source.pk)


def test_mail_is_sent_while_a_long_import_holds_the_imports_worker(queue, meeting, monkeypatch):
    started, release = threading.Event(), threading.Event()

    def long_ocr(*, source):
        started.set()
        release.wait(timeout=20)  # bounded: a broken test fails rather than hangs
        return source

    monkeypatch.setattr(archive_tasks, "read_source", long_ocr)
    # Python lets only the main thread install signal handlers (a worker's Ctrl+C).
    monkeypatch.setattr(Worker, "configure_signals", lambda self: None)
    first = enqueue_import("scan-2000-sider.pdf")
    second = enqueue_import("scan-igen.pdf")
    agenda_mail = send_agenda_published.enqueue(meeting.pk)
    assert DBTaskResult.objects.get(pk=first.id).queue_name == "imports"
    assert DBTaskResult.objects.get(pk=agenda_mail.id).queue_name == "mail"

    imports_worker = threading.Thread(
        target=call_command,
        args=["worker", "--queue", "imports", "--batch"],
        kwargs={"verbosity": 0},
    )
    imports_worker.start()
    try:
        assert started.wait(timeout=20)
        call_command("worker", "--queue", "mail", "--batch", verbosity=0)
        # The mail went out while the import was still being read, and the mail worker left
        # the next import alone.
        assert mail.outbox and DBTaskResult.objects.get(pk=agenda_mail.id).status == (
            TaskResultStatus.SUCCESSFUL
        )
        assert DBTaskResult.objects.get(pk=first.id).status == TaskResultStatus.RUNNING
        assert DBTaskResult.objects.get(pk=second.id).status == TaskResultStatus.READY
    finally:
        release.set()
        imports_worker.join(timeout=60)
    statuses = DBTaskResult.objects.filter(pk__in=[first.id, second.id]).values_list(
        "status", flat=True
    )
    assert set(statuses) == {TaskResultStatus.SUCCESSFUL}


def test_tasks_queued_before_the_upgrade_move_to_their_queue(queue, meeting):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("klynge.core.migrations.0001_tasks_to_mail_and_imports_queues")
    waiting_mail = send_agenda_published.enqueue(meeting.pk)
    waiting_import = enqueue_import("referat.txt")
    DBTaskResult.objects.update(queue_name="default")
    migration.to_own_queues(apps, None)
    assert DBTaskResult.objects.get(pk=waiting_mail.id).queue_name == "mail"
    assert DBTaskResult.objects.get(pk=waiting_import.id).queue_name == "imports"
