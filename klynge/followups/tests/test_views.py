import pytest
from django.urls import reverse

from klynge.core.tests.personas import login
from klynge.followups.models import FollowUp
from klynge.meetings import services
from klynge.meetings.models import MeetingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(meeting, secretariat):
    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=status)
    return meeting


def test_secretariat_creates_follow_up_that_lands_on_the_home_page(
    client, held, secretariat, member
):
    item = held.items.first()
    login(client, secretariat)
    response = client.post(
        reverse("follow_up_create", args=[item.pk]),
        {
            "text": "Sekretariatet sender materiale ud",
            "responsible": member.person.pk,
            "due_date": "2030-04-01",
        },
    )
    assert response.status_code == 302
    login(client, member)
    home = client.get(reverse("home"))
    assert [f.text for f in home.context["follow_ups"]] == ["Sekretariatet sender materiale ud"]
    follow_up = FollowUp.objects.get()
    client.post(reverse("follow_up_done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.done_by == member
    assert not client.get(reverse("home")).context["follow_ups"]


def test_member_cannot_create_follow_ups(client, held, member):
    login(client, member)
    response = client.post(
        reverse("follow_up_create", args=[held.items.first().pk]),
        {"text": "x", "responsible": member.person.pk},
    )
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_follow_up_needs_a_responsible_and_a_held_meeting(client, meeting, secretariat, member):
    item = meeting.items.first()
    login(client, secretariat)
    missing = client.post(reverse("follow_up_create", args=[item.pk]), {"text": "x"})
    assert missing.status_code == 422
    too_early = client.post(
        reverse("follow_up_create", args=[item.pk]), {"text": "x", "responsible": member.person.pk}
    )
    assert "når mødet er holdt" in too_early.content.decode()
    assert not FollowUp.objects.exists()


def test_only_the_responsible_or_secretariat_marks_done(client, held, secretariat, member, chair):
    from klynge.followups.services import create_follow_up

    follow_up = create_follow_up(
        actor=secretariat, item=held.items.first(), text="Opgave", responsible=member.person
    )
    login(client, chair)
    assert client.post(reverse("follow_up_done", args=[follow_up.pk])).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
