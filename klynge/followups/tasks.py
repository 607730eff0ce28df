"""Mails sent by the task queue after the change that caused them has committed."""

from django_tasks import task

from klynge.followups import mail


@task(queue_name="mail")
def send_follow_up_created(follow_up_id: int) -> int:
    return mail.send_follow_up_created(follow_up_id)
