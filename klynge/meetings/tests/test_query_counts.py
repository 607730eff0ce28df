"""Pages run a fixed number of SQL queries, however much data they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.core.tests.personas import login
from klynge.meetings.models import AgendaItem, Attachment, Attendance, Meeting, MeetingStatus
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def grow_meeting(meeting: Meeting, n: int) -> None:
    people = PersonFactory.create_batch(n)
    start = meeting.items.count() + 100
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=start + i,
            title=f"Punkt {i}",
            recommendation=["at orienteringen tages til efterretning"],
            decision=f"Beslutning {i}",
        )
        for i in range(n)
    )
    for item, person in zip(items, people, strict=True):
        item.presenters.add(person)
    Attachment.objects.bulk_create(
        Attachment(
            item=item,
            file=f"bilag/x{i}.pdf",
            original_name=f"bilag {i}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )
        for i, item in enumerate(items)
    )
    attendances = Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=person, status=Attendance.Status.ABSENT)
        for person in people
    )
    for attendance, item in zip(attendances, items, strict=True):
        attendance.absent_items.add(item)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Each count includes the one query that finds which cluster's cached pages the page is
# keyed by (klynge.core.pagecache `shows`).
@pytest.mark.parametrize(("persona", "queries"), [("secretariat", 15), ("member", 12)])
def test_meeting_page_queries_stay_flat(client, meeting, request, persona, queries):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.MINUTES_PUBLISHED)
    login(client, request.getfixturevalue(persona))
    url = meeting.get_absolute_url()
    grow_meeting(meeting, 5)
    small = count_queries(client, url)
    grow_meeting(meeting, 495)
    large = count_queries(client, url)
    assert small == large == queries


def test_body_page_queries_stay_flat(client, meeting, secretariat):
    login(client, secretariat)
    url = meeting.body.get_absolute_url()
    MembershipFactory.create_batch(5, body=meeting.body)
    small = count_queries(client, url)
    MembershipFactory.create_batch(495, body=meeting.body, role=Membership.Role.OBSERVER)
    for i in range(50):
        Meeting.objects.create(
            body=meeting.body,
            date=meeting.date.replace(year=2000 + i),
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            place="x",
            status=MeetingStatus.MINUTES_PUBLISHED,
        )
    large = count_queries(client, url)
    assert small == large == 8


def test_body_page_shows_one_year_of_past_meetings_at_a_time(client, meeting, secretariat):
    """Fifteen years of meetings: the page lists one year, with a link to each other year."""
    login(client, secretariat)
    for year in range(2010, 2025):
        for month in (3, 6, 9, 12):
            Meeting.objects.create(
                body=meeting.body,
                date=meeting.date.replace(year=year, month=month, day=10),
                place="x",
                status=MeetingStatus.MINUTES_PUBLISHED,
            )
    page = client.get(meeting.body.get_absolute_url()).content.decode()
    assert "Tidligere møder 2024" in page
    assert page.count('<span class="status-tag">Referat offentliggjort</span>') == 4
    assert all(f"?aar={year}#h-previous" in page for year in range(2010, 2024))
    older = client.get(meeting.body.get_absolute_url() + "?aar=2011").content.decode()
    assert "Tidligere møder 2011" in older and "10. juni 2011" in older
    assert "10. juni 2024" not in older


def test_home_page_queries_stay_flat(client, meeting, member):
    login(client, member)
    small = count_queries(client, reverse("home"))
    for i in range(100):
        Meeting.objects.create(
            body=meeting.body,
            date=meeting.date.replace(day=1 + i % 28, month=1 + i % 12),
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            place="x",
            status=MeetingStatus.AGENDA_PUBLISHED,
        )
    large = count_queries(client, reverse("home"))
    assert small == large == 9
