from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.audit import wording


class AppendOnlyError(Exception):
    """The audit log is never changed or deleted from, but by `klynge purge-audit-log`."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only; see purge_expired().")

    def purge(self) -> int:
        """Delete these events: the retention purge's path, and no one else's."""
        return super().delete()[0]


class AuditEvent(models.Model):
    """One thing that matters, as Datatilsynet asks it logged: who did what to which object,
    when (stored in UTC) and from where.

    Changes are written by `klynge.audit.services.record`, inside the same transaction as the
    change itself, so an event exists exactly when the change does; reads of closed or personal
    data, searches and downloads by `record_read`; logins, refusals and token use by
    `record_security`. Rows are only ever added (see `AuditEventQuerySet`), and removed when
    they are older than the retention settings.
    """

    class Kind(models.TextChoices):
        CHANGE = "change", _("Ændring")
        READ = "read", _("Opslag og udtræk")
        SECURITY = "security", _("Login og adgang")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("udført af"),
    )
    kind = models.CharField(_("art"), max_length=10, choices=Kind, default=Kind.CHANGE)
    action = models.CharField(_("handling"), max_length=80)
    object_type = models.CharField(_("objekttype"), max_length=80)
    object_id = models.CharField(_("objekt-id"), max_length=40)
    object_repr = models.CharField(_("objekt"), max_length=300)
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    #: The address asked for (reads, downloads, refusals): what was seen, in the user's words.
    path = models.CharField(_("adresse"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-created_at"]),
            models.Index(fields=["kind", "created_at"]),
        ]
        verbose_name = _("revisionshændelse")
        verbose_name_plural = _("revisionshændelser")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only.")

    @property
    def action_label(self) -> str:
        return wording.action_label(self.action)

    @property
    def described_changes(self) -> list["wording.Change"]:
        return wording.describe(self)


class AuditSubject(models.Model):
    """A person whose data an event touched (an afbud note read, a person's page, an export
    with their details): the data protection officer's look-up goes through this.

    The person is kept as a plain id, not a foreign key: the log outlives the person's row,
    and the audit app sits below the apps that own people.
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="subjects")
    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person_id"], name="audit_subject_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.person_id}"
