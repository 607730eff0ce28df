from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run the background worker: imports of uploaded minutes and outgoing mail. In "
        "production run one per queue (--queue mail, --queue imports), so that a long import "
        "never holds back a mail."
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
        call_command(
            "db_worker",
            *arguments,
            "--no-startup-delay",
            "--interval",
            "1",
            verbosity=options["verbosity"],
        )
