from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from klynge.followups.models import FollowUp
from klynge.meetings.access import access_for, get_item_for_user
from klynge.organisations.access import roles_for


def get_follow_up_for_user(user: object, pk: int, *, complete: bool = False) -> FollowUp:
    """The responsible person and the secretariat may mark a follow-up done."""
    follow_up = get_object_or_404(FollowUp.objects.select_related("agenda_item"), pk=pk)
    item = get_item_for_user(user, follow_up.agenda_item_id)
    access = access_for(user, item.meeting)
    if complete and not (
        access.can_manage or follow_up.responsible_id == roles_for(user).person_id
    ):
        raise PermissionDenied
    return follow_up
