"""Mails sent by the task queue after the change that caused them has committed."""

from django_tasks import task

from klynge.meetings import mail


@task(queue_name="mail")
def send_agenda_published(meeting_id: int) -> int:
    return mail.send_agenda_published(meeting_id)


@task(queue_name="mail")
def send_minutes_published(meeting_id: int) -> int:
    return mail.send_minutes_published(meeting_id)


@task(queue_name="mail")
def send_minutes_for_approval(meeting_id: int) -> int:
    return mail.send_minutes_for_approval(meeting_id)


@task(queue_name="mail")
def send_minutes_returned(meeting_id: int) -> int:
    return mail.send_minutes_returned(meeting_id)


@task(queue_name="mail")
def send_absence_notice(attendance_id: int) -> int:
    return mail.send_absence_notice(attendance_id)


@task(queue_name="mail")
def send_review_started(meeting_id: int) -> int:
    return mail.send_review_started(meeting_id)
