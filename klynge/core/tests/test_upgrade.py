"""Upgrading: the migrations run forward on the demo database of the previous release (made
by that release's `klynge load-demo`, kept in tests/data; see README, "Upgrading")."""

import gzip
import os
import shutil
import sqlite3
from pathlib import Path

from klynge.core.tests.commands import klynge

PREVIOUS = Path(__file__).parent / "data" / "previous-release-demo.sqlite3.gz"


def count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchone()[0]


def test_migrations_run_forward_on_the_previous_releases_demo_database(tmp_path):
    database = tmp_path / "previous.sqlite3"
    with gzip.open(PREVIOUS) as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    before = {
        table: count(database, f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        for table in [
            "meetings_meeting",
            "meetings_agendaitem",
            "accounts_user",
            "audit_auditevent",
        ]
    }
    applied = count(database, "SELECT COUNT(*) FROM django_migrations")
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    pending = klynge(env, "migrate", "--check")
    assert pending.returncode != 0, "the stored database should be behind this release"
    result = klynge(env, "migrate", "--no-input")
    assert result.returncode == 0, result.stderr
    assert klynge(env, "migrate", "--check").returncode == 0
    assert count(database, "SELECT COUNT(*) FROM django_migrations") > applied
    # Nothing lost on the way, and the site answers on the upgraded data.
    for table, rows in before.items():
        assert count(database, f"SELECT COUNT(*) FROM {table}") == rows  # noqa: S608
    check = klynge(env, "check", "--database", "default")
    assert check.returncode == 0, check.stderr
    page = klynge(
        env,
        "shell",
        "-v0",
        "-c",
        "from django.test import Client; from klynge.accounts.models import User; "
        "c = Client(); c.force_login(User.objects.get(email='sekretariat@klynge.test')); "
        "print(c.get('/', HTTP_HOST='127.0.0.1').status_code, "
        "c.get('/moeder/4/', HTTP_HOST='127.0.0.1').status_code)",
    )
    assert page.stdout.split() == ["200", "200"], page.stderr
