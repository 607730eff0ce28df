"""What a minute records as an item's outcome where it has no decision field: informal minutes
("Dagsordenen godkendt", "Formanden blev genvalgt", "Punktet udsættes"), and flattened text in
which a title runs straight on into its outcome ("Godkendelse af dagsorden Godkendt").

After the items are read, `informal_decisions` looks again at each item without a decision, in
its own lines: the outcome on the title's line, a `<body>, <day>:` heading of the meeting's own
day (an earlier day is the case's history), a decision heading run into flattened text, a
decision field the item reader lost, a paragraph labelled with what was agreed.

The words are the vocabulary of Danish minutes in general (approval, election, resolution,
agreed action, noting, postponement), not of any one publisher. Discussion alone ("drøftet")
is no outcome.
"""

import re
import unicodedata

from .dates import find_dates
from .meeting import ParsedItem, ParsedMeeting
from .shapes import SECTION

OUTCOME = re.compile(
    r"\b(?:godkendt(?:e|es)?|godkendtes|vedtaget|vedtog|vedtoges|besluttede|besluttet"
    r"|tiltrådt(?:e)?|tiltrådte|(?:taget|tog)\b[^.]{0,60}?\btil efterretning|til efterretning"
    r"|noterede|noteret|(?:gen)?valgt(?:e|es)?|konstituerede|udsat|udsættes|udskudt"
    r"|aftalt(?:e|es)?|enighed om|enige om|anbefaler|anbefalede|anbefales|bakker op|opbakning"
    r"|konkluderede|konkluderet|tilsluttede sig|tilslutter sig|accepterede|accepteret|bifaldt"
    r"|udpeget|udpegede|nedsatte|(?:udarbejder|sender|afgiver|afgav|sendte)\b[^.]{0,30}?\bhøringssvar"
    r"|støtte til|lovligt indvarslet|beslutningsdygtig\w*)\b",
    re.IGNORECASE,
)

#: The outcome a run-on title goes straight into: capitalised, as a new sentence.
OUTCOME_START = re.compile(
    r"(?:Godkendt|Godkendes|Vedtaget|Tiltrådt|Taget til efterretning|Udsat|Drøftet|Anbefalet"
    r"|Ingen bemærkninger|Orienteringen (?:blev )?taget)\b"
)

#: Words whose abbreviation ends in a full stop inside a title (`vedr. Udbud`).
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:vedr|nr|pkt|evt|bl\.a|jf|ca|kl|d|mht|inkl|ift|stk|mv|m\.v)\.$", re.IGNORECASE
)


def records_outcome(text: str | None) -> bool:
    return bool(text and OUTCOME.search(text))


def split_run_on(text: str) -> tuple[str, str]:
    """A heading that runs on into its text (flattened text), as (title, the rest): cut at the
    outcome that follows the title, a sub-item's number (`2.0 Titel`), the first sentence end
    or colon; else at a title's length."""
    cuts: list[tuple[int, int]] = []  # (end of title, start of rest)
    outcome = re.search(r"(?<=[\wæøå\")])\s+(?=" + OUTCOME_START.pattern + ")", text)
    if outcome:
        cuts.append((outcome.start(), outcome.end()))
    sub_item = re.search(r"\s+(?=\d{1,2}\.\d{1,2}\s+[A-ZÆØÅ])", text)
    if sub_item:
        cuts.append((sub_item.start(), sub_item.end()))
    for end in re.finditer(r"[.:!?](?=\s+[A-ZÆØÅ\"“])", text):
        if end.group(0) == "." and _ABBREVIATION.search(text[: end.end()]):
            continue
        cuts.append((end.start(), end.end()))
        break
    if cuts:
        stop, rest = min(cuts)
        if stop >= 3:
            return text[:stop].strip(), text[rest:].strip()
    if len(text) > 220:
        head = text[:150].rsplit(" ", 1)[0]
        return head.strip(), text[len(head) :].strip()
    return text.strip(), ""


def has_fields(texts: list[str]) -> bool:
    """The document writes its items in fields (Sagsfremstilling, Indstilling, Beslutning …):
    an item without a decision field was not decided, or the text stops before it."""
    return any(
        (match := SECTION.match(text))
        and (match["decision"] or match["presentation"] or match["recommendation"])
        for text in texts
        if len(text) < 120
    )


