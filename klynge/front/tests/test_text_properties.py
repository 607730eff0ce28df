"""Any Unicode a user can send (control characters, lone surrogates, 100,000 characters)
gives a clear error or a saved value that every export renders: the meeting page, PDF and
.docx, the calendar feed, the portfolio .xlsx and PDF, and the API."""

import datetime
from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from klynge.actionplans import services as plan_services
from klynge.actionplans.models import Rag, State, StatusReport
from klynge.core.exceptions import ServiceError
from klynge.front.tests.world import World
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, MeetingStatus

pytestmark = pytest.mark.django_db

#: Every code point, surrogates and controls included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
HOSTILE = ["\x00\x0b\x1b\ud800\udfff\ufffe\uffff", '=HYPERLINK("x")', "\u202e\u200b" * 50]
HUGE = "æøå " * 25_000  # 100,000 characters

text_settings = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def exports_render(client: Client, world: World, meeting_pk: int) -> None:
    for kind, fmt in (("dagsorden", "pdf"), ("dagsorden", "docx"), ("referat", "docx")):
        url = reverse("meeting_document", args=[meeting_pk, kind, fmt])
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("meeting_detail", args=[meeting_pk])).status_code == 200
    assert client.get(reverse("body_calendar", args=[world.chief.pk])).status_code == 200
    token = world.tokens["secretariat"]
    answer = client.get(f"/api/v1/meetings/{meeting_pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200


@given(text=ANY_TEXT)
@example(text=HOSTILE[0])
@example(text=HOSTILE[1])
@example(text=HOSTILE[2])
@example(text=HUGE)
@text_settings
def test_agenda_item_text_is_refused_clearly_or_saved_and_exported(world: World, text: str) -> None:
    meeting = world.meetings[MeetingStatus.HELD]
    AgendaItem.objects.filter(meeting=meeting).exclude(position__lte=2).delete()
    client = Client()
    client.force_login(world.users["secretariat"])
    values = {
        "title": text[:300] or "x",
        "case_number": text[:60],
        "presenters_text": text[:300],
        "recommendation": [text[:2000]],
        "presentation": text,
    }
    meeting.status = MeetingStatus.PLANNED
    try:
        item = meeting_services.add_agenda_item(actor=None, meeting=meeting, values=values)
    except ServiceError as error:
        assert error.message.strip()
        return
    finally:
        meeting.status = MeetingStatus.HELD
    meeting_services.record_decision(actor=None, item=item, decision=text, version=item.version)
    item.refresh_from_db()
    assert "\x00" not in item.title + item.presentation + item.decision
    exports_render(client, world, meeting.pk)
    item.delete()


@given(text=ANY_TEXT)
@example(text=HOSTILE[0])
@example(text=HOSTILE[1])
@example(text=HUGE)
@text_settings
def test_status_text_is_refused_clearly_or_saved_and_exported(world: World, text: str) -> None:
    report = world.report
    StatusReport.objects.filter(pk=report.pk).update(rag="", deviation="", version=1)
    report.refresh_from_db()
    try:
        plan_services.report_status(
            actor=None,
            report=report,
            values={
                "rag": Rag.RED,
                "delivered": text,
                "deviation": text or "x",
                "cause": text or "x",
                "proposed_action": text or "x",
            },
        )
    except ServiceError as error:
        assert error.message.strip()
        return
    client = Client()
    client.force_login(world.users["secretariat"])
    for fmt in ("xlsx", "pdf"):
        response = client.get(reverse("plan_export", args=[world.plan.pk, fmt]))
        assert response.status_code == 200
    assert client.get(reverse("initiative_detail", args=[report.initiative_id])).status_code == 200


@given(text=ANY_TEXT)
@example(text=HOSTILE[0])
@example(text="x" * 301)
@text_settings
def test_meeting_text_is_refused_clearly_or_saved_and_exported(world: World, text: str) -> None:
    try:
        meeting = meeting_services.create_meeting(
            actor=None,
            body=world.chief,
            values={
                "title": text,
                "place": text,
                "date": timezone.localdate(),
                "start_time": datetime.time(9),
                "end_time": datetime.time(10),
            },
        )
    except ServiceError as error:
        assert error.message.strip()
        return
    client = Client()
    client.force_login(world.users["secretariat"])
    exports_render(client, world, meeting.pk)


def _services(world: World) -> dict[str, Callable[[str], object]]:
    """Every other service that stores user text, called with `text` in each text field."""
    from klynge.actionplans.models import ActionPlan, Initiative, ItemCase, Theme
    from klynge.followups import services as follow_up_services
    from klynge.organisations import services as org_services
    from klynge.organisations.models import Body, Organisation, Person

    people = {m.person for m in world.chief.memberships.select_related("person")}
    member = next(p for p in people if p.user and p.user.email.startswith("member"))
    attendance = world.attendance
    held_case, _created = ItemCase.objects.update_or_create(
        agenda_item=world.open_items[MeetingStatus.HELD],
        initiative=world.initiatives[State.ACTIVE],
        purpose=ItemCase.Purpose.STATUS,
        defaults={"decided_at": None, "outcome": ""},
    )
    return {
        "absence note": lambda t: meeting_services.register_absence(
            actor=member.user, meeting=attendance.meeting, person=member, absent=True, note=t
        ),
        "attendance note": lambda t: meeting_services.set_attendance(
            actor=None, attendance=attendance, status="absent", note=t
        ),
        "participant title": lambda t: meeting_services.add_participant(
            actor=None,
            meeting=world.meetings[MeetingStatus.PLANNED],
            person=Person.objects.create(name="Gæst"),
            title=t,
        ),
        "confirmation": lambda t: plan_services.submit_confirmation(
            actor=None,
            initiative=world.initiatives[State.ORDERED],
            values={"what": t, "who": t, "where": t, "when": t, "patient_involvement": t},
        ),
        "status action": lambda t: plan_services.record_status_action(
            actor=None, case=ItemCase.objects.get(pk=held_case.pk), note=t
        ),
        "plan": lambda t: plan_services.save_plan(
            actor=None, plan=ActionPlan.objects.get(pk=world.plan.pk), values={"title": t}
        ),
        "theme": lambda t: plan_services.save_theme(
            actor=None, theme=Theme(cluster=world.cluster), values={"name": t, "description": t}
        ),
        "initiative": lambda t: plan_services.save_initiative(
            actor=None,
            initiative=Initiative.objects.get(pk=world.initiatives[State.ACTIVE].pk),
            values={"title": t, "problem": t, "deliverables": [t]},
        ),
        "organisation": lambda t: org_services.save_organisation(
            actor=None, organisation=Organisation(kind="other"), values={"name": t}
        ),
        "body": lambda t: org_services.save_body(
            actor=None, body=Body.objects.get(pk=world.chief.pk), values={"name": t}
        ),
        "person": lambda t: org_services.save_person(
            actor=None, person=Person.objects.get(pk=member.pk), values={"name": t or "x"}
        ),
        "follow-up": lambda t: follow_up_services.create_follow_up(
            actor=None, item=world.open_items[MeetingStatus.HELD], text=t, responsible=member
        ),
    }


SERVICE_NAMES = [
    "absence note",
    "attendance note",
    "participant title",
    "confirmation",
    "status action",
    "plan",
    "theme",
    "initiative",
    "organisation",
    "body",
    "person",
    "follow-up",
]


@pytest.mark.parametrize("service", SERVICE_NAMES)
@given(text=ANY_TEXT)
@example(text=HOSTILE[0])
@example(text=HUGE)
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_service_refuses_clearly_or_saves_what_exports_render(
    world: World, service: str, text: str
) -> None:
    call = _services(world)[service]
    try:
        with transaction.atomic():
            call(text)
    except ServiceError as error:
        assert error.message.strip()
        return
    except IntegrityError:
        return  # a unique name taken by an earlier example: refused by the database
    client = Client()
    client.force_login(world.users["secretariat"])
    exports_render(client, world, world.meetings[MeetingStatus.HELD].pk)
    assert client.get(reverse("plan_export", args=[world.plan.pk, "xlsx"])).status_code == 200
