"""What the load balancer and the operations team ask: is the database there, are the
migrations applied, is the task worker keeping up, how many tasks have failed."""

import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

#: The worker counts as behind when a task has waited longer than this.
WORKER_BEHIND_AFTER = datetime.timedelta(minutes=5)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def migrations_applied() -> bool:
    """Every migration in the code is recorded as applied (not only the latest of each app)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return set(loader.graph.nodes) <= set(loader.applied_migrations)


def task_status() -> dict[str, Any]:
    """Counts of the database queue's tasks, the oldest waiting one's age, and the failures
    of the last 24 hours (the immediate backend, used in tests and demos, has no queue)."""
    if settings.TASKS_BACKEND != "database":
        return {"backend": settings.TASKS_BACKEND}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    tasks = DBTaskResult.objects.all()
    ready = tasks.filter(status=TaskResultStatus.READY)
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = (now - oldest).total_seconds() if oldest else 0.0
    return {
        "backend": "database",
        "ready": ready.count(),
        "running": tasks.filter(status=TaskResultStatus.RUNNING).count(),
        "failed_last_24h": tasks.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - datetime.timedelta(hours=24)
        ).count(),
        "oldest_ready_seconds": round(waited, 1),
        "worker": "behind" if waited > WORKER_BEHIND_AFTER.total_seconds() else "ok",
    }


def readiness() -> tuple[bool, dict[str, Any]]:
    """Ready when the database answers and every migration is applied. The worker's state
    is reported, not required: a stopped worker delays mail, and taking every app server
    out of the load balancer for it would take the whole site down."""
    checks: dict[str, Any] = {"database": "ok" if database_ok() else "unreachable"}
    if checks["database"] == "ok":
        checks["migrations"] = "ok" if migrations_applied() else "pending"
        checks["tasks"] = task_status()
    ready = checks["database"] == "ok" and checks.get("migrations") == "ok"
    return ready, checks
