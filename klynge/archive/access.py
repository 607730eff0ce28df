"""Who may see and import legacy documents: administrators and the clusters' secretariats."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.archive.models import UNPLACED_CLUSTER, SourceDocument
from klynge.meetings.access import access_for, get_meeting_for_user
from klynge.organisations.access import roles_for
from klynge.organisations.models import Body


def can_import(user: object) -> bool:
    return roles_for(user).is_secretariat


def visible_sources(user: object) -> QuerySet[SourceDocument]:
    """An administrator sees every document; a secretariat those of its clusters and its own."""
    roles = roles_for(user)
    documents = SourceDocument.objects.select_related("body__cluster", "cluster", "meeting")
    if roles.is_admin:
        return documents
    if not roles.is_secretariat:
        return documents.none()
    clusters = roles.secretariat_clusters
    return documents.filter(
        Q(cluster_id__in=clusters)
        | Q(body__cluster_id__in=clusters)
        | Q(uploaded_by_id=getattr(user, "pk", None))
        | UNPLACED
    )


#: Documents imported without a cluster wait in the holding area, where any secretariat may
#: find its own and place them.
UNPLACED = Q(cluster__isnull=True, body__isnull=True) | Q(body__cluster__name=UNPLACED_CLUSTER)


def unplaced_bodies(user: object) -> QuerySet[Body]:
    """The archived bodies waiting in the holding area for a secretariat to place them."""
    if not can_import(user):
        return Body.objects.none()
    return (
        Body.objects.filter(cluster__name=UNPLACED_CLUSTER)
        .annotate(meeting_count=Count("meetings"))
        .order_by("name")
    )


def get_unplaced_body_for_user(user: object, pk: int) -> Body:
    if not can_import(user):
        raise PermissionDenied
    return get_object_or_404(unplaced_bodies(user), pk=pk)


def get_meeting_source_for_user(user: object, meeting_pk: int) -> SourceDocument:
    """The original an imported meeting came from, for those who may see all of the meeting."""
    meeting = get_meeting_for_user(user, meeting_pk)
    source = getattr(meeting, "source_document", None)
    if source is None or not access_for(user, meeting).can_see_source_document:
        raise Http404
    return source


def get_source_for_user(user: object, pk: int) -> SourceDocument:
    if not can_import(user):
        raise PermissionDenied
    return get_object_or_404(visible_sources(user), pk=pk)
