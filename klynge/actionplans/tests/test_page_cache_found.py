"""What an outside test of the page cache by scope found on the action plan: an initiative
carried over to a council spans two clusters, and a write in either reaches the pages of both;
the action plan's own writes reach its pages."""

import pytest
from django.urls import reverse

from klynge.core import pagecache
from klynge.core.tests.personas import day
from klynge.core.tests.test_pagecache_scopes import meeting_url, primed, view
from klynge.meetings import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def fresh_after(client, url, marker, present=True):
    state, content = view(client, url)
    assert (marker in content) is present, (state, marker)
    return state


class Council:
    def __init__(self, gov):
        from klynge.actionplans import services as plans
        from klynge.actionplans.tests.factories import CONFIRMATION
        from klynge.carryovers import services as carryover
        from klynge.carryovers.services import Choices
        from klynge.core.tests.personas import persona
        from klynge.organisations.models import Body, Cluster, Membership
        from klynge.organisations.tests.factories import BodyFactory

        self.initiative = gov.initiative(1, title="Gammel titel")
        plans.submit_confirmation(actor=gov.lead, initiative=self.initiative, values=CONFIRMATION)
        self.item = gov.approve_at(gov.chief, self.initiative)  # held, minutes not approved
        self.chief_meeting = self.item.meeting
        self.cluster = Cluster.objects.create(
            name="Sundhedsråd Midt", kind=Cluster.Kind.HEALTH_COUNCIL
        )
        self.body = BodyFactory(cluster=self.cluster, name="Rådet", level=Body.Level.POLITICAL)
        self.secretariat = persona(self.body, "raad-sek@example.dk", Membership.Role.SECRETARIAT)
        self.member = persona(self.body, "raad-medlem@example.dk", Membership.Role.MEMBER)
        carryover.carry_over(
            actor=gov.secretariat,
            plan=carryover.plan_carry_over(
                cluster=gov.plan.cluster,
                council=self.cluster,
                choices=Choices(initiatives=[self.initiative.pk]),
            ),
        )
        self.initiative.refresh_from_db()
        assert self.initiative.plan.cluster_id == self.cluster.pk


def test_carried_over_initiative_renamed_old_cluster_meeting_page(gov, settings):
    from klynge.actionplans import services as plans

    settings.PAGE_CACHE_SECONDS = 300
    council = Council(gov)
    url = meeting_url(council.chief_meeting)
    here = primed(gov.secretariat, url)
    assert "Gammel titel" in view(here, url)[1]
    with pagecache.unit_of_work():  # the council's secretariat renames it
        plans.save_initiative(
            actor=council.secretariat,
            initiative=council.initiative,
            values={"title": "Ny titel i rådet"},
        )
    state, content = view(here, url)
    assert "Ny titel i rådet" in view(primed(gov.secretariat), url)[1]  # a new viewer sees it
    assert "Ny titel i rådet" in content, state


def test_carried_over_initiative_page_old_cluster_minutes_published(gov, settings):
    settings.PAGE_CACHE_SECONDS = 300
    council = Council(gov)
    url = reverse("initiative_detail", args=[council.initiative.pk])
    portfolio = reverse("plan_detail", args=[council.initiative.plan_id])
    reader = primed(council.member, url, portfolio)
    shown = '<span class="status-tag" id="initiative-state">Godkendt i Chefforum</span>'
    row = "<td>Godkendt i Chefforum</td>"
    assert shown not in view(reader, url)[1]
    assert row not in view(reader, portfolio)[1]
    with pagecache.unit_of_work():  # the cluster publishes the Chefforum minutes
        gov.publish_minutes(council.chief_meeting)
    state, content = view(reader, url)
    state2, content2 = view(reader, portfolio)
    fresh = primed(council.member)
    assert shown in view(fresh, url)[1] and row in view(fresh, portfolio)[1]  # a new viewer sees it
    assert (shown in content, row in content2) == (True, True), (state, state2)


def test_held_plans(gov, settings):
    from klynge.actionplans import services as plans
    from klynge.budgets.services import money
    from klynge.core.tests.personas import persona
    from klynge.organisations.models import Person

    settings.PAGE_CACHE_SECONDS = 300
    initiative = gov.initiative(1)
    newcomer = persona(None, "gruppe@example.dk")
    home = reverse("home")
    theirs = primed(newcomer, home)
    with pagecache.unit_of_work():  # the project group, a many-to-many
        plans.save_initiative(
            actor=gov.secretariat,
            initiative=initiative,
            values={},
            project_group=[Person.objects.get(user=newcomer)],
        )
    fresh_after(theirs, home, "Send ordrebekræftelse for")
    gov.activate(initiative)
    chief = gov.meeting(gov.chief, day=31)
    plans.start_status_cycle(actor=gov.secretariat, plan=gov.plan, meeting=chief, deadline=day(31))
    portfolio = reverse("plan_detail", args=[gov.plan.pk])
    page = reverse("initiative_detail", args=[initiative.pk])
    here = primed(gov.secretariat, portfolio, page)
    lead_home = primed(gov.lead, home)
    assert "Giv status på" in view(lead_home, home)[1]
    report = initiative.reports.get()
    with pagecache.unit_of_work():
        plans.report_status(
            actor=gov.lead,
            report=report,
            values={
                "rag": "red",
                "deviation": "Forsinket",
                "cause": "Sygdom",
                "proposed_action": "Vent",
            },
            version=report.version,
        )
    fresh_after(here, portfolio, "rag-red")
    fresh_after(lead_home, home, "Giv status på", present=False)
    political = gov.meeting(gov.political, day=30)
    gov.hold(political)
    decided = political.items.first()
    services.record_decision(
        actor=gov.secretariat, item=decided, decision="Bevilget", version=decided.version
    )
    view(here, page)
    with pagecache.unit_of_work():
        money.grant_allocation(
            actor=gov.secretariat,
            cluster=gov.plan.cluster,
            initiative=initiative,
            years=[2026],
            amount=123456,
            decision_item=decided,
        )
    fresh_after(here, page, "123.456")
