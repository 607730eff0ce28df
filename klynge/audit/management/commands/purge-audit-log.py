from typing import Any

from django.core.management.base import BaseCommand

from klynge.audit.services import purge_expired


class Command(BaseCommand):
    help = (
        "Delete audit events older than their retention (AUDIT_KEEP_READS_DAYS, "
        "AUDIT_KEEP_SECURITY_DAYS, AUDIT_KEEP_CHANGES_DAYS). Run daily from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = purge_expired()
        self.stdout.write(", ".join(f"{kind}: {count}" for kind, count in purged.items()))
