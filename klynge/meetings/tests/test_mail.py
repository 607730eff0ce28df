"""Mails about meetings: HTML with a plain-text part, the preview before sending, and the
notices to chairs (minutes to approve) and to the secretariat (minutes sent back, afbud)."""

import pytest
from django.core import mail
from django.urls import reverse

from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import login
from klynge.meetings import services
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def walk(meeting: Meeting, *statuses: str, actor=None) -> None:
    for status in statuses:
        services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)


def to_approval(meeting, secretariat, capture):
    walk(meeting, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, actor=secretariat)
    mail.outbox.clear()
    with capture(execute=True):
        walk(meeting, MeetingStatus.MINUTES_DRAFT, actor=secretariat)
    meeting.refresh_from_db()


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_agenda_mail_is_html_with_the_same_words_as_plain_text(
    meeting, secretariat, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk(meeting, MeetingStatus.AGENDA_PUBLISHED, actor=secretariat)
    [message] = mail.outbox
    html = html_of(message)
    # The body's name heads the subject; styles are inlined (mail programs drop <style>).
    assert message.subject.startswith(f"Dagsorden: {meeting.body.name}")
    assert "<style" not in html and 'style="' in html
    assert "Mødelokale 1" in html and "Mødelokale 1" in message.body
    url = meeting.get_absolute_url()
    assert url in html and url in message.body
    assert "<p>" not in message.body and "<a " not in message.body


def test_the_preview_shows_the_mail_and_every_recipient_before_anything_is_sent(
    client, meeting, secretariat, member
):
    nobody = PersonFactory(name="Uden Adresse", email="")
    services.add_participant(actor=secretariat, meeting=meeting, person=nobody)
    login(client, secretariat)
    page = client.get(reverse("meeting_send", args=[meeting.pk, "dagsorden"]))
    assert page.status_code == 200
    content = page.content.decode()
    assert member.email in content and "Uden Adresse" in content
    assert "1 person har ingen e-mailadresse" in content
    assert f"Dagsorden: {meeting.body.name}" in content
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and not mail.outbox
    # The meeting page leads to the preview instead of sending at once.
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meeting_send", args=[meeting.pk, "dagsorden"]) in detail


def test_only_the_secretariat_previews_a_sending(client, meeting, secretariat, chair):
    # The chair sees the planned meeting but does not send it.
    login(client, chair)
    assert client.get(reverse("meeting_send", args=[meeting.pk, "dagsorden"])).status_code == 403
    login(client, secretariat)
    assert client.get(reverse("meeting_send", args=[meeting.pk, "noget"])).status_code == 404


def test_minutes_preview_refuses_a_meeting_not_ready(client, meeting, secretariat):
    login(client, secretariat)
    response = client.get(reverse("meeting_send", args=[meeting.pk, "referat"]), follow=True)
    assert "kan ikke gå fra" in response.content.decode()


def test_chairs_are_mailed_when_minutes_are_sent_for_approval(
    meeting, secretariat, chair, member, django_capture_on_commit_callbacks
):
    to_approval(meeting, secretariat, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == [chair.email]
    assert message.subject.startswith("Referat til godkendelse")
    assert "send det tilbage" in message.body


def test_a_chair_sends_the_minutes_back_with_a_comment(
    client, meeting, secretariat, chair, member, django_capture_on_commit_callbacks
):
    to_approval(meeting, secretariat, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    version = meeting.minutes_version
    login(client, chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("minutes_return", args=[meeting.pk]),
            {"comment": "Punkt 2: skriv at beslutningen var enig."},
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.minutes_version == version + 1  # earlier approvals no longer count
    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert "Punkt 2: skriv at beslutningen var enig." in message.body
    login(client, secretariat)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Referatet er sendt tilbage af" in page and "beslutningen var enig" in page


def test_sending_back_needs_a_comment_and_a_chair(
    meeting, secretariat, chair, member, django_capture_on_commit_callbacks
):
    to_approval(meeting, secretariat, django_capture_on_commit_callbacks)
    with pytest.raises(ServiceError, match="Skriv, hvad"):
        services.return_minutes(actor=chair, meeting=meeting, comment="  ")
    with pytest.raises(ServiceError, match="formand"):
        services.return_minutes(actor=member, meeting=meeting, comment="Ret det")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFT


def test_the_secretariat_hears_of_an_afbud_but_not_its_note(
    meeting, secretariat, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.register_absence(
            actor=member, meeting=meeting, person=member.person, absent=True, note="Operation"
        )
    [message] = mail.outbox
    assert message.to == [secretariat.email]
    assert member.person.name in message.subject
    assert "Operation" not in message.body and "Operation" not in html_of(message)
    assert "bemærkning" in message.body
    # Taking the afbud back sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        services.register_absence(actor=member, meeting=meeting, person=member.person, absent=False)
    assert len(mail.outbox) == 1
