"""Who may see and import legacy documents: administrators and the clusters' secretariats."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from klynge.archive.models import SourceDocument
from klynge.organisations.access import roles_for


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
    )


def get_source_for_user(user: object, pk: int) -> SourceDocument:
    if not can_import(user):
        raise PermissionDenied
    return get_object_or_404(visible_sources(user), pk=pk)
