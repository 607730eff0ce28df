"""Every pair of initiative states and of confirmation outcomes, allowed or refused, as
their maps say; and the invariants the database holds."""

import itertools

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from klynge.actionplans import services
from klynge.actionplans.models import (
    ALLOWED_TRANSITIONS,
    OUTCOME_TRANSITIONS,
    Initiative,
    InitiativeStateChange,
    ItemCase,
    OrderConfirmation,
    Outcome,
    State,
)
from klynge.actionplans.tests.factories import CONFIRMATION
from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.followups.models import FollowUp

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


OUTCOME_PAIRS = [(a, b) for a, b in itertools.product(Outcome.values, repeat=2) if a != b]


@pytest.mark.parametrize(("from_outcome", "to_outcome"), OUTCOME_PAIRS)
def test_every_outcome_change_is_allowed_or_refused_as_the_map_says(gov, from_outcome, to_outcome):
    initiative = gov.initiative()
    confirmation = OrderConfirmation.objects.create(
        initiative=initiative, version=1, outcome=from_outcome, **CONFIRMATION
    )
    allowed = to_outcome in OUTCOME_TRANSITIONS[from_outcome]
    change = lambda: services._change_outcome(  # noqa: E731
        actor=gov.secretariat, confirmation=confirmation, to_outcome=to_outcome, item=None
    )
    if allowed:
        change()
    else:
        with pytest.raises(ServiceError):
            change()
    confirmation.refresh_from_db()
    assert confirmation.outcome == (to_outcome if allowed else from_outcome)
    assert confirmation.outcome_changes.exists() is allowed
    assert AuditEvent.objects.filter(action="confirmation.outcome").exists() is allowed


def test_the_database_holds_the_invariants(gov):
    initiative = gov.initiative()
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(return_request="Mere konkret")
    meeting = gov.meeting(gov.chief)
    item = meeting.items.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemCase.objects.create(
            agenda_item=item, initiative=initiative, purpose="status", decided_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemCase.objects.create(
            agenda_item=item, initiative=initiative, purpose="status", outcome="Besluttet"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            agenda_item=item,
            text="x",
            responsible=gov.lead.person,
            done_at=timezone.now(),
        )


def test_leaving_returned_clears_what_was_asked(gov):
    initiative = gov.initiative()
    Initiative.objects.filter(pk=initiative.pk).update(
        state=State.RETURNED, return_request="Konkretiser målgruppen"
    )
    initiative.refresh_from_db()
    services.finish_initiative(
        actor=gov.secretariat, initiative=initiative, completed=False, note="Stoppet"
    )
    initiative.refresh_from_db()
    assert (initiative.state, initiative.return_request) == (State.STOPPED, "")
