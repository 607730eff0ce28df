"""Mails sent by the task queue after the change that caused them has committed."""

from django_tasks import task

from klynge.evaluations import mail


@task(queue_name="mail")
def send_evaluation_links(evaluation_id: int) -> int:
    return mail.send_links(evaluation_id)
