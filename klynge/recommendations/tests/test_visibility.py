"""On the matrix world (every meeting state, open and closed items, nine personas): the
receiver's decision, which carries the item's decision marker, is on the meeting page and in
the API exactly for those who may read the item's decision. The permission matrix searches
every answer for those markers; this proves they are there to be found."""

import pytest
from django.test import Client

from klynge.front.tests.test_permission_matrix import sees_closed, sees_decisions
from klynge.front.tests.world import MEETING_STATES, PERSONAS, build_world
from klynge.meetings.models import HELD_OR_LATER

pytestmark = pytest.mark.django_db


def test_each_persona_sees_the_receivers_decision_when_the_items_decision_is():
    world = build_world()
    for persona in PERSONAS[1:]:
        client = Client()
        client.force_login(world.users[persona])
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[persona]}"}
        listed = client.get("/api/v1/recommendations", **headers).json()
        texts = {r["decision_text"] for r in listed}
        for state in MEETING_STATES:
            for item, closed in (
                (world.open_items[state], False),
                (world.closed_items[state], True),
            ):
                marker = f"{item.decision}REC"
                may = sees_decisions(persona, state) and (not closed or sees_closed(persona))
                page = client.get(item.meeting.get_absolute_url())
                shown = page.status_code == 200 and marker in page.content.decode()
                # The panel is for meetings held (a recommendation follows a decision).
                assert shown == (may and state in HELD_OR_LATER), (persona, state, closed)
                assert (marker in texts) == may, (persona, state, closed)
