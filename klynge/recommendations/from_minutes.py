"""The receiver's decision read from their published minutes, to prefill the form: the
archive's reader finds the minutes' items; the item most like ours (shared words of the title
and the decision) gives the decision text, the minutes' date its date. Nothing is saved: the
secretariat checks the text and saves it through `change_recommendation_state`."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from klynge.archive.reading import read_document
from klynge.archive.reading.meeting import ParsedItem
from klynge.core.exceptions import ServiceError
from klynge.meetings.models import AgendaItem
from klynge.recommendations.models import Outcome

#: Minutes of one meeting; read while the user waits.
MAX_BYTES = 10 * 1024 * 1024
#: Words shared by our item and theirs before theirs is taken to be the same case.
MIN_SHARED_WORDS = 2

_WORD = re.compile(r"[a-zæøå]{4,}")
_COMMON = frozenset(
    {
        "eller", "ikke", "blev", "bliver", "skal", "sundhedsrådet", "regionsrådet",
        "anbefaler", "anbefaling", "indstilling", "beslutning", "punkt", "sagen",
    }
)  # fmt: skip


@dataclass(frozen=True)
class FoundDecision:
    title: str
    number: str | None
    text: str
    date: datetime.date | None
    outcome: str


def _words(*texts: str | None) -> set[str]:
    found = set()
    for text in texts:
        found |= set(_WORD.findall((text or "").lower()))
    return found - _COMMON


def guess_outcome(text: str) -> str:
    """The outcome the decision's words say, or "" when they do not say it plainly."""
    lowered = text.lower()
    if re.search(r"\b(afvist|afviste|ikke tiltrådt|tiltrådte ikke|forkastet)\b", lowered):
        return Outcome.REJECTED
    if re.search(r"ændring|ændret|dog\b|bortset fra", lowered):
        return Outcome.AMENDED
    if re.search(r"\b(tiltrådt|tiltrådte|godkendt|godkendte|vedtaget|vedtog)\b", lowered):
        return Outcome.ADOPTED
    return ""


def decision_from_minutes(data: bytes, name: str, *, item: AgendaItem) -> FoundDecision:
    """The decision in the receiver's minutes (`data`, a file named `name`) on the case
    `item` recommended; ServiceError in words when it cannot be found."""
    if len(data) > MAX_BYTES:
        raise ServiceError(
            _("Filen er for stor til at blive læst her (højst %(mb)s MB).")
            % {"mb": MAX_BYTES // 2**20}
        )
    # Read while the user waits: text layers only. OCR of a scan takes minutes of a core;
    # a scanned file says so and the secretariat types the decision.
    reading = read_document(data, name, use_ocr=False)
    if reading.error:
        raise ServiceError(_("Filen kunne ikke læses: %s") % reading.error)
    decided = [parsed for parsed in reading.meeting.items if parsed.decision]
    if not decided:
        raise ServiceError(_("Der blev ikke fundet beslutninger i filen."))
    ours = _words(item.title, item.decision, *item.recommendation)

    def shared(parsed: ParsedItem) -> int:
        return len(ours & _words(parsed.title, parsed.decision, *parsed.recommendation))

    best = max(decided, key=shared)
    if shared(best) < MIN_SHARED_WORDS:
        raise ServiceError(
            _("Ingen af referatets punkter ligner punktet “%s”. Skriv beslutningen selv.")
            % item.title
        )
    text = best.decision or ""
    return FoundDecision(
        title=best.title,
        number=best.number,
        text=text,
        date=reading.meeting.date,
        outcome=guess_outcome(text),
    )
