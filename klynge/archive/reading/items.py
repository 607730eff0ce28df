"""The items of a meeting: where each begins (numbered headings in a rising run, or other
heading signals) and what each holds (presentation, recommendation, decision, attachments)."""

import datetime
import itertools
import re
from dataclasses import dataclass, replace

from .agenda_list import same_title, starts_with_title, title_key
from .attendance import ATTENDANCE, Attendance, mode_of
from .dates import find_dates, find_time_range
from .elements import Line
from .headings import (
    followed_by_section,
    heading_markup,
    in_a_clause_list,
    numbered_heading,
    wraps_on,
)
from .meeting import ParsedItem
from .outcomes import OUTCOME_START, split_run_on
from .shapes import (
    CASE_NUMBER,
    CLAUSE,
    INLINE_CASE,
    LOST_NUMBER,
    NUMBER_ALONE,
    NUMBERED,
    OPEN_CASE,
    PRESENTER,
    PUNKT,
    RECOMMENDS,
    SECTION,
    SECTIONS,
    TIME_ALONE,
    TIME_LABEL,
    TIME_SLOT,
    heading_like,
    is_label,
    looks_like_sentence,
    standard_title,
)


@dataclass
class ItemStart:
    index: int
    number: int | None
    title: str
    score: float
    #: What follows the title on its own line where the heading runs on into its text.
    rest: str = ""
    #: Lines the heading takes: 2 where the number stands alone and the title on the next line.
    title_lines: int = 1


#: A title and, after its colon or a dash, the outcome (`Godkendelse af referat: Godkendt.`,
#: `Godkendelse af dagsorden - godkendt`), short: a title does not go on after an outcome.
TITLE_OUTCOME = re.compile(
    r"^(?P<title>[^:]{3,}?)(?::|\s+[-–])\s+(?P<rest>(?i:" + OUTCOME_START.pattern + r").{0,80})$"
)
#: The outcome as it begins a run-on rest, in either case (`- godkendt`).
_OUTCOME_AT = re.compile(OUTCOME_START.pattern, re.IGNORECASE)


def _candidates(
    lines: list[Line], list_keys: set[str], *, flattened: bool = False
) -> list[ItemStart]:
    """Every line written like a numbered heading, scored by the signals around it.
    `flattened`: the lines were cut out of page-long lines, so a heading runs on into its text
    and stands next to the next heading."""
    texts = [line.text for line in lines]
    found: list[ItemStart] = []
    for i, line in enumerate(lines):
        text = line.text
        numbered = numbered_heading(text) if text else None
        rest = ""
        if numbered is not None and (flattened or len(numbered.title) > 220):
            title, rest = split_run_on(numbered.title)
            numbered = replace(numbered, title=_list_title(title, list_keys))
        if numbered is None or not heading_like(numbered.title):
            alone = NUMBER_ALONE.match(text)
            nxt = lines[i + 1].text if i + 1 < len(lines) else ""
            if (
                alone
                and nxt
                and heading_like(nxt)
                and nxt[:1].isupper()
                and not numbered_heading(nxt)
            ):
                found.append(ItemStart(i, int(alone["number"]), nxt, 0.0, title_lines=2))
            continue
        title = numbered.title
        outcome = TITLE_OUTCOME.match(title) if not rest else None
        if outcome:
            # `1. Godkendelse af dagsorden: Godkendt.`: the outcome is the decision.
            title, rest = outcome["title"], outcome["rest"]
        score = heading_markup(line) + (0.5 if numbered.labelled else 0.0)
        if PRESENTER.search(title) or TIME_SLOT.search(title):
            score += 1.0
        prev = next((texts[j] for j in range(i - 1, -1, -1) if texts[j]), "")
        nxt = next((texts[j] for j in range(i + 1, len(texts)) if texts[j]), "")
        if in_a_clause_list(texts, i):
            score -= 1.0
        # Numbered lines around it: a list (clauses, an agenda list), unless the text is a
        # flattened one, where every heading stands next to the next.
        # A line that carries its outcome is an item, not a list's entry.
        listed = not flattened and not outcome
        if _listish(prev) and listed:
            score -= 0.8 if len(prev) < 120 else 0.2
        if _listish(nxt) and listed:
            score -= 0.8 if len(nxt) < 120 else 0.2
        if title.endswith(".") and not title.endswith(("evt.", "m.v.", "mv.", "bl.a.")):
            score -= 0.3
        if len(title) > 120:
            score -= 0.5
        if ATTENDANCE.match(nxt) or followed_by_section(texts, i) or _OUTCOME_AT.match(rest):
            score += 1.0
        if list_keys and title_key(title) in list_keys:
            score += 1.5
        if not title[:1].isupper() and not title[:1].isdigit() and title[:1] not in "\"“”'‘(":
            score -= 1.0
        found.append(ItemStart(i, numbered.number, title, score, rest))
    return found


