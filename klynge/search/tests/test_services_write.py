"""The index follows the services' own writes, including their guarded updates (which no
`post_save` announces): an edited item, a recorded decision, a changed initiative state."""

import pytest

from klynge.accounts.models import User
from klynge.actionplans.models import State
from klynge.actionplans.services import return_initiative
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.organisations.models import Body
from klynge.search.models import SearchEntry
from klynge.search.queries import search
from klynge.search.tests.data import make_initiative, make_item, make_meeting

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


def test_a_return_is_found_by_members_once_the_minutes_are_approved(
    body: Body, secretariat: User, chair: User, member: User
) -> None:
    """What a body asks of an initiative is found by its members once the minutes are
    approved, as on the initiative's page; the copies per known state go once published."""
    meeting = make_meeting(body, status=MeetingStatus.HELD)
    item = make_item(meeting, "Indsatser til godkendelse")
    initiative = make_initiative(body, 2024, number=3, title="Nattepleje", state=State.SUBMITTED)
    return_initiative(
        actor=secretariat, initiative=initiative, item=item, note="Beskriv målgruppen præcist"
    )

    def found(user: User) -> list[tuple[str, str]]:
        results = search(user, "målgruppen")
        return sorted((hit.entry.kind, hit.entry.state) for hit in results.hits)

    returned = [("decision", ""), ("initiative", State.RETURNED)]
    assert found(secretariat) == returned
    assert found(member) == []
    assert [hit.entry.state for hit in search(member, "nattepleje").hits] == [State.SUBMITTED]
    rows = SearchEntry.objects.filter(initiative=initiative).values_list("state", "variant")
    assert set(rows) == {
        (State.RETURNED, True),
        (State.SUBMITTED, True),
    }

    meeting = meeting_services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
    )
    meeting_services.approve_minutes(actor=chair, meeting=meeting)
    assert found(member) == returned

    meeting.refresh_from_db()
    meeting_services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.MINUTES_PUBLISHED
    )
    assert set(rows.all()) == {(State.RETURNED, False)}
