import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from klynge.demo.generate import SCALES, generate


class Command(BaseCommand):
    help = "Fill the database with synthetic data (small, or national scale) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2027)
        parser.add_argument(
            "--no-index", action="store_true", help="Leave the search index (klynge reindex)."
        )

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        counts = generate(str(options["scale"]), seed=int(str(options["seed"])))
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.0f} s: {summary}"))
        if not options["no_index"]:
            # The rows were bulk-written, past the signals that keep the index current.
            call_command("reindex")
