import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from klynge.core.pdf import warm_up

#: The queues whose tasks make PDFs (the compiled afrapportering).
DOCUMENT_QUEUES = {None, "documents"}


class Command(BaseCommand):
    help = (
        "Run the background worker: imports of uploaded minutes, outgoing mail and compiled "
        "documents. In production run one per queue (--queue mail, --queue imports, --queue "
        "documents), so that a long import never holds back a mail or a document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            choices=settings.TASKS["default"]["QUEUES"],
            help="Run only this queue's tasks (default: every queue, one after another).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the queued tasks, then stop (for cron)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        arguments = ["--queue-name", options["queue"] or "*"]
        if options["batch"]:
            arguments.append("--batch")
        # The first document after a start would pay WeasyPrint's start (seconds); pay it
        # before the first task, in the process that runs the tasks (with DEBUG the worker
        # reloads on code changes: the process that watches the files renders nothing).
        reloader = settings.DEBUG and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if options["queue"] in DOCUMENT_QUEUES and not options["batch"] and not reloader:
            warm_up()
        call_command(
            "db_worker",
            *arguments,
            "--no-startup-delay",
            "--interval",
            "1",
            verbosity=options["verbosity"],
        )
