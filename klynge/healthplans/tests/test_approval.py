"""The plan's approval: recommended by the council's decision to every required body, approved
when all have said yes (through the recommendation's state hook), not when one says no."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from klynge.actionplans.models import Initiative
from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import login
from klynge.healthplans import services
from klynge.healthplans.models import Hearing, PlanStatus, PlanVersion
from klynge.healthplans.tests.factories import PlanSectionFactory
from klynge.healthplans.tests.test_approval_world import (
    answer,
    hold_with_decision,
    make_plan,
    recommend,
    recommendation_to,
)
from klynge.meetings.models import MeetingStatus
from klynge.organisations.tests.factories import BodyFactory
from klynge.recommendations.models import Outcome, Recommendation, State

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(meeting):
    return make_plan(meeting)


@pytest.fixture
def item(meeting, secretariat):
    return hold_with_decision(meeting, secretariat)


@pytest.fixture
def recommended(world, item, secretariat):
    recommend(world, item, secretariat)
    world.plan.refresh_from_db()
    return world


def test_recommending_freezes_a_version_and_sends_to_every_approver(world, item, secretariat):
    recommend(world, item, secretariat)
    plan = world.plan
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RECOMMENDED
    (version,) = plan.versions.all()
    assert (version.purpose, version.item) == (PlanVersion.Purpose.APPROVAL, item)
    assert [s["title"] for s in version.content["sections"]] == [
        "Sammenhængende forløb",
        "Forebyggelse",
    ]
    sent = Recommendation.objects.filter(item=item).order_by("to_external__name")
    assert [r.receiver_name for r in sent] == sorted(b.name for b in world.approvers)
    assert {r.state for r in sent} == {State.SENT}
    assert plan.changes.last().to_status == PlanStatus.RECOMMENDED
    assert AuditEvent.objects.filter(action="health_plan.recommend").count() == 1


def test_two_of_three_yes_is_not_approved_the_third_yes_approves(recommended, item, secretariat):
    world = recommended
    answer(recommendation_to(world, item, 1), secretariat, Outcome.ADOPTED, days=10)
    answer(recommendation_to(world, item, 2), secretariat, Outcome.AMENDED, days=12)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.RECOMMENDED
    assert world.plan.approved_version is None
    assert services.approval_of(world.plan).yes_count == 2

    last = answer(recommendation_to(world, item, 0), secretariat, Outcome.ADOPTED, days=30)
    plan = world.plan
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_on == last.decided_on  # the last answer's date
    approved = plan.approved_version
    assert approved.purpose == PlanVersion.Purpose.APPROVED
    assert approved.item == item
    assert approved.number == 2
    assert approved.content["sections"] == plan.versions.get(number=1).content["sections"]
    assert [c.to_status for c in plan.changes.all()][-2:] == [
        PlanStatus.RECOMMENDED,
        PlanStatus.APPROVED,
    ]


def test_the_approved_version_is_the_text_the_bodies_said_yes_to(recommended, item, secretariat):
    """Not the plan as it reads the day the last answer comes: a linked initiative renamed
    since the recommendation must not change what was approved (found by an outside test)."""
    world = recommended
    initiative = Initiative.objects.filter(plan_goals__section__plan=world.plan).first()
    assert initiative is not None
    initiative.title = "Omdøbt efter indstillingen"
    initiative.save(update_fields=["title"])
    for n, days in [(0, 10), (1, 11), (2, 12)]:
        answer(recommendation_to(world, item, n), secretariat, Outcome.ADOPTED, days=days)
    world.plan.refresh_from_db()
    recommended_version = world.plan.versions.get(purpose=PlanVersion.Purpose.APPROVAL)
    assert world.plan.approved_version.content == recommended_version.content
    assert "Omdøbt efter indstillingen" not in str(world.plan.approved_version.content)


def test_a_rejection_is_not_an_approval_and_the_plan_goes_back_to_draft(
    recommended, item, secretariat
):
    world = recommended
    answer(recommendation_to(world, item, 0), secretariat, Outcome.ADOPTED)
    answer(recommendation_to(world, item, 1), secretariat, Outcome.REJECTED)
    answer(recommendation_to(world, item, 2), secretariat, Outcome.ADOPTED)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.RECOMMENDED
    approval = services.approval_of(world.plan)
    assert [a.body.name for a in approval.rejections] == ["Aarhus Byråd"]

    with pytest.raises(ServiceError):
        services.return_plan_to_draft(actor=secretariat, plan=world.plan, note="  ")
    services.return_plan_to_draft(
        actor=secretariat, plan=world.plan, note="Aarhus Byråd ønsker et afsnit om psykiatri."
    )
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.DRAFT
    assert world.plan.changes.last().note == "Aarhus Byråd ønsker et afsnit om psykiatri."
    # The same decision cannot recommend it again: its answer was no.
    with pytest.raises(ServiceError, match="afvist"):
        recommend(world, item, secretariat)


def test_approval_happens_through_the_recommendation_state_hook(
    recommended, item, secretariat, settings
):
    settings.RECOMMENDATION_STATE_HOOKS = []
    for index in range(3):
        answer(recommendation_to(recommended, item, index), secretariat)
    recommended.plan.refresh_from_db()
    assert recommended.plan.status == PlanStatus.RECOMMENDED  # nobody told the plan

    settings.RECOMMENDATION_STATE_HOOKS = ["klynge.healthplans.services.on_recommendation_state"]
    other = services.approval_version(recommended.plan)
    assert other is not None
    services.on_recommendation_state(
        actor=secretariat, recommendation=recommendation_to(recommended, item, 0)
    )
    recommended.plan.refresh_from_db()
    assert recommended.plan.status == PlanStatus.APPROVED


def test_a_second_approval_at_once_approves_only_once(recommended, item, secretariat):
    for index in range(3):
        answer(recommendation_to(recommended, item, index), secretariat)
    stale = recommended.plan  # loaded while it was still recommended
    assert stale.status == PlanStatus.RECOMMENDED
    assert services.approve_if_answered(actor=secretariat, plan=stale) is False
    assert stale.versions.filter(purpose=PlanVersion.Purpose.APPROVED).count() == 1


def test_a_recommendation_registered_before_counts_and_is_not_sent_twice(world, item, secretariat):
    from klynge.recommendations import services as recommendation_services

    (early,) = recommendation_services.send_recommendations(
        actor=secretariat, item=item, sent_on=item.meeting.date, to_external=[world.approvers[0]]
    )
    recommend(world, item, secretariat)
    assert Recommendation.objects.filter(item=item).count() == 3
    assert recommendation_to(world, item, 0) == early


def test_a_revised_plan_needs_a_new_decision_and_new_answers(recommended, item, secretariat):
    """Recommending again from the decision that recommended version 1 counted the bodies'
    earlier yeses for the revised version, which they never saw (found by a usability
    test): the decision is refused and no longer offered; a new decision's version starts
    with no answers."""
    world = recommended
    answer(recommendation_to(world, item, 1), secretariat, Outcome.ADOPTED)
    answer(recommendation_to(world, item, 2), secretariat, Outcome.ADOPTED)
    services.return_plan_to_draft(
        actor=secretariat, plan=world.plan, note="Rådet vil tilføje et mål om psykiatri."
    )
    PlanSectionFactory(plan=world.plan, title="Psykiatri")

    assert item not in services.recommending_items(world.plan)
    with pytest.raises(ServiceError, match="allerede version 1"):
        recommend(world, item, secretariat)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.DRAFT
    assert world.plan.versions.count() == 1

    new_item = item.meeting.items.exclude(pk=item.pk).order_by("position").first()
    new_item.decision = "Rådet indstiller den reviderede plan til godkendelse."
    new_item.save(update_fields=["decision"])
    assert new_item in services.recommending_items(world.plan)
    recommend(world, new_item, secretariat)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.RECOMMENDED
    approval = services.approval_of(world.plan)
    assert approval.version.item == new_item
    assert approval.yes_count == 0
    assert all(a.recommendation.item == new_item for a in approval.answers)
    # The regionsråd's yes to the new version alone does not approve it.
    answer(recommendation_to(world, new_item, 0), secretariat, Outcome.ADOPTED)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.RECOMMENDED
    assert services.approval_of(world.plan).yes_count == 1


HEARD = [
    {"name": "Testkommune", "email": "hoering@testkommune.dk", "kind": "municipality"},
    {"name": "PLO Test", "email": "plo@example.dk", "kind": "general_practice"},
]


def _in_hearing(world, secretariat, *, days=30):
    return services.start_hearing(
        actor=secretariat,
        plan=world.plan,
        deadline=timezone.localdate() + datetime.timedelta(days=days),
        message="",
        parties=HEARD,
    )


def _answer_hearing(hearing, name, secretariat):
    services.record_hearing_answer(
        actor=secretariat,
        party=hearing.parties.get(name=name),
        text="Vi støtter planen.",
        upload=None,
        received_on=timezone.localdate(),
    )


def test_an_open_hearing_with_parties_waiting_holds_the_recommendation(world, item, secretariat):
    """Recommending closed a hearing six weeks before its deadline, with half the parties
    not heard yet, without a word (found by a usability test)."""
    hearing = _in_hearing(world, secretariat)
    deadline = date_format(hearing.deadline, "j. F Y")
    with pytest.raises(ServiceError, match=f"frist {deadline}, og 2 af 2 høringsparter"):
        recommend(world, item, secretariat)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.IN_HEARING
    assert not world.plan.versions.filter(purpose=PlanVersion.Purpose.APPROVAL).exists()
    assert not Recommendation.objects.exists()

    # The plan page says why, and offers no recommend button.
    client = login(Client(), secretariat)
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert f"frist {deadline}, og 2 af 2 høringsparter har ikke svaret endnu" in page
    assert reverse("health_plan_recommend", args=[world.plan.pk]) not in page
    form = client.get(reverse("health_plan_recommend", args=[world.plan.pk])).content.decode()
    assert "2 af 2 høringsparter har ikke svaret endnu" in form
    refused = client.post(
        reverse("health_plan_recommend", args=[world.plan.pk]),
        {"item": item.pk, "sent_on": item.meeting.date.isoformat()},
    )
    assert refused.status_code == 422
    assert "har ikke svaret endnu" in refused.content.decode()

    _answer_hearing(hearing, "Testkommune", secretariat)
    assert "1 af 2 høringsparter" in services.hearing_in_the_way(world.plan)
    # Once every party has answered, the plan may be recommended before the deadline.
    _answer_hearing(hearing, "PLO Test", secretariat)
    assert services.hearing_in_the_way(world.plan) == ""
    page = client.get(world.plan.get_absolute_url()).content.decode()
    assert reverse("health_plan_recommend", args=[world.plan.pk]) in page
    recommend(world, item, secretariat)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.RECOMMENDED


def test_a_hearing_past_its_deadline_does_not_hold_the_recommendation(world, item, secretariat):
    hearing = _in_hearing(world, secretariat, days=1)
    assert services.hearing_in_the_way(world.plan)  # the deadline day is still open
    after = hearing.deadline + datetime.timedelta(days=1)
    assert services.hearing_in_the_way(world.plan, today=after) == ""
    Hearing.objects.filter(pk=hearing.pk).update(deadline=timezone.localdate() - DAY)
    recommend(world, item, secretariat)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.RECOMMENDED


@pytest.mark.parametrize("case", ["no approvers", "not held", "other body", "no decision"])
def test_recommending_refuses_what_cannot_recommend(world, meeting, secretariat, case):
    item = meeting.items.order_by("position").first()
    if case == "no approvers":
        item = hold_with_decision(meeting, secretariat)
        world.plan.approvers.clear()
    elif case == "not held":
        item.decision = "Indstillet."
        item.save()
    elif case == "other body":
        item = hold_with_decision(meeting, secretariat)
        world.plan.body = BodyFactory(cluster=world.plan.cluster)
        world.plan.save()
    else:
        hold_with_decision(meeting, secretariat)
        item.decision = ""
        item.save()
    with pytest.raises(ServiceError):
        recommend(world, item, secretariat)
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.DRAFT
    assert not world.plan.versions.exists()
    assert not Recommendation.objects.exists()


def test_publishing_only_an_approved_plan(recommended, item, secretariat):
    plan = recommended.plan
    with pytest.raises(ServiceError, match="godkendt"):
        services.publish_plan(actor=secretariat, plan=plan)
    for index in range(3):
        answer(recommendation_to(recommended, item, index), secretariat)
    plan.refresh_from_db()
    services.publish_plan(actor=secretariat, plan=plan)
    plan.refresh_from_db()
    assert plan.published_at is not None
    with pytest.raises(ServiceError):
        services.publish_plan(actor=secretariat, plan=plan)
    assert AuditEvent.objects.filter(action="health_plan.publish").count() == 1


def test_changing_the_approvers_while_waiting_may_approve(recommended, item, secretariat):
    answer(recommendation_to(recommended, item, 0), secretariat)
    answer(recommendation_to(recommended, item, 1), secretariat)
    services.set_plan_approvers(
        actor=secretariat, plan=recommended.plan, approvers=recommended.approvers[:2]
    )
    recommended.plan.refresh_from_db()
    assert recommended.plan.status == PlanStatus.APPROVED
    with pytest.raises(ServiceError):
        services.set_plan_approvers(
            actor=secretariat, plan=recommended.plan, approvers=recommended.approvers
        )


# Pages -------------------------------------------------------------------------------------


def test_the_secretariat_recommends_through_the_form(world, item, secretariat):
    client = login(Client(), secretariat)
    url = reverse("health_plan_recommend", args=[world.plan.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert item.title in page.content.decode()
    response = client.post(url, {"item": item.pk, "sent_on": item.meeting.date.isoformat()})
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.RECOMMENDED


def test_the_form_refuses_a_date_before_the_meeting_in_words(world, item, secretariat):

    client = login(Client(), secretariat)
    before = item.meeting.date - datetime.timedelta(days=1)
    response = client.post(
        reverse("health_plan_recommend", args=[world.plan.pk]),
        {"item": item.pk, "sent_on": before.isoformat()},
    )
    assert response.status_code == 422
    assert "før mødet" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.DRAFT
    assert not world.plan.versions.exists()


def test_members_cannot_recommend_publish_or_send_back(world, item, member, outsider):
    member_client = login(Client(), member)
    outsider_client = login(Client(), outsider)
    pk = world.plan.pk
    for name in ["health_plan_recommend", "health_plan_approvers"]:
        assert member_client.get(reverse(name, args=[pk])).status_code == 403
        assert outsider_client.get(reverse(name, args=[pk])).status_code == 404
    for name in ["health_plan_publish", "health_plan_return_to_draft"]:
        assert member_client.post(reverse(name, args=[pk]), {"note": "x"}).status_code == 403
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.DRAFT


def test_the_panel_shows_each_body_and_links_to_where_the_answer_is_entered(
    recommended, item, secretariat
):
    first = recommendation_to(recommended, item, 1)
    answer(first, secretariat, Outcome.REJECTED)
    client = login(Client(), secretariat)
    page = client.get(recommended.plan.get_absolute_url()).content.decode()
    assert "Regionsrådet, Region Midtjylland" in page
    assert "Samsø Kommunalbestyrelse" in page
    assert "afvist" in page
    assert (
        reverse("recommendation_state", args=[recommendation_to(recommended, item, 0).pk]) in page
    )
    assert reverse("health_plan_return_to_draft", args=[recommended.plan.pk]) in page


def test_the_approvers_form_saves_the_bodies(world, secretariat):
    client = login(Client(), secretariat)
    url = reverse("health_plan_approvers", args=[world.plan.pk])
    response = client.post(url, {"approvers": [world.approvers[0].pk]})
    assert response.status_code == 302
    assert list(world.plan.approvers.all()) == [world.approvers[0]]
    assert client.post(url, {"approvers": []}).status_code == 422


def test_a_meeting_not_held_offers_no_item(world, meeting, secretariat):
    assert meeting.status == MeetingStatus.PLANNED
    assert not services.recommending_items(world.plan).exists()


def test_members_see_the_answers_once_they_may_read_the_councils_decision(
    recommended, item, member, secretariat
):
    answer(recommendation_to(recommended, item, 0), secretariat, Outcome.REJECTED)
    client = login(Client(), member)
    page = client.get(recommended.plan.get_absolute_url()).content.decode()
    # The meeting is held, its minutes not approved: the decision is not the members' yet.
    assert "svaret vises, når rådets referat er godkendt" in page
    assert "afvist" not in page
    assert (
        reverse("recommendation_state", args=[recommendation_to(recommended, item, 0).pk])
        not in page
    )
