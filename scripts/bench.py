"""Benchmark: Klynge's pages under gunicorn against a minimal view, in one run per database.

Generates national-scale data (once per version of the generator), serves it with gunicorn
(2 workers, DEBUG off) and measures throughput and p50/p95 latency of the logged-in pages
(meeting, body, home, portfolio, initiative, search) and the public ones (the public meeting
list, a published meeting, its minutes PDF) next to /healthz, a minimal Django view through
the same middleware. Rounds are interleaved so all pages see the same machine; the ratio of a
page's throughput to /healthz's is the figure.

SQLite always (var/bench.json); PostgreSQL when reachable (var/bench-postgres.json):
`BENCH_DATABASE_URL`, else database `klynge_bench` on the test command's `PG_URL` server
(made once per version of the generator, shared with `make bench-search`).

    make bench                     # or: uv run python scripts/bench.py
    BENCH_REQUESTS=600 BENCH_CONCURRENCY=4 make bench
"""

import hashlib
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

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
CSRF = secrets.token_hex(16)
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{DB}",
    "SECRET_KEY": "benchmark-only",
    "DEBUG": "false",
    "DEMO_MODE": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "false",
    "STATIC_ROOT": str(VAR / "static-bench"),
    "CACHE_LOCATION": str(VAR / "cache-bench"),
    "LOG_LEVEL": "WARNING",
}
SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from klynge.accounts.models import User
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Body, Membership, Person
body = Body.objects.filter(level="political", cluster__kind="health_cluster").order_by("pk").first()
user, _ = User.objects.get_or_create(email="bench@klynge.test", defaults={"name": "Bench"})
person, _ = Person.objects.get_or_create(user=user, defaults={"name": "Bench"})
Membership.objects.get_or_create(person=person, body=body, role="secretariat")
meeting = Meeting.objects.filter(body=body).order_by("-date").first()
published = (
    Meeting.objects.filter(body=body, status=MeetingStatus.MINUTES_PUBLISHED)
    .order_by("-date")
    .first()
)
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
                  "initiative": initiative.pk, "reports": initiative.reports.count(),
                  "published": published.pk, "published_items": published.items.count(),
                  "public_meetings": Meeting.objects.public().count()}))
