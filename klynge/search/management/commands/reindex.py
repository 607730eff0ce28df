import sys
from typing import Any

from django.core.management.base import BaseCommand

from klynge.search import services


class Command(BaseCommand):
    help = "Rebuild the search index from everything in the database."

    def handle(self, *args: Any, **options: Any) -> None:
        total = services.total_to_index()
        terminal = sys.stderr.isatty()

        def progress(label: str, done: int) -> None:
            if terminal:
                width = 30
                filled = width * done // max(total, 1)
                bar = "#" * filled + "-" * (width - filled)
                sys.stderr.write(f"\r[{bar}] {done}/{total} {label:<20}")
                sys.stderr.flush()

        count = services.rebuild(progress=progress)
        if terminal:
            sys.stderr.write("\n")
        self.stderr.write(f"Søgeindekset er bygget: {count} rækker læst, {total} i alt.")
