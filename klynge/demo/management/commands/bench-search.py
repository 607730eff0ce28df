"""How fast and how well search answers on the database at hand (national-scale generated data
for the figures that matter): index build time; p50/p95 per class of queries (the known-answer
queries, a mixed set, the ten most frequent words of the index and every two of them) as the
page asks them (results and facets), as a member of one political level and as the bench's
secretariat user; the same match as raw SQL on the index and an unindexed LIKE scan beside
them, all in one run; recall@10 of the known-answer queries. Prints figures; asserts nothing."""

import datetime
import inspect
import itertools
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from klynge.accounts.models import User
from klynge.demo.danish import RELEVANCE
from klynge.organisations.models import Body, Cluster, Membership, Person
from klynge.search import services
from klynge.search.backends import _fts, _tsquery
from klynge.search.models import SearchEntry, SearchWord
from klynge.search.queries import search
from klynge.search.text import parse_query, stem

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
#: The most frequent words of the index, searched alone and two by two.
FREQUENT = 10

Queries = list[tuple[str, dict[str, str]]]


class Command(BaseCommand):
    help = "Measure search: index build, latency per query class against raw SQL and LIKE, recall."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="Time a full reindex first.")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--like-queries", type=int, default=5, help="LIKE scans to time.")
        parser.add_argument(
            "--compare",
            type=int,
            default=1,
            help="Rounds of the full ranking of every match (the search before bounded "
            "candidates) on the frequent words and pairs, in the same run (0: none).",
        )
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
        users = {"member": member, "secretariat": _secretariat()}
        words = frequent_words(FREQUENT)
        figures["frequent_words"] = words
        classes: dict[str, Queries] = {
            "known": [(q, {}) for q, _want in RELEVANCE],
            "mixed": MORE_QUERIES,
            "word": [(w, {}) for w in words],
            "pair": [(f"{a} {b}", {}) for a, b in itertools.combinations(words, 2)],
        }
        figures["queries"] = sum(len(queries) for queries in classes.values())
        figures["classes"] = self._classes(classes, users, options["rounds"])
        if options["compare"] and _can_compare():
            full = {name: classes[name] for name in ("word", "pair")}
            figures["full_ranking"] = self._classes(full, users, options["compare"], rank_all=True)
        # The older figures: Klynge's search beside the raw match and a LIKE scan.
        queries = classes["known"] + classes["mixed"]
        ours, raw, with_facets = [], [], []
        for _round in range(options["rounds"]):  # interleaved: the same machine for all three
            for text, filters in queries:
                ours.append(_timed(search, member, text, filters=filters, facets=False))
                raw.append(_timed(_raw_match, text))
                with_facets.append(_timed(search, member, text, filters=filters))
        like, same = [], []
        for text, _want in RELEVANCE[: options["like_queries"]]:
            like.append(_timed(_like_scan, text))
            same.append(_timed(search, member, text, facets=False))
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

    def _classes(
        self,
        classes: dict[str, Queries],
        users: dict[str, User],
        rounds: int,
        **how: Any,
    ) -> dict[str, Any]:
        """Each class's p50/p95 and its worst query (by its own p95), per user: the page's
        search (results and facets), rounds interleaved over every query and user."""
        seconds: dict[tuple[str, str, str], list[float]] = {}
        for _round in range(rounds):
            for name, queries in classes.items():
                for text, filters in queries:
                    for label, user in users.items():
                        key = (name, label, json.dumps([text, filters], ensure_ascii=False))
                        elapsed = _timed(search, user, text, filters=filters, **how)
                        seconds.setdefault(key, []).append(elapsed)
        out: dict[str, Any] = {}
        for name in classes:
            for label in users:
                mine = {k[2]: v for k, v in seconds.items() if k[:2] == (name, label)}
                worst = max(mine, key=lambda q: _percentiles(mine[q])["p95_ms"])
                out[f"{name}/{label}"] = {
                    **_percentiles([s for v in mine.values() for s in v]),
                    "worst": json.loads(worst),
                    "worst_p95_ms": _percentiles(mine[worst])["p95_ms"],
                }
        return out

    def _print(self, f: dict[str, Any]) -> None:
        write = self.stderr.write
        write(f"\nSearch on {f['backend']}: {f['entries']:,} index rows, {f['queries']} queries")
        write(f"  the {FREQUENT} most frequent words: {', '.join(f['frequent_words'])}")
        write("  per class, results with facets as the page asks them (target: p95 <= 150 ms):")
        for title, key in (("search", "classes"), ("full ranking", "full_ranking")):
            for name, c in f.get(key, {}).items():
                text, filters = c["worst"]
                worst = text + (f" {filters}" if filters else "")
                write(
                    f"  {title:<12} {name:<18} p50 {c['p50_ms']:7.1f} ms  p95 {c['p95_ms']:7.1f} ms"
                    f"  worst: {worst} (p95 {c['worst_p95_ms']:.0f} ms)"
                )
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


def _timed(run: Callable[..., object], *args: Any, **kwargs: Any) -> float:
    start = time.perf_counter()
    run(*args, **kwargs)
    return time.perf_counter() - start


def _can_compare() -> bool:
    """The full ranking is reachable for the benchmark (`search(..., rank_all=True)`)."""
    return "rank_all" in inspect.signature(search).parameters


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


def _secretariat() -> User:
    """`make bench`'s user: the secretariat of the first political body of a health cluster
    (made here as `scripts/bench.py` makes it, when `make bench` has not run)."""
    body = (
        Body.objects.filter(level=Body.Level.POLITICAL, cluster__kind=Cluster.Kind.HEALTH_CLUSTER)
        .order_by("pk")
        .first()
    )
    user, _new = User.objects.get_or_create(email="bench@klynge.test", defaults={"name": "Bench"})
    person, _new = Person.objects.get_or_create(user=user, defaults={"name": "Bench"})
    if body is not None:
        Membership.objects.get_or_create(person=person, body=body, role=Membership.Role.SECRETARIAT)
    return user


def frequent_words(count: int) -> list[str]:
    """The `count` stems in most rows of the index (read from the index itself), each as the
    shortest word that has it (what a user types)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The stems as stored in `terms` (the vector holds them stemmed once more).
            cursor.execute(
                "SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', terms) "
                "FROM search_searchentry') ORDER BY ndoc DESC, word LIMIT %s",
                [count],
            )
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary "
                "USING fts5vocab(main, search_fts, row)"
            )
            cursor.execute(
                "SELECT term FROM temp.search_vocabulary ORDER BY doc DESC, term LIMIT %s",
                [count],
            )
        stems = [row[0] for row in cursor.fetchall()]
    written: dict[str, str] = {}
    for word in sorted(
        SearchWord.objects.values_list("word", flat=True), key=lambda w: (len(w), w)
    ):
        written.setdefault(stem(word), word)
    return [written.get(s, s) for s in stems]


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