def _listish(text: str) -> bool:
    """A numbered line or a clause: what stands next to another in a list."""
    return bool(NUMBERED.match(text) or CLAUSE.match(text) or numbered_heading(text))


def _list_title(title: str, list_keys: set[str]) -> str:
    """A run-on title cut to the agenda list's title it begins with, where the list has one."""
    key = title_key(title)
    for listed in sorted(list_keys, key=len, reverse=True):
        if len(listed) > 5 and key.startswith(listed) and key != listed:
            words = len(listed.split())
            return " ".join(title.split()[:words])
    return title


def _listed(key: str, toc_keys: set[str]) -> bool:
    """The line is a listed title, or begins with one (`Budget 2025 - drøftelse`)."""
    return key in toc_keys or any(starts_with_title(key, listed) for listed in toc_keys)


def _best_chain(candidates: list[ItemStart]) -> list[ItemStart]:
    """The best run of headings whose numbers rise, n, n+1, n+2 … (a missing number costs;
    ties: the more heading-like)."""
    best: list[tuple[float, int]] = []  # (value, previous index) per candidate
    for i, cand in enumerate(candidates):
        value, back = 1.0 + cand.score, -1
        for j in range(i):
            prev = candidates[j]
            if prev.number is None or cand.number is None:
                continue
            step = cand.number - prev.number
            if not 1 <= step <= 3:
                continue
            gain = best[j][0] + 1.0 + cand.score - 1.2 * (step - 1)
            if gain > value:
                value, back = gain, j
        best.append((value, back))
    if not best:
        return []
    at = max(range(len(best)), key=lambda k: best[k][0])
    chain = []
    while at != -1:
        chain.append(candidates[at])
        at = best[at][1]
    return chain[::-1]


def _restarted(chain: list[ItemStart], candidates: list[ItemStart]) -> list[ItemStart]:
    """The numbering begun again after the run (`1.`-`4.` after `7.`: the closed items, a
    second part of the agenda): a further run of headings that each stand as a heading
    (followed by an item's sections, marked up) is items too."""
    while True:
        more = _best_chain([c for c in candidates if c.index > chain[-1].index])
        if (
            len(more) < 2
            or more[0].number is None
            or chain[-1].number is None
            or more[0].number > chain[-1].number
            or min(c.score for c in more) < 0.5
        ):
            return chain
        chain = [*chain, *more]


def _same_number(candidates: list[ItemStart], texts: list[str]) -> list[ItemStart]:
    """Headings that all carry the same number (`1.` each: every item an ordered list of its
    own on a web page), three or more, each with text between it and the next and none a
    clause of a recommendation."""
    ones = [c for c in candidates if c.number == 1 and c.score > -0.5]
    if len(ones) < 3 or len(ones) < 0.6 * len(candidates):
        return []
    for cand, nxt in itertools.pairwise(ones):
        if not any(texts[cand.index + 1 : nxt.index]) or in_a_clause_list(texts, nxt.index):
            return []
    return ones


def _check_against_list(candidates: list[ItemStart], numbers: dict[int, str]) -> None:
    """Where the agenda list's numbers are the body's (a heading has the listed title under the
    listed number), a numbered line whose title is not the list's title for that number is a
    point inside an item (`1. Afbud.`, `2. Formandsbeslutning.` in the chair's announcements)."""
    if not any(c.number in numbers and same_title(c.title, numbers[c.number]) for c in candidates):
        return
    for cand in candidates:
        if cand.number in numbers and not same_title(cand.title, numbers[cand.number]):
            cand.score -= 2.0


