"""The action plan's notices: owner and lead hear of an order and of a return; the
secretariat hears of a submitted order confirmation."""

import pytest
from django.core import mail

from klynge.actionplans import services
from klynge.actionplans.tests.factories import CONFIRMATION

pytestmark = pytest.mark.django_db


def test_the_lead_hears_of_the_order(gov, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative = gov.initiative(goals="Færre genindlæggelser")
    [message] = mail.outbox
    assert message.to == [gov.lead.email]
    assert message.subject == f"Bestilling: {initiative}"
    assert "Færre genindlæggelser" in message.body
    assert "ordrebekræftelsen" in message.alternatives[0][0]
    # Editing the order again does not mail again; naming a new owner does.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_initiative(
            actor=gov.secretariat, initiative=initiative, values={"title": "Ny titel"}
        )
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        services.save_initiative(
            actor=gov.secretariat,
            initiative=initiative,
            values={"project_owner": gov.chief_chair.person},
        )
    [message] = mail.outbox
    assert set(message.to) == {gov.lead.email, gov.chief_chair.email}


def test_the_secretariat_hears_of_a_submitted_confirmation(gov, django_capture_on_commit_callbacks):
    initiative = gov.initiative()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    [message] = mail.outbox
    assert message.to == [gov.secretariat.email]
    assert message.subject == f"Ordrebekræftelse indsendt: {initiative}"
    assert "version 1" in message.body


def test_owner_and_lead_hear_why_it_was_sent_back(gov, django_capture_on_commit_callbacks):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    with django_capture_on_commit_callbacks(execute=True):
        gov.approve_at(gov.chief, initiative, approve=False, note="Beskriv målgruppen skarpere")
    returned = [m for m in mail.outbox if m.subject.startswith("Sendt tilbage")]
    [message] = returned
    assert message.to == [gov.lead.email]
    assert "Beskriv målgruppen skarpere" in message.body
