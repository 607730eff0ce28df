"""The supplier of an initiative is its project owner, lead and group, everywhere: who may
report, who is asked by mail and who sees the task on the home page."""

import pytest
from django.urls import reverse

from klynge.actionplans import services
from klynge.actionplans.models import Initiative, State
from klynge.core.tests import personas
from klynge.core.tests.personas import login
from klynge.organisations.models import Person

pytestmark = pytest.mark.django_db


def test_a_project_group_member_is_a_supplier_everywhere(
    gov, client, mailoutbox, django_capture_on_commit_callbacks
):
    initiative = gov.initiative()
    member = gov.outsider
    person = Person.objects.create(name="Gruppemedlem", email="gruppe@example.dk", user=member)
    initiative.project_group.add(person)
    Initiative.objects.filter(pk=initiative.pk).update(state=State.ACTIVE)
    login(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        cycle = services.start_status_cycle(
            actor=gov.secretariat,
            plan=gov.plan,
            meeting=gov.meeting(gov.chief, day=31),
            deadline=personas.day(31),
        )
    assert sorted(mailoutbox[0].to) == sorted([gov.lead.email, "gruppe@example.dk"])
    report = cycle.reports.get()
    home = client.get(reverse("home"))
    assert [r.pk for r in home.context["status_requests"]] == [report.pk]
    assert client.get(reverse("status_report", args=[report.pk])).status_code == 200


def test_the_home_page_lists_each_task_once_for_a_supplier_in_two_roles(gov, client):
    """The lead who is also in the project group: each status request and each confirmation
    due once, in the initiatives' order, with what the page says of them."""
    first, second, third, fourth = (gov.initiative(number) for number in (1, 2, 3, 4))
    for initiative in (second, fourth):
        initiative.project_group.add(gov.lead.person)
    Initiative.objects.filter(pk__in=[first.pk, second.pk]).update(state=State.ACTIVE)
    cycle = services.start_status_cycle(
        actor=gov.secretariat,
        plan=gov.plan,
        meeting=gov.meeting(gov.chief, day=31),
        deadline=personas.day(31),
    )
    login(client, gov.lead)
    home = client.get(reverse("home"))
    assert [r.initiative for r in home.context["status_requests"]] == [first, second]
    assert list(home.context["confirmations_due"]) == [third, fourth]
    content = home.content.decode()
    for report in cycle.reports.all():
        assert (
            f'<a href="{reverse("status_report", args=[report.pk])}">'
            f"Giv status på {report.initiative}</a>"
        ) in content
    assert content.count("Giv status på") == 2
    assert content.count("Send ordrebekræftelse for") == 2
