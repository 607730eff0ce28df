import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.meetings import services
from klynge.meetings.models import AgendaItem, Attachment, Attendance, Meeting, MeetingStatus
from klynge.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def titles(meeting: Meeting) -> list[str]:
    return list(meeting.items.order_by("position").values_list("title", flat=True))


def add(meeting: Meeting, title: str, actor=None, **values) -> AgendaItem:
    return services.add_agenda_item(actor=actor, meeting=meeting, values={"title": title, **values})


def walk(meeting: Meeting, *statuses: str, actor=None) -> None:
    for status in statuses:
        services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)


def test_new_meeting_has_standing_items_and_invites_current_members(meeting, member, chair):
    assert titles(meeting) == ["Godkendelse af dagsorden", "Eventuelt"]
    invited = set(meeting.attendances.values_list("person__user__email", flat=True))
    assert {member.email, chair.email} <= invited


def test_added_items_go_before_eventuelt(meeting, secretariat):
    add(meeting, "Status på handleplan", secretariat)
    add(meeting, "Indsats 10", secretariat)
    assert titles(meeting) == [
        "Godkendelse af dagsorden",
        "Status på handleplan",
        "Indsats 10",
        "Eventuelt",
    ]
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
    ]


def test_moving_and_deleting_items_keeps_numbers_contiguous(meeting, secretariat):
    item = add(meeting, "Tema: IPS", secretariat)
    services.move_agenda_item(actor=secretariat, item=item, offset=-1)
    assert titles(meeting)[0] == "Tema: IPS"
    services.move_agenda_item(actor=secretariat, item=item, offset=-1)  # already first
    assert titles(meeting)[0] == "Tema: IPS"
    first = meeting.items.get(position=2)
    services.delete_agenda_item(actor=secretariat, item=first)
    assert titles(meeting) == ["Tema: IPS", "Eventuelt"]
    assert sorted(meeting.items.values_list("position", flat=True)) == [1, 2]


def test_item_slot_must_end_after_it_starts(meeting, secretariat):
    with pytest.raises(ServiceError):
        add(
            meeting,
            "Forkert tid",
            secretariat,
            start_time=datetime.time(17),
            end_time=datetime.time(16),
        )
    assert meeting.items.count() == 2


