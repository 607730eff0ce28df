"""The two search backends behind one interface: SQLite's FTS5 (the embedded default) and
PostgreSQL's tsvector with pg_trgm. Both read the same stems (`klynge.search.text`), so a
query finds the same rows on either; they differ only in how the words are stored and ranked.
"""

import datetime
import json
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce

from klynge.search.models import SearchEntry
from klynge.search.text import Clause, Query, index_terms, similarity, stem, trigrams

#: Fuzzy alternatives for a word: at least this similar (pg_trgm's measure), at most this many.
SIMILAR_ENOUGH = 0.45
ALTERNATIVES = 3

#: The orders a search's results come in (columns of `ranked`'s candidates: id, rank, date).
ORDERS = {
    "relevance": "rank DESC, date DESC, id",
    "date": "date DESC, rank DESC, id",
}


def fts_key(date: datetime.date | str | None, pk: int) -> int:
    """A row's rowid in SQLite's FTS5 table: its date (in days) above its id, so that FTS5,
    which reads a word's rows in rowid order, reads them newest first (`ranked`). (A date
    set as text on a model not read back yet is read as the date field would.)"""
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date[:10])
    return ((date.toordinal() if date else 0) << 32) | pk


#: PostgreSQL: reading a match by the GIN bitmap (a heap row fetched at random and the rights
#: joined) costs about this many times as much as looking at one more row walking the newest
#: (measured at national scale).
WALK_COST = 3
#: PostgreSQL: the newest rows looked at to see what share of them a query finds.
SAMPLE = 1000
#: PostgreSQL: a query the planner expects in this many times as many rows as walking needs
#: is walked without looking at the sample (the ten most frequent words, most pairs of them).
SURE = 16

#: `fts_key` in SQL (SQLite), and the id back from it.
FTS_KEY_SQL = "((COALESCE(CAST(julianday({date}) - 1721424.5 AS INTEGER), 0) << 32) | {id})"
FTS_ID_SQL = "(search_fts.rowid & 4294967295)"


def _ranked_sql(candidates: str, order: str) -> str:
    """The best of the candidates in `order`, and how many candidates there were."""
    return (
        f"SELECT id, COUNT(*) OVER () FROM ({candidates}) AS candidate "  # noqa: S608
        f"ORDER BY {ORDERS[order]} LIMIT %s"
    )