#: A council or committee as the subject of what it did: "Rådet tilsluttede sig …", "Udvalget
#: bad om en redegørelse". The noun and a finite verb of acting, not of discussing.
_BODY = r"(?:[\w-]*(?:råd|udvalg|bestyrelse|nævn|forsamling)(?:et|en)|mødet|forsamlingen)"
BODY_ACTS = re.compile(
    rf"\b{_BODY}\s+(?:\w+\s+)?(?:tilsluttede|tilslutter|bad|beder|anmodede|anmoder|ønskede"
    r"|ønsker at|udpegede|udpeger|nedsatte|nedsætter|afgav|afgiver|sender|sendte|indstiller"
    r"|indstillede|godkender|vedtager|beslutter|tager\b[^.]{0,40}?\btil efterretning)\b",
    re.IGNORECASE,
)

#: A decision's wording as proposed: `Byrådet beslutter at …`, `Det besluttes, at …`.
PROPOSED = re.compile(
    r"^(?:[\w-]+\s+){1,3}(?:beslutter|pålægger|godkender)\s*,?\s+at\b|^det besluttes\s*,?\s+at\b",
    re.IGNORECASE,
)

#: What was done, told in the past: minutes, not an agenda's plan.
PAST_OUTCOME = re.compile(
    r"\bblev\s+(?:\w+\s+)?(?:godkendt|vedtaget|valgt|genvalgt|besluttet|udsat|aftalt|tiltrådt"
    r"|taget til efterretning)|\b(?:godkendtes|vedtog|vedtoges|besluttede|konstituerede)\b"
    r"|\btog\b[^.]{0,60}?\btil efterretning",
    re.IGNORECASE,
)

#: A paragraph of informal minutes that opens with what was agreed (`Aftale: …`).
_OUTCOME_LABEL = re.compile(
    r"^(?:aftale[rt]?|aftalt|konklusion(?:er)?|opfølgning|resultat|beslutning(?:er)?|besluttet"
    r"|vedtaget|referat|handling(?:er)?)\s*:\s*\S",
    re.IGNORECASE,
)

#: The outcome written on the title's own line after a dash or a full stop
#: (`Godkendelse af dagsorden - godkendt`, `Valg af kasserer. Lis Holm blev valgt.`).
_TITLE_OUTCOME = re.compile(
    r"^(?P<title>.{3,}?)\s*(?:\s[-–—]\s*|[.:]\s+)"
    r"(?P<rest>(?i:godkendt|vedtaget|tiltrådt|taget til efterretning|til efterretning|udsat"
    r"|anbefalet|besluttet|ingen bemærkninger)\b.{0,80})$"
)

#: A title that runs on into its outcome without a mark (`Godkendelse af dagsorden Godkendt.`).
_TITLE_RUN_ON = re.compile(
    r"^(?P<title>.{3,}?[\wæøå)\"”])\s+(?P<rest>(?:Godkendt|Vedtaget|Tiltrådt|Taget til efterretning"
    r"|Udsat|Anbefalet|Ingen bemærkninger)\b.{0,80})$"
)

#: A title, then a sentence of what was done (`Budget 2022. Rådet afgav høringssvar.`).
_TITLE_SENTENCE = re.compile(r"^(?P<title>[^.]{3,80}?)\.\s+(?P<rest>[A-ZÆØÅ][^.]{4,}\.?)$")

#: A decision heading run into the text (flattened transcripts): "… Sundheds- og
#: Forebyggelsesudvalgets beslutning den Punkt 1 Godkendt".
EMBEDDED_HEAD = re.compile(
    r"(?:\b(?-i:[A-ZÆØÅ])[\w-]*(?:,?\s+(?:og\s+)?[\w-]+){0,4}?s\s+beslutning"
    r"|\bBeslutning(?:er)?\s+(?:i|på)\s+(?-i:[A-ZÆØÅ])[\w ,-]{2,80}?)"
    r"(?:\s+den\b(?P<when>[\d\s./-]{0,12}|\s+\d{1,2}\.\s*[a-zæø]+\s+\d{4})?)?\s*:?\s+"
    r"(?P<rest>(?-i:[A-ZÆØÅ]).{1,})$",
    re.IGNORECASE,
)

