"""How fast and how well search answers on the database at hand (national-scale generated data
for the figures that matter): index build time; p50/p95 of rotating queries through Klynge's
search next to the same match as raw SQL on the index and next to an unindexed LIKE scan, all
in one run; recall@10 of the known-answer queries. Prints figures; asserts nothing."""

import datetime
import json
import statistics
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from klynge.accounts.models import User
from klynge.demo.danish import RELEVANCE
from klynge.organisations.models import Body, Membership, Person
from klynge.search import services
from klynge.search.backends import _fts, _tsquery
from klynge.search.models import SearchEntry
from klynge.search.queries import search
from klynge.search.text import parse_query

#: Beyond the known-answer queries: frequent and rare words, phrases, prefixes, typos, facets.
MORE_QUERIES: list[tuple[str, dict[str, str]]] = [
    ("borgere", {}),
    ("indsats", {}),
    ("genindlæggelser", {}),
    ('"fælles forløbsprogram"', {}),
    ('"virtuelle udskrivelsesmøder"', {}),
    ("telemed*", {}),
    ("akutteam*", {}),
    ("hjemmemonitorrering", {}),  # a typo
    ("demens -kræft", {}),
    ("diabetes", {"year": "2019"}),
    ("sundhedshus", {"kind": "decision"}),
    ("IPS unge uddannelse", {}),
]


class Command(BaseCommand):
    help = "Measure search: index build, query latency against raw SQL and LIKE, recall@10."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Time a full reindex first.")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--like-queries", type=int, default=5, help="LIKE scans to time.")
        parser.add_argument("--json", help="Also write the figures to this file.")

    def handle(self, *args: Any, **options: Any) -> None:
        figures: dict[str, Any] = {"backend": connection.vendor}
        if options["rebuild"]:
            start = time.perf_counter()
            rows = services.rebuild()
            figures["build_s"] = time.perf_counter() - start
            self.stderr.write(f"Index built in {figures['build_s']:.1f} s ({rows} objects)")
        figures["entries"] = SearchEntry.objects.count()
        admin, member = _users()
        queries: list[tuple[str, dict[str, str]]] = [(q, {}) for q, _want in RELEVANCE]
        queries += MORE_QUERIES
        ours, raw, with_facets = [], [], []
        for _round in range(options["rounds"]):  # interleaved: the same machine for all three
            for text, filters in queries:
                start = time.perf_counter()
                search(member, text, filters=filters, facets=False)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                _raw_match(text)
                raw.append(time.perf_counter() - start)
                start = time.perf_counter()
                search(member, text, filters=filters)
                with_facets.append(time.perf_counter() - start)
        like, same = [], []
        for text, _want in RELEVANCE[: options["like_queries"]]:
            start = time.perf_counter()
            _like_scan(text)
            like.append(time.perf_counter() - start)
            start = time.perf_counter()
            search(member, text, facets=False)
            same.append(time.perf_counter() - start)
        figures["queries"] = len(queries)
        figures["search"] = _percentiles(ours)
        figures["search_with_facets"] = _percentiles(with_facets)
        figures["raw_sql"] = _percentiles(raw)
        figures["like_scan"] = _percentiles(like)
        figures["p95_ratio_to_raw"] = figures["search"]["p95_ms"] / figures["raw_sql"]["p95_ms"]
        figures["search_like_queries"] = _percentiles(same)
        figures["like_over_search_p50"] = (
            figures["like_scan"]["p50_ms"] / figures["search_like_queries"]["p50_ms"]
        )
        hits = 0
        misses = []
        for text, want in RELEVANCE:
            top = [hit.entry.title for hit in search(admin, text, per_page=10, facets=False).hits]
            if want in top:
                hits += 1
            else:
                misses.append(text)
        figures["recall_at_10"] = hits / len(RELEVANCE)
        figures["relevance_misses"] = misses
        self._print(figures)
        if options["json"]:
            path = Path(options["json"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(figures, indent=2))

    def _print(self, f: dict[str, Any]) -> None:
        write = self.stderr.write
        write(f"\nSearch on {f['backend']}: {f['entries']:,} index rows, {f['queries']} queries")
        write("  (latency as a member of one political level; recall as an administrator)")
        for name in ("search", "search_with_facets", "raw_sql", "like_scan", "search_like_queries"):
            write(f"  {name:<20} p50 {f[name]['p50_ms']:8.1f} ms   p95 {f[name]['p95_ms']:8.1f} ms")
        write(f"  search p95 / raw SQL p95: {f['p95_ratio_to_raw']:.1f}x (target <= 3x)")
        write(
            f"  LIKE scan / search on the same queries (p50): {f['like_over_search_p50']:.0f}x"
            " (target >= 50x)"
        )
        write(f"  recall@10 on {len(RELEVANCE)} known answers: {f['recall_at_10']:.2f} (>= 0.9)")
        if f["relevance_misses"]:
            write(f"  missed: {f['relevance_misses']}")
        if settings.DEBUG:
            write("  (DEBUG is on: Django keeps every query; run with DEBUG=false for figures)")


def _users() -> tuple[User, User]:
    """An administrator (sees all: recall) and a member of one political level (the common
    case, whose rights are joined into every query: latency)."""
    admin, _new = User.objects.get_or_create(
        email="bench-admin@klynge.test", defaults={"name": "Bench", "is_superuser": True}
    )
    member, _new = User.objects.get_or_create(
        email="bench-member@klynge.test", defaults={"name": "Bench"}
    )
    body = Body.objects.filter(level=Body.Level.POLITICAL).order_by("pk").first()
    if body is not None and not Person.objects.filter(user=member).exists():
        person = Person.objects.create(user=member, name="Bench")
        Membership.objects.create(
            person=person,
            body=body,
            role=Membership.Role.MEMBER,
            start_date=datetime.date(2000, 1, 1),
        )
    return admin, member


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return {"p50_ms": statistics.median(ms), "p95_ms": p95}


def _raw_match(text: str) -> list[int]:
    """The query's match alone, ranked, first page: what the index itself costs."""
    query = parse_query(text)
    if not query.positive:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            expression = " & ".join(_tsquery(c, {}) for c in query.positive)
            cursor.execute(
                "SELECT id FROM search_searchentry WHERE vector @@ to_tsquery('danish', %s) "
                "ORDER BY ts_rank_cd(vector, to_tsquery('danish', %s)) DESC LIMIT 20",
                [expression, expression],
            )
        else:
            expression = " AND ".join(_fts(c, {}) for c in query.positive)
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rank LIMIT 20",
                [expression],
            )
        return [row[0] for row in cursor.fetchall()]


def _like_scan(text: str) -> int:
    """The same words in the same text without an index: every row's title and text scanned
    (by the words as typed: a LIKE knows no stems), as case-blind as search (SQLite's LIKE
    is; PostgreSQL's needs ILIKE)."""
    words = [w for c in parse_query(text).positive for w in c.words]
    like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    condition = " AND ".join(f"(title {like} %s OR text {like} %s)" for _w in words)
    params = [f"%{w}%" for w in words for _n in range(2)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM search_searchentry WHERE {condition}", params)  # noqa: S608
        return int(cursor.fetchone()[0])
