"""The restore drill: back up an instance with the demo data and its files, restore it into
an empty one, and compare row counts and file hashes; on the backend the suite runs on
(`make test` runs it on SQLite and on PostgreSQL)."""

import io
import json
import os
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from klynge.core.tests.commands import klynge

pytestmark = pytest.mark.django_db


def fresh_database(tmp_path: Path, name: str) -> str:
    """A URL of an empty database of the suite's kind."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / name}.sqlite3"
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "klynge_{name}"')
        admin.execute(f'CREATE DATABASE "klynge_{name}"')
    return f"{server}/klynge_{name}"


def instance(tmp_path: Path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "true",
        "DEMO_MODE": "true",
        "TASKS_BACKEND": "immediate",
        "DATABASE_URL": fresh_database(tmp_path, name),
        "MEDIA_ROOT": str(tmp_path / f"{name}-media"),
    }


def manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_backup_restores_into_an_empty_instance_with_the_same_rows_and_files(tmp_path):
    source = instance(tmp_path, "drill_source")
    assert klynge(source, "migrate", "-v0").returncode == 0
    assert klynge(source, "load-demo").returncode == 0
    archive = tmp_path / "klynge.tar"
    made = klynge(source, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    backed_up = manifest(archive)
    assert backed_up["backend"] == ("postgresql" if connection.vendor == "postgresql" else "sqlite")
    assert backed_up["tables"]["meetings_meeting"] > 10
    bilag = [name for name in backed_up["files"] if name.startswith("media/bilag/")]
    assert bilag, "the demo has bilag files"

    target = instance(tmp_path, "drill_target")
    restored = klynge(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    # Independently of the restore's own check: a backup of the restored instance has the
    # same rows and the same files, byte for byte.
    again = tmp_path / "again.tar"
    assert klynge(target, "backup", str(again)).returncode == 0
    second = manifest(again)
    assert second["tables"] == backed_up["tables"]
    media = {k: v for k, v in backed_up["files"].items() if k.startswith("media/")}
    assert {k: v for k, v in second["files"].items() if k.startswith("media/")} == media
    assert second["migrations"] == backed_up["migrations"]

    # A second restore into the now full target is refused, and changes nothing.
    refused = klynge(target, "restore", str(archive))
    assert refused.returncode != 0 and "not empty" in refused.stderr


def test_a_damaged_archive_is_refused_before_anything_is_touched(tmp_path):
    source = instance(tmp_path, "drill_damaged")
    assert klynge(source, "migrate", "-v0").returncode == 0
    (Path(source["MEDIA_ROOT"]) / "bilag").mkdir(parents=True)
    (Path(source["MEDIA_ROOT"]) / "bilag" / "a.pdf").write_bytes(b"%PDF-1.4 original")
    archive = tmp_path / "k.tar"
    assert klynge(source, "backup", str(archive)).returncode == 0
    # Swap the file for another with the same name: its hash no longer matches.
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as old, tarfile.open(damaged, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == "media/bilag/a.pdf":
                data = b"%PDF-1.4 changed"
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    target = instance(tmp_path, "drill_damaged_target")
    result = klynge(target, "restore", str(damaged))
    assert result.returncode != 0 and "damaged" in result.stderr
    assert not Path(target["MEDIA_ROOT"]).exists()