def find_item_starts(
    lines: list[Line],
    toc: list[str],
    *,
    flattened: bool = False,
    numbers: dict[int, str] | None = None,
) -> list[ItemStart]:
    """Where each item begins. `toc`: the agenda list's titles; `numbers`: its titles by number,
    where it numbers them."""
    marked = case_heads(lines)
    if marked:
        return marked
    punkt = [
        ItemStart(i, None, m["title"], 0.0)
        for i, line in enumerate(lines)
        if (m := PUNKT.match(line.text))
        and (m["title"][:1].isupper() or (not m["title"] and i + 1 < len(lines)))
    ]
    if punkt:
        for cand in punkt:
            match = PUNKT.match(lines[cand.index].text)
            assert match is not None
            number = re.match(r"\d+", match["number"])
            cand.number = int(number[0]) if number else None
            if not cand.title and cand.index + 1 < len(lines):
                cand.title = lines[cand.index + 1].text
                cand.title_lines = 2
        return punkt
    list_keys = {title_key(t) for t in toc}
    candidates = _candidates(lines, list_keys, flattened=flattened)
    if numbers:
        _check_against_list(candidates, numbers)
    chain = _best_chain(candidates)
    same = _same_number(candidates, [line.text for line in lines])
    if len(same) > len(chain):
        return same
    if len(chain) >= 2 and sum(c.score for c in chain) / len(chain) > -0.6:
        return _restarted(fill_gaps(chain, lines, numbers or {}, candidates), candidates)
    if len(chain) == 1 and chain[0].score >= 1.0:
        # One item (a single-item page, or all the text there is): its heading is followed by
        # the sections of an item or marked up as a heading.
        return fill_gaps(chain, lines, numbers or {}, candidates)
    listed = bare_list(candidates, [line.text for line in lines])
    if listed:
        return listed
    # No numbered run: numbers lost in a scan (". Status for …"), headings that end with a
    # time slot, the standard titles, the table of contents' titles, marked-up headings.
    starts: dict[int, ItemStart] = {c.index: c for c in chain if c.score > 0} if chain else {}
    for cand in unnumbered_heads(lines):
        starts.setdefault(cand.index, cand)
    toc_keys = {title_key(t) for t in toc}
    for i, line in enumerate(lines):
        text = line.text
        if i in starts or not text or _in_a_section(lines, i):
            continue
        lost = LOST_NUMBER.match(text)
        if lost and heading_like(lost["title"]):
            starts[i] = ItemStart(i, None, lost["title"], 0.0)
        elif (
            TIME_SLOT.search(text)
            and len(text) < 160
            and text[:1].isupper()
            and not TIME_ALONE.match(text)
            and not TIME_LABEL.match(text)
            and not find_dates(text)
        ) or (
            (standard_title(text) and len(text) < 120)
            or (toc_keys and _listed(title_key(text), toc_keys))
            or (line.heading and i > 0 and not SECTION.match(text) and not ATTENDANCE.match(text))
        ):
            starts[i] = ItemStart(i, None, text, 0.0)
    # A number on a line of its own ("1.") goes with the next heading.
    for i, line in enumerate(lines):
        alone = NUMBER_ALONE.match(line.text)
        if alone:
            following = [k for k in sorted(starts) if i < k <= i + 25]
            if following and starts[following[0]].number is None:
                starts[following[0]].number = int(alone["number"])
    ordered = [starts[k] for k in sorted(starts)]
    return ordered


def _in_a_section(lines: list[Line], i: int) -> bool:
    """The line stands right under a section word (`Resumé`, `Beskrivelse af sagen`,
    `Beslutning`): it is that section's text (`Godkendelse af dagsorden.` as an item's
    description where the page lost the item's heading), not a heading."""
    prev = next((lines[j].text for j in range(i - 1, max(-1, i - 4), -1) if lines[j].text), "")
    section = SECTION.match(prev) if len(prev) < 120 else None
    return bool(
        section
        and not section["rest"]
        and (section["presentation"] or section["recommendation"] or section["decision"])
    )


