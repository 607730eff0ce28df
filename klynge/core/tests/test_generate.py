import pytest
from django.core.management import call_command

from klynge.meetings.models import AgendaItem, Meeting
from klynge.organisations.models import Cluster, Membership

pytestmark = pytest.mark.django_db


def test_small_scale_generates_clusters_with_successors_and_history():
    call_command("generate-data", "--scale", "small")
    clusters = Cluster.objects.filter(kind=Cluster.Kind.HEALTH_CLUSTER)
    assert clusters.count() == 2
    assert all(c.successor and c.successor.kind == Cluster.Kind.HEALTH_COUNCIL for c in clusters)
    # 2 clusters for 2025-2026 and their councils meeting as preparatory councils in 2026,
    # 5 bodies each, 4 meetings a year.
    assert Meeting.objects.count() == (2 * 5 * 2 + 2 * 5 * 1) * 4
    assert AgendaItem.objects.count() == Meeting.objects.count() * 6
    assert Membership.objects.filter(end_date__isnull=True).count() == 4 * 5 * 8