def test_illegal_status_change_is_refused_and_changes_nothing(meeting, secretariat):
    with pytest.raises(ServiceError, match="kan ikke gå fra"):
        services.change_meeting_status(
            actor=secretariat, meeting=meeting, to_status=MeetingStatus.MINUTES_PUBLISHED
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert not meeting.status_changes.exists()


def test_status_change_writes_history_and_audit(meeting, secretariat):
    walk(meeting, MeetingStatus.AGENDA_PUBLISHED, actor=secretariat)
    change = meeting.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == (
        "planned",
        "agenda_published",
        secretariat,
    )
    event = AuditEvent.objects.filter(action="meeting.status").get()
    assert event.actor == secretariat
    assert event.changes == {"status": ["planned", "agenda_published"]}


def test_two_people_changing_status_at_once_only_one_succeeds(meeting, secretariat):
    first = Meeting.objects.get(pk=meeting.pk)
    second = Meeting.objects.get(pk=meeting.pk)
    services.change_meeting_status(
        actor=secretariat, meeting=first, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    with pytest.raises(ConcurrentEditError):
        services.change_meeting_status(
            actor=secretariat, meeting=second, to_status=MeetingStatus.CANCELLED
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert meeting.status_changes.count() == 1


def test_second_save_of_a_stale_item_is_refused(meeting, secretariat):
    item = add(meeting, "Status", secretariat)
    services.update_agenda_item(
        actor=secretariat, item=item, values={"title": "Første"}, version=item.version
    )
    with pytest.raises(ConcurrentEditError):
        services.update_agenda_item(
            actor=secretariat, item=item, values={"title": "Anden"}, version=1
        )
    item.refresh_from_db()
    assert item.title == "Første"


def test_decisions_are_written_only_after_the_meeting(meeting, secretariat):
    item = meeting.items.first()
    with pytest.raises(ServiceError):
        services.record_decision(actor=secretariat, item=item, decision="Godkendt", version=1)
    walk(meeting, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, actor=secretariat)
    item.refresh_from_db()
    services.record_decision(
        actor=secretariat, item=item, decision="Godkendt", version=item.version
    )
    item.refresh_from_db()
    assert item.decision == "Godkendt"


def _to_minutes_draft(meeting: Meeting, secretariat) -> AgendaItem:
    walk(meeting, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, actor=secretariat)
    item = meeting.items.first()
    services.record_decision(
        actor=secretariat, item=item, decision="Godkendt", version=item.version
    )
    walk(meeting, MeetingStatus.MINUTES_DRAFT, actor=secretariat)
    meeting.refresh_from_db()
    return AgendaItem.objects.get(pk=item.pk)


def test_chair_approval_approves_minutes(meeting, secretariat, chair):
    _to_minutes_draft(meeting, secretariat)
    approval = services.approve_minutes(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert approval.user == chair and approval.person.user == chair


def test_member_cannot_approve_minutes(meeting, secretariat, member):
    _to_minutes_draft(meeting, secretariat)
    with pytest.raises(ServiceError, match="formand"):
        services.approve_minutes(actor=member, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFT
    assert not meeting.approvals.exists()


def test_secretariat_cannot_approve_when_a_chair_can_log_in(meeting, secretariat, chair):
    _to_minutes_draft(meeting, secretariat)
    with pytest.raises(ServiceError):
        services.approve_minutes(actor=secretariat, meeting=meeting)


def test_changing_a_decision_after_approval_started_needs_new_approval(
    meeting, secretariat, chair, body
):
    from klynge.accounts.tests.factories import UserFactory
    from klynge.organisations.tests.factories import MembershipFactory, PersonFactory

    second_chair = UserFactory(email="medformand2@example.dk")
    MembershipFactory(
        body=body,
        person=PersonFactory(user=second_chair),
        role="co_chair",
        start_date=datetime.date(2020, 1, 1),
    )
    item = _to_minutes_draft(meeting, secretariat)
    services.approve_minutes(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFT  # one of two chairs
    services.record_decision(actor=secretariat, item=item, decision="Ændret", version=item.version)
    meeting.refresh_from_db()
    services.approve_minutes(actor=second_chair, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFT  # first approval was of old text
    services.approve_minutes(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED


def test_member_registers_and_withdraws_afbud(meeting, member):
    person = member.person
    services.register_absence(
        actor=member, meeting=meeting, person=person, absent=True, note="Ferie"
    )
    attendance = meeting.attendances.get(person=person)
    assert (attendance.status, attendance.note) == (Attendance.Status.ABSENT, "Ferie")
    services.register_absence(actor=member, meeting=meeting, person=person, absent=False)
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.ATTENDING


def test_afbud_is_closed_once_the_meeting_is_held(meeting, member, secretariat):
    walk(meeting, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, actor=secretariat)
    with pytest.raises(ServiceError, match="før mødet"):
        services.register_absence(actor=member, meeting=meeting, person=member.person, absent=True)


def test_substitute_and_guest_for_single_items(meeting, secretariat, member):
    item = add(meeting, "Tema: IPS", secretariat)
    substitute = PersonFactory(name="Jørgen Rørbæk")
    attendance = services.add_participant(
        actor=secretariat, meeting=meeting, person=substitute, substitute_for=member.person
    )
    guest = services.add_participant(
        actor=secretariat,
        meeting=meeting,
        person=PersonFactory(name="Sisse Møllgaard"),
        is_guest=True,
        guest_items=[item],
    )
    assert attendance.substitute_for == member.person
    assert list(guest.guest_items.all()) == [item]
    with pytest.raises(ServiceError, match="allerede"):
        services.add_participant(actor=secretariat, meeting=meeting, person=substitute)
    with pytest.raises(ServiceError, match="sig selv"):
        services.set_attendance(
            actor=secretariat,
            attendance=attendance,
            status=Attendance.Status.ATTENDING,
            substitute_for=substitute,
        )


def test_publishing_agenda_mails_members_with_calendar_file(
    meeting, secretariat, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk(meeting, MeetingStatus.AGENDA_PUBLISHED, actor=secretariat)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert member.email in message.bcc
    assert message.subject.startswith("Dagsorden:")
    (name, content, mimetype) = message.attachments[0]
    assert name == "moede.ics" and mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text and "SUMMARY:" in text


def test_publishing_minutes_mails_members(
    meeting, secretariat, chair, django_capture_on_commit_callbacks
):
    _to_minutes_draft(meeting, secretariat)
    services.approve_minutes(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        walk(meeting, MeetingStatus.MINUTES_PUBLISHED, actor=secretariat)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Referat"]


def test_holding_the_meeting_marks_the_invited_as_attending(meeting, secretariat, member, chair):
    services.register_absence(actor=member, meeting=meeting, person=member.person, absent=True)
    walk(meeting, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, actor=secretariat)
    statuses = dict(meeting.attendances.values_list("person__user__email", "status"))
    assert statuses[member.email] == Attendance.Status.ABSENT
    assert statuses[chair.email] == Attendance.Status.ATTENDING


def test_bilag_of_published_minutes_stay_as_filed(meeting, secretariat):
    item = meeting.items.first()
    kept = services.add_attachment(
        actor=secretariat, item=item, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a")
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.MINUTES_PUBLISHED)
    item.meeting.refresh_from_db()
    with pytest.raises(ServiceError, match="afsluttet"):
        services.add_attachment(
            actor=secretariat, item=item, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 b")
        )
    kept.item.meeting.refresh_from_db()
    with pytest.raises(ServiceError):
        services.delete_attachment(actor=secretariat, attachment=kept)
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["a.pdf"]