class SQLiteBackend:
    """Stems in an FTS5 table (`search_fts`, rowid = `fts_key`: the entry's date and id),
    ranked by bm25 with the title weighing more; words in an FTS5 trigram table for near
    spellings."""

    #: A row's year, in SQL.
    year = "CAST(strftime('%%Y', date) AS INTEGER)"

    def among(self, ids: list[int]) -> tuple[str, list[Any]]:
        """SQL for the ids `ids`, and its parameters (one, however many ids)."""
        return "SELECT value FROM json_each(%s)", [json.dumps(ids)]

    def save(self, entries: list[SearchEntry]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts(rowid, title, terms) VALUES (%s, %s, %s)",
                [(fts_key(e.date, e.pk), _title_terms(e), e.terms) for e in entries],
            )

    def delete(self, rows: list[tuple[int, datetime.date | None]]) -> None:
        """Take out the rows (id, date as stored) of entries about to be deleted."""
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM search_fts WHERE rowid = %s", [(fts_key(d, pk),) for pk, d in rows]
            )

    def redate(self, rows: list[tuple[int, datetime.date | None]], date: datetime.date) -> None:
        """Entries (id, date as it was) now dated `date`: their FTS5 rows move with them."""
        date = datetime.date.fromisoformat(date) if isinstance(date, str) else date
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_fts SET rowid = %s WHERE rowid = %s",
                [(fts_key(date, pk), fts_key(old, pk)) for pk, old in rows if old != date],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_word_trigram")

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def add_words(self, words: list[str]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_word_trigram(word) VALUES (%s)", [(w,) for w in words]
            )

    def match(
        self,
        entries: QuerySet[SearchEntry],
        query: Query,
        alternatives: dict[str, list[str]],
        *,
        ranked: bool = True,
    ) -> QuerySet[SearchEntry]:
        # FTS5 takes an implicit AND between phrases only, not before a parenthesis.
        expression = " AND ".join(_fts(c, alternatives) for c in query.positive)
        for clause in query.negative:
            expression += f" NOT {_fts(clause, {})}"
        return self._matching(entries, expression, ranked=ranked)

    def match_any(self, entries: QuerySet[SearchEntry], stems: list[str]) -> QuerySet[SearchEntry]:
        """Rows with any of `stems`, ranked (bm25 weighs the rare ones most)."""
        return self._matching(entries, " OR ".join(f'"{s}"' for s in stems), ranked=True)

    def ranked(
        self,
        entries: QuerySet[SearchEntry],
        query: Query,
        alternatives: dict[str, list[str]],
        *,
        order: str,
        limit: int,
        candidates: int | None,
        dates: tuple[datetime.date, datetime.date] | None = None,
        filtered: QuerySet[SearchEntry] | None = None,
    ) -> tuple[list[int], int]:
        """The ids of the best `limit` of `entries` matching `query`, in `order`, ranked among
        the `candidates` newest (all, when None), and how many candidates there were. FTS5
        reads the matches newest first (`fts_key`) and stops there: bm25 is worked out for
        the candidates only, not for every row with a common word. `dates`: the first and
        last day `entries` are filtered to, read as a range of FTS5 rowids."""
        matching = self.match(entries, query, alternatives).extra(order_by=["-search_fts.rowid"])
        if dates is not None:
            matching = matching.extra(
                where=["search_fts.rowid BETWEEN %s AND %s"],
                params=[fts_key(dates[0], 0), fts_key(dates[1], 0xFFFFFFFF)],
            )
        if candidates is not None:
            matching = matching[:candidates]
        try:
            inner, params = matching.values_list("id", "rank", "date").query.sql_with_params()
        except EmptyResultSet:  # a filter no row can pass
            return [], 0
        with connection.cursor() as cursor:
            cursor.execute(_ranked_sql(inner, order), [*params, limit])
            rows = cursor.fetchall()
        return [row[0] for row in rows], rows[0][1] if rows else 0

    def _matching(
        self, entries: QuerySet[SearchEntry], expression: str, *, ranked: bool
    ) -> QuerySet[SearchEntry]:
        # FTS5 ranks in the same pass that matches, so the table is joined (not a subquery).
        return entries.extra(  # noqa: S610 - the expression is a parameter; its words are \w+
            tables=["search_fts"],
            where=[f"search_searchentry.id = {FTS_ID_SQL}", "search_fts MATCH %s"],
            params=[expression],
            select={"rank": "-bm25(search_fts, 4.0, 1.0)"} if ranked else None,
        )

    def similar_words(self, word: str) -> list[str]:
        grams = [g for g in trigrams(word) if " " not in g]
        if not grams:
            return []
        expression = " OR ".join(f'"{g}"' for g in grams)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_word_trigram WHERE search_word_trigram MATCH %s "
                "ORDER BY rank LIMIT 200",
                [expression],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        return _most_similar(word, candidates)


