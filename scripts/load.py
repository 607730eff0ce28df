"""Load test: many simulated users on gunicorn and PostgreSQL, on this machine's loopback.

`make load` loads the demo into database `klynge_load` on the test command's PostgreSQL
server (`PG_URL`), serves it with gunicorn (DEBUG off) and runs locust headless
(scripts/locustfile.py): LOAD_USERS users (200) for LOAD_SECONDS (300) over the main pages,
search, the public archive and the API, beside /healthz. It prints p50/p95 per page next to
the minimal view and fails on any error. Then the restart drill: PostgreSQL is restarted
under load; requests in the gap must fail cleanly (a 503 answer, not a hang or a reset
connection) and Klynge must answer again without being restarted.

    make load
    LOAD_USERS=50 LOAD_SECONDS=60 make load
"""

import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PORT = int(os.environ.get("LOAD_PORT", "8766"))
USERS = int(os.environ.get("LOAD_USERS", "200"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "300"))
DRILL_SECONDS = int(os.environ.get("LOAD_DRILL_SECONDS", "60"))
SERVER = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/klynge").rsplit("/", 1)[0]
URL = f"{SERVER}/klynge_load"
ENV = {
    **os.environ,
    "DATABASE_URL": URL,
    "SECRET_KEY": "load-test-only",
    "DEBUG": "false",
    "DEMO_MODE": "true",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "false",
    "TASKS_BACKEND": "immediate",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "STATIC_ROOT": str(VAR / "static-load"),
    "CACHE_BACKEND": "database",
    "MEDIA_ROOT": str(VAR / "media-load"),
    "LOG_LEVEL": "WARNING",
    # The load measures capacity: the per-token limit has its own test.
    "API_RATE_PER_MINUTE": "1000000",
}
SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from klynge.accounts.models import User
from klynge.accounts.services import create_api_token
from klynge.actionplans.models import ActionPlan
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body, roles_for
# The secretariat, the heaviest user, on their own cluster's pages.
user = User.objects.get(email="sekretariat@klynge.test")
clusters = list(roles_for(user).secretariat_clusters)
sessions = []
for n in range(60):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
plan = ActionPlan.objects.filter(cluster__in=clusters).order_by("pk").first()
print(json.dumps({
    "sessions": sessions,
    "tokens": [create_api_token(actor=None, user=user, name=f"load {n}")[1] for n in range(5)],
    "meetings": list(
        Meeting.objects.filter(body__cluster__in=clusters).values_list("pk", flat=True)[:20]
    ),
    "bodies": list(Body.objects.filter(cluster__in=clusters).values_list("pk", flat=True)[:10]),
    "plan": plan.pk,
    "initiatives": list(plan.initiatives.values_list("pk", flat=True)),
    "public_meetings": list(Meeting.objects.public().values_list("pk", flat=True)[:20]),
}))
"""
PAGES = [
    "baseline", "home", "meeting", "body", "portfolio", "initiative", "search",
    "public_list", "public_meeting", "api_bodies", "api_meetings", "api_search",
]  # fmt: skip


def klynge(*args: str) -> str:
    result = subprocess.run(
        ["uv", "run", "--frozen", "klynge", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def prepare() -> dict[str, object]:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS klynge_load WITH (FORCE)")
        admin.execute("CREATE DATABASE klynge_load")
    print("Loading the demo into klynge_load …", flush=True)
    klynge("migrate", "-v0")
    klynge("createcachetable")
    klynge("collectstatic", "--no-input", "-v0")
    klynge("load-demo")
    return json.loads(klynge("shell", "-v0", "-c", SETUP).strip().splitlines()[-1])


def serve() -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            "uv",
            "run",
            "--frozen",
            "gunicorn",
            "klynge.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--timeout",
            "60",
            # Longer than a simulated user's pause (1-3 s): with gunicorn's default of 2 s a
            # request sent as the server closes the idle connection is reset.
            "--keep-alive",
            "75",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
    )
    for _ in range(60):
        if server.poll() is not None:  # e.g. the port is taken
            raise SystemExit(f"gunicorn stopped at start-up (exit {server.returncode})")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/readyz", timeout=10)
            return server
        except OSError:  # not listening yet, or its workers still starting
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start (or /readyz did not answer 200)")


def start_locust(
    facts: dict[str, object], users: int, seconds: int, prefix: str, loglevel: str
) -> subprocess.Popen[bytes]:
    """Locust headless: `users` for `seconds`, its figures in var/PREFIX_*.csv."""
    return subprocess.Popen(
        [
            "uv",
            "run",
            "--frozen",
            "locust",
            "-f",
            "scripts/locustfile.py",
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users // 10)),
            "--run-time",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(VAR / prefix),
            "--only-summary",
            "--loglevel",
            loglevel,
            "--exit-code-on-error",
            "0",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        env={**ENV, "LOAD_FACTS": json.dumps(facts)},
    )


def swarm(facts: dict[str, object], users: int, seconds: int, prefix: str) -> dict[str, dict]:
    """Run locust headless; its per-page figures from the CSV it writes."""
    VAR.mkdir(exist_ok=True)
    if start_locust(facts, users, seconds, prefix, "WARNING").wait():
        raise SystemExit("locust failed")
    rows = {}
    with (VAR / f"{prefix}_stats.csv").open() as stream:
        for row in csv.DictReader(stream):
            rows[row["Name"]] = row
    return rows


def figures(rows: dict[str, dict]) -> dict[str, dict[str, float]]:
    result = {}
    for name in PAGES:
        row = rows.get(name)
        if row is None:
            continue
        result[name] = {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
        }
    return result


def table(pages: dict[str, dict[str, float]]) -> None:
    base = pages["baseline"]
    print(f"\n{'page':16} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p50 ×':>6}")
    for name, page in pages.items():
        ratio = page["p50_ms"] / base["p50_ms"] if base["p50_ms"] else 0
        print(
            f"{name:16} {page['requests']:8} {page['errors']:6} {page['p50_ms']:8.0f} "
            f"{page['p95_ms']:8.0f} {ratio:6.1f}"
        )


def restart_drill(server: subprocess.Popen[bytes], facts: dict[str, object]) -> dict[str, object]:
    """PostgreSQL restarted under load: no hang, clean 503s in the gap, then answers again."""
    version = sorted(os.listdir("/etc/postgresql"), key=float)[-1]
    swarming = start_locust(facts, 40, DRILL_SECONDS, "load-drill", "ERROR")
    time.sleep(DRILL_SECONDS / 3)
    print("Restarting PostgreSQL under load …", flush=True)
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
    )
    swarming.wait()
    failures = list(csv.DictReader((VAR / "load-drill_failures.csv").open()))
    kinds = sorted({row["Error"] for row in failures})
    after = [
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}/readyz", timeout=10).status
        for _ in range(5)
    ]
    return {
        "server_restarted": server.poll() is not None,
        "errors_in_gap": sum(int(row["Occurrences"]) for row in failures),
        "error_kinds": kinds,
        "answers_after": after,
    }


def main() -> None:
    if subprocess.run([sys.executable, "scripts/pg_available.py", URL], cwd=ROOT).returncode:
        raise SystemExit(f"PostgreSQL does not answer at {SERVER}: set PG_URL.")
    facts = prepare()
    server = serve()
    try:
        print(f"{USERS} users for {SECONDS} s on gunicorn + PostgreSQL …", flush=True)
        pages = figures(swarm(facts, USERS, SECONDS, "load"))
        table(pages)
        report: dict[str, object] = {"users": USERS, "seconds": SECONDS, "pages": pages}
        errors = sum(page["errors"] for page in pages.values())
        if os.path.isdir("/etc/postgresql") and "127.0.0.1" in SERVER:
            drill = restart_drill(server, facts)
            report["restart_drill"] = drill
            print(f"\nRestart drill: {json.dumps(drill)}")
        (VAR / "load.json").write_text(json.dumps(report, indent=2))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    if errors:
        raise SystemExit(f"FAILED: {errors} errors under load (see var/load_failures.csv)")
    drill = report.get("restart_drill")
    if isinstance(drill, dict):
        clean = all(kind.startswith(("HTTPError('503", "503")) for kind in drill["error_kinds"])
        if drill["server_restarted"] or drill["answers_after"] != [200] * 5 or not clean:
            raise SystemExit(f"FAILED: the restart drill: {drill}")
    print("\nLoad test passed: no errors; Klynge came back after the database restart.")


if __name__ == "__main__":
    main()
