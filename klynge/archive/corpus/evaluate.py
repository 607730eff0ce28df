"""Precision, recall and F1 of the reader per field, against annotated expected structures."""

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from klynge.archive.reading import read_document

FIELDS = ("titles", "dates", "decisions", "participants", "apologies", "substitutes")


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").lower()
    return re.sub(r"[\W_]+", " ", text).strip()


def _decision_key(text: str | None) -> str:
    return norm(text)[:60]


def facts(document: dict[str, Any]) -> dict[str, set[Any]]:
    """The comparable facts of a parse (or an expected structure) as sets."""
    items = document.get("items") or []
    meeting = document.get("meeting") or {}
    people = document.get("participants") or []
    return {
        "titles": {(norm(i.get("title")),) for i in items},
        "dates": {meeting.get("date")} if meeting.get("date") else set(),
        # An expected item that says only `has_decision` (corpus-real) matches any decision
        # our item of that title holds: its key is "", which every text starts with.
        "decisions": {
            (norm(i.get("title")), "" if "has_decision" in i else _decision_key(i.get("decision")))
            for i in items
            if i.get("decision") or i.get("has_decision")
        },
        "participants": {norm(p["name"] if isinstance(p, dict) else p) for p in people},
        "apologies": {
            norm(a["name"] if isinstance(a, dict) else a) for a in document.get("apologies") or []
        },
        "substitutes": {
            (norm(s["name"]), norm(s["for"])) if isinstance(s, dict) else (norm(s[0]), norm(s[1]))
            for s in document.get("substitutes") or []
        },
    }


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _decision_match(got: set[Any], want: set[Any]) -> tuple[int, int, int]:
    """A decision counts when the right item holds a text that starts like the expected one."""
    tp = sum(
        1 for title, text in want if any(t == title and g.startswith(text[:40]) for t, g in got)
    )
    return tp, max(0, len(got) - tp), len(want) - tp


def score(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS}
    for got, want in pairs:
        have, expected = facts(got), facts(want)
        for name in FIELDS:
            if name == "decisions":
                tp, fp, fn = _decision_match(have[name], expected[name])
            else:
                tp = len(have[name] & expected[name])
                fp, fn = len(have[name] - expected[name]), len(expected[name] - have[name])
            scores[name].tp += tp
            scores[name].fp += fp
            scores[name].fn += fn
    return scores


def expected_files(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in sorted(folder.glob("*.expected.json")):
        document = path.with_name(path.name.removesuffix(".expected.json"))
        if document.exists():
            out.append((document, json.loads(path.read_text(encoding="utf-8"))))
    return out


def evaluate(folder: Path, *, skip_ocr: bool = False) -> tuple[dict[str, Score], list[str]]:
    return _evaluate(
        (document, want)
        for document, want in expected_files(folder)
        if not (skip_ocr and want.get("shape") == "scanned-pdf")
    )


#: The expected structures written from reading the seed documents in ../shared/seeds/.
SEED_EXPECTATIONS = Path(__file__).resolve().parent / "seeds"


def _seed_expectations(seeds: Path) -> list[tuple[Path, dict[str, Any]]]:
    wanted = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SEED_EXPECTATIONS.glob("*.expected.json"))
    ]
    return [(seeds / w["file"], w) for w in wanted if (seeds / w["file"]).is_file()]


def seeds_present(seeds: Path) -> bool:
    return bool(_seed_expectations(seeds))


def evaluate_seeds(seeds: Path) -> tuple[dict[str, Score], list[str]]:
    """The seeds found in `seeds` against the structures in `SEED_EXPECTATIONS`."""
    return _evaluate(_seed_expectations(seeds))


def _evaluate(
    documents: Iterable[tuple[Path, dict[str, Any]]],
) -> tuple[dict[str, Score], list[str]]:
    pairs, misses = [], []
    for document, want in documents:
        got = read_document(document.read_bytes(), document.name).as_json()
        pairs.append((got, want))
        have, expected = facts(got), facts(want)
        for name in FIELDS:
            if have[name] != expected[name] and name != "decisions":
                misses.append(
                    f"{document.name} {name}: -{sorted(expected[name] - have[name])[:3]} "
                    f"+{sorted(have[name] - expected[name])[:3]}"
                )
    return score(pairs), misses