class PostgresBackend:
    """The stems in a tsvector (`danish` configuration, title weighted A), GIN-indexed;
    ts_rank_cd; pg_trgm's similarity over the words for near spellings."""

    year = "CAST(EXTRACT(YEAR FROM date) AS INTEGER)"

    def among(self, ids: list[int]) -> tuple[str, list[Any]]:
        return "SELECT unnest(%s::bigint[])", [ids]

    def save(self, entries: list[SearchEntry]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(entries), 1000):
                batch = entries[start : start + 1000]
                rows = ", ".join(["(%s::bigint, %s, %s)"] * len(batch))
                cursor.execute(
                    "UPDATE search_searchentry AS e SET vector = "  # noqa: S608 - placeholders
                    "setweight(to_tsvector('danish', v.title), 'A') || "
                    "setweight(to_tsvector('danish', v.terms), 'B') "
                    f"FROM (VALUES {rows}) AS v(id, title, terms) WHERE e.id = v.id",
                    [x for e in batch for x in (e.pk, _title_terms(e), e.terms)],
                )

    def delete(self, rows: list[tuple[int, datetime.date | None]]) -> None:
        """The vector is on the row, deleted with it."""

    def redate(self, rows: list[tuple[int, datetime.date | None]], date: datetime.date) -> None:
        """The date index follows the rows by itself."""

    def clear(self) -> None:
        """The vectors are on the rows, deleted with them."""

    def optimise(self) -> None:
        """Fresh statistics after a rebuild: without them the planner guesses the rights'
        conditions select little and scans by kind instead of by the GIN index."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
            cursor.execute("ANALYZE search_searchword")

    def add_words(self, words: list[str]) -> None:
        """The words' table is indexed by pg_trgm itself."""

    def match(
        self,
        entries: QuerySet[SearchEntry],
        query: Query,
        alternatives: dict[str, list[str]],
        *,
        ranked: bool = True,
    ) -> QuerySet[SearchEntry]:
        return self._matching(entries, self._expression(query, alternatives), ranked=ranked)

    def _expression(self, query: Query, alternatives: dict[str, list[str]]) -> str:
        parts = [_tsquery(c, alternatives) for c in query.positive]
        parts += [f"!({_tsquery(c, {})})" for c in query.negative]
        return " & ".join(parts)

    def match_any(self, entries: QuerySet[SearchEntry], stems: list[str]) -> QuerySet[SearchEntry]:
        # Normalised by length (1): a long report does not look like everything.
        expression = " | ".join(f"'{s}'" for s in stems)
        return self._matching(entries, expression, ranked=True, normalisation=1)

    def ranked(
        self,
        entries: QuerySet[SearchEntry],
        query: Query,
        alternatives: dict[str, list[str]],
        *,
        order: str,
        limit: int,
        candidates: int | None,
        dates: tuple[datetime.date, datetime.date] | None = None,
        filtered: QuerySet[SearchEntry] | None = None,
    ) -> tuple[list[int], int]:
        """As SQLite's: the newest `candidates` matches, walking the rows newest first for
        words in many rows, reading all matches by the GIN index for the others (`_common`),
        ranked after they are chosen, so ts_rank_cd reads the vectors of the candidates
        only. (`dates`: the date index reads the filter itself.) `filtered`: the rows with
        the filters but without the rights, for the choice."""
        expression = self._expression(query, alternatives)
        filtered = entries if filtered is None else filtered
        with transaction.atomic(), connection.cursor() as cursor:
            # The plan's cost passes jit_above_cost: compiling it took ~100 ms, more than
            # the query (tens of ms). Parallel workers, started per query, cost more than
            # they bring for a few thousand rows (and take the other requests' cores).
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            # Hash and merge joins read all 250,000 agenda items for the rights of a few
            # thousand rows; the candidates are bounded, so looking each row's meeting and
            # item up by its key is cheaper.
            cursor.execute("SET LOCAL enable_hashjoin = off")
            cursor.execute("SET LOCAL enable_mergejoin = off")
            newest: Any = F("date").desc(nulls_last=True)
            matching = self.match(entries, query, alternatives, ranked=False)
            among = self.match(filtered, query, alternatives, ranked=False)
            if candidates is not None and self._common(
                cursor, matching, filtered, among, candidates
            ):
                # Walk the rows newest first (search_entry_newest) until there are enough:
                # the planner, guessing the rights keep few rows, would read every match.
                cursor.execute("SET LOCAL enable_bitmapscan = off")
                cursor.execute("SET LOCAL enable_seqscan = off")
            else:
                # Read every match by the GIN index: walking the newest could read the whole
                # table for a word that is common in old rows only. (The same order, by an
                # expression the index does not serve.)
                newest = Coalesce("date", Value(datetime.date.min)).desc()
            matching = matching.order_by(newest, "-id")
            if candidates is not None:
                matching = matching[:candidates]
            try:
                inner, params = matching.values_list("id").query.sql_with_params()
            except EmptyResultSet:  # a filter no row can pass
                return [], 0
            chosen = (
                "SELECT e.id, e.date, ts_rank_cd(e.vector, to_tsquery('danish', %s)) AS rank "  # noqa: S608
                f"FROM ({inner}) AS c JOIN search_searchentry e ON e.id = c.id"
            )
            cursor.execute(_ranked_sql(chosen, order), [expression, *params, limit])
            rows = cursor.fetchall()
        return [row[0] for row in rows], rows[0][1] if rows else 0

    def _common(
        self,
        cursor: Any,
        matching: QuerySet[SearchEntry],
        filtered: QuerySet[SearchEntry],
        among: QuerySet[SearchEntry],
        candidates: int,
    ) -> bool:
        """Whether walking the rows newest first finds `candidates` of `matching` (the
        matches the user may see, with the filters) sooner than reading every match by the
        GIN index. Walking reads about candidates / share rows, where the share is counted
        in the newest SAMPLE rows of `filtered` (the planner guesses the rights' share and
        two words' together badly); reading all reads the matches (the planner's guess for
        `among`, the matches without the rights, or more as the sample says), each
        WALK_COST times as dear. A query the planner expects in far more rows is walked
        without the sample."""
        try:
            sql, params = among.values_list("id").query.sql_with_params()
        except EmptyResultSet:  # a filter no row can pass
            return False
        planned = _planned_rows(cursor, sql, params)
        rows = _planned_rows(cursor, *filtered.values_list("id").query.sql_with_params())
        if WALK_COST * planned * planned > SURE * candidates * rows:
            return True  # so common that no share of rights or words left out can matter
        try:
            newest = filtered.order_by(F("date").desc(nulls_last=True), "-id")
            sample = list(newest.values_list("id", flat=True)[:SAMPLE])
            # By their ids (the primary key): asked as a subquery, the planner could join
            # every match to it instead.
            found = matching.extra(
                where=["search_searchentry.id = ANY(%s)"], params=[sample]
            ).count()
        except EmptyResultSet:  # a filter no row can pass
            return False
        if not found:
            return False
        matches = max(planned, found * rows / SAMPLE)
        return bool(candidates * SAMPLE / found < WALK_COST * matches)

    def _matching(
        self,
        entries: QuerySet[SearchEntry],
        expression: str,
        *,
        ranked: bool,
        normalisation: int = 0,
    ) -> QuerySet[SearchEntry]:
        rank = f"ts_rank_cd(search_searchentry.vector, to_tsquery('danish', %s), {normalisation:d})"
        return entries.extra(  # noqa: S610 - the expression is a parameter; its words are \w+
            where=["search_searchentry.vector @@ to_tsquery('danish', %s)"],
            params=[expression],
            select={"rank": rank} if ranked else None,
            select_params=[expression] if ranked else None,
        )

    def similar_words(self, word: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC LIMIT 50",
                [word, word],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        return _most_similar(word, candidates)


def _planned_rows(cursor: Any, sql: str, params: Any) -> float:
    """The rows the planner expects `sql` to return."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


def _title_terms(entry: SearchEntry) -> str:
    return index_terms(entry.title)


def _most_similar(word: str, candidates: list[str]) -> list[str]:
    scored = sorted(
        ((similarity(word, c), c) for c in candidates if c != word), key=lambda s: (-s[0], s[1])
    )
    return [c for score, c in scored if score >= SIMILAR_ENOUGH][:ALTERNATIVES]


def _fts(clause: Clause, alternatives: dict[str, list[str]]) -> str:
    """A clause in FTS5's language. Every word is \\w+ after folding, so quoting is safe."""
    if clause.kind == "prefix":
        return f'"{clause.stems[0]}"*'
    if clause.kind == "phrase":
        return '"' + " ".join(clause.stems) + '"'
    options = [clause.stems[0], *(stem(a) for a in alternatives.get(clause.words[0], []))]
    if len(options) == 1:
        return f'"{options[0]}"'
    return "(" + " OR ".join(f'"{o}"' for o in dict.fromkeys(options)) + ")"


def _tsquery(clause: Clause, alternatives: dict[str, list[str]]) -> str:
    """A clause in tsquery's language (the same stems as `_fts`)."""
    if clause.kind == "prefix":
        return f"'{clause.stems[0]}':*"
    if clause.kind == "phrase":
        return "(" + " <-> ".join(f"'{s}'" for s in clause.stems) + ")"
    options = [clause.stems[0], *(stem(a) for a in alternatives.get(clause.words[0], []))]
    return "(" + " | ".join(f"'{o}'" for o in dict.fromkeys(options)) + ")"


def current() -> Any:
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
