"""The plan and its draft: creating a plan with its default approvers, sections written,
moved and deleted, goals linked only to the council's own work, and nothing written once
the plan has left the draft."""

import datetime

import pytest

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.healthplans import services
from klynge.healthplans.models import HealthPlan, PlanGoal, PlanSection, PlanStatus
from klynge.healthplans.tests.factories import PlanGoalFactory, PlanSectionFactory
from klynge.healthplans.tests.plan_data import (
    council_plan,
    council_work,
    make_council,
    other_council_work,
)
from klynge.organisations.models import Organisation, Region
from klynge.organisations.tests.factories import OrganisationFactory
from klynge.recommendations.models import ExternalBody

pytestmark = pytest.mark.django_db

PLAN = {"title": "Nærsundhedsplan 2027–2030", "period_start": 2027, "period_end": 2030}


def _external(name: str, kind: str, region: str = Region.NORDJYLLAND) -> ExternalBody:
    return ExternalBody.objects.create(name=name, kind=kind, region=region)


def test_a_new_plan_gets_the_regionsraad_and_its_municipalities_councils(body, secretariat):
    council = make_council(body)
    council.organisations.add(
        OrganisationFactory(name="Aalborg Kommune"),
        OrganisationFactory(name="Jammerbugt Kommune"),
        OrganisationFactory(name="Region Nordjylland", kind=Organisation.Kind.REGION),
    )
    region = _external("Regionsrådet, Region Nordjylland", ExternalBody.Kind.REGIONAL_COUNCIL)
    aalborg = _external("Aalborg Byråd", ExternalBody.Kind.MUNICIPAL_COUNCIL)
    _external("Regionsrådet, Region Midtjylland", ExternalBody.Kind.REGIONAL_COUNCIL, "midt")
    _external("Aarhus Byråd", ExternalBody.Kind.MUNICIPAL_COUNCIL, "midt")
    _external("KKR Nordjylland", ExternalBody.Kind.KKR)

    plan = services.create_plan(actor=secretariat, cluster=council, values={**PLAN, "body": body})

    # Jammerbugt's council is not among the external bodies: left for the secretariat.
    assert set(plan.approvers.all()) == {region, aalborg}
    assert plan.status == PlanStatus.DRAFT
    event = AuditEvent.objects.get(action="health_plan.create")
    assert event.changes["approvers"] == ["Aalborg Byråd", "Regionsrådet, Region Nordjylland"]


def test_chosen_approvers_replace_the_defaults(body, secretariat):
    council = make_council(body)
    _external("Regionsrådet, Region Nordjylland", ExternalBody.Kind.REGIONAL_COUNCIL)
    kkr = _external("KKR Nordjylland", ExternalBody.Kind.KKR)
    plan = services.create_plan(actor=secretariat, cluster=council, values=PLAN, approvers=[kkr])
    assert list(plan.approvers.all()) == [kkr]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({**PLAN, "period_end": 2026}, "slutter"),
        ({**PLAN, "period_start": 1999}, "mellem 2000 og 2100"),
        ({**PLAN, "title": "   "}, "“Titel” skal udfyldes"),
        ({**PLAN, "title": "x" * 201}, "højst være 200 tegn"),
    ],
)
def test_bad_plan_values_are_refused_in_words(body, secretariat, values, message):
    council = make_council(body)
    with pytest.raises(ServiceError, match=message):
        services.create_plan(actor=secretariat, cluster=council, values=values)
    assert not HealthPlan.objects.exists()


def test_only_a_council_has_a_plan(body, secretariat):
    with pytest.raises(ServiceError, match="sundhedsråd"):
        services.create_plan(actor=secretariat, cluster=body.cluster, values=PLAN)


def test_the_deciding_body_is_the_councils_own(body, secretariat):
    from klynge.organisations.tests.factories import BodyFactory

    council = make_council(body)
    with pytest.raises(ServiceError, match="rådets egne organer"):
        services.create_plan(
            actor=secretariat, cluster=council, values={**PLAN, "body": BodyFactory()}
        )


def test_section_text_is_sanitised_and_sections_go_last(body, secretariat):
    plan = council_plan(body)
    first = services.add_section(
        actor=secretariat, plan=plan, values={"title": "Ældre", "text": "<p>Tekst</p>"}
    )
    second = services.add_section(
        actor=secretariat,
        plan=plan,
        values={
            "title": "Børn og unge",
            "text": '<p onclick="x()">Mental <script>alert(1)</script>sundhed</p>',
        },
    )
    assert (first.position, second.position) == (1, 2)
    second.refresh_from_db()
    assert second.text == "<p>Mental sundhed</p>"
    assert AuditEvent.objects.filter(action="plan_section.create").count() == 2


