"""Danish text for the search index, the same on both backends: folding (æ/ø/å and their
ae/oe/aa spellings are one), words, Snowball's Danish stemmer, the query language, snippets.

Pure functions; no database.
"""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer
from django.utils.translation import gettext as _

from klynge.core.text import rich_text_to_plain

#: Longest query read; the rest is ignored (with a message).
MAX_QUERY = 500
#: Most clauses in one query.
MAX_CLAUSES = 20

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]+>")

#: Snowball's Danish stop words, folded: too common to search for.
_STOP_WORDS = (
    "og i jeg det at en den til er som paa de med han af for ikke der var mig sig men et har "
    "om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal "
    "selv her alle vil blev kunne ind naar vaere dog noget ville jo deres efter ned skulle "
    "denne end dette mit ogsaa under have dig anden hende mine alt meget sit sine vor mod "
    "disse hvis din nogle hos blive mange ad bliver hendes vaeret thi jer saadan"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())


def fold(text: str) -> str:
    """Lower case, æ/ø/å as ae/oe/aa, accents off: `Fælles` and `faelles` are one word."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball's Danish stem of a folded word. Snowball leaves `indsats` and `indsatser` apart
    (`indsat`, `indsats`), so a final -s is taken off every stem, on both sides alike."""
    stemmed = _stemmer().stemWord(word)
    if len(stemmed) > 4 and stemmed.endswith("s"):
        stemmed = stemmed[:-1]
    return stemmed


@functools.cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    """The folded words of `text` (HTML tags dropped)."""
    return _WORD.findall(fold(_TAG.sub(" ", html.unescape(text)) if "<" in text else text))


def written_words(text: str) -> list[str]:
    """The words of `text` as written (lower case, æ/ø/å kept), for showing to people."""
    return [w.lower() for w in _WORD.findall(plain(text))]


def index_terms(text: str) -> str:
    """What the index stores for `text`: its stems, in order, stop words out."""
    return " ".join(stem(w) for w in words(text) if w not in STOP_WORDS)


def plain(text: str) -> str:
    """Rich text as the plain text snippets are cut from."""
    return rich_text_to_plain(text) if "<" in text else text


# --- The query language ------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One thing the query asks for: a word, a prefix (`akutteam*`) or a phrase (`"..."`),
    or (`negated`) asks to leave out."""

    kind: str  # "word", "prefix" or "phrase"
    words: tuple[str, ...]  # folded words (a prefix: its one folded start)
    negated: bool = False

    @property
    def stems(self) -> tuple[str, ...]:
        if self.kind == "prefix":
            # `indsats*` must find `indsatser`, stored as its stem `indsat`: a prefix is cut
            # back to its own stem where that is a start of it.
            start = stem(self.words[0])
            return (start if self.words[0].startswith(start) else self.words[0],)
        return tuple(stem(w) for w in self.words)


@dataclass
class Query:
    clauses: list[Clause] = field(default_factory=list)
    message: str = ""

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    @property
    def highlight(self) -> tuple[set[str], tuple[str, ...]]:
        """Stems and prefixes to mark in snippets."""
        stems = {s for c in self.positive if c.kind != "prefix" for s in c.stems}
        prefixes = tuple(c.words[0] for c in self.positive if c.kind == "prefix")
        return stems, prefixes


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def parse_query(text: str) -> Query:
    """Words (all must be there), "phrases", prefix* and -exclusions. Everything else a search
    language might mean (parentheses, NEAR, ^, :, &, |, !) is read as space: no input is an
    error, and the worst is a message saying what was ignored."""
    query = Query()
    text = "".join(c if c.isprintable() else " " for c in text)
    if len(text) > MAX_QUERY:
        text = text[:MAX_QUERY]
        query.message = _("Søgningen er forkortet til de første %(n)s tegn.") % {"n": MAX_QUERY}
    for match in _TOKEN.finditer(text):
        if match[2] is not None:  # a phrase, perhaps without its closing quote
            negated, found = bool(match[1]), words(match[2])
            if len(found) == 1:
                clause = Clause("word", (found[0],), negated)
            elif found:
                clause = Clause("phrase", tuple(found[:12]), negated)
            else:
                continue
            if clause.kind == "phrase" or found[0] not in STOP_WORDS:
                query.clauses.append(clause)
            continue
        negated, raw = bool(match[3]), match[4]
        prefix = raw.endswith("*")
        for n, word in enumerate(found := words(raw)):
            if prefix and n == len(found) - 1:
                if len(word) >= 2:
                    query.clauses.append(Clause("prefix", (word,), negated))
            elif word not in STOP_WORDS:
                query.clauses.append(Clause("word", (word,), negated))
    unique = list(dict.fromkeys(query.clauses))
    if len(unique) > MAX_CLAUSES:
        unique = unique[:MAX_CLAUSES]
        query.message = _("Kun de første %(n)s ord er brugt.") % {"n": MAX_CLAUSES}
    query.clauses = unique
    if query.clauses and not query.positive:
        query.message = _("Skriv mindst ét ord, der skal findes; et ord med minus foran udelukkes.")
    return query


# --- Snippets ----------------------------------------------------------------------------------


def first_match(text: str, query: Query) -> int | None:
    """Where in `text` the first of the query's words stands (for a link to its page)."""
    stems, prefixes = query.highlight
    for match in _WORD.finditer(text):
        folded = fold(match[0])
        if stem(folded) in stems or (prefixes and folded.startswith(prefixes)):
            return match.start()
    return None


def snippet(text: str, query: Query, *, width: int = 240) -> list[tuple[str, bool]]:
    """The part of `text` where the query's words are thickest, as (text, is_match) pieces,
    so the template escapes the text and marks the matches."""
    text = " ".join(plain(text).split())
    if not text:
        return []
    stems, prefixes = query.highlight
    spans = []
    for match in _WORD.finditer(text):
        folded = fold(match[0])
        if stem(folded) in stems or (prefixes and folded.startswith(prefixes)):
            spans.append((match.start(), match.end()))
    start = 0
    if spans:
        best = max(spans, key=lambda s: sum(1 for t in spans if s[0] <= t[0] < s[0] + width))
        start = max(0, best[0] - width // 4)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    pieces: list[tuple[str, bool]] = [("… ", False)] if start else []
    cursor = start
    for a, b in spans:
        if a < start or b > end:
            continue
        if a > cursor:
            pieces.append((text[cursor:a], False))
        pieces.append((text[a:b], True))
        cursor = b
    pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append((" …", False))
    return [p for p in pieces if p[0]]


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word (padded with two spaces before, one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity: shared trigrams over all trigrams of the two words."""
    x, y = trigrams(a), trigrams(b)
    return len(x & y) / len(x | y) if x | y else 0.0
