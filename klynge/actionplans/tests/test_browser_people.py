"""Choosing people in Chromium: the project group is a searchable list (Tom Select), not a
40-pixel Ctrl-click box, and it holds everyone at the cluster's organisations."""

import datetime

import pytest
from django.urls import reverse

from klynge.actionplans import services
from klynge.actionplans.models import ActionPlan, Initiative
from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import (
    BodyFactory,
    ClusterFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_project_group_is_searched_and_picked(page, live_server):
    from playwright.sync_api import expect

    cluster = ClusterFactory(name="Sundhedsklynge Midt")
    aarhus = OrganisationFactory(name="Aarhus Kommune")
    cluster.organisations.add(aarhus)
    political = BodyFactory(cluster=cluster, name="Politisk Niveau", level=Body.Level.POLITICAL)
    secretariat = persona(political, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    for number in range(30):
        PersonFactory(name=f"Medarbejder {number:02d}", organisation=aarhus)
    PersonFactory(name="Ergoterapeut Sanne Holm", organisation=aarhus)
    plan = services.save_plan(
        actor=secretariat,
        plan=ActionPlan(),
        values={
            "title": "Handleplan",
            "body": political,
            "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2027, 12, 31),
        },
    )
    initiative = services.save_initiative(
        actor=secretariat,
        initiative=Initiative(plan=plan),
        values={"number": 1, "title": "Rehabilitering"},
    )
    log_in(page, "sekretariat@example.dk")
    page.goto(reverse("initiative_edit", args=[plan.pk, initiative.pk]))
    group = page.get_by_role("combobox", name="Projektgruppe")
    expect(group).to_be_visible()
    check_accessibility(page)
    group.click()
    page.keyboard.type("Sanne")
    option = page.get_by_role("option", name="Ergoterapeut Sanne Holm")
    expect(option).to_be_visible()
    expect(page.get_by_role("option", name="Medarbejder 01")).to_have_count(0)
    option.click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url(f"**{initiative.get_absolute_url()}")
    assert [p.name for p in initiative.project_group.all()] == ["Ergoterapeut Sanne Holm"]
