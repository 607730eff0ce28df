"""Mails sent by the task queue after the change that caused them has committed."""

from django_tasks import task

from klynge.actionplans import mail


@task()
def send_status_requests(cycle_id: int) -> int:
    return mail.send_status_requests(cycle_id)
