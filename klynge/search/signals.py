"""Writes reach the index in the same transaction: whatever saves a meeting, an item, a bilag,
an initiative, a confirmation, a status report, an escalation or an archive document
(services, the admin, the demo) saves its index rows too, and so does every audited change
(`klynge.audit.signals.recorded`), which covers the services' guarded `update()`s. Bulk
writes send no signals: `klynge reindex` after them."""

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from klynge.actionplans.models import Escalation, Initiative, OrderConfirmation, StatusReport
from klynge.archive.models import SourceDocument
from klynge.audit.signals import recorded
from klynge.meetings.models import AgendaItem, Attachment, Meeting
from klynge.organisations.models import Body
from klynge.outcomes.models import Indicator
from klynge.reports.models import ReportPart
from klynge.search import services
from klynge.search.models import Kind

INDEXED = (
    Meeting,
    AgendaItem,
    Attachment,
    Initiative,
    StatusReport,
    Escalation,
    SourceDocument,
    Indicator,
    ReportPart,
)
KEYS = {
    Meeting: (Kind.MEETING,),
    AgendaItem: (Kind.ITEM, Kind.DECISION),
    Attachment: (Kind.ATTACHMENT,),
    Initiative: (Kind.INITIATIVE,),
    StatusReport: (Kind.REPORT,),
    Escalation: (Kind.ESCALATION, Kind.ESCALATION_DECISION),
    SourceDocument: (Kind.SOURCE,),
    Indicator: (Kind.INDICATOR,),
    ReportPart: (Kind.REPORT_PART,),
}


@receiver(post_save)
def index_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata
        return
    if _index(instance):
        # The service that saved it records it next: that need not index it again, unless
        # the object changed in between (saved, then changed by a service's `update()`).
        instance._search_indexed = _values(instance)


@receiver(recorded)
def index_recorded(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    indexed = getattr(instance, "_search_indexed", None)
    if indexed is not None:
        instance._search_indexed = None
        if indexed == _values(instance):
            return
    if action.endswith(".delete"):  # recorded just before the delete, which removes it
        return
    _index(instance)


def _values(instance: Any) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _index(instance: Any) -> bool:
    """Index what `instance` changes; whether it changes anything searched."""
    if isinstance(instance, Initiative):
        # Its status reports and escalations show its state too.
        services.index_initiatives([instance])
    elif isinstance(instance, INDEXED):
        services.index_objects([instance])
        if isinstance(instance, Meeting):
            services.update_meeting_rows(instance)
            services.reindex_decided_at(instance)
    elif isinstance(instance, OrderConfirmation):
        services.index_objects([instance.initiative])
    elif isinstance(instance, Body):
        services.update_body_rows(instance.pk, instance.cluster_id)
    else:
        return False
    return True


@receiver(pre_delete)
def remove_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Before the delete: the rows are still there to take out of SQLite's FTS5 table too.
    if isinstance(instance, INDEXED):
        services.remove_keys((kind, instance.pk) for kind in KEYS[type(instance)])


@receiver(post_delete)
def reindex_after_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, OrderConfirmation):
        initiative = Initiative.objects.filter(pk=instance.initiative_id).first()
        if initiative is not None:
            services.index_objects([initiative])
