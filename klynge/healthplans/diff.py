"""What changed between two versions of a plan, section by section.

Sections are matched by their id (a section keeps it when renamed), else by title; goals
within a matched section by id, else by text. A section's text is compared word by word on
its plain text (paragraphs kept), and shown with `<del>`/`<ins>` that also say in words what
was removed and added, so the change does not rest on colour or strike-through alone.
"""

import datetime
import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.core.text import rich_text_to_plain

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"

#: Words, runs of spaces, and single other characters: the units a change is made of.
_TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")

GOAL_FACTS = {
    "population": gettext_lazy("Målgruppe eller område"),
    "deadline": gettext_lazy("Frist"),
    "initiatives": gettext_lazy("Indsatser"),
    "indicators": gettext_lazy("Indikatorer"),
}


@dataclass
class FactChange:
    label: str
    old: str
    new: str


@dataclass
class GoalChange:
    kind: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    text: SafeString | None = None  # the goal's text with its changes marked
    facts: list[FactChange] = field(default_factory=list)


@dataclass
class SectionChange:
    kind: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    text: SafeString | None = None  # the text with its changes marked (changed sections)
    goals: list[GoalChange] = field(default_factory=list)

    @property
    def changed_goals(self) -> list[GoalChange]:
        return [goal for goal in self.goals if goal.kind != UNCHANGED]

    @property
    def renamed(self) -> bool:
        return bool(self.old and self.new and self.old["title"] != self.new["title"])

    @property
    def title(self) -> str:
        return str((self.new or self.old or {}).get("title", ""))


@dataclass
class Comparison:
    sections: list[SectionChange]
    facts: list[FactChange]  # the plan's own: title, period, introduction

    @property
    def has_changes(self) -> bool:
        return bool(self.facts) or any(s.kind != UNCHANGED for s in self.sections)


def compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    """What changed from `old` to `new` (two `PlanVersion.content`s)."""
    facts = []
    for key, label in (("title", _("Titel")), ("introduction", _("Indledning"))):
        before, after = _plain(old.get(key, "")), _plain(new.get(key, ""))
        if before != after:
            facts.append(FactChange(label, before, after))
    period = [f"{c.get('period_start')}–{c.get('period_end')}" for c in (old, new)]
    if period[0] != period[1]:
        facts.append(FactChange(_("Periode"), period[0], period[1]))
    pairs = _match(old.get("sections", []), new.get("sections", []), key="title")
    return Comparison(sections=[_section(a, b) for a, b in pairs], facts=facts)


