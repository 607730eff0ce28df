import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Person


class FollowUp(models.Model):
    """A task a decision created ("Sekretariatet sender materiale ud")."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("opgave"), max_length=500)
    responsible = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("ansvarlig")
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: The day the responsible person was last told it is overdue (the daily digest).
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["done_at", "due_date", "id"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True, done_by__isnull=True)
                | models.Q(done_at__isnull=False, done_by__isnull=False),
                name="follow_up_done_by_whom",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @classmethod
    def overdue_q(cls, today: datetime.date) -> models.Q:
        """Open with a due date before `today`: the rule the home page and the digest share."""
        return models.Q(done_at__isnull=True, due_date__lt=today)

    @property
    def is_overdue(self) -> bool:
        return (
            self.done_at is None
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )
