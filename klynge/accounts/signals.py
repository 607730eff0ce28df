"""Deactivating a user ends what they are logged in with: their sessions (through
`User.sessions_valid_after`, read by `SessionLimitsMiddleware`) and their API tokens.
Wherever the change is made (Django's admin included), so it hangs on the model's save."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from klynge.accounts.models import ApiToken, User
from klynge.accounts.sessions import mark_session_start
from klynge.audit.services import record


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


@receiver(user_logged_in)
def start_session_clock(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    mark_session_start(request.session)
