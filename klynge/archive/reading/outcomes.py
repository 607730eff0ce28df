"""What a minute records as an item's outcome where it has no decision field: informal minutes
("Dagsordenen godkendt", "Formanden blev genvalgt", "Punktet udsættes"), and flattened text in
which a title runs straight on into its outcome ("Godkendelse af dagsorden Godkendt").

The words are the vocabulary of Danish minutes in general (approval, election, resolution,
agreed action, noting, postponement), not of any one publisher. Discussion alone ("drøftet")
is no outcome.
"""

import re

from .meeting import ParsedMeeting
from .shapes import SECTION

OUTCOME = re.compile(
    r"\b(?:godkendt(?:e|es)?|godkendtes|vedtaget|vedtog|vedtoges|besluttede|besluttet"
    r"|tiltrådt(?:e)?|tiltrådte|(?:taget|tog)\b[^.]{0,60}?\btil efterretning|til efterretning"
    r"|noterede|noteret|(?:gen)?valgt(?:e|es)?|konstituerede|udsat|udsættes|udskudt"
    r"|aftalt(?:e|es)?|enighed om|enige om|anbefaler|anbefalede|anbefales|bakker op|opbakning"
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


def informal_decisions(meeting: ParsedMeeting, texts: list[str]) -> None:
    """Informal minutes (no fields): an item whose minute records an outcome has that minute
    as its decision."""
    if meeting.kind != "minutes" or has_fields(texts):
        return
    for item in meeting.items:
        if not item.decision and not item.recommendation and records_outcome(item.presentation):
            item.decision, item.presentation = item.presentation, None
