import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import record, save_with_audit
from klynge.core.exceptions import ServiceError
from klynge.followups import tasks
from klynge.followups.models import FollowUp
from klynge.meetings.models import HELD_OR_LATER, AgendaItem
from klynge.organisations.models import Person


@transaction.atomic
def create_follow_up(
    *,
    actor: User | None,
    item: AgendaItem,
    text: str,
    responsible: Person,
    due_date: datetime.date | None = None,
) -> FollowUp:
    if item.meeting.status not in HELD_OR_LATER:
        raise ServiceError(_("Opfølgning skabes af en beslutning, når mødet er holdt."))
    follow_up = FollowUp(agenda_item=item, created_by=actor)
    save_with_audit(
        actor=actor,
        obj=follow_up,
        values={"text": text, "responsible": responsible, "due_date": due_date},
        action="follow_up.create",
    )
    transaction.on_commit(lambda: tasks.send_follow_up_created.enqueue(follow_up.pk), robust=True)
    return follow_up


@transaction.atomic
def complete_follow_up(*, actor: User, follow_up: FollowUp) -> FollowUp:
    updated = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor
    )
    if not updated:
        raise ServiceError(_("Opgaven er allerede udført."))
    follow_up.refresh_from_db()
    record(actor=actor, action="follow_up.done", obj=follow_up)
    return follow_up
