from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from klynge.accounts.models import User
from klynge.demo.builder import DEMO_USERS
from klynge.demo.load import load_demo


class Command(BaseCommand):
    help = "Load the demo data (real clusters and meetings, invented people). Needs DEMO_MODE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database has users."
        )

    def handle(self, *args: object, **options: bool) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data has demo passwords: set DEMO_MODE=true to load it.")
        if User.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Database is not empty; demo data not loaded.")
                return
            raise CommandError("The database already has users; load the demo into an empty one.")
        counts = load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded: ")
            + ", ".join(f"{n} {what}" for what, n in counts.items())
        )
        self.stdout.write("Demo logins (password 'demo'): " + ", ".join(DEMO_USERS))
