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
import random
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
WRITER_SECONDS = int(os.environ.get("BENCH_WRITER_SECONDS", "30"))
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
from klynge.actionplans.models import ActionPlan
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
plan = ActionPlan.objects.filter(cluster=body.cluster).order_by("-period_start").first()
initiative = plan.initiatives.order_by("number").first()
# The readers with a writer read the pages of eight clusters as a secretary of all eight
# (the writer writes in all clusters).
reader, _ = User.objects.get_or_create(email="bench-spread@klynge.test", defaults={"name": "B"})
reader_person, _ = Person.objects.get_or_create(user=reader, defaults={"name": "Bench Spread"})
spread = []
politicals = Body.objects.filter(level="political", cluster__kind="health_cluster")
for other in politicals.order_by("pk")[:8]:
    Membership.objects.get_or_create(person=reader_person, body=other, role="secretariat")
    other_plan = ActionPlan.objects.filter(cluster=other.cluster).order_by("-period_start")[0]
    latest = Meeting.objects.filter(body=other, date__year__gt=2000).order_by("-date")[0]
    first_initiative = other_plan.initiatives.order_by("number")[0]
    spread += [f"/moeder/{latest.pk}/", f"/organer/{other.pk}/",
               f"/handleplaner/{other_plan.pk}/", f"/indsatser/{first_initiative.pk}/"]
