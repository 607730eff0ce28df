"""Mails sent by the task queue after the change that caused them has committed."""

from django_tasks import task

from klynge.healthplans import mail

# --- hearing: the parties' personal links --------------------------------------------------


@task(queue_name="mail")
def send_hearing_link(party_id: int) -> int:
    return mail.send_hearing_link(party_id)
