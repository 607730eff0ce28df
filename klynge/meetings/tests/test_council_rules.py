"""The council's meeting rules: the agenda deadline in working days and the warning on late
items, the review round (gennemlæsning) for the chairs only, and the public case list."""

import datetime

import pytest
from dateutil.easter import easter
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import bearer, login, persona
from klynge.meetings import services
from klynge.meetings.deadlines import (
    danish_public_holidays,
    is_working_day,
    working_days_before,
)
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus, ReviewComment
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

COMMENT = "GENNEMLAESNINGSKOMMENTAR om punktets indstilling"


# Working days ---------------------------------------------------------------------------


def test_easter_falls_on_the_known_sundays():
    assert easter(2024) == datetime.date(2024, 3, 31)
    assert easter(2026) == datetime.date(2026, 4, 5)
    assert easter(2027) == datetime.date(2027, 3, 28)


def test_store_bededag_is_a_holiday_until_2023_only():
    assert datetime.date(2023, 5, 5) in danish_public_holidays(2023)
    assert datetime.date(2024, 4, 26) not in danish_public_holidays(2024)
    assert len(danish_public_holidays(2027)) == 10


def test_weekends_and_holidays_are_not_working_days():
    assert not is_working_day(datetime.date(2027, 1, 2))  # Saturday
    assert not is_working_day(datetime.date(2027, 1, 1))  # nytårsdag, a Friday
    assert not is_working_day(datetime.date(2027, 3, 29))  # 2. påskedag
    assert is_working_day(datetime.date(2027, 1, 4))


def test_deadline_counts_back_over_a_weekend():
    # Thursday 21 January 2027, ten working days: back over two weekends to Thursday the 7th.
    assert working_days_before(datetime.date(2027, 1, 21), 10) == datetime.date(2027, 1, 7)
    # Monday, one working day: the Friday before.
    assert working_days_before(datetime.date(2027, 1, 11), 1) == datetime.date(2027, 1, 8)


def test_deadline_skips_public_holidays():
    # Tuesday 6 April 2027: 2. påskedag, langfredag and skærtorsdag do not count.
    assert working_days_before(datetime.date(2027, 3, 30), 1) == datetime.date(2027, 3, 24)
    # Monday 4 January 2027: nytårsdag (Friday) does not count.
    assert working_days_before(datetime.date(2027, 1, 4), 1) == datetime.date(2026, 12, 31)


# The warning on late items ---------------------------------------------------------------


def future_meeting(body: Body, actor, days_ahead: int) -> Meeting:
    return services.create_meeting(
        actor=actor,
        body=body,
        values={
            "date": timezone.localdate() + datetime.timedelta(days=days_ahead),
            "start_time": datetime.time(16),
            "end_time": datetime.time(18),
            "place": "Rådhuset",
        },
    )


@pytest.fixture
def council(body: Body) -> Body:
    Body.objects.filter(pk=body.pk).update(agenda_deadline_days=10)
    body.refresh_from_db()
    return body


def test_an_item_added_after_the_deadline_is_marked_for_the_secretariat_and_chairs(
    client, council, secretariat, chair, member
):
    meeting = future_meeting(council, secretariat, days_ahead=3)
    services.add_agenda_item(actor=secretariat, meeting=meeting, values={"title": "Sent punkt"})
    deadline = working_days_before(meeting.date, 10)
    warning = f"Tilføjet efter fristen for punkter ({deadline.day}."
    for user in (secretariat, chair):
        login(client, user)
        page = client.get(meeting.get_absolute_url()).content.decode()
        # Once: the late item, not the standing items made with the meeting.
        assert page.count(warning) == 1, user
    services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    login(client, member)
    assert warning not in client.get(meeting.get_absolute_url()).content.decode()


def test_an_item_in_time_and_an_item_of_unknown_age_are_not_marked(client, council, secretariat):
    meeting = future_meeting(council, secretariat, days_ahead=60)
    services.add_agenda_item(actor=secretariat, meeting=meeting, values={"title": "I god tid"})
    old = services.add_agenda_item(actor=secretariat, meeting=meeting, values={"title": "Gammel"})
    AgendaItem.objects.filter(pk=old.pk).update(created_at=None)
    login(client, secretariat)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tilføjet efter fristen" not in page
    # The item form says the deadline.
    deadline = working_days_before(meeting.date, 10)
    assert f"Frist for punkter til dette møde: {deadline.day}." in page


def test_a_body_without_a_deadline_marks_nothing(client, meeting, secretariat):
    services.add_agenda_item(actor=secretariat, meeting=meeting, values={"title": "Punkt"})
    login(client, secretariat)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tilføjet efter fristen" not in page and "Frist for punkter" not in page


