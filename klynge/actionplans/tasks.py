"""Mails sent by the task queue after the change that caused them has committed."""

from django_tasks import task

from klynge.actionplans import mail


@task(queue_name="mail")
def send_status_requests(cycle_id: int) -> int:
    return mail.send_status_requests(cycle_id)


@task(queue_name="mail")
def send_initiative_ordered(initiative_id: int) -> int:
    return mail.send_initiative_ordered(initiative_id)


@task(queue_name="mail")
def send_initiative_returned(initiative_id: int) -> int:
    return mail.send_initiative_returned(initiative_id)


@task(queue_name="mail")
def send_confirmation_submitted(confirmation_id: int) -> int:
    return mail.send_confirmation_submitted(confirmation_id)
