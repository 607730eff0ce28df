import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klynge.archive.models import SourceDocument
from klynge.archive.reading import read_document
from klynge.archive.services import import_file
from klynge.organisations.models import Body, Cluster

SUFFIXES = {
    ".pdf",
    ".docx",
    ".htm",
    ".html",
    ".txt",
    ".text",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
}


def expand(paths: list[str]) -> list[Path]:
    """Files in the order given; a folder gives its files, recursively, sorted."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                )
            )
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = "Import legacy minutes and agendas (PDF, Word, HTML, scans, text) as meetings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files or folders (read recursively).")
        parser.add_argument("--body", type=int, help="Import every file into this body (id).")
        parser.add_argument("--cluster", type=int, help="Create unknown bodies in this cluster.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Accept each file as read: its meeting is created and public at once. Without "
            "it the files wait on /arkiv/ for the secretariat to review and accept them.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and report; save nothing.")
        parser.add_argument("--json", action="store_true", help="Print one JSON document.")

    def handle(self, *args: Any, **options: Any) -> None:
        body = cluster = None
        if options["body"] is not None:
            body = Body.objects.filter(pk=options["body"]).first()
            if body is None:
                raise CommandError(f"No body with id {options['body']}.")
        if options["cluster"] is not None:
            cluster = Cluster.objects.filter(pk=options["cluster"]).first()
            if cluster is None:
                raise CommandError(f"No cluster with id {options['cluster']}.")
        files = expand(options["paths"])
        if not files:
            raise CommandError("No files to import.")
        progress = Progress(len(files), enabled=sys.stderr.isatty() and not options["json"])
        results: list[dict[str, Any]] = []
        summary = {
            "files": 0,
            "meetings": 0,
            "review": 0,
            "items": 0,
            "warnings": 0,
            "failures": 0,
        }
        read_any = False
        for path in files:
            progress.step(path.name)
            summary["files"] += 1
            try:
                data = path.read_bytes()
            except OSError as error:
                data, reason = b"", f"Filen kan ikke åbnes: {error.strerror or error}."
            else:
                reason = ""
            if options["dry_run"]:
                reading = read_document(data, str(path)) if data else None
                if reading is None:
                    entry = read_document(b"", str(path)).as_json()
                    entry["warnings"] = [reason]
                else:
                    entry = reading.as_json()
                    read_any = read_any or not reading.error
                results.append(entry)
                summary["items"] += len(entry["items"])  # type: ignore[arg-type]
                summary["warnings"] += len(entry["warnings"])  # type: ignore[arg-type]
                # A text without found items is kept for marking, as an import would keep it.
                kept = reading is not None and not reading.error
                summary["meetings"] += 1 if entry["items"] else 0
                summary["review"] += 1 if kept and not entry["items"] else 0
                summary["failures"] += 0 if kept else 1
                continue
            if not data:
                summary["failures"] += 1
                self.stderr.write(f"{path}: {reason or 'Filen er tom.'}")
                continue
            result = import_file(
                actor=None,
                data=data,
                name=path.name,
                body=body,
                cluster=cluster,
                publish=options["publish"],
            )
            read_any = read_any or result.source.pk is not None
            warnings = result.source.warnings if result.source.pk else [result.message]
            summary["warnings"] += len(warnings)
            if result.meeting is not None and result.created:
                summary["meetings"] += 1
                summary["items"] += result.meeting.items.count()
            elif result.meeting is None and result.source.status in SourceDocument.MARKABLE:
                summary["review"] += 1 if result.created else 0
                summary["items"] += len(result.source.parsed_items) if result.created else 0
            elif result.meeting is None:
                summary["failures"] += 1
            self.stderr.write(f"{path}: {result.message}")
            results.append(
                {
                    "source": str(path),
                    "document": result.source.pk,
                    "meeting": result.meeting.pk if result.meeting else None,
                    "message": result.message,
                    "warnings": warnings,
                }
            )
        progress.done()
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        self.stderr.write(
            "Filer: {files}, møder: {meetings}, til gennemsyn: {review}, punkter: {items}, "
            "advarsler: {warnings}, fejl: {failures}".format(**summary)
        )
        if not read_any:
            raise CommandError("Ingen af filerne kunne læses.")


class Progress:
    """A one-line progress bar on a terminal (stderr), silent otherwise."""

    def __init__(self, total: int, *, enabled: bool):
        self.total, self.count, self.enabled = total, 0, enabled

    def step(self, name: str) -> None:
        self.count += 1
        if self.enabled:
            width = 30
            filled = width * self.count // self.total
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r[{bar}] {self.count}/{self.total} {name[:40]:<40}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