def test_sections_move_up_and_down_and_stop_at_the_ends(body, secretariat):
    plan = council_plan(body)
    a, _b, c = (PlanSectionFactory(plan=plan, title=t) for t in "ABC")
    services.move_section(actor=secretariat, section=c, up=True)
    assert list(plan.sections.values_list("title", flat=True)) == ["A", "C", "B"]
    services.move_section(actor=secretariat, section=a, up=False)
    assert list(plan.sections.values_list("title", flat=True)) == ["C", "A", "B"]
    with pytest.raises(ServiceError, match="første"):
        services.move_section(
            actor=secretariat, section=PlanSection.objects.get(title="C"), up=True
        )
    assert list(plan.sections.values_list("position", flat=True)) == [1, 2, 3]


def test_deleting_a_section_takes_its_goals_but_not_the_versions(body, secretariat):
    plan = council_plan(body)
    goal = PlanGoalFactory(section=PlanSectionFactory(plan=plan, title="Samsø"))
    version = services.freeze_version(actor=secretariat, plan=plan, purpose="other")
    services.delete_section(actor=secretariat, section=goal.section)
    assert not PlanGoal.objects.exists()
    version.refresh_from_db()
    assert version.content["sections"][0]["title"] == "Samsø"
    assert AuditEvent.objects.get(action="plan_section.delete").object_repr == "Samsø"


def test_a_goal_links_the_councils_initiatives_and_indicators(body, secretariat):
    plan = council_plan(body)
    work = council_work(plan.cluster)
    section = PlanSectionFactory(plan=plan)
    goal = services.save_goal(
        actor=secretariat,
        section=section,
        values={
            "text": "Færre forebyggelige indlæggelser",
            "population": "Borgere over 65 år",
            "deadline": datetime.date(2029, 12, 31),
        },
        initiatives=[work.initiative],
        indicators=[work.indicator],
    )
    assert list(goal.initiatives.all()) == [work.initiative]
    assert list(goal.indicators.all()) == [work.indicator]
    event = AuditEvent.objects.get(action="plan_goal.create")
    assert event.changes["initiatives"] == [[], ["Indsats 1: Opsporing af KOL i almen praksis"]]

    services.save_goal(
        actor=secretariat, section=section, goal=goal, values={"text": goal.text}, initiatives=[]
    )
    assert not goal.initiatives.exists() and not goal.indicators.exists()
    update = AuditEvent.objects.get(action="plan_goal.update")
    assert set(update.changes) == {"population", "deadline", "initiatives", "indicators"}


@pytest.mark.parametrize("kind", ["initiative", "indicator"])
def test_a_goal_cannot_link_another_councils_work(body, secretariat, kind):
    plan = council_plan(body)
    other = other_council_work()
    links = (
        {"initiatives": [other.initiative]}
        if kind == "initiative"
        else {"indicators": [other.indicator]}
    )
    with pytest.raises(ServiceError, match="hører ikke til rådets arbejde"):
        services.save_goal(
            actor=secretariat,
            section=PlanSectionFactory(plan=plan),
            values={"text": "Mål"},
            **links,
        )
    assert not PlanGoal.objects.exists()


def test_a_deadline_far_from_the_period_is_refused(body, secretariat):
    plan = council_plan(body)
    with pytest.raises(ServiceError, match="Fristen"):
        services.save_goal(
            actor=secretariat,
            section=PlanSectionFactory(plan=plan),
            values={"text": "Mål", "deadline": datetime.date(2207, 1, 1)},
        )


@pytest.mark.parametrize("status", [PlanStatus.RECOMMENDED, PlanStatus.APPROVED])
def test_nothing_is_written_once_the_plan_has_left_the_draft(body, secretariat, status):
    plan = council_plan(body)
    goal = PlanGoalFactory(section=PlanSectionFactory(plan=plan, title="Før"))
    version = services.freeze_version(actor=secretariat, plan=plan, purpose="approval")
    HealthPlan.objects.filter(pk=plan.pk).update(
        status=status, approved_version=version, approved_on=datetime.date(2027, 3, 1)
    )
    writes = [
        lambda: services.add_section(actor=secretariat, plan=plan, values={"title": "Ny"}),
        lambda: services.update_section(
            actor=secretariat, section=goal.section, values={"title": "Efter"}
        ),
        lambda: services.move_section(actor=secretariat, section=goal.section, up=False),
        lambda: services.delete_section(actor=secretariat, section=goal.section),
        lambda: services.save_goal(
            actor=secretariat, section=goal.section, goal=goal, values={"text": "Nyt"}
        ),
        lambda: services.delete_goal(actor=secretariat, goal=goal),
        lambda: services.update_plan(actor=secretariat, plan=plan, values=PLAN),
    ]
    for write in writes:
        with pytest.raises(ServiceError, match="kan ikke ændres"):
            write()
    assert PlanSection.objects.get().title == "Før"
    assert PlanGoal.objects.get().text == goal.text


def test_the_draft_is_written_while_in_hearing(body, secretariat):
    plan = council_plan(body)
    services.change_plan_status(actor=secretariat, plan=plan, to_status=PlanStatus.IN_HEARING)
    section = services.add_section(actor=secretariat, plan=plan, values={"title": "Rettet"})
    assert section.pk
