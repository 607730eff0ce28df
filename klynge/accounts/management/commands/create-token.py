from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klynge.accounts.models import User
from klynge.accounts.services import create_api_token


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="API")
        parser.add_argument(
            "--days", type=int, default=None, help="Days the token lasts (default API_TOKEN_DAYS)."
        )

    def handle(self, *args: object, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No user with e-mail {options['email']}")
        _token, raw = create_api_token(
            actor=None, user=user, name=options["name"], days=options["days"]
        )
        self.stdout.write(raw)
