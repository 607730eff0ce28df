"""Backup and restore: the database and the uploaded files in one archive, with a manifest.

An archive (a .tar file) holds `manifest.json`, the database (`database.sqlite3`, made with
SQLite's online backup API, or `database.pgdump`, PostgreSQL's `pg_dump -Fc`) and `media/`,
every uploaded file. The manifest names the backend, the applied migrations, the row count
of every table and the SHA-256 of every file in the archive. A restore checks every hash
before it touches anything, refuses a target that has data unless forced, and afterwards
compares the restored row counts and files with the manifest.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

from klynge.core.pagecache import bump_generation

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> Iterator[Path]:
    if root.exists():
        yield from sorted(path for path in root.rglob("*") if path.is_file())


def media_hashes(root: Path) -> dict[str, str]:
    return {
        "media/" + path.relative_to(root).as_posix(): sha256(path) for path in media_files(root)
    }


def table_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def live_counts() -> dict[str, int]:
    """Row counts of every table in the configured database, as Django sees it now."""
    with connection.cursor() as cursor:
        return table_counts(cursor, connection.introspection.table_names(cursor))


def backend() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _pg_env() -> dict[str, str]:
    """pg_dump/pg_restore reach the server the way Django does (password not on the command
    line, where `ps` would show it)."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    env.update({name: str(db[key]) for key, name in names.items() if db.get(key)})
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _dump_database(folder: Path) -> tuple[str, dict[str, int]]:
    """The database file in `folder`, and the row counts of exactly what it holds."""
    if backend() == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)  # online: writers may go on meanwhile
            found = copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = [row[0] for row in found.fetchall() if not row[0].startswith("sqlite_")]
            counts = table_counts(copy.cursor(), tables)
        copy.close()
        return target.name, counts
    target = folder / "database.pgdump"
    # Counts and dump from one snapshot: the manifest describes exactly the dump.
    with connection.cursor() as pg:
        pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            pg.execute("SELECT pg_export_snapshot()")
            snapshot = pg.fetchone()[0]
            counts = table_counts(pg, connection.introspection.table_names(pg))
            _run(["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target)])
        finally:
            pg.execute("COMMIT")
    return target.name, counts


def create_backup(path: Path) -> dict[str, Any]:
    """Write the archive to `path`; returns its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="klynge-backup-") as temp:
        folder = Path(temp)
        database, counts = _dump_database(folder)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "backend": backend(),
            "database": database,
            "migrations": _applied_migrations(),
            "tables": counts,
            "files": {database: sha256(folder / database), **media_hashes(media_root)},
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(folder / MANIFEST, MANIFEST)
            archive.add(folder / database, database)
            for file in media_files(media_root):
                archive.add(file, "media/" + file.relative_to(media_root).as_posix())
        partial.replace(path)  # a backup cut short never looks like a whole one
    return manifest


#: Tables `migrate` fills by itself: a migrated instance with only these is still empty.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}


def _has_data() -> bool:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = table_counts(cursor, [t for t in tables if t not in BOOKKEEPING])
    return any(counts.values())


@contextmanager
def _unpacked(path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    with tempfile.TemporaryDirectory(prefix="klynge-restore-") as temp:
        folder = Path(temp)
        try:
            with tarfile.open(path) as archive:
                archive.extractall(folder, filter="data")
            manifest = json.loads((folder / MANIFEST).read_text())
        except (OSError, tarfile.TarError, ValueError, KeyError) as error:
            raise BackupError(f"{path} is not a Klynge backup: {error}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
        for name, expected in manifest["files"].items():
            file = folder / name
            if not file.is_file() or sha256(file) != expected:
                raise BackupError(f"{name} in the backup is missing or damaged (SHA-256 differs)")
        yield folder, manifest


def restore_backup(path: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore the archive into the configured database and MEDIA_ROOT, then verify them
    against its manifest. Returns {"tables": differences, "files": differences}."""
    media_root = Path(settings.MEDIA_ROOT)
    with _unpacked(path) as (folder, manifest):
        if manifest["backend"] != backend():
            raise BackupError(f"The backup is of {manifest['backend']}, the target is {backend()}")
        if not force and (_has_data() or any(media_files(media_root))):
            raise BackupError(
                "The target database or MEDIA_ROOT is not empty; "
                "restore into an empty one, or pass --force to replace it"
            )
        database = folder / manifest["database"]
        if backend() == "sqlite":
            connections.close_all()
            with sqlite3.connect(database) as source:
                connection.ensure_connection()
                source.backup(connection.connection)
            source.close()
        else:
            connections.close_all()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "-d",
                  _pg_env()["PGDATABASE"], str(database)])  # fmt: skip
        if media_root.exists():
            shutil.rmtree(media_root)
        media = folder / "media"
        if media.exists():
            shutil.copytree(media, media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    # The database was replaced behind the ORM's back: no page rendered before may be served.
    bump_generation()
    return verify(manifest)


def verify(manifest: dict[str, Any]) -> dict[str, Any]:
    """What differs between the configured database and media and the manifest."""
    counts = live_counts()
    tables = {
        table: [expected, counts.get(table)]
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    expected_media = {k: v for k, v in manifest["files"].items() if k.startswith("media/")}
    found = media_hashes(Path(settings.MEDIA_ROOT))
    files = sorted(
        name
        for name in expected_media.keys() | found.keys()
        if expected_media.get(name) != found.get(name)
    )
    return {"tables": tables, "files": files}
