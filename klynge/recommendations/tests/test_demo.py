"""The demo's council sends two recommendations to the regionsråd: one answered, one waiting."""

import pytest
from django.core.management import call_command
from django.test import Client

from klynge.core.tests.personas import log_in_with_password
from klynge.demo.councils import ITEM_FRAME, ITEM_TASKS
from klynge.recommendations.models import Outcome, Recommendation, State

pytestmark = pytest.mark.django_db


def test_the_demo_council_has_one_answered_and_one_waiting_recommendation(settings):
    settings.DEMO_MODE = True
    call_command("load-demo")
    recommendations = {
        r.item.title: r
        for r in Recommendation.objects.filter(
            to_external__name="Regionsrådet, Region Midtjylland"
        ).select_related("item")
    }
    answered, waiting = recommendations[ITEM_TASKS], recommendations[ITEM_FRAME]
    assert (answered.state, answered.outcome) == (State.DECIDED, Outcome.AMENDED)
    assert answered.meeting_date == answered.decided_on
    assert answered.decided_on.isoformat() == "2027-02-24"
    assert answered.decision_text and answered.changes.count() == 3
    assert waiting.state == State.SENT
    # The minutes are a draft: the administrator sees the chain (the council's own people
    # start on 1 January 2027), a member not yet.
    client = Client()
    assert log_in_with_password(client, "admin@klynge.test", "demo")
    page = client.get(answered.item.meeting.get_absolute_url()).content.decode()
    assert "Regionsrådet, Region Midtjylland besluttede 24. februar 2027" in page
    assert "tiltrådt med ændringer" in page
    assert log_in_with_password(client, "medlem@klynge.test", "demo")
    response = client.get(answered.item.meeting.get_absolute_url())
    assert "Regionsrådet, Region Midtjylland besluttede" not in response.content.decode()
