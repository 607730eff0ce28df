"""Test data for the plan's core: a sundhedsråd with an initiative and an indicator of its
own, and another council's, for the tests that links cross no council."""

import datetime
from dataclasses import dataclass

from klynge.actionplans.models import ActionPlan, Initiative
from klynge.healthplans.models import HealthPlan
from klynge.healthplans.tests.factories import HealthPlanFactory
from klynge.organisations.models import Body, Cluster
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory
from klynge.outcomes.models import Dimension, Indicator, Unit


@dataclass
class CouncilWork:
    initiative: Initiative
    indicator: Indicator


def make_council(body: Body) -> Cluster:
    """`body`'s cluster made a sundhedsråd (the personas sit on `body`)."""
    Cluster.objects.filter(pk=body.cluster_id).update(kind=Cluster.Kind.HEALTH_COUNCIL)
    body.cluster.refresh_from_db()
    return body.cluster


def council_work(
    cluster: Cluster, *, title: str = "Opsporing af KOL i almen praksis"
) -> CouncilWork:
    plan = ActionPlan.objects.create(
        cluster=cluster,
        body=cluster.bodies.first() or BodyFactory(cluster=cluster),
        title=f"Handleplan for {cluster.name}",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2028, 12, 31),
    )
    initiative = Initiative.objects.create(plan=plan, number=1, title=title)
    indicator = Indicator.objects.create(
        cluster=cluster,
        initiative=initiative,
        name=f"Forebyggelige indlæggelser ({cluster.name})",
        dimension=Dimension.HEALTH,
        unit=Unit.PERCENT,
        data_source="national_database",
    )
    return CouncilWork(initiative, indicator)


def other_council_work() -> CouncilWork:
    other = ClusterFactory(name="Sundhedsråd Nord", kind=Cluster.Kind.HEALTH_COUNCIL)
    return council_work(other, title="Et andet råds indsats")


def council_plan(body: Body) -> HealthPlan:
    make_council(body)
    return HealthPlanFactory(body=body, cluster=body.cluster)
