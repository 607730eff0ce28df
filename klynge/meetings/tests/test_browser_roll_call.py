"""The roll call in real Chromium: one click per person, saved at once, visible and
labelled radios, axe-clean."""

import pytest
from django.urls import reverse
from django.utils import timezone

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import SINCE, persona
from klynge.meetings import services
from klynge.meetings.models import Attendance
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import BodyFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_one_click_per_person(page, live_server):
    from playwright.sync_api import expect

    body = BodyFactory(name="Chefforum")
    secretariat = persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    member = persona(body, "medlem@example.dk", Membership.Role.MEMBER)
    # Someone listed first, so a click must answer with its own row, not the first one.
    MembershipFactory(body=body, person=PersonFactory(name="Aase Aagaard"), start_date=SINCE)
    meeting = services.create_meeting(
        actor=secretariat, body=body, values={"date": timezone.localdate()}
    )
    log_in(page, "sekretariat@example.dk")
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Registrér fremmøde").click()
    check_accessibility(page)
    name = member.person.name
    absent = page.get_by_role("radio", name=f"{name}: Afbud")
    expect(absent).to_be_visible()
    attendance = meeting.attendances.get(person=member.person)

    def saved_as(status: str) -> str:
        # Saved with no button pressed: wait for the server, not the browser's own tick.
        page.wait_for_function(
            "() => !document.querySelector('.htmx-request')", polling=100, timeout=5000
        )
        for _ in range(50):
            attendance.refresh_from_db()
            if attendance.status == status:
                break
            page.wait_for_timeout(100)
        return attendance.status

    absent.check()
    # The row comes back from the server, still checked.
    expect(page.get_by_role("radio", name=f"{name}: Afbud")).to_be_checked()
    assert saved_as(Attendance.Status.ABSENT) == Attendance.Status.ABSENT
    page.get_by_role("radio", name=f"{name}: Deltager").check()
    expect(page.get_by_role("radio", name=f"{name}: Deltager")).to_be_checked()
    expect(page.get_by_role("radio", name="Aase Aagaard: Indkaldt")).to_have_count(1)
    # Only then away from the page: leaving it would cancel a request still on its way.
    assert saved_as(Attendance.Status.ATTENDING) == Attendance.Status.ATTENDING
    page.goto(live_server.url + reverse("roll_call", args=[meeting.pk]))
    expect(page.get_by_role("radio", name=f"{name}: Deltager")).to_be_checked()
    check_accessibility(page)
