"""What reading a document gives: a meeting with its items, as the document states them."""

import datetime
from dataclasses import dataclass, field

from .people import PersonName


@dataclass
class ParsedItem:
    number: str | None
    title: str
    case_number: str | None = None
    recommendation: list[str] = field(default_factory=list)
    presentation: str | None = None
    decision: str | None = None
    attachments: list[str] = field(default_factory=list)
    #: Lukket/fortroligt: never published (see `closed.py`).
    closed: bool = False
    #: Named by the agenda list only: the document stops before the item's own text.
    listed_only: bool = False
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    presenters: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "title": self.title,
            "case_number": self.case_number,
            "recommendation": self.recommendation,
            "presentation": self.presentation,
            "decision": self.decision,
            "attachments": self.attachments,
            "closed": self.closed,
            "listed_only": self.listed_only,
        }


@dataclass
class ParsedMeeting:
    body: str | None = None
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    location: str | None = None
    kind: str | None = None  # "minutes" or "agenda"
    items: list[ParsedItem] = field(default_factory=list)
    participants: list[PersonName] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)
    substitutes: list[tuple[str, str]] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_meeting(self) -> bool:
        return bool(self.items)

    def meeting_json(self) -> dict[str, str | None]:
        return {
            "body": self.body,
            "date": self.date.isoformat() if self.date else None,
            "start_time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "location": self.location,
        }

    def as_json(self, source: str) -> dict[str, object]:
        return {
            "source": source,
            "meeting": self.meeting_json(),
            "items": [item.as_json() for item in self.items],
            "participants": [p.as_json() for p in self.participants],
            "apologies": [{"name": name} for name in self.apologies],
            "substitutes": [{"name": name, "for": whom} for name, whom in self.substitutes],
            "warnings": self.warnings,
        }
