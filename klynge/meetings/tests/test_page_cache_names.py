"""A meeting's ordinary writes name every row they write to the page cache, so they render
anew the pages of the meeting's cluster only, not every page (klynge.core.pagecache)."""

from collections.abc import Callable

import pytest

from klynge.core import pagecache
from klynge.meetings import services
from klynge.meetings.models import MeetingStatus

pytestmark = pytest.mark.django_db


def scopes_replaced(monkeypatch: pytest.MonkeyPatch, write: Callable[[], object]) -> set[str]:
    """The scopes a write replaces when its request ends."""
    seen: set[str] = set()
    monkeypatch.setattr(pagecache, "bump", seen.update)
    with pagecache.unit_of_work():
        write()
    monkeypatch.undo()
    return seen


def test_a_meeting_from_agenda_to_minutes_replaces_only_its_cluster(
    meeting, secretariat, monkeypatch
):
    cluster = f"cluster:{meeting.body.cluster_id}"

    def move(status: str) -> Callable[[], object]:
        return lambda: services.change_meeting_status(
            actor=secretariat, meeting=meeting, to_status=status
        )

    def decide(text: str) -> Callable[[], object]:
        def write() -> object:
            item = meeting.items.first()
            return services.record_decision(
                actor=secretariat, item=item, decision=text, version=item.version
            )

        return write

    # Held: the invited who sent no afbud are marked as attending, all in one update.
    for write in (
        move(MeetingStatus.AGENDA_PUBLISHED),
        move(MeetingStatus.HELD),
        decide("Godkendt"),
        move(MeetingStatus.MINUTES_DRAFT),
        decide("Godkendt med en rettelse"),  # approvals given no longer count
    ):
        replaced = scopes_replaced(monkeypatch, write)
        assert cluster in replaced
        assert pagecache.ALL not in replaced, replaced
        meeting.refresh_from_db()