#: `… Lene Glesner1.`: an item's number glued to the end of the line before its title (a web
#: page that lost the line break after the header's last name).
_GLUED_END = re.compile(r"[^\W\d](?P<number>\d{1,3})\.\s*$")


def _title_line(text: str) -> bool:
    """A line that can stand as an item's title on its own."""
    return (
        heading_like(text)
        and len(text) <= 150
        and text[:1].isupper()
        and not SECTION.match(text)
        and not ATTENDANCE.match(text)
        and not numbered_heading(text)
        and not looks_like_sentence(text)
    )


def _missing_start(
    lines: list[Line], lo: int, hi: int, number: int, listed: str | None
) -> ItemStart | None:
    """The heading of item `number` between lines lo and hi, in a shape the candidates do not
    read: its number glued to the end of the line before (`Glesner1.` / `Godkendelse …`), its
    number alone on a line, or its title as the agenda list words it, without a number."""
    for i in range(lo, hi):
        text = lines[i].text.strip()
        if not text:
            continue
        nxt = next((k for k in range(i + 1, min(hi, i + 3)) if lines[k].text.strip()), None)
        written = _GLUED_END.search(text) or NUMBER_ALONE.match(text)
        if written and int(written["number"]) == number and nxt is not None:
            title = lines[nxt].text.strip()
            if _title_line(title):
                return ItemStart(nxt, number, title, 0.0)
        if listed and _title_line(text) and same_title(text, listed):
            return ItemStart(i, number, text, 0.0)
    return None


def _skipped(
    candidates: list[ItemStart], texts: list[str], lo: int, hi: int, number: int
) -> ItemStart | None:
    """A numbered line the run left out for its weak signals (`1. Godkendelse af dagsorden
    Godkendt.` next to the next heading), where it is the number the run misses: taken unless
    it is a recommendation's clause, or one of a list of its own (its number's predecessor
    stands just before it in the gap)."""
    inside = [c for c in candidates if lo <= c.index < hi]
    for n, cand in enumerate(inside):
        if (
            cand.number == number
            and cand.score > -1.5
            and not in_a_clause_list(texts, cand.index)
            and not (n and inside[n - 1].number == number - 1)
        ):
            return cand
    return None


def fill_gaps(
    chain: list[ItemStart],
    lines: list[Line],
    numbers: dict[int, str],
    candidates: list[ItemStart] | None = None,
) -> list[ItemStart]:
    """Numbers the run of headings skips (2 … 5 found, not 1; 3 and 5, not 4) looked for
    between the neighbours: the numbers rise, so the missing heading stands there if at all."""
    texts = [line.text for line in lines]
    out: list[ItemStart] = []
    lo = 0
    for n, cand in enumerate(chain):
        if cand.number is not None:
            before = out[-1].number if out and out[-1].number is not None else None
            first = before + 1 if before is not None else cand.number - 1 if n == 0 else None
            for number in range(first or cand.number, cand.number):
                found = _skipped(candidates or [], texts, lo, cand.index, number)
                found = found or _missing_start(lines, lo, cand.index, number, numbers.get(number))
                if found is not None:
                    out.append(found)
                    lo = found.index + 1
        out.append(cand)
        lo = cand.index + cand.title_lines
    return out


#: `Emne: Titel`, `Sag: Titel`: a label word before each item's title.
ITEM_LABEL = re.compile(
    r"^(?:emne|sag|overskrift|vedr\.?|vedrørende)\s*:\s*(?P<title>[A-ZÆØÅ\"“].{1,200})$",
    re.IGNORECASE,
)
#: `Beslutning: Titel`, `Drøftelse: Titel`, `Orientering: Titel`: each title behind the kind
#: of treatment the item gets (a committee's page); kept whole, as the page writes it.
KIND_LABEL = re.compile(
    r"^(?P<kind>beslutning|drøftelse|temadrøftelse|orientering|godkendelse|høring"
    r"|beslutningssag|drøftelsessag|orienteringssag)\s*:\s*(?P<title>[A-ZÆØÅ\"“].{2,150})$",
    re.IGNORECASE,
)