"""


def klynge(env: dict[str, str], *args: str, capture: bool = True) -> str:
    result = subprocess.run(
        ["uv", "run", "--frozen", "klynge", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout or ""


def reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def sqlite_env() -> dict[str, str]:
    """The SQLite database with national data, generated once per generator."""
    VAR.mkdir(exist_ok=True)
    if not DB.exists():
        print("Generating national-scale data on SQLite (once; a minute or two) …", flush=True)
        partial = DB.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        env = {**ENV, "DATABASE_URL": f"sqlite:///{partial}"}
        klynge(env, "migrate", "-v0", capture=False)
        klynge(env, "generate-data", "--scale", "national", capture=False)
        partial.rename(DB)
    return dict(ENV)


def postgres_env() -> dict[str, str] | None:
    """The PostgreSQL database with national data, or None when no server answers."""
    url = os.environ.get("BENCH_DATABASE_URL") or (
        os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/klynge").rsplit("/", 1)[0]
        + "/klynge_bench"
    )
    server = url.rsplit("/", 1)[0] + "/postgres"
    if not reachable(server):
        print(f"PostgreSQL not reachable at {server}: its figures are skipped.")
        return None
    marker = VAR / f"bench-postgres-{DB.stem}.generated"
    env = {**ENV, "DATABASE_URL": url}
    if not marker.exists():  # a new generator: the database is made anew
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        print("Generating national-scale data on PostgreSQL (once) …", flush=True)
        klynge(env, "migrate", "-v0", capture=False)
        klynge(env, "generate-data", "--scale", "national", capture=False)
        marker.write_text("generated\n")
    return env


def fetch(path: str, session: str | None) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    started = time.perf_counter()
    # A browser that has logged in also holds the CSRF cookie (the login form set it).
    headers = {"Cookie": f"klynge-session={session}; klynge-csrftoken={CSRF}"} if session else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return time.perf_counter() - started, response.status


def measure(path: str, session: str | None, count: int) -> tuple[list[float], float]:
    times: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    per_thread = max(1, count // CONCURRENCY)

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
        raise SystemExit(
            f"FAILED: {path} answered {sorted(set(failures))}, not 200: see the server's log above"
        )
    return times, time.perf_counter() - started


def run(env: dict[str, str], backend: str) -> dict[str, object]:
    klynge(env, "migrate", "-v0")
    klynge(env, "createcachetable")
    klynge(env, "collectstatic", "--no-input", "-v0")
    facts = json.loads(klynge(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    session = str(facts["session"])
    # name: (label, path, logged in)
    pages = {
        "baseline": ("minimal view (/healthz)", "/healthz", True),
        "meeting": (f"meeting page ({facts['items']} items)", f"/moeder/{facts['meeting']}/", True),
        "body": (
            f"body page ({facts['memberships']} memberships, {facts['meetings_of_body']} meetings)",
            f"/organer/{facts['body']}/",
            True,
        ),
        "home": ("home page", "/", True),
        "portfolio": (
            f"portfolio ({facts['initiatives']} initiatives, {facts['cycles']} cycles)",
            f"/handleplaner/{facts['plan']}/",
            True,
        ),
        "initiative": (
            f"initiative page ({facts['reports']} status reports)",
            f"/indsatser/{facts['initiative']}/",
            True,
        ),
        "search": ("search (sundhed)", "/soeg/?q=sundhed", True),
        "public_list": (
            f"public meeting list (of {facts['public_meetings']})",
            "/offentlig/",
            False,
        ),
        "public_meeting": (
            f"published meeting, public ({facts['published_items']} items)",
            f"/offentlig/moeder/{facts['published']}/",
            False,
        ),
        "public_minutes_pdf": (
            "its minutes PDF, public",
            f"/offentlig/moeder/{facts['published']}/referat.pdf",
            False,
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
        env=env,
    )
    try:
        for _ in range(150):
            try:
                if fetch("/healthz", None)[1] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for _label, path, logged_in in pages.values():  # warm up, and fail loudly on non-200
            measure(path, session if logged_in else None, CONCURRENCY * 5)
        results: dict[str, tuple[list[float], float]] = {name: ([], 0.0) for name in pages}
        for _ in range(ROUNDS):
            for name, (_label, path, logged_in) in pages.items():
                times, wall = measure(path, session if logged_in else None, REQUESTS // ROUNDS)
                results[name] = (results[name][0] + times, results[name][1] + wall)
    finally:
        server.terminate()
        server.wait()
    figures: dict[str, dict[str, float]] = {}
    for name, (times, wall) in results.items():
        times.sort()
        figures[name] = {
            "rps": len(times) / wall,
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": times[max(0, int(len(times) * 0.95) - 1)] * 1000,
        }
    base = figures.pop("baseline")
    for values in figures.values():
        values["ratio"] = values["rps"] / base["rps"]
    print(
        f"\nKlynge benchmark: gunicorn 2 workers, {backend}, {CONCURRENCY} concurrent clients, "
        f"{REQUESTS} requests per page in {ROUNDS} interleaved rounds"
    )
    columns = ("req/s", "p50 ms", "p95 ms", "÷ minimal", "target")
    widths = (7, 8, 8, 10, 7)
    header = f"{'page':<58} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    print(header)
    print("-" * len(header))
    targets = {"public_list": 0.7, "public_meeting": 0.7, "public_minutes_pdf": 0.7, "search": 0.0}
    rows = [("baseline", {**base, "ratio": 1.0}), *figures.items()]
    for name, values in rows:
        target = targets.get(name, 0.35) if name != "baseline" else 0.0
        cells = (values["rps"], values["p50_ms"], values["p95_ms"], values["ratio"])
        mark = "" if not target else (f"≥{target}" + (" ✓" if values["ratio"] >= target else " ✗"))
        print(
            f"{pages[name][0]:<58} "
            + " ".join(
                f"{f:{w}.2f}" if i == 3 else f"{f:{w}.1f}"
                for i, (f, w) in enumerate(zip(cells, widths, strict=False))
            )
            + f" {mark:>{widths[-1]}}"
        )
    return {"backend": backend, "baseline": base, "pages": figures}


def main() -> None:
    figures = run(sqlite_env(), "sqlite")
    (VAR / "bench.json").write_text(json.dumps(figures, indent=2) + "\n")
    postgres = postgres_env()
    if postgres is not None:
        figures = run(postgres, "postgresql")
        (VAR / "bench-postgres.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nFigures in {VAR / 'bench.json'}" + (" and bench-postgres.json" if postgres else ""))


if __name__ == "__main__":
    sys.exit(main())
