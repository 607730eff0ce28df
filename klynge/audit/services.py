from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from klynge.audit.context import current_ip, current_path
from klynge.audit.models import AuditEvent, AuditSubject
from klynge.audit.signals import recorded
from klynge.audit.wording import REDACTED
from klynge.core import pagecache
from klynge.core.pagecache import replay_on_hit
from klynge.core.text import clean_values


def object_type_of(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event; call it inside the service's transaction.

    Fields a model names in `audit_without_content` are logged as changed, without their
    values (personal data that the log should not copy)."""
    hidden = getattr(type(obj), "audit_without_content", ())
    if changes:
        changes = {key: REDACTED if key in hidden else value for key, value in changes.items()}
    event = _write(
        kind=AuditEvent.Kind.CHANGE, actor=actor, action=action, obj=obj, changes=changes
    )
    recorded.send(sender=type(obj), instance=obj, action=action)
    # A service's guarded `update()` names no row to the page cache: this does.
    pagecache.wrote(obj)
    return event


def record_read(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
    people: Iterable[int] = (),
) -> AuditEvent:
    """Log that `actor` saw or took away data that is closed or personal: a closed item, an
    afbud note, a person's page, a search (its query in `details`), a download. `people`
    are the ids of the persons whose data it was (the data protection officer's look-up)."""
    target = (object_type_of(obj), str(obj.pk), str(obj)) if obj is not None else ("", "", "")
    people = sorted(set(people))
    # A page served again from the cache was seen again: the read is logged again.
    replay_on_hit(_write_read, action=action, target=target, details=details, people=people)
    return _write_read(actor=actor, action=action, target=target, details=details, people=people)


def _write_read(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    target: tuple[str, str, str],
    details: dict[str, Any] | None,
    people: list[int],
) -> AuditEvent:
    event = _write(
        kind=AuditEvent.Kind.READ,
        actor=actor,
        action=action,
        obj=None,
        changes=details,
        target=target,
    )
    AuditSubject.objects.bulk_create([AuditSubject(event=event, person_id=pk) for pk in people])
    return event


def record_security(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Log a login, a failed login, a lockout, a refused request or a token's use."""
    return _write(
        kind=AuditEvent.Kind.SECURITY, actor=actor, action=action, obj=obj, changes=details
    )


def record_admin_entry(entry: LogEntry) -> AuditEvent:
    """A change made in Django's admin, logged like every other change, on the changed object
    (so it shows in the object's history)."""
    actions = {ADDITION: "create", CHANGE: "update", DELETION: "delete"}
    content_type = entry.content_type
    return _write(
        kind=AuditEvent.Kind.CHANGE,
        actor=entry.user,
        action=f"admin.{actions.get(entry.action_flag, 'update')}",
        obj=None,
        changes={"message": entry.get_change_message()},
        target=(
            f"{content_type.app_label}.{content_type.model}" if content_type else "",
            str(entry.object_id or ""),
            entry.object_repr,
        ),
    )


def _write(
    *,
    kind: str,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None,
    changes: dict[str, Any] | None,
    target: tuple[str, str, str] = ("", "", ""),
) -> AuditEvent:
    """One event; the object is `obj`, or else `target` (type, id, repr) when there is none
    at hand."""
    if obj is not None:
        target = (object_type_of(obj), str(obj.pk), str(obj))
    return AuditEvent.objects.create(
        kind=kind,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=target[0],
        object_id=target[1][:40],
        object_repr=target[2][:300],
        changes=_storable(changes or {}),
        ip_address=current_ip.get(),
        path=(current_path.get() or "")[:500],
    )


def _storable(value: Any) -> Any:
    """What was typed may hold a NUL (a search for "a\\x00"): PostgreSQL cannot store one in
    text or jsonb, so it is dropped rather than failing the request that is being logged."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


def retention_limits(now: Any = None) -> dict[str, Any]:
    """The oldest moment each kind of event is kept from (settings `AUDIT_KEEP_*_DAYS`)."""
    now = now or timezone.now()
    return {
        AuditEvent.Kind.READ: now - timedelta(days=settings.AUDIT_KEEP_READS_DAYS),
        AuditEvent.Kind.SECURITY: now - timedelta(days=settings.AUDIT_KEEP_SECURITY_DAYS),
        AuditEvent.Kind.CHANGE: now - timedelta(days=settings.AUDIT_KEEP_CHANGES_DAYS),
    }


@transaction.atomic
def purge_expired(*, now: Any = None) -> dict[str, int]:
    """Delete the events older than their kind's retention: the one delete path of the log."""
    return {
        str(kind): AuditEvent.objects.filter(kind=kind, created_at__lt=limit).purge()
        for kind, limit in retention_limits(now).items()
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as {field: [old, new]} with JSON-safe values."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def history_for(obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.CHANGE, object_type=object_type_of(obj), object_id=str(obj.pk)
    ).select_related("actor")


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def save_with_audit(
    *, actor: AbstractBaseUser | None, obj: models.Model, values: dict[str, Any], action: str
) -> dict[str, Any]:
    """Set `values` on `obj`, save the changed fields, audit the difference.

    The shared body of the plain "edit these fields" services; returns the diff.
    """
    values = clean_values(type(obj), values)
    # Read "before" from the database: a ModelForm has already changed `obj` in memory.
    stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
    before = snapshot(stored, list(values)) if stored is not None else {}
    for name, value in values.items():
        setattr(obj, name, value)
    changes = diff(before, values)
    if obj.pk is None:
        obj.save()
    elif changes:
        obj.save(update_fields=list(changes))
    if changes:
        record(actor=actor, action=action, obj=obj, changes=changes)
    return changes