def _kind_title(match: re.Match[str]) -> bool:
    """The text after the kind is a title, not the field's content (`Beslutning: Godkendt.`,
    `Orientering: Formanden orienterede om …`)."""
    title = match["title"].strip()
    return (
        not title.endswith((".", ":", "!", "?"))
        and not looks_like_sentence(title)
        and not _OUTCOME_AT.search(title)
        and not re.search(r"\b\w{3,}ede\b", title)
    )


#: Sections that open an item (a decision may close one): what follows an unnumbered title.
_OPENING = ("presentation", "recommendation", "case", "decision")


def _plain_heading(text: str) -> bool:
    """A short capitalised line that is not a sentence, a section word, a label or attendance."""
    return (
        2 <= len(text) <= 120
        and text[:1].isupper()
        and not text.endswith((".", ",", ";", ":", "!", "?"))
        and not SECTION.match(text)
        and not ATTENDANCE.match(text)
        and not is_label(text)
        and not CASE_NUMBER.match(text)
        and not looks_like_sentence(text)
        # The meeting's day and hour, a place: the header's lines.
        and not find_dates(text)
        and not re.search(r"\bkl\.?\s*\d|\d[.:]\d\d\b", text)
    )


def unnumbered_heads(lines: list[Line]) -> list[ItemStart]:
    """Items headed without numbers: a title a section word follows (`Sagsfremstilling`,
    `Indstilling`, `Sagsnr.`, `Beslutning`), titles behind a label word (`Emne: …`), or
    titles in capitals after the meeting's date. Label and capitals count from two lines up,
    so a letter's `Emne:` or a single emphasised line is not an agenda."""
    texts = [line.text for line in lines]
    found: list[ItemStart] = []
    labelled = [(i, m) for i, t in enumerate(texts) if (m := ITEM_LABEL.match(t))]
    if len(labelled) >= 2:
        found += [ItemStart(i, None, m["title"].strip(), 0.0) for i, m in labelled]
    kinds = [(i, m) for i, t in enumerate(texts) if (m := KIND_LABEL.match(t)) and _kind_title(m)]
    if len(kinds) >= 2 and len({m["kind"].lower() for _, m in kinds}) >= 2:
        found += [ItemStart(i, None, texts[i].strip(), 0.0) for i, _ in kinds]
    dated = next((i for i, t in enumerate(texts[:40]) if find_dates(t)), -1)
    capitals = [
        i
        for i, t in enumerate(texts)
        if i > dated and sum(c.isalpha() for c in t) >= 4 and t.isupper() and _plain_heading(t)
    ]
    if len(capitals) >= 2:
        found += [ItemStart(i, None, texts[i], 0.0) for i in capitals]
    for i, text in enumerate(texts):
        if i <= dated or not _plain_heading(text):
            continue
        nxt = next((t for t in texts[i + 1 : i + 3] if t), "")
        section = SECTION.match(nxt) if len(nxt) < 120 else None
        kind = next((k for k in _OPENING if section and section[k]), None)
        # `Referat`/`Protokol` also head a whole document: only a decision word opens an item.
        if kind == "decision" and re.match(r"^(?:referat|protokol)", nxt, re.I):
            continue
        if kind and (kind != "decision" or len(text) <= 80):
            found.append(ItemStart(i, None, text, 0.0))
    return found


def bare_list(candidates: list[ItemStart], texts: list[str]) -> list[ItemStart]:
    """The longest run of at least three numbered titles, n, n+1, n+2 …, line after line with
    no text between, not the clauses of a recommendation: an agenda that is only its list (a
    summary page, a print view of the agenda points)."""
    runs: list[list[ItemStart]] = []
    for cand in candidates:
        run = runs[-1] if runs else []
        prev = run[-1] if run else None
        if (
            prev is not None
            and prev.number is not None
            and cand.number == prev.number + 1
            and len([t for t in texts[prev.index + 1 : cand.index] if t]) <= 1
        ):
            run.append(cand)
        else:
            runs.append([cand])
    runs = [
        run
        for run in runs
        if len(run) >= 3
        and not in_a_clause_list(texts, run[0].index)
        and all(len(c.title) < 160 and heading_like(c.title) for c in run)
    ]
    if not runs:
        return []
    # The longest, and the runs after it that number again from the start (a second part).
    longest = max(runs, key=len)
    out = list(longest)
    for run in runs[runs.index(longest) + 1 :]:
        last, first = out[-1].number, run[0].number
        if last is not None and first is not None and first <= last:
            out += run
    return out


