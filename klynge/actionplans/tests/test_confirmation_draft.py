"""An order confirmation can be saved as a draft before everything is filled in."""

import pytest
from django.urls import reverse

from klynge.actionplans import services
from klynge.actionplans.models import OrderConfirmation, State
from klynge.actionplans.tests.factories import CONFIRMATION
from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import login

pytestmark = pytest.mark.django_db


def test_a_draft_is_kept_unsent_and_comes_back_in_the_form(client, gov):
    initiative = gov.initiative()
    login(client, gov.lead)
    url = reverse("confirmation_submit", args=[initiative.pk])
    response = client.post(url, {"what": "Et tværsektorielt forløb", "draft": "1"})
    assert response.status_code == 302 and response["Location"] == url
    initiative.refresh_from_db()
    assert initiative.state == State.ORDERED
    assert not OrderConfirmation.objects.exists()
    page = client.get(url).content.decode()
    assert "Et tværsektorielt forløb" in page and "Den er ikke sendt" in page
    # Sending still needs every required field; then the draft is gone.
    refused = client.post(url, {"what": "Et tværsektorielt forløb"})
    assert refused.status_code == 422
    client.post(url, CONFIRMATION)
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED and initiative.confirmation_draft == {}


def test_no_draft_once_the_confirmation_is_sent(gov):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    with pytest.raises(ServiceError, match="venter ikke"):
        services.save_confirmation_draft(
            actor=gov.lead, initiative=initiative, values={"what": "x"}
        )
