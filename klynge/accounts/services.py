import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klynge.accounts.models import ApiToken, User, hash_token
from klynge.audit.services import record, record_security
from klynge.core import pagecache

TOKEN_PREFIX = "kly_"  # noqa: S105 - a public prefix, not a secret


@transaction.atomic
def create_api_token(
    *, actor: User | None, user: User, name: str, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`, valid for `days` (default `API_TOKEN_DAYS`); returns the row
    and the raw token (shown once)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:12],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=days or settings.API_TOKEN_DAYS),
    )
    record(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={"user": user.email, "expires_at": token.expires_at.isoformat()},
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, action="api_token.revoke", obj=token)


def user_for_token(raw: str) -> User | None:
    """The active user a usable Bearer token belongs to, or None; each use is logged."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=hash_token(raw),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        record_security(actor=None, action="api_token.refused")
        return None
    # Every use is in the audit log; the token's own "last used" is kept to the minute, so
    # an integration polling the API does not write (and renew every cached page) each time.
    if token.last_used_at is None or now - token.last_used_at >= timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        pagecache.wrote(token)  # shown on its owner's pages only
    record_security(actor=token.user, action="api_token.use", obj=token)
    return token.user


# Two-factor login ---------------------------------------------------------------------


def two_factor_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's TOTP device (confirmed: a login asks for its code; unconfirmed: the one
    being set up)."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).last()


@transaction.atomic
def start_two_factor(*, user: User) -> TOTPDevice:
    """A new, unconfirmed device (a fresh secret) for the user to scan; it counts once a
    code from it is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Klynge", confirmed=False)


@transaction.atomic
def confirm_two_factor(*, actor: User, device: TOTPDevice, code: str) -> bool:
    if not device.verify_token(code):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Sessions logged in with the password alone before the device existed would keep every
    # right (and could make API tokens); they end, and the next login asks for the code. The
    # view restarts the clock of the session that confirmed the code.
    user = device.user
    user.sessions_valid_after = timezone.now()
    user.save(update_fields=["sessions_valid_after"])
    record(actor=actor, action="two_factor.enable", obj=user)
    return True


@transaction.atomic
def disable_two_factor(*, actor: User, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    record(actor=actor, action="two_factor.disable", obj=user)