def case_heads(lines: list[Line]) -> list[ItemStart]:
    """Items headed `<titel> Åben sag` / `Lukket sag` (a case page's head, behind the blanked
    `Mødedato Side` labels of a transcript): each such line begins an item."""
    return [
        ItemStart(i, None, match["title"], 1.0)
        for i, line in enumerate(lines)
        if line.text.endswith(" sag")
        and (match := OPEN_CASE.match(line.text))
        and not looks_like_sentence(match["title"])
    ]


def clean_title(title: str) -> tuple[str, datetime.time | None, datetime.time | None, str | None]:
    start = end = None
    title = re.sub(r"\s*(?:\.{3,}|…+)\s*\d*\s*$", "", title).strip()
    slot = TIME_SLOT.search(title)
    if slot:
        start, end = _time(slot["start"]), _time(slot["end"])
        title = title[: slot.start()].strip(" ,-–")
    presenters = None
    who = PRESENTER.search(title)
    # "… boligområdet ved Møllebakken i Nordby": a place, not a presenter.
    if who and re.match(r"\s+ved\s", title[who.start() :]) and _PLACE.search(who.group(0)):
        who = None
    if who:
        presenters = (who["who"] or who["who2"] or "").strip(" .")
        title = title[: who.start()].strip(" ,-–")
    title = INLINE_CASE.sub("", title).strip(" ,-–:")
    title = _OPEN_MARK.sub("", title).strip(" ,-–:")
    title = re.sub(r"\s{2,}", " ", title)
    return title, start, end, presenters


#: A lower-case preposition inside what follows `ved`: a place's name, not a person's.
_PLACE = re.compile(r"\s(?:i|på|ved|syd for|nord for|øst for|vest for)\s")

#: `(Åben) Titel`, `Titel - Åben sag`: an open item's mark says nothing of its subject (a closed
#: mark is read and taken out by `closed`).
_OPEN_MARK = re.compile(
    r"^\((?:åben|åbent|offentlig)(?:\s+(?:punkt|sag))?\)\s*"
    r"|\s*(?:\((?:åben|åbent|offentlig)(?:\s+(?:punkt|sag))?\)|[-–]\s*åben(?:t)?\s+(?:punkt|sag))$",
    re.IGNORECASE,
)


def _time(text: str | None) -> datetime.time | None:
    if not text:
        return None
    hour, minute = (int(x) for x in re.split(r"[.:]", text))
    return datetime.time(hour, minute) if hour < 24 else None


def paragraphs(lines: list[str]) -> str | None:
    """Lines wrapped by a page back into paragraphs; list lines stay lines."""
    paragraphs: list[str] = []
    current: list[str] = []
    for text in [*lines, ""]:
        if not text:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if CLAUSE.match(text) and current:
            paragraphs.append(" ".join(current))
            current = []
        if current and current[-1].endswith((".", ":", "?", "!")) and text[:1].isupper():
            paragraphs.append(" ".join(current))
            current = []
        current.append(text)
    result = "\n\n".join(p for p in paragraphs if p.strip())
    return result or None


