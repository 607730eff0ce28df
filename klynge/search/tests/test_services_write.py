"""The index follows the services' own writes, including their guarded updates (which no
`post_save` announces): an edited item, a recorded decision, a changed initiative state."""

import pytest

from klynge.accounts.models import User
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Meeting
from klynge.search.queries import search

pytestmark = pytest.mark.django_db


def _titles(user: User, text: str) -> list[str]:
    return [hit.entry.title for hit in search(user, text).hits]


def test_an_item_edited_and_decided_through_the_services_is_found_as_it_is_now(
    meeting: Meeting, secretariat: User
) -> None:
    item = meeting_services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": "Rygestop for gravide"}
    )
    assert _titles(secretariat, "gravide") == ["Rygestop for gravide"]

    item = meeting_services.update_agenda_item(
        actor=secretariat,
        item=item,
        values={"title": "Rygestop for unge", "presentation": "<p>Skolesundhed</p>"},
        version=item.version,
    )

    assert _titles(secretariat, "gravide") == []
    assert _titles(secretariat, "skolesundhed") == ["Rygestop for unge"]
    item_in_db = AgendaItem.objects.get(pk=item.pk)
    assert item_in_db.title == "Rygestop for unge"
