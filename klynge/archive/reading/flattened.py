"""Text that has lost its line breaks (one long line per page, as PDF converters and web
transcripts give it) cut back into lines on the signals the structure finder reads anyway:
numbered headings, section words, attendance and header labels. Lines of ordinary length pass
through untouched, and so do glued words that are not a section word.

A transcript's pages are read as pages: its page numbers, the running head every page repeats
(found by comparing the pages, whatever its words), and its table of contents, whose titles are
glued together without numbers; where the body repeats such a title in its heading, the point
where the two texts part is where the title ends.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from .elements import Line
from .headings import Numbered, numbered_heading, unspace_capitals
from .repair import common_words

#: A line this long holds more than one paragraph's worth of structure.
FLAT_LENGTH = 300

#: Labels that start a new part of a document wherever they stand: the section words of an
#: item and the labels of a header and its attendance lists. Capitalised, as labels are.
_LABELS = (
    r"Sagsfremstilling|Sagsbeskrivelse|Resum[eé]|Indstilling(?:er)?|Beslutning(?:er)?"
    r"|Behandling|Bilag(?:sliste)?|Baggrund|Økonomi|Sagsnr\.?|Sags nr\.?|Dok\.nr\.?"
    r"|Sagsbehandler|Sagen afgøres i|Deltagere|Mødedeltagere|Til stede|Tilstede|Fremmødt"
    r"|Afbud(?:/Fraværende)?|Fraværende|Ikke til stede|Deltog ikke|Medlemmer|Referent|Gæster"
    r"|Mødedato|Mødetidspunkt|Mødested|Mødelokale|Sluttidspunkt|Dato|Tid|Sted|Forum"
    r"|Indholdsfortegnelse|INDHOLDSFORTEGNELSE|Sagsoversigt|Det indstilles"
)
LABEL_BREAK = re.compile(rf"\s+(?=(?:{_LABELS})(?:\s*:|\s+(?=[A-ZÆØÅ0-9])))")
#: ` 3. Titel`: a number and a capitalised word after the end of something else.
#: Not after "den", "d." or "kl.": "den 8. Juni" is a date.
NUMBER_BREAK = re.compile(
    r"(?<=[^\d\s,(])(?<!\bden)(?<!\bd\.)(?<!\bkl\.)\s+(?=\d{1,3}\.\s+[A-ZÆØÅ\"“][a-zæøåA-ZÆØÅ])"
)
#: `Side 1 af 6`, `Side! 1 af! 6`: a page stamp inside the run of text.
PAGE_STAMP = re.compile(r"\s*\bSide!?\s*\d{1,3}\s*af!?\s*\d{1,3}\b\s*")
#: A section word glued to the end of a title: `Meddelelse fra formandenReferat`.
GLUED_SECTION = re.compile(
    r"(?<=[a-zæøå])(?P<word>Referat|Beslutning(?:er)?|Resum[eé]|Sagsfremstilling|Indstilling)$"
)

_GLUED_WORDS = (
    "Referat",
    "Beslutning",
    "Beslutninger",
    "Resume",
    "Resumé",
    "Sagsfremstilling",
    "Indstilling",
)

#: A transcript's page line: its page's number first (`3 1. Oplæg …`, `2` for an empty page).
PAGE_NUMBER = re.compile(r"^(\d{1,3})(?:\s+(?=\S)|\s*$)")
#: `Side K`, `Side 4`: the page's own stamp at its top, its number blanked or lettered.
PAGE_HEAD = re.compile(r"^Side!?\s+\S{1,3}\s+(?=\S)")
#: `Åben sag`: the mark of an open case page after its title.
OPEN_MARK = re.compile(r"^Åben sag\b\s*")
#: `Titel Åben sag`, `Titel Lukket sag`: a case page's head, the title before its mark.
CASE_PAGE = re.compile(r"^(?P<title>[A-ZÆØÅ\"“].{2,200}?)\s+(?P<mark>(?:Åben|Lukket) sag)$")
#: The words that open a table of contents.
CONTENTS = re.compile(
    r"(?:Indholdsfortegnelse|INDHOLDSFORTEGNELSE|Sagsoversigt|Følgende sager behandles"
    r"|Dagsordenspunkter|Punkter på dagsordenen)\b"
)
#: An item section word at the start of a run of text, its content after it on the same line
#: (`Resumé Som værtskommune …`, `Beslutning: Godkendt …`).
SECTION_LEAD = re.compile(
    r"^(?P<word>Sagsfremstilling|Sagsbeskrivelse|Resum[eé]|Indstilling(?:er)?|Beslutning(?:er)?"
    r"|Baggrund)(?:\s*:\s*|\s+(?=[A-ZÆØÅ][a-zæøå]+\s+[a-zæøå]))(?=\S)"
    # `Beslutninger Handicaprådet den`: the body's name and day belong to the head.
    r"(?![A-ZÆØÅ][\w ,-]{2,80}?\s+den\b)"
)


def split_glued_section(text: str) -> list[str]:
    """`…formandenReferat` → [`…formanden`, `Referat`]; anything else as it is."""
    if not text.endswith(_GLUED_WORDS):
        return [text]
    match = GLUED_SECTION.search(text)
    if not match:
        return [text]
    return [text[: match.start()], match["word"]]


def resegment_text(text: str) -> list[str]:
    """One flattened line as the lines it once was."""
    text = PAGE_STAMP.sub(" ", text)
    pieces: list[str] = []
    for part in NUMBER_BREAK.split(text):
        pieces.extend(LABEL_BREAK.split(part))
    return [p.strip() for p in pieces if p.strip()]


def is_flattened(lines: list[Line]) -> bool:
    """Most of the text stands in a few very long lines, or in lines that begin with the
    page numbers 1, 2, 3 … (a transcript, one line per page)."""
    total = sum(len(line.text) for line in lines)
    long = sum(len(line.text) for line in lines if len(line.text) > FLAT_LENGTH * 2)
    return total > 0 and (long / total > 0.5 or _paged(lines, total))


def _paged(lines: list[Line], total: int) -> bool:
    """Lines numbered 1, 2, 3 … in order holding most of the text, at a page's length: a
    numbered list's lines are short, a page's are not."""
    page, held, count = 1, 0, 0
    for line in lines:
        match = PAGE_NUMBER.match(line.text)
        if match and int(match[1]) == page:
            page += 1
            count += 1
            held += len(line.text)
    return count >= 3 and held > total * 0.6 and held / count >= 150


def resegment(lines: list[Line], *, flattened: bool | None = None) -> list[Line]:
    """Long lines cut at their signals; every line's glued section word set apart.
    `flattened`: whether `is_flattened(lines)`, where the caller knows already."""
    flat = is_flattened(lines) if flattened is None else flattened
    if flat:
        return _resegment_pages(lines)
    out: list[Line] = []
    page = 1
    for line in lines:
        texts = [unspace_capitals(line.text)]
        # Transcripts begin each page's line with the page's number: `3 1. Oplæg …`.
        number = re.match(r"^(\d{1,3})\s+(?=\S)", texts[0]) if flat else None
        if number and int(number[1]) == page and len(texts[0]) > 100:
            texts = [texts[0][number.end() :]]
            page += 1
        if flat and len(texts[0]) > FLAT_LENGTH:
            texts = resegment_text(texts[0])
        for text in texts:
            for piece in split_glued_section(text):
                out.append(line if piece == line.text else replace(line, text=piece))
    return out


def _resegment_pages(lines: list[Line]) -> list[Line]:
    """A flattened text page by page: without its page numbers and running head, each page
    cut at its signals, the headings its table of contents names cut where their title ends."""
    texts = [unspace_capitals(line.text) for line in lines]
    pages: list[int] = []  # indexes of the page lines
    page = 1
    for i, text in enumerate(texts):
        number = PAGE_NUMBER.match(text)
        if number and int(number[1]) == page:
            texts[i] = text[number.end() :]
            pages.append(i)
            page += 1
    grouped = [i for i, text in enumerate(texts) if letter_grouped(text)]
    for i in grouped:
        texts[i] = join_letter_groups(texts[i])
        # A word broken over the page's end: its last piece opens the next page (`Ples` / `s,`).
        if i not in pages or i == pages[-1]:
            continue
        nxt = pages[pages.index(i) + 1]
        opening = texts[nxt].split(maxsplit=1)
        if opening and _fragment(opening[0], texts[i]):
            texts[i] += opening[0]
            # The page goes on in the broken type, whatever share of it is.
            texts[nxt] = join_letter_groups(opening[1]) if len(opening) > 1 else ""
    head, foot = _running(texts[i] for i in pages[1:])
    for i in pages:
        text = texts[i]
        if head and text.startswith(head):
            text = text[len(head) :].lstrip()
        if foot and text.endswith(foot):
            text = text[: -len(foot)].rstrip()
        texts[i] = PAGE_HEAD.sub("", text) if i != pages[0] else text
    page_set = set(pages)
    out: list[tuple[Line, str, bool]] = []  # (source line, piece, first piece of a page)
    contents: list[str] = []
    for i, (line, text) in enumerate(zip(lines, texts, strict=True)):
        if i not in page_set and len(text) <= FLAT_LENGTH:
            pieces = [text]
        else:
            before, toc, after = _contents(text)
            if toc:
                contents.append(toc)
            pieces = [*_pieces(before), *([toc] if toc else []), *_pieces(after)]
        for n, piece in enumerate(pieces):
            for glued in split_glued_section(piece):
                out.append((line, glued, n == 0 and i in page_set))
    result: list[Line] = []
    # Each table's words, and where each word stands in it: a heading is looked up, not sought.
    toc_words = [(words, _positions(words)) for words in map(_words, contents)]
    for line, piece, first in out:
        cut = _title_end(piece, toc_words, first)
        if cut is None:
            result.append(line if piece == line.text else replace(line, text=piece))
            continue
        title, rest = cut
        result.append(replace(line, text=title, heading=True))
        # `Åben sag` after the title marks an open case page: it says nothing more.
        rest = OPEN_MARK.sub("", rest)
        if rest:
            result.append(replace(line, text=rest))
    return result


#: `Beslutninger Udvalget den Godkendt.`: a decision head whose date the transcript blanked,
#: the decision itself after it.
BLANKED_HEAD = re.compile(
    r"^(?P<head>Beslutning(?:er)?\s+(?:i\s+)?[A-ZÆØÅ][\w ,-]{2,80}?\s+den)\s+"
    r"(?=[A-ZÆØÅ])(?!(?:Januar|Februar|Marts|April|Maj|Juni|Juli|August|September|Oktober"
    r"|November|December)\b)"
)


#: Short words that stand on their own in running text (`og`, `den`, `i`): never the rest of
#: a word broken into letter groups.
_SHORT = (
    "og i af at en et er de den det der til på for med om som ved var har kan skal vil fra ikke "
    "kl sal nr jf mv evt bl ca pr dag år kr mio vej by ny nye alle hvor men så da sig sin sit vi "
    "os man mod hos nu her mere over uden hvis kun end også samt dog få god to tre fire fem seks "
    "syv otte ni ti alt hele nyt hver når blev være dem op ud ind ned se ses sag tid"
)
_SHORT_WORDS = frozenset(_SHORT.split())


#: The short words that are also a word's ending (`Lars en`, `Jesp er`, `mø de`).
_ENDINGS = frozenset({"en", "er", "de", "et"})


def _core(token: str) -> str:
    return token.strip(",.:;!?\"'()-").replace("'", "")


def _fragment(token: str, before: str) -> bool:
    """A lower-case piece of a word broken into letter groups (`San d`, `Lars en`): short, not
    a word of its own, after a piece that ends in a letter. A short word that is also an
    ending (`en`, `er`) is a piece only after a piece that is no word either (`Jesp er`, not
    `Børn er`): told by the word list, and never without one."""
    core, prev = _core(token), _core(before)
    if not (core[:1].islower() and core.isalpha() and before[-1:].isalpha()):
        return False
    if core in _SHORT_WORDS:
        common = common_words()
        return (
            core in _ENDINGS
            and bool(common)
            and prev.isalpha()
            and len(prev) <= 7
            and prev.lower() not in common
        )
    return len(core) <= (5 if len(prev) <= 4 else 4)


def _digits_go_on(token: str, before: str) -> bool:
    """`04-06- 200 9`, `16: 00`: a number broken into groups."""
    if not token[:1].isdigit():
        return False
    if re.search(r"\d[-:]$", before):
        return True
    head, tail = re.search(r"(\d+)$", before), re.match(r"\d+", token)
    return bool(
        head
        and tail
        and head.start() > 0
        and before[head.start() - 1] == "-"
        and len(head[1]) + len(tail[0]) == 4
    )


#: A short lower-case token: a piece of a broken word, or a short word.
_SHORT_TOKEN = re.compile(r"(?<!\S)([a-zæøå]{1,4})(?=[\s,.:;!?'\"]|$)")


def letter_grouped(text: str) -> bool:
    """Words broken into groups of a few letters (`Ref erat Sun dhe ds- og …`), as some PDF
    converters give text set in spaced type: many short lower-case pieces that are no word
    (no short word, and none the word list knows where there is one)."""
    tokens = text.count(" ") + 1
    if tokens < 10:
        return False
    short = [piece for piece in _SHORT_TOKEN.findall(text) if piece not in _SHORT_WORDS]
    if len(short) < 5 or len(short) / tokens < 0.15:
        return False  # most lines: without asking the word list
    known = common_words()
    pieces = sum(1 for piece in short if piece not in known)
    return pieces >= 5 and pieces / tokens >= 0.15


def join_letter_groups(text: str) -> str:
    """The groups of a letter-grouped text joined into words: a lower-case piece goes on the
    word before it (`Ulrik San d Lars en` → `Ulrik Sand Larsen`), a number's groups join."""
    out: list[str] = []
    for token in text.split():
        if out and (_fragment(token, out[-1]) or _digits_go_on(token, out[-1])):
            out[-1] += token
        else:
            out.append(token)
    return " ".join(out)


