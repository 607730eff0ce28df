"""What happens around a login, wherever it is done (Django's admin included).

Deactivating a user ends what they are logged in with: their sessions (through
`User.sessions_valid_after`, read by `SessionLimitsMiddleware`) and their API tokens, and so
does a new password (the sessions through Django's session hash); both hang on the model's
save, where every way of making the change ends. Logins, logouts, failed logins, lockouts
and the admin's changes are written to the audit log, as Datatilsynet asks.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from klynge.accounts.models import ApiToken, User
from klynge.accounts.services import two_factor_device
from klynge.accounts.sessions import (
    TWO_FACTOR_DONE_ELSEWHERE,
    TWO_FACTOR_PENDING,
    mark_session_start,
)
from klynge.audit.services import record, record_admin_entry, record_security

OIDC_BACKEND = "klynge.accounts.oidc.EmailOIDCBackend"


@receiver(pre_save, sender=User)
def end_sessions_on_deactivation(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.pk is None or instance.is_active:
        return
    was_active = User.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        instance.sessions_valid_after = timezone.now()
        instance._deactivated = True  # type: ignore[attr-defined]


@receiver(post_save, sender=User)
def revoke_tokens_on_deactivation(sender: Any, instance: User, **kwargs: Any) -> None:
    if getattr(instance, "_deactivated", False):
        del instance._deactivated  # type: ignore[attr-defined]
        revoked = ApiToken.objects.filter(user=instance, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        record(actor=None, action="user.deactivate", obj=instance, changes={"tokens": revoked})


@receiver(post_save, sender=User)
def revoke_tokens_on_password_change(
    sender: Any, instance: User, created: bool, **kwargs: Any
) -> None:
    """A new password ends the sessions (Django's session hash) and the API tokens: whoever
    knew the old one may have made a token with it. `set_password` keeps the new password
    in `_password` until the save that stores it (where Django calls the validators'
    `password_changed`), whoever saves it: the reset by mail, the admin, `changepassword`; a
    hash upgraded at login clears it before saving, and is no change."""
    if created or instance._password is None:  # type: ignore[attr-defined]
        return
    revoked = ApiToken.objects.filter(user=instance, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        record(actor=None, action="user.password_change", obj=instance, changes={"tokens": revoked})


@receiver(user_logged_in)
def start_session_clock(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    mark_session_start(request.session)
    if getattr(user, "backend", "") == OIDC_BACKEND:
        request.session[TWO_FACTOR_DONE_ELSEWHERE] = True
    elif two_factor_device(user) is not None:
        request.session[TWO_FACTOR_PENDING] = True
    record_security(actor=user, action="session.login", obj=user)


@receiver(user_logged_out)
def log_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_security(actor=user, action="session.logout", obj=user)


@receiver(user_login_failed)
def log_failed_login(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # Django has already masked the password in `credentials`; only the name typed is kept.
    record_security(
        actor=None,
        action="session.login_failed",
        details={"username": credentials.get("username", "")},
    )


@receiver(user_locked_out)
def log_lockout(sender: Any, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    record_security(
        actor=None,
        action="session.locked_out",
        details={"username": username or "", "ip_address": ip_address or ""},
    )


@receiver(post_save, sender=LogEntry)
def log_admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if created:
        record_admin_entry(instance)
