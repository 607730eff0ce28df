from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klynge.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump -Fc) and the uploaded files "
        "into one .tar archive with a manifest of row counts and SHA-256 per file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the archive to write, e.g. klynge.tar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = create_backup(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{options['path']}: {manifest['backend']}, {len(manifest['tables'])} tables, "
            f"{rows} rows, {len(manifest['files']) - 1} files"
        )
