from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.audit import wording


class AuditEvent(models.Model):
    """One change that matters: who did what to which object, and when.

    Written only by `klynge.audit.services.record`, inside the same transaction as the
    change itself, so an event exists exactly when the change does.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("udført af"),
    )
    action = models.CharField(_("handling"), max_length=80)
    object_type = models.CharField(_("objekttype"), max_length=80)
    object_id = models.CharField(_("objekt-id"), max_length=40)
    object_repr = models.CharField(_("objekt"), max_length=300)
    changes = models.JSONField(_("ændringer"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-created_at"])]
        verbose_name = _("revisionshændelse")
        verbose_name_plural = _("revisionshændelser")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return wording.action_label(self.action)

    @property
    def described_changes(self) -> list["wording.Change"]:
        return wording.describe(self)
