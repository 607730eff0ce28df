import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from klynge.core.health import task_status


class Command(BaseCommand):
    help = (
        "The task queue for monitoring: tasks waiting, running and failed in the last 24 "
        "hours, and how long the oldest has waited. Exits 1 when the worker is behind."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="one JSON object on stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        status = task_status()
        if options["json"]:
            self.stdout.write(json.dumps(status))
        else:
            for key, value in status.items():
                self.stdout.write(f"{key:22} {value}")
        if status.get("worker") == "behind":
            raise SystemExit(1)
