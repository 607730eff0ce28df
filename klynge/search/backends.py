"""The two search backends behind one interface: SQLite's FTS5 (the embedded default) and
PostgreSQL's tsvector with pg_trgm. Both read the same stems (`klynge.search.text`), so a
query finds the same rows on either; they differ only in how the words are stored and ranked.
"""

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from klynge.search.models import SearchEntry
from klynge.search.text import Clause, Query, index_terms, similarity, stem, trigrams

#: Fuzzy alternatives for a word: at least this similar (pg_trgm's measure), at most this many.
SIMILAR_ENOUGH = 0.45
ALTERNATIVES = 3


class SQLiteBackend:
    """Stems in an FTS5 table (`search_fts`, rowid = the entry's id), ranked by bm25 with the
    title weighing more; words in an FTS5 trigram table for near spellings."""

    def save(self, entries: list[SearchEntry]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts(rowid, title, terms) VALUES (%s, %s, %s)",
                [(e.pk, _title_terms(e), e.terms) for e in entries],
            )

    def delete(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in ids])

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

    def _matching(
        self, entries: QuerySet[SearchEntry], expression: str, *, ranked: bool
    ) -> QuerySet[SearchEntry]:
        # FTS5 ranks in the same pass that matches, so the table is joined (not a subquery).
        return entries.extra(  # noqa: S610 - the expression is a parameter; its words are \w+
            tables=["search_fts"],
            where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
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

    def delete(self, ids: list[int]) -> None:
        """The vector is on the row, deleted with it."""

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
        parts = [_tsquery(c, alternatives) for c in query.positive]
        parts += [f"!({_tsquery(c, {})})" for c in query.negative]
        expression = " & ".join(parts)
        return self._matching(entries, expression, ranked=ranked)

    def match_any(self, entries: QuerySet[SearchEntry], stems: list[str]) -> QuerySet[SearchEntry]:
        # Normalised by length (1): a long report does not look like everything.
        expression = " | ".join(f"'{s}'" for s in stems)
        return self._matching(entries, expression, ranked=True, normalisation=1)

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
