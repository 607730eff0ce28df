"""An initiative with an owner, a lead and a group member, in a plan with a theme."""

import datetime
from dataclasses import dataclass

from klynge.accounts.models import User
from klynge.actionplans.models import ActionPlan, Initiative, Theme
from klynge.core.tests.personas import persona
from klynge.organisations.models import Body
from klynge.outcomes.models import Dimension, Indicator, Unit


@dataclass
class World:
    initiative: Initiative
    theme: Theme
    owner: User
    lead: User
    group_member: User


def make_world(body: Body) -> World:
    theme = Theme.objects.create(cluster=body.cluster, name="Lighed i sundhed")
    plan = ActionPlan.objects.create(
        cluster=body.cluster,
        body=body,
        title="Handleplan 2024-2025",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    owner = persona(None, "ejer@example.dk")
    lead = persona(None, "leder@example.dk")
    group_member = persona(None, "gruppe@example.dk")
    initiative = Initiative.objects.create(
        plan=plan,
        number=1,
        title="Forstærket rygestop for storrygere",
        theme=theme,
        problem="Rygning giver den største sociale ulighed i sundhed.",
        deliverables=["Rygestopforløb i alle kommuner", "Henvisning fra almen praksis"],
        project_owner=owner.person,
        project_lead=lead.person,
    )
    initiative.project_group.add(group_member.person)
    return World(initiative, theme, owner, lead, group_member)


def smoke_free(initiative: Initiative, **values: object) -> Indicator:
    fields = {
        "cluster": initiative.plan.cluster,
        "initiative": initiative,
        "name": "Røgfri efter 6 måneder",
        "dimension": Dimension.HEALTH,
        "unit": Unit.PERCENT,
        "data_source": "national_database",
        "baseline_value": 37,
        "baseline_date": datetime.date(2020, 1, 1),
        "target_value": 50,
        "target_date": datetime.date(2025, 12, 31),
        "comparison_value": 37,
        "comparison_label": "Landsgennemsnit (Rygestopbasen)",
    }
    fields.update(values)
    return Indicator.objects.create(**fields)
