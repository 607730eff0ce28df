from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klynge.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `klynge backup` archive into the configured database and MEDIA_ROOT, "
        "then compare row counts and file hashes with its manifest. Refuses a target that "
        "has data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace the data in a non-empty target"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            differences = restore_backup(options["path"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences["tables"] or differences["files"]:
            raise CommandError(f"Restored, but it differs from the manifest: {differences}")
        self.stdout.write(f"Restored {options['path']}: row counts and file hashes match.")