# The review round ------------------------------------------------------------------------


@pytest.fixture
def item(meeting, secretariat) -> AgendaItem:
    return services.add_agenda_item(
        actor=secretariat, meeting=meeting, values={"title": "Fælles akutteam"}
    )


@pytest.fixture
def in_review(meeting, secretariat, django_capture_on_commit_callbacks) -> Meeting:
    with django_capture_on_commit_callbacks(execute=True):
        services.start_review(actor=secretariat, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def test_starting_the_review_round_mails_the_chairs_and_is_audited(
    client, meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    login(client, secretariat)
    url = reverse("review_start", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [chair.person.email_address]
    assert message.subject.startswith("Dagsorden til gennemlæsning")
    assert AuditEvent.objects.filter(action="meeting.review_start").exists()
    # Twice is refused with a reason, nothing changes.
    response = client.post(url, follow=True)
    assert "allerede startet" in response.content.decode()


def test_a_chair_who_takes_their_seat_later_is_not_told_of_a_page_they_cannot_open(
    client, meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    """A council's chairs start on 1 January: a review round started in December tells
    nobody, and says so, rather than mail a link that answers 404."""
    today = timezone.localdate()
    Membership.objects.filter(person__user=chair).update(
        start_date=today + datetime.timedelta(days=10)
    )
    Meeting.objects.filter(pk=meeting.pk).update(date=today + datetime.timedelta(days=30))
    login(client, secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("review_start", args=[meeting.pk]), follow=True)
    assert mail.outbox == []
    assert "ingen formand eller næstformand med login" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.review_started_at is not None


def test_only_the_secretariat_starts_the_review_round(client, meeting, chair, member):
    for user in (chair, member):
        login(client, user)
        assert client.post(reverse("review_start", args=[meeting.pk])).status_code in {403, 404}
    meeting.refresh_from_db()
    assert meeting.review_started_at is None


def test_the_review_round_cannot_start_once_the_agenda_is_sent(meeting, secretariat):
    services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    with pytest.raises(ServiceError):
        services.start_review(actor=secretariat, meeting=meeting)


def test_a_chair_comments_and_the_secretariat_marks_it_handled(
    client, item, in_review, chair, secretariat
):
    login(client, chair)
    response = client.post(reverse("review_comment_add", args=[item.pk]), {"text": COMMENT})
    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert (comment.item, comment.author, comment.text) == (item, chair.person, COMMENT)
    assert COMMENT in client.get(in_review.get_absolute_url()).content.decode()
    login(client, secretariat)
    page = client.get(in_review.get_absolute_url()).content.decode()
    assert COMMENT in page and "Marker som behandlet" in page
    response = client.post(reverse("review_comment_handle", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.handled_by == secretariat and comment.is_handled
    assert (
        AuditEvent.objects.filter(
            action__in=["review_comment.create", "review_comment.handle"]
        ).count()
        == 2
    )
    # Handled twice: a reason, not an error.
    response = client.post(reverse("review_comment_handle", args=[comment.pk]), follow=True)
    assert "allerede markeret" in response.content.decode()


def test_an_empty_comment_is_refused_with_a_reason(client, item, in_review, chair):
    login(client, chair)
    response = client.post(
        reverse("review_comment_add", args=[item.pk]), {"text": "  "}, follow=True
    )
    assert "Skriv en kommentar" in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_members_outsiders_and_the_secretariat_cannot_comment(
    client, item, in_review, member, outsider, secretariat
):
    for user in (member, outsider, secretariat):
        login(client, user)
        response = client.post(reverse("review_comment_add", args=[item.pk]), {"text": COMMENT})
        assert response.status_code in {403, 404}, user
    client.logout()
    response = client.post(reverse("review_comment_add", args=[item.pk]), {"text": COMMENT})
    assert response.status_code == 302 and "/log-ind/" in response["Location"]
    assert not ReviewComment.objects.exists()


def test_another_clusters_secretariat_cannot_see_or_handle_comments(client, item, in_review, chair):
    comment = services.add_review_comment(actor=chair, item=item, text=COMMENT)
    other = persona(BodyFactory(), "andet@example.dk", Membership.Role.SECRETARIAT)
    login(client, other)
    response = client.post(reverse("review_comment_handle", args=[comment.pk]))
    assert response.status_code == 404
    comment.refresh_from_db()
    assert not comment.is_handled


def test_the_comment_form_is_refused_once_the_agenda_is_sent(
    client, item, in_review, chair, secretariat
):
    services.change_meeting_status(
        actor=secretariat, meeting=in_review, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    login(client, chair)
    page = client.get(in_review.get_absolute_url()).content.decode()
    assert f'action="{reverse("review_comment_add", args=[item.pk])}"' not in page
    response = client.post(reverse("review_comment_add", args=[item.pk]), {"text": COMMENT})
    assert response.status_code == 403
    with pytest.raises(ServiceError):
        services.add_review_comment(actor=chair, item=item, text=COMMENT)


def test_no_comments_before_the_round_starts(client, item, chair):
    login(client, chair)
    response = client.post(reverse("review_comment_add", args=[item.pk]), {"text": COMMENT})
    assert response.status_code == 403


def test_a_comment_is_never_shown_to_members_the_public_documents_or_the_api(
    client, item, in_review, chair, secretariat, member
):
    services.add_review_comment(actor=chair, item=item, text=COMMENT)
    services.change_meeting_status(
        actor=secretariat, meeting=in_review, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    pages = []
    login(client, member)
    pages.append(client.get(in_review.get_absolute_url()).content)
    pages.append(
        client.get(reverse("meeting_document", args=[in_review.pk, "dagsorden", "docx"])).content
    )
    pages.append(client.get(f"/api/v1/meetings/{in_review.pk}", **bearer(member)).content)
    client.logout()
    pages.append(client.get(reverse("public_meeting_detail", args=[in_review.pk])).content)
    # The secretariat's own agenda document does not carry it either.
    login(client, secretariat)
    pages.append(
        client.get(reverse("meeting_document", args=[in_review.pk, "dagsorden", "docx"])).content
    )
    pages.append(client.get(f"/api/v1/meetings/{in_review.pk}", **bearer(secretariat)).content)
    for content in pages:
        assert COMMENT.encode() not in content
    # The chairs still read it after the agenda is sent.
    login(client, chair)
    assert COMMENT in client.get(in_review.get_absolute_url()).content.decode()


# The public case list --------------------------------------------------------------------


def test_the_case_list_shows_the_open_items_of_sent_agendas_only(client, council, secretariat):
    sent = future_meeting(council, secretariat, days_ahead=5)
    services.add_agenda_item(actor=secretariat, meeting=sent, values={"title": "Åben sag om IPS"})
    services.add_agenda_item(
        actor=secretariat,
        meeting=sent,
        values={"title": "LUKKETPERSONSAG", "is_closed": True},
    )
    services.change_meeting_status(
        actor=secretariat, meeting=sent, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    draft = future_meeting(council, secretariat, days_ahead=12)
    services.add_agenda_item(actor=secretariat, meeting=draft, values={"title": "KLADDESAG"})
    url = reverse("public_case_list", args=[council.pk])
    page = client.get(url).content.decode()
    assert "Sagsliste" in page and "Åben sag om IPS" in page
    assert "LUKKETPERSONSAG" not in page and "KLADDESAG" not in page
    assert "Afbud" not in page
    # The public list and the meeting's public page point to it.
    listing = client.get(reverse("public_meeting_list")).content.decode()
    assert url in listing
    assert url in client.get(reverse("public_meeting_detail", args=[sent.pk])).content.decode()
    # The same in the API.
    answer = client.get(f"/api/v1/bodies/{council.pk}/case-list", **bearer(secretariat)).json()
    assert [m["id"] for m in answer] == [sent.pk]
    titles = [i["title"] for i in answer[0]["items"]]
    assert "Åben sag om IPS" in titles and "LUKKETPERSONSAG" not in titles


def test_a_held_meeting_leaves_the_case_list(client, council, secretariat):
    meeting = future_meeting(council, secretariat, days_ahead=0)
    services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    services.change_meeting_status(actor=secretariat, meeting=meeting, to_status=MeetingStatus.HELD)
    page = client.get(reverse("public_case_list", args=[council.pk])).content.decode()
    assert "ingen kommende møder" in page


def test_the_case_list_of_an_unknown_body_is_not_found(client, db):
    assert client.get(reverse("public_case_list", args=[999999])).status_code == 404


def test_the_case_list_queries_stay_flat(client, council, secretariat):
    url = reverse("public_case_list", args=[council.pk])

    def grow(meetings: int) -> int:
        for offset in range(meetings):
            meeting = future_meeting(council, secretariat, days_ahead=offset + 1)
            AgendaItem.objects.bulk_create(
                AgendaItem(meeting=meeting, position=10 + n, title=f"Sag {n}") for n in range(5)
            )
            Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.AGENDA_PUBLISHED)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = grow(1)
    assert few > 2 and grow(10) == few  # cold both times: each write empties the page cache