def _match(
    old: list[dict[str, Any]], new: list[dict[str, Any]], *, key: str
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Pairs (old, new) in the new order, the removed ones where they stood: by id first,
    then by `key` (a section copied under a new id, say) among those left."""
    by_id = {each.get("id"): each for each in old}
    matched: dict[int, dict[str, Any]] = {}  # index in new -> old
    used: set[int] = set()
    for index, each in enumerate(new):
        found = by_id.get(each.get("id"))
        if found is not None and id(found) not in used:
            matched[index] = found
            used.add(id(found))
    for index, each in enumerate(new):
        if index in matched:
            continue
        wanted = _plain(each.get(key, "")).casefold()
        for candidate in old:
            if id(candidate) not in used and _plain(candidate.get(key, "")).casefold() == wanted:
                matched[index] = candidate
                used.add(id(candidate))
                break
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    position = {id(each): i for i, each in enumerate(old)}
    removed = [each for each in old if id(each) not in used]
    for index, each in enumerate(new):
        # The removed ones that stood before the next matched one's old place come first
        # (before an added one too: read as "this was replaced by that").
        upcoming = next((matched[i] for i in range(index, len(new)) if i in matched), None)
        limit = position[id(upcoming)] if upcoming is not None else len(old)
        while removed and position[id(removed[0])] < limit:
            pairs.append((removed.pop(0), None))
        pairs.append((matched.get(index), each))
    pairs += [(each, None) for each in removed]
    return pairs


def _section(old: dict[str, Any] | None, new: dict[str, Any] | None) -> SectionChange:
    if old is None:
        assert new is not None  # a pair always has one side
        return SectionChange(ADDED, None, new, goals=[_goal(None, g) for g in new["goals"]])
    if new is None:
        return SectionChange(REMOVED, old, None, goals=[_goal(g, None) for g in old["goals"]])
    goals = [_goal(a, b) for a, b in _match(old["goals"], new["goals"], key="text")]
    before, after = _plain(old["text"]), _plain(new["text"])
    changed = (
        before != after or old["title"] != new["title"] or any(g.kind != UNCHANGED for g in goals)
    )
    return SectionChange(
        CHANGED if changed else UNCHANGED,
        old,
        new,
        text=word_diff(before, after) if before != after else None,
        goals=goals,
    )


def _goal(old: dict[str, Any] | None, new: dict[str, Any] | None) -> GoalChange:
    if old is None or new is None:
        return GoalChange(ADDED if old is None else REMOVED, old, new)
    facts = [
        FactChange(str(label), _fact(name, old.get(name)), _fact(name, new.get(name)))
        for name, label in GOAL_FACTS.items()
        if _fact(name, old.get(name)) != _fact(name, new.get(name))
    ]
    text = word_diff(old["text"], new["text"]) if old["text"] != new["text"] else None
    kind = CHANGED if facts or text else UNCHANGED
    return GoalChange(kind, old, new, text=text, facts=facts)


def _fact(name: str, value: Any) -> str:
    if not value:
        return "–"
    if name == "deadline":
        try:
            return date_format(datetime.date.fromisoformat(value), "j. F Y")
        except (TypeError, ValueError):
            return str(value)
    if name in {"initiatives", "indicators"}:
        return "; ".join(str(label) for _pk, label in value)
    return str(value)


def _plain(rich: str) -> str:
    """Rich text as lines of plain text, blank lines and runs of spaces gone."""
    lines = (" ".join(line.split()) for line in rich_text_to_plain(rich or "").splitlines())
    return "\n".join(line for line in lines if line)


def word_diff(old: str, new: str) -> SafeString:
    """`new` with what was removed from `old` in `<del>` and what was added in `<ins>`,
    word by word, as paragraphs; each mark says in words what it is (for screen readers,
    and for print without colour)."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    # Segments (same?, old text, new text); a change's neighbours joined across the single
    # spaces between them, so a rewritten sentence reads as one deletion and one insertion.
    segments: list[list[Any]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(before[a1:a2]), "".join(after[b1:b2])
        if op == "equal" and not (segments and not segments[-1][0] and _is_gap(added)):
            segments.append([True, removed, added])
        elif segments and not segments[-1][0]:
            segments[-1][1] += removed
            segments[-1][2] += added
        else:
            segments.append([False, removed, added])
    parts: list[str] = []
    for same, removed, added in segments:
        if same:
            parts.append(html.escape(added))
            continue
        # A gap absorbed at the end of a change goes back out as plain text.
        tail = added[len(added.rstrip(" ")) :] if removed.endswith(" ") else ""
        removed, added = removed[: len(removed) - len(tail)], added[: len(added) - len(tail)]
        if removed.strip():
            parts.append(_mark("del", _("slettet:"), removed))
        if added.strip():
            parts.append(_mark("ins", _("tilføjet:"), added))
        parts.append(html.escape(tail))
    paragraphs = "".join(parts).split("\n")
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs if p.strip()))  # escaped above


def _is_gap(text: str) -> bool:
    """Only spaces (not a paragraph break): joined into the changes around it."""
    return bool(text) and not text.strip(" ")


def _mark(tag: str, words: str, text: str) -> str:
    # A change spanning paragraphs is marked in each, so the <p>s stay well formed.
    return "\n".join(
        f'<{tag}><span class="sr-only">[{html.escape(words)} </span>{html.escape(piece)}'
        f'<span class="sr-only">]</span></{tag}>'
        if piece.strip()
        else html.escape(piece)
        for piece in text.split("\n")
    )
