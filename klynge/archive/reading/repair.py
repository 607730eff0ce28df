"""Conservative repair of OCR damage with a Danish word list.

A word is changed only when it is not a known word and exactly one repair, by the confusions
OCR makes with æ, ø and å, is. The original text is kept by the caller; every repair is listed.
"""

import functools
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path

#: What OCR and 7-bit systems make of Danish letters: (damaged, intended).
CONFUSIONS = (
    ("ae", "æ"),
    ("oe", "ø"),
    ("aa", "å"),
    ("ee", "æ"),
    ("as", "æ"),
    ("g", "ø"),
    ("@", "ø"),
    ("z", "æ"),
    ("a", "å"),
    ("a", "ø"),
    ("a", "æ"),
    ("e", "ø"),
    ("e", "æ"),
    ("o", "ø"),
    ("d", "å"),
    ("A", "å"),
    ("&", "å"),
    ("I", "l"),
)
#: Capitalised words may be names (Skeel, Brandt, Søgaard, Haarby): there "e" and "a" are not
#: read as "æ", nor "aa" as "å" (names keep the old spelling).
NAME_UNSAFE = frozenset({("ee", "æ"), ("e", "æ"), ("a", "æ"), ("aa", "å")})
MAX_CHANGES = 2
WORD = re.compile(r"[\w@&]*[A-Za-zÆØÅæøå][\w@&]*")

DEFAULT_WORDLISTS = ("/usr/share/dict/danish", "/usr/share/dict/dansk")


@dataclass(frozen=True)
class Repair:
    original: str
    repaired: str


@functools.cache
def word_list() -> tuple[str, ...]:
    """Debian's `wdanish` list, or the file named by KLYNGE_WORDLIST; empty when neither is."""
    configured = os.environ.get("KLYNGE_WORDLIST")
    for candidate in (configured,) if configured else DEFAULT_WORDLISTS:
        path = Path(candidate)
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            return tuple(word for line in text.splitlines() if (word := line.strip()))
    return ()


@functools.cache
def known_words() -> frozenset[str]:
    return frozenset(word.lower() for word in word_list())


@functools.cache
def common_words() -> frozenset[str]:
    """Words the list writes in lower case: not names (the list capitalises Jens, Anders)."""
    proper = {word.lower() for word in word_list() if word[:1].isupper()}
    return frozenset(w for w in word_list() if w[:1].islower() and w not in proper)


def _candidates(word: str) -> set[str]:
    capitalised = word[:1].isupper()
    spots = [
        (i, damaged, intended)
        for damaged, intended in CONFUSIONS
        if not (capitalised and (damaged, intended) in NAME_UNSAFE)
        for i in range(len(word))
        if word.startswith(damaged, i)
    ]
    found: set[str] = set()
    for count in range(1, MAX_CHANGES + 1):
        for combo in itertools.combinations(spots, count):
            ordered = sorted(combo)
            if any(a[0] + len(a[1]) > b[0] for a, b in itertools.pairwise(ordered)):
                continue
            out, last = [], 0
            for i, damaged, intended in ordered:
                out.append(word[last:i])
                out.append(intended)
                last = i + len(damaged)
            out.append(word[last:])
            found.add("".join(out))
        if found & known_words():
            break
    return found


def _match_case(original: str, repaired: str) -> str:
    if original.isupper() and len(original) > 1:
        return repaired.upper()
    if original[:1].isupper():
        return repaired[:1].upper() + repaired[1:]
    return repaired


@functools.lru_cache(maxsize=50_000)
def repair_word(word: str) -> str | None:
    words = known_words()
    if len(word) < 3 or not words or any(c.isdigit() for c in word) or word.lower() in words:
        return None
    fitting = {c.lower() for c in _candidates(word) if c.lower() in words}
    if len(fitting) != 1:
        return None
    return _match_case(word, fitting.pop())


def repair_text(text: str) -> tuple[str, list[Repair]]:
    """The text with OCR damage repaired, and the repairs made (each distinct one once)."""
    if not known_words():
        return text, []
    # Most lines need no repair: ask each distinct word once, and rewrite only where one does.
    if not any(repair_word(word) for word in set(WORD.findall(text))):
        return text, []
    repairs: dict[tuple[str, str], Repair] = {}

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        repaired = repair_word(word)
        if repaired is None:
            return word
        repairs.setdefault((word, repaired), Repair(word, repaired))
        return repaired

    return WORD.sub(fix, text), list(repairs.values())
