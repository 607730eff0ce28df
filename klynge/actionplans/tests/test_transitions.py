"""Every pair of initiative states, allowed or refused, as ALLOWED_TRANSITIONS says."""

import itertools

import pytest

from klynge.actionplans import services
from klynge.actionplans.models import ALLOWED_TRANSITIONS, Initiative, InitiativeStateChange, State
from klynge.core.exceptions import ServiceError

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a, b in itertools.product(State.values, repeat=2) if a != b]


@pytest.mark.parametrize(("from_state", "to_state"), PAIRS)
def test_every_state_change_is_allowed_or_refused_as_the_map_says(gov, from_state, to_state):
    initiative = gov.initiative()
    Initiative.objects.filter(pk=initiative.pk).update(state=from_state)
    initiative.refresh_from_db()
    allowed = to_state in ALLOWED_TRANSITIONS[from_state]
    change = lambda: services._change_state(  # noqa: E731 - the one place every change goes
        actor=gov.secretariat, initiative=initiative, to_state=to_state
    )
    if allowed:
        change()
    else:
        with pytest.raises(ServiceError):
            change()
    initiative.refresh_from_db()
    assert initiative.state == (to_state if allowed else from_state)
    assert InitiativeStateChange.objects.filter(initiative=initiative).exists() is allowed
