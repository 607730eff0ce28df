import pytest
from django.core.management import call_command

from klynge.demo.danish import NEEDLES
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
    # Six items a meeting, and the search benchmark's planted items, once each.
    assert AgendaItem.objects.count() == Meeting.objects.count() * 6 + len(NEEDLES)
    for title, _text, _decision in NEEDLES:
        assert AgendaItem.objects.filter(title=title).count() == 1
    # Danish text of the domain, varied: not one sentence repeated.
    assert AgendaItem.objects.values("title").distinct().count() > 200
    assert AgendaItem.objects.filter(presentation__contains="Erfaringerne fra").exists()
    assert Membership.objects.filter(end_date__isnull=True).count() == 4 * 5 * 8


def test_small_scale_generates_action_plans_with_status_cycles():
    from klynge.actionplans.models import ActionPlan, Initiative, StatusReport

    call_command("generate-data", "--scale", "small")
    assert ActionPlan.objects.count() == 2  # one 2025-2027 plan per health cluster
    assert Initiative.objects.count() == 2 * 5
    cycles = ActionPlan.objects.first().cycles.count()
    assert 1 <= cycles <= 4
    assert StatusReport.objects.count() == sum(
        plan.cycles.count() * plan.initiatives.count() for plan in ActionPlan.objects.all()
    )
    assert not StatusReport.objects.exclude(rag="green").filter(deviation="").exists()


def test_the_search_benchmark_finds_the_planted_items(tmp_path):
    import json

    call_command("generate-data", "--scale", "small")
    figures_file = tmp_path / "bench.json"

    call_command(
        "bench-search", "--rounds", "1", "--like-queries", "2", "--json", str(figures_file)
    )

    figures = json.loads(figures_file.read_text())
    assert figures["entries"] > AgendaItem.objects.count()  # items, decisions, plans ...
    assert figures["recall_at_10"] >= 0.9, figures["relevance_misses"]
    assert figures["search"]["p95_ms"] > 0 and figures["like_scan"]["p50_ms"] > 0