#: `Social og Sundhed, 6. januar 2020, pkt. 123:`, `Bornholms Ældreråd, 23-03-2021`: a body
#: and a day on a line of their own, then what that body decided that day.
DATED_HEAD = re.compile(
    r"^(?P<body>(?-i:[A-ZÆØÅ])[\w ,&/-]{2,80}?),?\s+(?:den\s+)?(?P<when>\d{1,2}\.?\s*"
    r"(?:[./-]\s*\d{1,2}\s*[./-]|[a-zæø]+\.?)\s*\d{2,4})(?:\s*,?\s*(?:pkt|punkt)\.?\s*\d+)?"
    r"\s*(?::\s*(?P<rest>\S.*)?)?$",
    re.IGNORECASE,
)


#: A minute that says only that there was nothing (`Der var ingen meddelelser.`, `Intet.`):
#: nothing was decided.
NOTHING = re.compile(
    r"^(?:der\s+var\s+)?(?:ingen|intet)(?:\s+(?:meddelelser|punkter|sager|emner|nyt))?\s*(?:[.!]|$)",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[\W_]+", " ", text).strip()


def _spans(meeting: ParsedMeeting, texts: list[str]) -> dict[int, list[str]]:
    """Each read item's own lines, found by its title in document order (the item reader
    keeps no line numbers): id of the item → its lines, heading included."""
    keys = [_key(t) for t in texts]
    found: list[tuple[int, ParsedItem]] = []
    cursor = 0
    for item in meeting.items:
        title = _key(item.title)[:30]
        if item.listed_only or len(title) < 3:
            continue
        at = next((i for i in range(cursor, len(texts)) if title in keys[i]), None)
        if at is not None:
            found.append((at, item))
            cursor = at + 1
    spans = {}
    for n, (at, item) in enumerate(found):
        stop = found[n + 1][0] if n + 1 < len(found) else len(texts)
        spans[id(item)] = texts[at:stop]
    return spans


def _same_day(when: str | None, meeting: ParsedMeeting) -> bool:
    """The heading's day is the meeting's, or either is unknown; an earlier day is the case's
    history (an earlier committee's treatment), not this meeting's decision."""
    found = find_dates(when or "")
    if not found or meeting.date is None:
        return True
    day = found[0]
    return (day.day, day.month) == (meeting.date.day, meeting.date.month)


def _title_outcome(item: ParsedItem) -> None:
    match = (
        _TITLE_OUTCOME.match(item.title)
        or _TITLE_RUN_ON.match(item.title)
        or _TITLE_SENTENCE.match(item.title)
    )
    if (
        match
        and not _ABBREVIATION.search(match["title"] + ".")
        and (records_outcome(match["rest"]) or BODY_ACTS.search(match["rest"]))
    ):
        item.title = match["title"].rstrip(" .-–—:")
        item.decision = match["rest"].strip()


def _dated_decision(item: ParsedItem, lines: list[str], meeting: ParsedMeeting) -> None:
    """The text under the last `<body>, <day>:` heading of the meeting's own day."""
    heads = [
        i
        for i, text in enumerate(lines)
        if i > 0
        and len(text) < 140
        and (match := DATED_HEAD.match(text))
        and len(match["body"].split()) <= 8
        and not SECTION.match(text)
        and meeting.date is not None
        and _same_day(match["when"], meeting)
    ]
    if not heads:
        return
    inline = DATED_HEAD.match(lines[heads[-1]])
    body = [inline["rest"]] if inline and inline["rest"] else []
    body += [t for t in lines[heads[-1] + 1 :] if t.strip()]
    if body and not DATED_HEAD.match(body[0]) and not NOTHING.match(body[0]):
        item.decision = "\n\n".join(body)


def _embedded_decision(item: ParsedItem, lines: list[str], meeting: ParsedMeeting) -> None:
    for text in lines:
        match = EMBEDDED_HEAD.search(text)
        if match and _same_day(match["when"], meeting):
            item.decision = match["rest"].strip()
            head = text[match.start() : match.start("rest")].strip()
            cut = (item.presentation or "").find(head)
            if item.presentation and cut >= 0:
                item.presentation = item.presentation[:cut].strip() or None
            return


def _field_decision(item: ParsedItem, lines: list[str], meeting: ParsedMeeting) -> None:
    """The text under the item's last bare decision heading (`Beslutning`), where the item
    reader lost it (a list of those absent written at the top of the field)."""
    heads = [
        i
        for i, text in enumerate(lines)
        if i > 0
        and len(text) < 120
        and (m := SECTION.match(text))
        and m["decision"]
        and not (m["rest"] or "").strip()
        and _same_day(text, meeting)
    ]
    if not heads:
        return
    body = []
    for text in lines[heads[-1] + 1 :]:
        section = SECTION.match(text) if len(text) < 120 else None
        if section and not section["decision"]:
            break
        if text.strip():
            body.append(text.strip())
    if body:
        item.decision = "\n\n".join(body)


def _earlier_treatment(item: ParsedItem, lines: list[str], meeting: ParsedMeeting) -> None:
    """A decision read under headings that all name an earlier day (`Økonomiudvalget den
    13.11.2018`) is the case's history: the text stops before this meeting's decision."""
    if meeting.date is None:
        return
    days = []
    for text in lines[1:]:
        if len(text) >= 140:
            continue
        section = SECTION.match(text)
        dated = DATED_HEAD.match(text)
        if section and section["decision"]:
            days.append(section["head"] + " " + (section["date_rest"] or section["rest"] or ""))
        elif dated and len(dated["body"].split()) <= 8:
            days.append(dated["when"])
    if days and find_dates(days[-1]) and not _same_day(days[-1], meeting):
        item.presentation = "\n\n".join(p for p in (item.presentation, item.decision) if p)
        item.decision = None


def _labelled_outcome(item: ParsedItem) -> None:
    """A paragraph `Aftale: …` / `Konklusion: …` among an item's text: from there on."""
    paragraphs = (item.presentation or "").split("\n\n")
    at = next((n for n, p in enumerate(paragraphs) if _OUTCOME_LABEL.match(p)), None)
    if at is not None:
        item.decision = "\n\n".join(paragraphs[at:])
        item.presentation = "\n\n".join(paragraphs[:at]) or None


def _records_this_meeting(minute: str, meeting: ParsedMeeting, kind: str | None) -> bool:
    """A sentence of the minute records an outcome, and not one of an earlier day (`Byrådet
    godkendte den 26. maj 2009 …` is the case's history). Outcome words count where the
    document says it is minutes; otherwise only a council said to act."""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", minute):
        said = BODY_ACTS.search(sentence) or (kind == "minutes" and records_outcome(sentence))
        if said and not _earlier(sentence, meeting):
            return True
    return False


def _earlier(text: str, meeting: ParsedMeeting) -> bool:
    """The text names a day before the meeting's (a day after it is a date agreed on)."""
    if meeting.date is None:
        return False
    days = [d.resolve(meeting.date.year) for d in find_dates(text)]
    return any(day is not None and day < meeting.date for day in days)


def informal_decisions(meeting: ParsedMeeting, texts: list[str]) -> None:
    """Outcomes the item reader's fields did not catch. Forms only minutes have, whatever the
    document calls itself (a page headed `Dagsorden` may hold the minutes): the outcome on the
    title's line, a `<body>, <day>:` heading of the meeting's own day, a decision heading run
    into the text, a decision field the item reader lost. Where the document is not an agenda:
    a paragraph labelled with what was agreed; and in informal minutes (no fields) a minute
    that records an outcome, or, where the document does not say it is minutes, one in which
    the council is said to act (`Udvalget bad om …`)."""
    informal = not has_fields(texts)
    spans = _spans(meeting, texts)
    kind = meeting.kind
    told = sum(bool(PAST_OUTCOME.search(i.presentation or "")) for i in meeting.items)
    if informal and told >= 2:
        # Two items that tell what was done: minutes, whatever the page is headed.
        kind = "minutes"
    for item in meeting.items:
        if item.decision and id(item) in spans:
            _earlier_treatment(item, spans[id(item)], meeting)
        if item.decision and kind == "agenda" and PROPOSED.match(item.decision):
            # An agenda's `Beslutning:` worded as what the council is to decide: a proposal
            # (a citizens' or a party's beslutningsforslag), not a decision taken.
            item.presentation = "\n\n".join(p for p in (item.presentation, item.decision) if p)
            item.decision = None
            continue
        if item.decision or item.listed_only:
            continue
        _title_outcome(item)
        lines = spans.get(id(item), [])
        for read in (_field_decision, _dated_decision, _embedded_decision):
            if not item.decision and lines:
                read(item, lines, meeting)
        if kind == "agenda" or item.decision or item.recommendation:
            continue
        _labelled_outcome(item)
        minute = item.presentation or ""
        if not item.decision and informal and _records_this_meeting(minute, meeting, kind):
            item.decision, item.presentation = item.presentation, None
