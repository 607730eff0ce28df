"""The minutes (PDF and Word) hold each vote, who voted how, the statements and the inhabil
line, never the inhabilitet's reason; and nothing of it before the decision is seen."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from klynge.core.tests.personas import login
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.votes import services
from klynge.votes.models import Choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(item, council, secretariat):
    services.declare_inhabil(actor=secretariat, item=item, person=council[4], reason="PERSONLIGT")
    services.record_vote(
        actor=secretariat,
        item=item,
        subject="Indstillingen",
        choices={
            council[0].pk: Choice.FOR,
            council[1].pk: Choice.FOR,
            council[2].pk: Choice.AGAINST,
        },
    )
    services.add_statement(
        actor=secretariat, item=item, text="Vi kan ikke støtte indstillingen.", people=[council[2]]
    )
    return item


def _text(response, fmt: str) -> str:
    assert response.status_code == 200
    if fmt == "pdf":
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_minutes_hold_the_vote_and_the_inhabil_line(
    client, recorded, council, secretariat, fmt
):
    login(client, secretariat)
    url = reverse("meeting_document", args=[recorded.meeting_id, "referat", fmt])
    text = " ".join(_text(client.get(url), fmt).split())
    assert "Indstillingen: Vedtaget (2 for, 1 imod, 0 undlod)" in text
    assert f"Imod: {council[2].name}" in text
    assert f"{council[4].name} deltog ikke i behandlingen af punktet (inhabil)" in text
    assert "Vi kan ikke støtte indstillingen." in text
    assert "PERSONLIGT" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_chair_sees_no_vote_in_minutes_not_yet_written(client, recorded, chair, fmt):
    login(client, chair)
    Meeting.objects.filter(pk=recorded.meeting_id).update(status=MeetingStatus.HELD)
    url = reverse("meeting_document", args=[recorded.meeting_id, "dagsorden", fmt])
    text = _text(client.get(url), fmt)
    assert "Vedtaget" not in text and "(inhabil)" not in text


def test_the_published_minutes_hold_the_vote_for_the_public(client, recorded):
    Meeting.objects.filter(pk=recorded.meeting_id).update(status=MeetingStatus.MINUTES_PUBLISHED)
    url = reverse("public_meeting_document", args=[recorded.meeting_id, "referat"])
    text = " ".join(_text(client.get(url), "pdf").split())
    assert "Vedtaget" in text and "(inhabil)" in text and "PERSONLIGT" not in text


def test_a_councils_minutes_call_it_a_council(client, recorded, secretariat):
    from klynge.organisations.models import Cluster

    cluster = recorded.meeting.body.cluster
    Cluster.objects.filter(pk=cluster.pk).update(kind=Cluster.Kind.HEALTH_COUNCIL)
    login(client, secretariat)
    url = reverse("meeting_document", args=[recorded.meeting_id, "referat", "pdf"])
    text = " ".join(_text(client.get(url), "pdf").split())
    assert f"Sundhedsråd {cluster.name}" in text or f"Sundhedsråd: {cluster.name}" in text
    assert f"Klynge {cluster.name}" not in text and f"Klynge: {cluster.name}" not in text
