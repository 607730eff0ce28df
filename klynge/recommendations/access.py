"""Who may see and change recommendations: they are part of the decision they came from.

- seen by whoever may read the decision on the item (`MeetingAccess.can_see_decision_of`:
  chairs once the minutes are drafted, members once approved, everyone once published,
  closed items never for the public); lists filter with the same rule (`visible_to`);
- entered and moved along by the secretariat of the sending body's cluster and
  administrators;
- external bodies are kept by administrators and any secretariat (they are shared).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.meetings.access import access_for, get_item_for_user
from klynge.organisations.access import roles_for
from klynge.recommendations.models import ExternalBody, Recommendation, State


def can_keep_external_bodies(user: object) -> bool:
    return roles_for(user).is_secretariat


def get_recommendation_for_user(user: object, pk: int, *, write: bool = False) -> Recommendation:
    """The recommendation; 404 unless the user may read the decision it came from, 403 if
    they may not change it."""
    recommendation = get_object_or_404(Recommendation, pk=pk)
    item = get_item_for_user(user, recommendation.item_id)
    access = access_for(user, item.meeting)
    if not access.can_see_decision_of(item):
        raise Http404
    if write and not access.can_manage:
        raise PermissionDenied
    recommendation.item = item
    return recommendation


def get_external_body_for_user(user: object, pk: int, *, write: bool = False) -> ExternalBody:
    external_body = get_object_or_404(ExternalBody, pk=pk)
    if write and not can_keep_external_bodies(user):
        raise PermissionDenied
    return external_body


#: The home page's choice: recommendations waiting for an answer longer than this many days.
WAIT_DAYS_CHOICES = (14, 30, 60, 90)
WAIT_DAYS_DEFAULT = 30


def waiting_for(user: object, *, days: int, today: datetime.date) -> QuerySet[Recommendation]:
    """The recommendations the user follows up on (as secretariat of the sending body's
    cluster, as chair of the sending body; administrators all) that have waited for the
    receiver's decision more than `days` days, oldest first; only those whose decision the
    user may read."""
    roles = roles_for(user)
    followed = Q(item__meeting__body__cluster_id__in=roles.secretariat_clusters) | Q(
        item__meeting__body_id__in=roles.chair_bodies
    )
    # The waiting ones are few: named first (by id), the database starts from them instead of
    # walking every agenda item of the user's clusters to find them (20 ms on national data).
    waiting = Recommendation.objects.exclude(state=State.DECIDED).filter(
        sent_on__lt=today - datetime.timedelta(days=days)
    )
    recommendations = Recommendation.objects.visible_to(user).filter(pk__in=waiting.values("pk"))
    if not roles.is_admin:
        recommendations = recommendations.filter(followed)
    return recommendations.select_related("item__meeting__body").order_by("sent_on", "pk")
