from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from klynge.audit.middleware import current_ip
from klynge.audit.models import AuditEvent
from klynge.audit.signals import recorded
from klynge.core.text import clean_values


def object_type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event; call it inside the service's transaction."""
    event = AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
        ip_address=current_ip.get(),
    )
    recorded.send(sender=type(obj), instance=obj, action=action)
    return event


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
        object_type=object_type_of(obj), object_id=str(obj.pk)
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
