import secrets

from django.db import transaction
from django.utils import timezone

from klynge.accounts.models import ApiToken, User, hash_token
from klynge.audit.services import record

TOKEN_PREFIX = "kly_"  # noqa: S105 - a public prefix, not a secret


@transaction.atomic
def create_api_token(*, actor: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the raw token (shown once)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], key_hash=hash_token(raw))
    record(actor=actor, action="api_token.create", obj=token, changes={"user": user.email})
    return token, raw


def user_for_token(raw: str) -> User | None:
    """The active user a Bearer token belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