def login(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
print(json.dumps({"session": login(user), "spread_session": login(reader),
                  "meeting": meeting.pk, "body": body.pk,
                  "items": meeting.items.count(), "memberships": body.memberships.count(),
                  "meetings_of_body": body.meetings.count(), "plan": plan.pk,
                  "initiatives": plan.initiatives.count(), "cycles": plan.cycles.count(),
                  "initiative": initiative.pk, "reports": initiative.reports.count(),
                  "published": published.pk, "published_items": published.items.count(),
                  "public_meetings": Meeting.objects.public().count(), "spread": spread}))
"""

# One realistic write a second in a random cluster (an afbud, an item edited, a status
# report), each as one request's unit of work, through the services the pages use. Its own
# meeting and status cycle per cluster are dated 2000, so no page the readers read lists them.
WRITER = """
import datetime, os, random, time
from klynge.core import pagecache
from klynge.accounts.models import User
from klynge.actionplans import services as plans
from klynge.actionplans.models import ActionPlan, StatusCycle
from klynge.meetings import services as meetings
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body
actor = User.objects.get(email="bench@klynge.test")
PLACE = "Benchmark: skriveren"
def own_meeting(body, day):
    meeting = Meeting.objects.filter(body=body, place=PLACE).first()
    if meeting is None:
        meeting = meetings.create_meeting(actor=actor, body=body, values={
            "date": datetime.date(2000, 1, day), "start_time": datetime.time(9),
            "end_time": datetime.time(10), "place": PLACE})
        meetings.change_meeting_status(actor=actor, meeting=meeting, to_status="agenda_published")
    return meeting
targets = []
for political in Body.objects.filter(level="political").order_by("pk"):
    chief = Body.objects.filter(cluster=political.cluster, level="chief").first()
    plan = ActionPlan.objects.filter(cluster=political.cluster).order_by("-period_start").first()
    meeting = own_meeting(political, 1)
    cycle = None
    if chief is not None and plan is not None:
        chief_meeting = own_meeting(chief, 2)
        cycle = StatusCycle.objects.filter(plan=plan, meeting=chief_meeting).first()
        if cycle is None:
            cycle = plans.start_status_cycle(actor=actor, plan=plan, meeting=chief_meeting,
                                             deadline=chief_meeting.date)
    targets.append((meeting, cycle))
seconds = int(os.environ.get("BENCH_WRITES", "0"))
print(f"writer: {len(targets)} clusters ready", flush=True)
done = {"afbud": 0, "item": 0, "status": 0}
for n in range(seconds):
    started = time.monotonic()
    meeting, cycle = random.choice(targets)
    kind = ("afbud", "item", "status")[n % 3]
    with pagecache.unit_of_work():
        if kind == "status" and cycle is not None and cycle.reports.exists():
            report = cycle.reports.order_by("?").first()
            plans.report_status(actor=actor, report=report, values={
                "rag": "green", "delivered": f"Leveret som planlagt ({n})"})
        elif kind == "afbud" and meeting.attendances.exists():
            attendance = meeting.attendances.order_by("?").first()
            meetings.register_absence(actor=actor, meeting=meeting, person=attendance.person,
                                      absent=attendance.status != "absent", note="")
        else:
            kind = "item"
            item = meeting.items.order_by("?").first()
            meetings.update_agenda_item(actor=actor, item=item, version=item.version,
                                        values={"title": f"Orientering fra formandskabet ({n})"})
    done[kind] += 1
    time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
print(f"writer: {done}", flush=True)
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
    # As autovacuum does on a production server (this one may run without it): the planner
    # needs the tables' statistics.
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")
    return env


def fetch(path: str, session: str | None, port: int = PORT) -> tuple[float, int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    # A browser that has logged in also holds the CSRF cookie (the login form set it).
    headers = {"Cookie": f"klynge-session={session}; klynge-csrftoken={CSRF}"} if session else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return time.perf_counter() - started, response.status, response.getheader("X-Klynge-Cache", "")


def measure(
    path: str, session: str | None, count: int, port: int = PORT
) -> tuple[list[float], float]:
    times: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    per_thread = max(1, count // CONCURRENCY)

    def worker() -> None:
        for _ in range(per_thread):
            elapsed, status, _cache = fetch(path, session, port)
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


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
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
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(300):
        try:
            if fetch("/healthz", None, port)[1] == 200:
                break
        except OSError:
            time.sleep(0.2)
    return server


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times) * 1000, times[max(0, int(len(times) * 0.95) - 1)] * 1000


def read_around(paths: list[str], session: str, seconds: float) -> dict[str, float]:
    """CONCURRENCY readers, each going through the pages in its own random order for
    `seconds`: p50/p95 and the share of pages served from the cache."""
    times: list[float] = []
    states: list[str] = []
    lock = threading.Lock()
    until = time.monotonic() + seconds

    def reader(seed: int) -> None:
        order = list(paths)
        random.Random(seed).shuffle(order)
        n = 0
        while time.monotonic() < until:
            elapsed, status, cache = fetch(order[n % len(order)], session)
            n += 1
            if status != 200:
                raise SystemExit(f"FAILED: {order[n % len(order)]} answered {status}")
            with lock:
                times.append(elapsed)
                states.append(cache)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    p50, p95 = percentiles(times)
    cacheable = [state for state in states if state]
    return {
        "requests": len(times),
        "p50_ms": p50,
        "p95_ms": p95,
        "hit_rate": cacheable.count("hit") / max(1, len(cacheable)),
    }


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
    # Two servers side by side: the page cache on, and off (every view a first view).
    cached = serve(env, PORT)
    first = serve({**env, "PAGE_CACHE_SECONDS": "0"}, PORT + 1)
    try:
        for _label, path, logged_in in pages.values():  # warm up, and fail loudly on non-200
            for port in (PORT, PORT + 1):
                measure(path, session if logged_in else None, CONCURRENCY * 5, port)
        results: dict[str, dict[int, tuple[list[float], float]]] = {
            name: {PORT: ([], 0.0), PORT + 1: ([], 0.0)} for name in pages
        }
        for _ in range(ROUNDS):
            for name, (_label, path, logged_in) in pages.items():
                for port in (PORT, PORT + 1):
                    times, wall = measure(
                        path, session if logged_in else None, REQUESTS // ROUNDS, port
                    )
                    before = results[name][port]
                    results[name][port] = (before[0] + times, before[1] + wall)
        first.terminate()
        first.wait()
        # Readers going through the pages of eight clusters, then the same with a writer.
        spread = [*facts["spread"], "/"]
        writer_setup = subprocess.run(
            ["uv", "run", "--frozen", "klynge", "shell", "-v", "0", "-c", WRITER],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        print(writer_setup.stdout.strip().splitlines()[-1])
        reader = str(facts["spread_session"])
        read_around(spread, reader, 5)  # the pages into the cache
        quiet = read_around(spread, reader, WRITER_SECONDS)
        writer = subprocess.Popen(
            ["uv", "run", "--frozen", "klynge", "shell", "-v", "0", "-c", WRITER],
            cwd=ROOT,
            env={**env, "BENCH_WRITES": str(WRITER_SECONDS)},
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        print(writer.stdout.readline().strip())  # its setup is done: the writes begin
        writing = read_around(spread, reader, WRITER_SECONDS)
        print(writer.communicate(timeout=120)[0].strip())  # the writes it made
        if writer.returncode:
            raise SystemExit("FAILED: the writer stopped with an error (see above)")
    finally:
        for server in (cached, first):
            server.terminate()
            server.wait()
    figures: dict[str, dict[str, float]] = {}
    for name, by_port in results.items():
        values: dict[str, float] = {}
        for port, prefix in ((PORT, ""), (PORT + 1, "first_")):
            times, wall = by_port[port]
            p50, p95 = percentiles(times)
            values |= {
                f"{prefix}rps": len(times) / wall,
                f"{prefix}p50_ms": p50,
                f"{prefix}p95_ms": p95,
            }
        figures[name] = values
    base = figures.pop("baseline")
    for values in figures.values():
        values["ratio"] = values["rps"] / base["rps"]
        values["first_ratio"] = values["first_rps"] / base["rps"]
    print(
        f"\nKlynge benchmark: gunicorn 2 workers, {backend}, {CONCURRENCY} concurrent clients, "
        f"{REQUESTS} requests per page in {ROUNDS} interleaved rounds, page cache on and off"
    )
    columns = ("req/s", "p50 ms", "÷ min", "first req/s", "p50 ms", "p95 ms", "÷ min", "target")
    widths = (7, 7, 6, 11, 7, 7, 6, 9)
    header = f"{'page':<54} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    print(header)
    print("-" * len(header))
    # Public pages: cached ≥ 0.7; logged-in pages: first views ≥ 0.25.
    targets = {"public_list": 0.7, "public_meeting": 0.7, "public_minutes_pdf": 0.7, "search": 0.0}
    rows = [
        ("baseline", {**base, "ratio": 1.0, "first_ratio": base["first_rps"] / base["rps"]}),
        *figures.items(),
    ]
    for name, values in rows:
        target = targets.get(name, 0.25) if name != "baseline" else 0.0
        judged = values["ratio"] if name.startswith("public") else values["first_ratio"]
        mark = "" if not target else (f"≥{target}" + (" ✓" if judged >= target else " ✗"))
        cells = (
            f"{values['rps']:7.1f}",
            f"{values['p50_ms']:7.1f}",
            f"{values['ratio']:6.2f}",
            f"{values['first_rps']:11.1f}",
            f"{values['first_p50_ms']:7.1f}",
            f"{values['first_p95_ms']:7.1f}",
            f"{values['first_ratio']:6.2f}",
            f"{mark:>9}",
        )
        print(f"{pages[name][0]:<54} " + " ".join(cells))
    print(
        f"\nReading the pages of 8 clusters ({len(spread)} pages, {CONCURRENCY} readers, "
        f"{WRITER_SECONDS} s each), the page cache on:"
    )
    for label, phase in (
        ("without a writer", quiet),
        ("one write a second, random cluster", writing),
    ):
        print(
            f"  {label:<36} {phase['requests']:6.0f} requests  hit rate {phase['hit_rate']:.1%}  "
            f"p50 {phase['p50_ms']:6.1f} ms  p95 {phase['p95_ms']:6.1f} ms"
        )
    ok = writing["hit_rate"] >= 0.8 and writing["p95_ms"] <= 2 * quiet["p95_ms"]
    print(f"  target: hit rate ≥ 80 % and p95 ≤ 2× without the writer {'✓' if ok else '✗'}")
    return {
        "backend": backend,
        "baseline": base,
        "pages": figures,
        "reading": {"without_writer": quiet, "with_writer": writing},
    }


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
