import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klynge.accounts.models import User
from klynge.search.queries import search


class Command(BaseCommand):
    help = "Search as a user would (without --as: only public content)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--json", action="store_true", help="One JSON list on stdout.")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--as", dest="email", help="Search as this user (e-mail).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["email"]:
            user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user with e-mail {options['email']}.")
        limit = max(1, min(options["limit"], 1000))
        results = search(user, options["query"], per_page=limit, public=user is None, facets=False)
        if results.message:
            sys.stderr.write(results.message + "\n")
        hits = [hit.as_json() for hit in results.hits]
        if options["json"]:
            self.stdout.write(json.dumps(hits, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{results.total} resultater")
        for hit in hits:
            self.stdout.write(f"\n[{hit['kind']}] {hit['title']}  {hit['url']}")
            self.stdout.write(f"  {hit['snippet']}")
