"""A hearing party's personal link (`/hoering/#<token>`).

The token is made when the link is mailed and lives only in that mail: the party's row
keeps its SHA-256 (`HearingParty.token_hash`), so neither the database, a backup nor the
task queue (the mail task is given the party's id, not the token) can open the page. A new
link replaces the hash, so the old link stops working at once.

The token goes after the #, which browsers never send: the page's script posts it in the
form's body (`app.js`, `js-personal-link`), so no address holds it, and with it no access
log, error log, audit row (`AuditEvent.path`) or Referer. The evaluation link does the same.
"""

import hashlib
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from klynge.healthplans.models import HearingParty


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(party: HearingParty) -> str:
    """A new token for `party` (its hash stored, the previous one forgotten): the full URL to
    put in the mail. Call it inside the transaction that sends the mail."""
    token = secrets.token_urlsafe(32)
    party.token_hash = hash_token(token)
    party.link_sent_at = timezone.now()
    party.save(update_fields=["token_hash", "link_sent_at"])
    return f"{settings.SITE_URL}{reverse('hearing_link')}#{token}"


def party_for_token(token: str) -> HearingParty | None:
    """The party whose current link holds `token`, or None (an unknown or replaced link).
    The lookup is by hash: equal hashes are found by the index, never compared byte by byte
    in Python, so its time says nothing about how much of a guess was right."""
    if not token or len(token) > 100:
        return None
    return (
        HearingParty.objects.select_related("hearing__plan__cluster", "hearing__version")
        .filter(token_hash=hash_token(token))
        .first()
    )
