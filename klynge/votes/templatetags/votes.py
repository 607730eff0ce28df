from django import template

from klynge.meetings.access import MeetingAccess
from klynge.meetings.models import AgendaItem

register = template.Library()


@register.filter
def sees_decision_of(access: MeetingAccess | None, item: AgendaItem) -> bool:
    """`{% if access|sees_decision_of:item %}`: the decision's visibility rule, which votes,
    inhabilitet and statements follow."""
    return access is not None and access.can_see_decision_of(item)
