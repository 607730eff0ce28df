"""Meeting evaluation: a personal link per participant, one anonymous answer each, the
summary table for the next meeting."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from klynge.core.tests.personas import login
from klynge.evaluations import services
from klynge.evaluations.models import Answer, Evaluation
from klynge.meetings import mail as meeting_mail
from klynge.meetings import services as meeting_services
from klynge.meetings.models import MeetingStatus


@pytest.fixture
def held(meeting, secretariat):
    for status in [MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD]:
        meeting_services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=status)
    return meeting


def links(outbox) -> dict[str, str]:
    return {m.to[0]: re.search(r"http[^\s)]+/evaluering/#[^\s)]+", m.body).group(0) for m in outbox}


def token(link: str) -> str:
    return urlparse(link).fragment


def test_participants_answer_once_anonymously_and_the_summary_counts(
    held, secretariat, chair, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(Client(), secretariat).post(reverse("evaluation_manage", args=[held.pk]))
    assert response.status_code == 302
    urls = links(mail.outbox)
    assert set(urls) == {"formand@example.dk", "medlem@example.dk", "sekretariat@example.dk"}
    anonymous = Client()
    path = urlparse(urls["medlem@example.dk"]).path
    personal = token(urls["medlem@example.dk"])
    assert path == "/evaluering/" and anonymous.get(path).status_code == 200
    opened = anonymous.post(path, {"token": personal}).content.decode()
    assert "Send evaluering" in opened and held.display_title in opened
    response = anonymous.post(
        path,
        {
            "token": personal,
            "answering": "1",
            "frame": "4",
            "frame_comment": "Gode lokaler",
            "content": "3",
            "benefit": "2",
            "other": "Mere tid til haven",
        },
    )
    assert response.status_code == 200 and "Tak for din evaluering" in response.content.decode()
    again = anonymous.post(path, {"token": personal, "answering": "1", "frame": "1"})
    assert "allerede evalueret" in again.content.decode()
    assert Answer.objects.count() == 1
    # Nothing on the answer says whose or when.
    assert {f.name for f in Answer._meta.get_fields()} & {
        "person",
        "created_at",
        "receipt",
    } == set()

    page = (
        login(Client(), secretariat)
        .get(reverse("evaluation_manage", args=[held.pk]))
        .content.decode()
    )
    assert "1 af 3 deltagere har svaret." in page
    assert "Gode lokaler" in page and "Mere tid til haven" in page
    assert "medlem@example.dk" not in page and member.name not in page.split("<main")[-1]


def test_the_minutes_mail_is_the_same_for_those_who_answered_and_those_who_did_not(
    held, secretariat, member
):
    # A mail that differed (or a shared Bcc mail for those who had answered) would tell the
    # mail server's log who had answered.
    evaluation = Evaluation.objects.create(meeting=held, opened_by=secretariat)
    services.answer(evaluation=evaluation, person=member.person, values={})
    meeting_mail.send_minutes_published(held.pk)
    assert all(len(m.to) == 1 and not m.bcc for m in mail.outbox)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert len(bodies) == 3 and all("/evaluering/#" in body for body in bodies.values())
    assert len(set(links(mail.outbox).values())) == 3


def test_a_forged_link_and_a_non_member_get_nothing(held, secretariat, member):
    answer = reverse("evaluation_answer")
    assert Client().post(answer, {"token": "nonsense"}).status_code == 404
    assert (
        Client().post(answer, {"token": f"{Evaluation.objects.count() + 1}-0"}).status_code == 404
    )
    assert (
        login(Client(), member).get(reverse("evaluation_manage", args=[held.pk])).status_code == 403
    )
    assert not Evaluation.objects.exists()


def test_the_summary_goes_on_the_next_meeting_as_an_item_for_information(
    held, secretariat, member, body
):
    from klynge.core.tests.personas import day
    from klynge.evaluations.models import Answer

    evaluation = Evaluation.objects.create(meeting=held, opened_by=secretariat)
    Answer.objects.create(evaluation=evaluation, frame=4, frame_comment="Gode lokaler")
    following = meeting_services.create_meeting(
        actor=secretariat,
        body=body,
        values={"date": day(31) + __import__("datetime").timedelta(days=30), "place": "Lokale 2"},
    )
    client = login(Client(), secretariat)
    page = client.get(reverse("evaluation_manage", args=[held.pk])).content.decode()
    assert "Sæt evalueringen på dagsordenen" in page
    response = client.post(reverse("evaluation_agenda", args=[held.pk]), {"meeting": following.pk})
    assert response.status_code == 302
    item = following.items.get(title__startswith="Evaluering af mødet")
    assert "Gode lokaler" in item.presentation and "<table" in item.presentation
    assert (
        login(Client(), member)
        .post(reverse("evaluation_agenda", args=[held.pk]), {"meeting": following.pk})
        .status_code
        == 403
    )
