"""Background tasks that fail are tried again, then kept for the secretariat to see.

django-tasks runs each task once; a mail server that is down for a minute would lose the
mail. A failed task in the database queue is put back (`TASK_MAX_ATTEMPTS` tries in all,
waiting 1, 2, 4 … minutes between them); after the last it stays failed, listed on
`/opgaver/` with a button to try again.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished


def retry_delay(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=2 ** max(attempts - 1, 0))


@receiver(task_finished)
def retry_failed_task(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if task_result.status != TaskResultStatus.FAILED or settings.TASKS_BACKEND != "database":
        return
    if task_result.attempts >= settings.TASK_MAX_ATTEMPTS:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        finished_at=None,
        run_after=timezone.now() + retry_delay(task_result.attempts),
    )


@transaction.atomic
def retry_task(task_id: str) -> bool:
    """Put a failed task back in the queue at once (the secretariat's "try again")."""
    from django_tasks_db.models import DBTaskResult

    return bool(
        DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, finished_at=None, run_after=timezone.now()
        )
    )
