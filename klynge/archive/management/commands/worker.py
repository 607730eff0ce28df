from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background worker: imports of uploaded minutes and outgoing mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Run the queued tasks, then stop (for cron)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        arguments = ["--batch"] if options["batch"] else []
        call_command("db_worker", *arguments, "--no-startup-delay", "--interval", "1")