def _pieces(text: str) -> list[str]:
    """A page's text cut at its signals, a section word apart from the text it heads."""
    out: list[str] = []
    for piece in resegment_text(text):
        blanked = BLANKED_HEAD.match(piece)
        if blanked:
            out.extend([blanked["head"], piece[blanked.end() :]])
            continue
        lead = SECTION_LEAD.match(piece)
        if lead is None:
            out.append(piece)
        elif len(piece) > 120:
            # A section word's line is read as such only when short: the word on its own.
            out.extend([lead["word"], piece[lead.end() :]])
        else:
            # Short, the word and its text as a label and its value (`Indstilling: …`), not
            # a line of text that could pass for a title.
            out.append(f"{lead['word']}: {piece[lead.end() :]}")
    return out


def _running(pages: Iterable[str]) -> tuple[str, str]:
    """The words most pages begin with, and those they end with: a running head and foot (a
    committee's name and blanked labels, a file path), the longest that as many pages share as
    share its first two words."""
    texts = [t for t in pages if t]
    need = max(2, (len(texts) + 1) // 2)

    def common(words_of: list[list[str]]) -> list[str]:
        counts = Counter(tuple(w[:2]) for w in words_of if len(w) > 3)
        if not counts:
            return []
        best, n = counts.most_common(1)[0]
        if n < need:
            return []
        shared = [w for w in words_of if tuple(w[:2]) == best]
        k = 2
        while all(len(w) > k + 1 and w[k] == shared[0][k] for w in shared):
            k += 1
        return shared[0][:k]

    head = common([t.split() for t in texts])
    foot = common([t.split()[::-1] for t in texts])[::-1]
    head_text = " ".join(head) if len(" ".join(head)) >= 8 else ""
    foot_text = " ".join(foot) if len(" ".join(foot)) >= 8 else ""
    # The words as the pages write them: a run of spaces inside them is kept.
    return _as_written(texts, head_text, start=True), _as_written(texts, foot_text, start=False)


def _as_written(texts: list[str], words: str, *, start: bool) -> str:
    if not words:
        return ""
    pattern = r"\s+".join(re.escape(w) for w in words.split())
    for text in texts:
        match = re.match(pattern, text) if start else re.search(pattern + r"$", text)
        if match:
            return match.group(0)
    return ""


#: A number and a capitalised word after a table of contents' last title, where the page's
#: first item begins (`… Byvej15 1. Meddelelser`).
_ITEM_AFTER = re.compile(r"\s(?=\d{1,3}\.\s+[A-ZÆØÅ\"“])")


def _contents(text: str) -> tuple[str, str, str]:
    """The page's text before its table of contents, the table, and the text after it: the
    table runs to the page's end, or to a numbered heading whose title it has named."""
    match = CONTENTS.search(text)
    if not match:
        return text, "", ""
    before, toc = text[: match.start()], text[match.start() :]
    for gap in _ITEM_AFTER.finditer(toc):
        heading = numbered_heading(toc[gap.end() :])
        if heading is None:
            continue
        words = _words(heading.title)[:3]
        listed = _words(toc[: gap.start()])
        if len(words) >= 1 and _find(listed, words):
            return before, toc[: gap.start()].strip(), toc[gap.end() :]
    return before, toc, ""


def _norm(word: str) -> str:
    return re.sub(r"\W+", "", word.lower()) or word


def _words(text: str) -> list[str]:
    """The words, lower-case without punctuation; a table's dot leaders and page numbers out."""
    text = re.sub(r"(?:\.{3,}|…+)\s*\d*", " ", text)
    return [_norm(w) for w in text.split()]


def _find(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[j : j + n] == part for j in range(len(words) - n + 1))


def _positions(words: list[str]) -> dict[str, list[int]]:
    at: dict[str, list[int]] = {}
    for j, word in enumerate(words):
        at.setdefault(word, []).append(j)
    return at


def _title_end(
    piece: str, toc_words: list[tuple[list[str], dict[str, list[int]]]], first: bool
) -> tuple[str, str] | None:
    """A heading that runs on into its text, cut where the table of contents' title ends: the
    first word where the two part. `first`: the piece opens a page, where an unnumbered
    heading stands. None where the table does not name the heading."""
    case = CASE_PAGE.match(piece) if first else None
    if case:
        # `Titel Åben sag`: a case page's head, wherever its table of contents stands. The open
        # mark says nothing more; the closed one leads the heading (`Lukket sag: Titel`), where
        # it is read as the item's mark.
        if case["mark"].startswith("Åben"):
            return case["title"], ""
        return f"{case['mark']}: {case['title']}", ""
    numbered = numbered_heading(piece)
    if numbered is not None:
        lead = piece[: len(piece) - len(numbered.title)]
        title = numbered.title
    elif first and piece[:1].isupper():
        lead, title = "", piece
    else:
        return None
    raw = title.split()
    # A title is some words long: the page's text after it need not be compared.
    words = [_norm(w) for w in raw[:60]]
    best = 0
    for listed, positions in toc_words:
        for j in positions.get(words[0], ()):
            k = 0
            while k < len(words) and j + k < len(listed) and listed[j + k] == words[k]:
                k += 1
            # A single word must be the whole heading or stand after the same number.
            if k >= 2 or (k == 1 and (len(words) == 1 or _same_number(listed, j, numbered))):
                best = max(best, k)
    rest = " ".join(raw[best:])
    # An unnumbered heading stands alone, or before its case page's mark: a page that only
    # begins with listed words (the table's own column heads on its second page) is no heading.
    if best == 0 or (numbered is None and rest and not OPEN_MARK.match(rest)):
        return None
    return f"{lead}{' '.join(raw[:best])}".strip(), rest


def _same_number(listed: list[str], j: int, numbered: Numbered | None) -> bool:
    """The table writes the heading's number just before the word (`1. Budget`)."""
    return numbered is not None and j > 0 and listed[j - 1].lstrip("0") == str(numbered.number)
