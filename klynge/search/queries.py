"""One search over everything a user may see: ranked, filtered, counted by facet, in pages."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.actionplans.models import State
from klynge.audit.services import record_read
from klynge.meetings.models import AgendaItem, Meeting
from klynge.organisations.models import Body, Cluster
from klynge.search import backends
from klynge.search.access import visible_entries
from klynge.search.models import Kind, SearchEntry
from klynge.search.text import (
    STOP_WORDS,
    Clause,
    Query,
    first_match,
    fold,
    parse_query,
    snippet,
    stem,
    written_words,
)
from klynge.search.text import words as words_of

PAGE_SIZE = 20
#: Results read per search: a query that finds more says so, and pages through these.
MAX_RESULTS = 1000
#: Matches ranked per search: of a query that matches more rows (a common word), the newest
#: this many are ranked (the page says so), not every row that has the word.
CANDIDATES = 2000
#: Facet values shown per facet.
FACET_VALUES = 12
#: Words shorter than this get no near spellings (too many look alike).
FUZZY_FROM = 5

PUBLIC_KINDS = (Kind.MEETING, Kind.ITEM, Kind.DECISION, Kind.ATTACHMENT)
FILTERS = ("kind", "cluster", "body", "year", "theme", "state")
#: Each facet's column in the index (the year's is the backend's, from the date).
FACET_COLUMNS = {
    "kind": "kind",
    "cluster": "cluster_id",
    "body": "body_id",
    "theme": "theme",
    "state": "state",
}


@dataclass
class Hit:
    entry: SearchEntry
    url: str
    snippet: list[tuple[str, bool]]
    score: float

    def as_json(self) -> dict[str, Any]:
        entry = self.entry
        return {
            "kind": entry.kind,
            "id": entry.object_id,
            "title": entry.title,
            "url": self.url,
            "cluster": entry.cluster.name if entry.cluster else None,
            "body": entry.body.name if entry.body else None,
            "meeting_date": entry.date.isoformat() if entry.date and entry.meeting_id else None,
            "snippet": "".join(text for text, _match in self.snippet),
            "score": round(self.score, 4),
        }


@dataclass
class Results:
    text: str
    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    did_you_mean: str = ""
    message: str = ""
    more: bool = False
    #: Ranked among the newest this many matches (0: among all of them).
    newest: int = 0


def search(
    user: object,
    text: str,
    *,
    filters: dict[str, str] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PAGE_SIZE,
    public: bool = False,
    facets: bool = True,
    rank_all: bool = False,
) -> Results:
    """What `user` may find for `text`. `public`: links to the public pages. A logged-in
    user's search is logged with its query (Datatilsynet asks it; anonymous public searches
    are not personal to anyone). `rank_all`: rank every match, not the newest CANDIDATES
    (as before they were bounded: for the benchmark's comparison)."""
    if getattr(user, "is_authenticated", False) and text.strip():
        record_read(
            actor=user,  # type: ignore[arg-type]
            action="search.query",
            details={"query": text[:500], **{k: v for k, v in (filters or {}).items() if v}},
        )
    query = parse_query(text)
    sort = "date" if sort == "date" else "relevance"
    results = Results(text=text, query=query, message=query.message, sort=sort)
    results.filters = {k: v for k, v in (filters or {}).items() if k in FILTERS and v}
    if not query.positive:
        if not query.message and text.strip():
            results.message = _("Søgningen indeholder ingen ord at søge efter.")
        return results
    backend = backends.current()
    visible = SearchEntry.objects.filter(visible_entries(None if public else user))
    if public:  # what the public pages show: meetings, their open items, decisions, bilag
        visible = visible.filter(kind__in=PUBLIC_KINDS)
    alternatives = _alternatives(query, backend)
    candidates = None if rank_all else CANDIDATES

    def best(active: dict[str, str]) -> list[int]:
        """The ids of the best MAX_RESULTS (+1, to tell there are more), in order: one
        query that matches, checks the rights, takes the newest `candidates`, ranks them
        and stops. By relevance, the words as written come first and their near spellings
        after them: a near spelling of a rare word can be a common one (`gigtpatienter`,
        `patienter`), whose newest matches would leave out the one row with the rare word."""
        entries = _filter(visible, active)
        how = {
            "order": sort,
            "limit": MAX_RESULTS + 1,
            "dates": _dates(active),
            "filtered": _filter(SearchEntry.objects.all(), active),
        }
        if rank_all or sort == "date" or not alternatives:
            ids, found = backend.ranked(entries, query, alternatives, candidates=candidates, **how)
        else:
            ids, found = backend.ranked(entries, query, {}, candidates=candidates, **how)
            if len(ids) <= MAX_RESULTS:
                near, found_near = backend.ranked(
                    entries, query, alternatives, candidates=candidates, **how
                )
                ids += [pk for pk in near if pk not in set(ids)][: MAX_RESULTS + 1 - len(ids)]
                found = max(found, found_near)
        if active == results.filters and candidates is not None and found >= candidates:
            results.newest = candidates
        return ids

    ids = best(results.filters)
    results.more = len(ids) > MAX_RESULTS
    ids = ids[:MAX_RESULTS]
    results.total = len(ids)
    if not ids and not results.filters:
        results.did_you_mean = _did_you_mean(query, visible, alternatives, backend)
    if facets and ids:
        counted = _facets([name for name in FILTERS if name not in results.filters], ids)
        for name in results.filters:  # a facet counts with the other facets' filters
            among = best({k: v for k, v in results.filters.items() if k != name})
            counted |= _facets([name], among[:MAX_RESULTS])
        results.facets = {name: counted[name] for name in FILTERS if counted.get(name)}
    results.pages = -(-results.total // per_page)
    results.page = max(1, min(page, results.pages or 1))
    start = (results.page - 1) * per_page
    shown = ids[start : start + per_page]
    rows = SearchEntry.objects.select_related("cluster", "body", "source").in_bulk(shown)
    highlight = Query(query.clauses + _alternative_clauses(alternatives))
    results.hits = [
        Hit(
            rows[pk],
            _url(rows[pk], public, highlight),
            snippet(rows[pk].text or rows[pk].title, highlight),
            0.0,
        )
        for pk in shown
    ]
    _score(results, len(ids), start)
    record_closed_items_found(user, [hit.entry for hit in results.hits])
    return results


def record_closed_items_found(user: object, entries: list[SearchEntry]) -> None:
    """A closed item's title or text shown in a result is read as on its meeting's page, and
    logged the same way (`closed_item.read`, per meeting), whatever door showed it."""
    if not getattr(user, "is_authenticated", False):
        return
    item_ids = {entry.item_id for entry in entries if entry.item_id}
    if not item_ids:
        return
    closed: dict[int, list[int]] = {}
    for meeting_id, position in AgendaItem.objects.filter(
        pk__in=item_ids, is_closed=True
    ).values_list("meeting_id", "position"):
        closed.setdefault(meeting_id, []).append(position)
    for meeting in Meeting.objects.filter(pk__in=closed):
        record_read(
            actor=user,  # type: ignore[arg-type]
            action="closed_item.read",
            obj=meeting,
            details={"closed_items": sorted(closed[meeting.pk]), "door": "search"},
        )


def _score(results: Results, count: int, start: int) -> None:
    """A score from the rank order (1 for the best), the same on both backends."""
    for n, hit in enumerate(results.hits):
        hit.score = 1 - (start + n) / max(count, 1)


def _alternatives(query: Query, backend: Any) -> dict[str, list[str]]:
    """Near spellings of the query's words (OCR damage, typos) that the index holds."""
    out: dict[str, list[str]] = {}
    for clause in query.positive:
        if clause.kind == "word" and len(clause.words[0]) >= FUZZY_FROM:
            found = backend.similar_words(clause.words[0])
            found = [w for w in found if stem(w) != clause.stems[0]]
            if found:
                out[clause.words[0]] = found
    return out


def _alternative_clauses(alternatives: dict[str, list[str]]) -> list[Clause]:
    return [Clause("word", (w,)) for words in alternatives.values() for w in words]


def _did_you_mean(
    query: Query, visible: QuerySet[SearchEntry], alternatives: dict[str, list[str]], backend: Any
) -> str:
    """Nothing found: the query with each word's nearest spelling that this user would find."""
    if not alternatives:
        return ""
    words = []
    for clause in query.positive:
        word = clause.words[0] if clause.kind == "word" else None
        choice = None
        for alternative in alternatives.get(word or "", []):
            single = Query(
                [c if c is not clause else Clause("word", (alternative,)) for c in query.clauses]
            )
            if backend.match(visible, single, {}, ranked=False).exists():
                choice = alternative
                break
        words.append(choice or " ".join(clause.words))
    suggestion = " ".join(words)
    return suggestion if suggestion != " ".join(" ".join(c.words) for c in query.positive) else ""


def _dates(filters: dict[str, str]) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of the year filtered on, if any (a backend reads only those
    rows of its index)."""
    year = filters.get("year", "")
    if not year.isdigit() or not 1 <= int(year) <= 9999:
        return None
    return datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)


def _filter(entries: QuerySet[SearchEntry], filters: dict[str, str]) -> QuerySet[SearchEntry]:
    for name, value in filters.items():
        if name in ("cluster", "body", "year"):
            if not value.isdigit():
                return entries.none()
            field_name = "date__year" if name == "year" else f"{name}_id"
            entries = entries.filter(**{field_name: int(value)})
        else:
            entries = entries.filter(**{name: value})
    return entries


def _facets(names: list[str], ids: list[int]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts per value of the facets `names` among `ids` (the best results the user may
    see), counted by the database in one query (Django built one query per facet with
    `ids` in each, a third of a search's time)."""
    if not names or not ids:
        return {}
    backend = backends.current()
    among, params = backend.among(ids)
    columns = {**FACET_COLUMNS, "year": backend.year}
    counts = []
    for name in names:  # the names and columns are the constants above, not input
        column = columns[name]
        empty = f" AND {column} <> ''" if name in ("theme", "state") else ""
        counts.append(
            f"SELECT '{name}', CAST({column} AS TEXT), COUNT(*) FROM hit "  # noqa: S608
            f"WHERE {column} IS NOT NULL{empty} GROUP BY 2"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH hit AS (SELECT kind, cluster_id, body_id, date, theme, state "  # noqa: S608
            f"FROM search_searchentry WHERE id IN ({among})) {' UNION ALL '.join(counts)}",
            params,
        )
        rows = cursor.fetchall()
    out = {}
    for name in names:
        found = [(value, n) for facet, value, n in rows if facet == name]
        if name == "year":
            found.sort(key=lambda v: -int(v[0]))
        elif name in ("cluster", "body"):
            found.sort(key=lambda v: (-v[1], int(v[0])))
        else:
            found.sort(key=lambda v: (-v[1], v[0]))
        labels = _labels(name, [value for value, _n in found[:FACET_VALUES]])
        out[name] = [(value, labels.get(value, value), n) for value, n in found[:FACET_VALUES]]
    return out


def _labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "kind":
        return {v: str(Kind(v).label) for v in values if v in Kind.values}
    if name == "state":
        return {v: str(State(v).label) for v in values if v in State.values}
    if name not in ("cluster", "body"):
        return {}
    pks = [int(v) for v in values]
    if name == "cluster":
        return {
            str(pk): n for pk, n in Cluster.objects.filter(pk__in=pks).values_list("pk", "name")
        }
    if name == "body":
        return {str(pk): n for pk, n in Body.objects.filter(pk__in=pks).values_list("pk", "name")}
    return {}


def _url(entry: SearchEntry, public: bool, query: Query | None = None) -> str:
    if public and entry.meeting_id:
        url = reverse("public_meeting_detail", args=[entry.meeting_id])
        return f"{url}#punkt-{entry.item_id}" if entry.item_id else url
    if entry.source is not None and query is not None and entry.source.page_numbers:
        # An archive document: to the page (of its images) where the words stand.
        offset = first_match(entry.text, query)
        if offset is not None:
            return f"{entry.url}#side-{entry.source.page_at(offset)}"
    return entry.url


# --- Similar content in other clusters ---------------------------------------------------------

#: Words every cluster's papers are full of: they say nothing about what a case is about.
_COMMON = (
    "indsats sundhed sundhedsklynge klynge kommune kommuner region borger borgere patient "
    "patienter arbejde samarbejde status sekretariat sekretariatet punkt forslag plan "
    "handleplan godkendt godkender orientering beslutning drøftelse styregruppe chefforum "
    "direktørforum politisk niveau møde mødet udvikling projekt ønsker"
)
COMMON_STEMS = frozenset(stem(w) for w in words_of(_COMMON))
#: Distinctive words a similarity search looks for.
SIMILAR_TERMS = 12
SIMILAR_KINDS = (Kind.INITIATIVE, Kind.DECISION, Kind.ITEM)


@dataclass
class Similar:
    entry: SearchEntry
    why: list[str]


def distinctive_terms(text: str, limit: int = SIMILAR_TERMS) -> dict[str, str]:
    """The stems that say most about `text` (frequent in it, long, not common to every
    case), each with the word it was written as."""
    counts: dict[str, int] = {}
    written: dict[str, str] = {}
    for word in written_words(text):
        folded = fold(word)
        stemmed = stem(folded)
        if len(stemmed) < 4 or stemmed in COMMON_STEMS or folded in STOP_WORDS:
            continue
        counts[stemmed] = counts.get(stemmed, 0) + 1
        written.setdefault(stemmed, word)
    best = sorted(counts, key=lambda s: (-counts[s] * min(len(s), 12), s))[:limit]
    return {s: written[s] for s in best}


def similar_elsewhere(
    user: object, title: str, text: str, *, cluster_id: int | None, limit: int = 6
) -> list[Similar]:
    """Initiatives, decisions and items in clusters other than `cluster_id` that share the
    most distinctive words of `title` (counted twice) and `text`, best first, each with the
    words it shares (why it matched)."""
    terms = distinctive_terms(f"{title}\n{title}\n{text}")
    if not terms:
        return []
    candidates = SearchEntry.objects.filter(
        visible_entries(user), kind__in=SIMILAR_KINDS, cluster__isnull=False
    )
    if cluster_id is not None:
        candidates = candidates.exclude(cluster_id=cluster_id)
    ranked = backends.current().match_any(candidates, list(terms))
    rows = ranked.select_related("cluster", "body").order_by("-rank", "pk")[: limit * 3]
    out: dict[tuple[str, str], Similar] = {}
    for row in rows:
        shared = set(row.terms.split())
        why = [terms[s] for s in terms if s in shared]
        key = (row.title, row.cluster.name if row.cluster else "")
        if key in out:  # an item and its decision: one result, the words of both
            out[key].why = [w for w in terms.values() if w in {*out[key].why, *why}]
        elif len(out) < limit:
            out[key] = Similar(row, why)
    record_closed_items_found(user, [similar.entry for similar in out.values()])
    return list(out.values())
