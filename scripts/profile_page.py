"""One page's first view in one process, against /healthz: where the time goes.

Renders a page with the page cache off on the benchmark's national data (`make bench` makes
it), as the benchmark's secretariat user, timing it beside /healthz through the same
middleware (interleaved, so both see the same machine), and optionally prints a cProfile of
it. A tool for working on one page: the figures that count are `make bench`'s.

    uv run python scripts/profile_page.py /moeder/123/            # ms per view, ratio
    uv run python scripts/profile_page.py /moeder/123/ --profile  # and the top functions
    uv run python scripts/profile_page.py meeting                 # the bench's meeting page
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/klynge_bench uv run python ...

Page names: meeting, body, home, portfolio, initiative, search, public_list, public_meeting.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402  (the benchmark's database and its facts)

os.environ.update(
    {
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{bench.DB}",
        "SECRET_KEY": "benchmark-only",
        "DEBUG": "false",
        "DEMO_MODE": "false",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_COOKIES": "false",
        "PAGE_CACHE_SECONDS": os.environ.get("PAGE_CACHE_SECONDS", "0"),
        "CACHE_BACKEND": os.environ.get("CACHE_BACKEND", "memory"),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
    }
)

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def paths() -> dict[str, str]:
    from klynge.accounts.models import User
    from klynge.actionplans.models import ActionPlan
    from klynge.meetings.models import Meeting, MeetingStatus
    from klynge.organisations.models import Body

    body = (
        Body.objects.filter(level="political", cluster__kind="health_cluster")
        .order_by("pk")
        .first()
    )
    assert body is not None and User.objects.filter(email="bench@klynge.test").exists(), (
        "run `make bench` once first: it makes the data and the bench user"
    )
    meeting = Meeting.objects.filter(body=body).order_by("-date").first()
    published = (
        Meeting.objects.filter(body=body, status=MeetingStatus.MINUTES_PUBLISHED)
        .order_by("-date")
        .first()
    )
    plan = ActionPlan.objects.filter(cluster=body.cluster).order_by("-period_start").first()
    assert meeting and published and plan
    initiative = plan.initiatives.order_by("number").first()
    assert initiative
    return {
        "meeting": f"/moeder/{meeting.pk}/",
        "body": f"/organer/{body.pk}/",
        "home": "/",
        "portfolio": f"/handleplaner/{plan.pk}/",
        "initiative": f"/indsatser/{initiative.pk}/",
        "search": "/soeg/?q=sundhed",
        "public_list": "/offentlig/",
        "public_meeting": f"/offentlig/moeder/{published.pk}/",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", help="a path, or one of the bench's page names")
    parser.add_argument("-n", type=int, default=30, help="views to time (default 30)")
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()

    from klynge.accounts.models import User

    path = paths().get(args.page, args.page)
    client = Client()
    if not args.anonymous and not path.startswith("/offentlig"):
        client.force_login(User.objects.get(email="bench@klynge.test"))
        client.get("/healthz")  # sets the CSRF cookie as a logged-in browser holds it
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    query_count = len(queries)  # before the next request empties the connection's log
    page_times, base_times = [], []
    for _ in range(args.n):  # interleaved
        start = time.perf_counter()
        client.get(path)
        page_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        client.get("/healthz")
        base_times.append(time.perf_counter() - start)
    page_times.sort()
    base_times.sort()
    page_ms = page_times[len(page_times) // 2] * 1000
    base_ms = base_times[len(base_times) // 2] * 1000
    print(
        f"{path}: p50 {page_ms:.1f} ms, /healthz p50 {base_ms:.2f} ms, "
        f"ratio {base_ms / page_ms:.3f} (in one process, no HTTP), "
        f"{query_count} queries, {len(response.content) // 1024} KB"
    )
    if args.profile:
        reset_queries()
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(path)
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
