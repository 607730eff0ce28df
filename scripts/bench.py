"""Benchmark: Klynge's pages under gunicorn against a minimal view, in one run.

Generates national-scale data into var/bench.sqlite3 (once), serves it with gunicorn
(2 workers, DEBUG off) and measures throughput and p50/p95 latency of the meeting page, a body
page, the home page, an action plan's portfolio and an initiative page next to /healthz, a
minimal Django view through the same middleware.
Rounds are interleaved so all pages see the same machine; the ratio to /healthz is the figure.

    make bench                     # or: uv run python scripts/bench.py
    BENCH_REQUESTS=600 BENCH_CONCURRENCY=4 make bench
"""

import hashlib
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
# The generated database is kept between runs, and made anew when the generator changes.
GENERATOR = hashlib.sha256(
    b"".join(
        (ROOT / "klynge" / "demo" / name).read_bytes() for name in ("generate.py", "danish.py")
    )
).hexdigest()
DB = VAR / f"bench-{GENERATOR[:12]}.sqlite3"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
ROUNDS = 3
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{DB}",
    "SECRET_KEY": "benchmark-only",
    "DEBUG": "false",
    "DEMO_MODE": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "false",
    "STATIC_ROOT": str(VAR / "static-bench"),
    "LOG_LEVEL": "WARNING",
}
SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from klynge.accounts.models import User
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body, Membership, Person
body = Body.objects.filter(level="political", cluster__kind="health_cluster").order_by("pk").first()
user, _ = User.objects.get_or_create(email="bench@klynge.test", defaults={"name": "Bench"})
person, _ = Person.objects.get_or_create(user=user, defaults={"name": "Bench"})
Membership.objects.get_or_create(person=person, body=body, role="secretariat")
meeting = Meeting.objects.filter(body=body).order_by("-date").first()
from klynge.actionplans.models import ActionPlan
plan = ActionPlan.objects.filter(cluster=body.cluster).order_by("-period_start").first()
initiative = plan.initiatives.order_by("number").first()
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"session": session.session_key, "meeting": meeting.pk, "body": body.pk,
                  "items": meeting.items.count(), "memberships": body.memberships.count(),
                  "meetings_of_body": body.meetings.count(), "plan": plan.pk,
                  "initiatives": plan.initiatives.count(), "cycles": plan.cycles.count(),
                  "initiative": initiative.pk, "reports": initiative.reports.count()}))
"""


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


def prepare() -> dict[str, int | str]:
    VAR.mkdir(exist_ok=True)
    if not DB.exists():
        print("Generating national-scale data (once; takes a minute or two) …", flush=True)
        partial = DB.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        env_db = {**ENV, "DATABASE_URL": f"sqlite:///{partial}"}
        for args in (["migrate", "-v0"], ["generate-data", "--scale", "national"]):
            subprocess.run(
                ["uv", "run", "--frozen", "klynge", *args], cwd=ROOT, env=env_db, check=True
            )
        partial.rename(DB)
    klynge("migrate", "-v0")
    klynge("collectstatic", "--no-input", "-v0")
    return json.loads(klynge("shell", "-c", SETUP).strip().splitlines()[-1])


def fetch(path: str, session: str) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return time.perf_counter() - started, response.status


def measure(path: str, session: str, count: int) -> tuple[list[float], float]:
    times: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    per_thread = count // CONCURRENCY

    def worker() -> None:
        for _ in range(per_thread):
            elapsed, status = fetch(path, session)
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    failures.append(status)

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{path} answered {sorted(set(failures))}: see the server's log above")
    return times, time.perf_counter() - started


def main() -> None:
    facts = prepare()
    session = str(facts["session"])
    pages = {
        "minimal view (/healthz)": "/healthz",
        f"meeting page ({facts['items']} items)": f"/moeder/{facts['meeting']}/",
        f"body page ({facts['memberships']} memberships, {facts['meetings_of_body']} meetings)": (
            f"/organer/{facts['body']}/"
        ),
        "home page": "/",
        f"portfolio ({facts['initiatives']} initiatives, {facts['cycles']} cycles)": (
            f"/handleplaner/{facts['plan']}/"
        ),
        f"initiative page ({facts['reports']} status reports)": (
            f"/indsatser/{facts['initiative']}/"
        ),
    }
    server = subprocess.Popen(
        [
            "uv",
            "run",
            "--frozen",
            "gunicorn",
            "klynge.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                if fetch("/healthz", session)[1] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for path in pages.values():  # warm up
            measure(path, session, CONCURRENCY * 5)
        results: dict[str, tuple[list[float], float]] = {name: ([], 0.0) for name in pages}
        for _ in range(ROUNDS):
            for name, path in pages.items():
                times, wall = measure(path, session, REQUESTS // ROUNDS)
                results[name] = (results[name][0] + times, results[name][1] + wall)
    finally:
        server.terminate()
        server.wait()

    print(
        f"\nKlynge benchmark: gunicorn 2 workers, SQLite, {CONCURRENCY} concurrent clients, "
        f"{REQUESTS} requests per page in {ROUNDS} interleaved rounds"
    )
    columns = ("req/s", "p50 ms", "p95 ms", "p50 × minimal", "throughput ÷")
    widths = (7, 8, 8, 14, 13)
    header = f"{'page':<58} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    print(header)
    print("-" * len(header))
    base_p50 = base_rps = 0.0
    for name, (times, wall) in results.items():
        times.sort()
        rps = len(times) / wall
        p50 = statistics.median(times) * 1000
        p95 = times[int(len(times) * 0.95) - 1] * 1000
        if not base_p50:
            base_p50, base_rps = p50, rps
        figures = (rps, p50, p95, p50 / base_p50, base_rps / rps)
        print(
            f"{name:<58} " + " ".join(f"{f:{w}.1f}" for f, w in zip(figures, widths, strict=True))
        )


if __name__ == "__main__":
    sys.exit(main())