def read_item(cand: ItemStart, lines: list[str], people: Attendance) -> ParsedItem:
    title, start, end, presenters = clean_title(cand.title)
    if cand.rest:
        lines = [lines[0], cand.rest, *lines[1:]]
    first = cand.title_lines
    # A heading wrapped over two lines, or its time slot on the next line.
    if lines[first : first + 1] and TIME_ALONE.match(lines[first]):
        start, end = find_time_range(lines[first])
        first += 2 if lines[first + 1 : first + 2] and TIME_ALONE.match(lines[first + 1]) else 1
    elif not cand.rest and lines[first : first + 1] and wraps_on(title, lines[first]):
        title, start, end, presenters = clean_title(f"{cand.title} {lines[first]}")
        first += 1
    inline_case = INLINE_CASE.search(cand.title)
    item = ParsedItem(
        number=str(cand.number) if cand.number is not None else None,
        title=title,
        case_number=inline_case["case"] if inline_case else None,
        start_time=start,
        end_time=end,
        presenters=presenters,
    )
    sections: dict[str, list[str]] = {"presentation": [], "decision": [], "attachments": []}
    clauses: list[str] = []
    # A title that runs straight on into its outcome ("… dagsorden Godkendt").
    mode = "decision" if _OUTCOME_AT.match(cand.rest) else "presentation"
    i = first
    while i < len(lines):
        text = lines[i]
        if not text:
            if mode in sections:
                sections[mode].append("")
            i += 1
            continue
        section = SECTION.match(text) if len(text) < 120 else None
        if section and not (section["presentation"] and section["rest"]):
            kind = next(k for k in SECTIONS if section[k])
            rest = (section["rest"] or "").strip()
            if kind == "case":
                if rest:
                    item.case_number = item.case_number or rest.strip()
                elif i + 1 < len(lines) and CASE_NUMBER.match(lines[i + 1]):
                    item.case_number = item.case_number or lines[i + 1]
                    i += 1
                i += 1
                continue
            mode = kind
            if rest and kind in sections:
                sections[kind].append(rest)
            elif rest and kind == "recommendation":
                clauses.append(rest)
            i += 1
            continue
        if CASE_NUMBER.match(text) and item.case_number is None:
            item.case_number = text
            i += 1
            continue
        attendance = ATTENDANCE.match(text)
        if attendance and (not attendance["rest"] or not looks_like_sentence(attendance["rest"])):
            if attendance["rest"]:
                people.read_attendance_line(attendance["rest"], mode_of(attendance))
            end_at = people.read_attendance_block(lines, i + 1, mode_of(attendance))
            if end_at > i + 1 or attendance["rest"]:
                i = end_at
                continue
        recommends = RECOMMENDS.match(text)
        if recommends and mode != "decision":
            mode = "recommendation"
            rest = recommends["rest"].strip()
            if rest and (re.match(r"^at\s", rest) or not rest.endswith((",", ":"))):
                clauses.append(rest)
                # "Det indstilles, at Politisk Niveau" + numbered clauses: the lead-in
                # is not a clause of its own.
                nxt = next((lines[k] for k in range(i + 1, len(lines)) if lines[k]), "")
                if CLAUSE.match(nxt) and not rest.endswith("."):
                    clauses.pop()
            i += 1
            continue
        if mode == "recommendation":
            clause = CLAUSE.match(text)
            if clause:
                clauses.append(clause["text"].strip())
            elif re.match(r"^at\s", text):
                clauses.append(text)
            elif clauses and not clauses[-1].endswith("."):
                # A clause wrapped over lines.
                clauses[-1] = f"{clauses[-1]} {text}"
            else:
                sections["presentation"].append(text)
            i += 1
            continue
        if mode == "attachments":
            if len(text) > 160 or (looks_like_sentence(text) and len(text) > 90):
                mode = "presentation"
                sections[mode].append(text)
            else:
                sections["attachments"].append(text)
            i += 1
            continue
        if mode == "decision":
            people.read_prose(text)
        sections[mode].append(text)
        i += 1
    item.recommendation = [re.sub(r"\s{2,}", " ", c).strip() for c in clauses if c.strip()]
    item.presentation = paragraphs(sections["presentation"])
    item.decision = paragraphs(sections["decision"])
    item.attachments = [
        a
        for a in (
            re.sub(
                r"^(?:[-•–*·▪]\s*|\d{1,2}[.)]\s*|bilag\s*\d+\s*[:.-]?\s*)", "", t, flags=re.I
            ).strip()
            for t in sections["attachments"]
            if t
        )
        if a
    ]
    if item.presentation:
        for paragraph in item.presentation.split("\n\n"):
            people.read_prose(paragraph)
    return item
