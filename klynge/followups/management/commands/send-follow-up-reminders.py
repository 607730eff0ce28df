from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from klynge.followups.mail import send_overdue_digest


class Command(BaseCommand):
    help = (
        "Mail each responsible person one digest of their overdue follow-ups (run daily "
        "from cron; a second run the same day sends nothing new)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_overdue_digest(timezone.localdate())
        self.stdout.write(f"{sent} mail(s) sent")
