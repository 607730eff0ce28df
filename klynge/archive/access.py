"""Who may see and import legacy documents: administrators and the clusters' secretariats.

A document belongs to the cluster it is placed in (its body's, else the one given at upload);
until it is placed it belongs to whoever uploaded it. Reading it, its original and its pages,
correcting, accepting, undoing and placing it all go through the same door."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.archive.models import UNPLACED_CLUSTER, SourceDocument
from klynge.meetings.access import access_for, get_meeting_for_user
from klynge.organisations.access import roles_for
from klynge.organisations.models import Body


def can_import(user: object) -> bool:
    return roles_for(user).is_secretariat


#: Documents imported without a cluster wait in the holding area. They may hold any cluster's
#: afbud notes and closed items, so only their uploader and the administrators see them.
UNPLACED = Q(cluster__isnull=True, body__isnull=True) | Q(body__cluster__name=UNPLACED_CLUSTER)


def visible_sources(user: object) -> QuerySet[SourceDocument]:
    """An administrator sees every document; a secretariat those placed in its clusters and
    those it uploaded that are not placed yet."""
    roles = roles_for(user)
    documents = SourceDocument.objects.select_related("body__cluster", "cluster", "meeting")
    if roles.is_admin:
        return documents
    if not roles.is_secretariat:
        return documents.none()
    clusters = roles.secretariat_clusters
    placed_here = Q(body__cluster_id__in=clusters) | Q(body__isnull=True, cluster_id__in=clusters)
    return documents.filter(
        (placed_here & ~UNPLACED) | (UNPLACED & Q(uploaded_by_id=getattr(user, "pk", None)))
    )


def unplaced_bodies(user: object) -> QuerySet[Body]:
    """The archived bodies waiting in the holding area: an administrator places any; a
    secretariat those whose every document it uploaded itself."""
    if not can_import(user):
        return Body.objects.none()
    bodies = Body.objects.filter(cluster__name=UNPLACED_CLUSTER)
    if not roles_for(user).is_admin:
        others = SourceDocument.objects.filter(body=OuterRef("pk")).exclude(
            uploaded_by_id=getattr(user, "pk", None)
        )
        bodies = bodies.filter(
            Exists(SourceDocument.objects.filter(body=OuterRef("pk"))), ~Exists(others)
        )
    return bodies.annotate(meeting_count=Count("meetings")).order_by("name")


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
