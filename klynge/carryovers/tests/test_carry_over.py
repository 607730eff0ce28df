"""The carry-over of a cluster's work to a council: preview, one transaction, undo, conflicts."""

import datetime
from dataclasses import dataclass
from unittest import mock

import pytest

from klynge.accounts.models import User
from klynge.actionplans.models import ActionPlan, Initiative, State, Theme
from klynge.audit.models import AuditEvent
from klynge.carryovers import services as carryover
from klynge.carryovers.services import BodyChoice, Choices
from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import SINCE, persona
from klynge.meetings.models import Meeting
from klynge.organisations.access import can_manage_cluster
from klynge.organisations.models import Body, CarryOver, Cluster, Membership
from klynge.organisations.services import update_membership
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory, MembershipFactory
from klynge.outcomes.models import Indicator

pytestmark = pytest.mark.django_db

EFFECTIVE = datetime.date(2027, 1, 1)


@dataclass
class World:
    cluster: Cluster
    political: Body
    chief: Body
    council: Cluster
    council_body: Body
    secretariat: User
    member: User
    plan: ActionPlan
    open_one: Initiative
    open_two: Initiative
    done: Initiative
    theme: Theme
    chair: Membership

    def choices(self, **extra: object) -> Choices:
        values: dict[str, object] = {
            "initiatives": [self.open_one.pk, self.open_two.pk],
            "themes": [self.theme.pk],
            "bodies": {
                self.political.pk: BodyChoice(into=self.council_body.pk),
                self.chief.pk: BodyChoice(name="Chefforum", level=Body.Level.CHIEF),
            },
            "memberships": {self.chair.pk: Membership.Role.CHAIR},
        }
        values.update(extra)
        return Choices(**values)

    def plan_it(self, choices: Choices | None = None) -> carryover.CarryOverPlan:
        return carryover.plan_carry_over(
            cluster=self.cluster,
            council=self.council,
            choices=choices or self.choices(),
            effective=EFFECTIVE,
        )


def make_world(name: str = "Sundhedsklynge Nord", council: Cluster | None = None) -> World:
    council = council or ClusterFactory.create(
        name="Sundhedsråd Nord", kind=Cluster.Kind.HEALTH_COUNCIL, valid_from=EFFECTIVE
    )
    cluster = ClusterFactory(name=name, successor=council)
    political = BodyFactory(cluster=cluster, name="Politisk niveau")
    chief = BodyFactory(
        cluster=cluster, name="Chefforum", level=Body.Level.CHIEF, former_names="Styregruppen"
    )
    council_body = council.bodies.first() or BodyFactory(cluster=council, name=council.name)
    secretariat = persona(political, f"sek-{cluster.pk}@example.dk", Membership.Role.SECRETARIAT)
    member = persona(chief, f"medlem-{cluster.pk}@example.dk", Membership.Role.MEMBER)
    chair = MembershipFactory(body=political, role=Membership.Role.CO_CHAIR, start_date=SINCE)
    theme = Theme.objects.create(cluster=cluster, name="Børn og unge")
    plan = ActionPlan.objects.create(
        cluster=cluster,
        body=political,
        title="Handleplan 2025-2026",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    open_one = Initiative.objects.create(plan=plan, number=1, title="IPS", theme=theme)
    open_two = Initiative.objects.create(
        plan=plan, number=2, title="Sammenhæng", state=State.ACTIVE
    )
    done = Initiative.objects.create(plan=plan, number=3, title="Gammel", state=State.COMPLETED)
    Indicator.objects.create(
        cluster=cluster, initiative=open_one, name="Andel i job", dimension="health",
        data_source="survey",
    )  # fmt: skip
    return World(
        cluster, political, chief, council, council_body, secretariat, member, plan,
        open_one, open_two, done, theme, chair,
    )  # fmt: skip


@pytest.fixture
def world() -> World:
    return make_world()


def test_preview_lists_moves_ends_starts_and_conflicts(world: World) -> None:
    MembershipFactory(body=world.council_body, person=world.chair.person, start_date=EFFECTIVE)
    Theme.objects.create(cluster=world.council, name="Børn og unge")
    plan = world.plan_it(world.choices(initiatives=[world.open_one.pk, world.done.pk]))
    assert plan.initiatives == [world.open_one]
    assert [t.name for t, _existing in plan.themes] == ["Børn og unge"]
    assert {m.target_name for m in plan.bodies} == {"Chefforum", world.council.name}
    assert len(plan.ends) == 3  # secretariat, member, chair
    assert plan.starts == []  # the chair is already a member of the council's body
    text = " ".join(plan.conflicts)
    assert "allerede flyttet eller ikke åben" in text
    assert "lægges sammen" in text
    assert "oprettes ikke igen" in text
    assert not CarryOver.objects.exists()


def test_carry_over_moves_ends_starts_and_audits_once(world: World) -> None:
    row = carryover.carry_over(actor=world.secretariat, plan=world.plan_it())
    world.open_one.refresh_from_db()
    new_plan = world.open_one.plan
    assert new_plan.cluster == world.council
    assert new_plan.body == world.council_body
    assert world.open_one.number == 1
    assert world.open_one.theme.cluster == world.council
    assert Initiative.objects.get(pk=world.done.pk).plan == world.plan
    assert Indicator.objects.get(initiative=world.open_one).cluster == world.council
    chief = Body.objects.get(cluster=world.council, name="Chefforum")
    assert chief.former_names.splitlines() == ["Chefforum", "Styregruppen"]
    world.chair.refresh_from_db()
    assert world.chair.end_date == datetime.date(2026, 12, 31)
    started = Membership.objects.get(body=world.council_body, person=world.chair.person)
    assert (started.role, started.start_date) == (Membership.Role.CHAIR, EFFECTIVE)
    event = AuditEvent.objects.get(action="cluster.carry_over")
    assert event.changes["carried_over"]["carry_over"] == row.pk
    assert world.cluster.themes.filter(name="Børn og unge").exists()  # kept for the history


def test_a_failure_midway_leaves_nothing_changed(world: World) -> None:
    plan = world.plan_it()
    with (
        mock.patch.object(carryover, "record", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        carryover.carry_over(actor=world.secretariat, plan=plan)
    world.open_one.refresh_from_db()
    assert world.open_one.plan == world.plan
    assert not Body.objects.filter(cluster=world.council, name="Chefforum").exists()
    assert Membership.objects.filter(end_date__isnull=False).count() == 0
    assert not CarryOver.objects.exists()


def test_undo_restores_everything(world: World) -> None:
    row = carryover.carry_over(actor=world.secretariat, plan=world.plan_it())
    carryover.undo_carry_over(actor=world.secretariat, carry_over=row)
    world.open_one.refresh_from_db()
    assert world.open_one.plan == world.plan
    assert world.open_one.theme == world.theme
    assert Indicator.objects.get(initiative=world.open_one).cluster == world.cluster
    assert not Body.objects.filter(cluster=world.council, name="Chefforum").exists()
    assert not Membership.objects.filter(body=world.council_body).exists()
    assert Membership.objects.filter(end_date__isnull=False).count() == 0
    assert not ActionPlan.objects.filter(cluster=world.council).exists()
    assert not Theme.objects.filter(cluster=world.council).exists()
    row.refresh_from_db()
    assert row.is_undone
    assert AuditEvent.objects.filter(action="cluster.carry_over_undo").count() == 1
    # Undone, the pair may be carried over again.
    carryover.carry_over(actor=world.secretariat, plan=world.plan_it())


def test_undo_is_refused_once_something_it_created_is_edited(world: World) -> None:
    row = carryover.carry_over(actor=world.secretariat, plan=world.plan_it())
    started = Membership.objects.get(body=world.council_body)
    update_membership(actor=world.secretariat, membership=started, values={"title": "formand"})
    assert "kan ikke fortrydes" in carryover.undo_refusal(row)
    with pytest.raises(ServiceError, match="kan ikke fortrydes"):
        carryover.undo_carry_over(actor=world.secretariat, carry_over=row)
    world.open_one.refresh_from_db()
    assert world.open_one.plan.cluster == world.council


def test_the_pair_is_carried_over_once(world: World) -> None:
    carryover.carry_over(actor=world.secretariat, plan=world.plan_it())
    with pytest.raises(ServiceError, match="allerede videreført"):
        world.plan_it()


def test_two_clusters_into_one_council(world: World) -> None:
    carryover.carry_over(actor=world.secretariat, plan=world.plan_it())
    other = make_world("Sundhedsklynge Syd", council=world.council)
    other_choices = other.choices(
        bodies={
            other.political.pk: BodyChoice(into=world.council_body.pk),
            other.chief.pk: BodyChoice(name="Chefforum", level=Body.Level.CHIEF),
        }
    )
    preview = other.plan_it(other_choices)
    text = " ".join(preview.conflicts)
    assert "Chefforum" in text and "videreføres i det" in text
    assert "lægges sammen" in text  # the theme "Børn og unge" came with the first cluster
    carryover.carry_over(actor=other.secretariat, plan=preview)
    assert world.council.action_plans.count() == 2
    assert Body.objects.filter(cluster=world.council, name="Chefforum").count() == 1
    assert Theme.objects.filter(cluster=world.council).count() == 1


def test_part_of_a_plan_moves(world: World) -> None:
    carryover.carry_over(
        actor=world.secretariat, plan=world.plan_it(world.choices(initiatives=[world.open_two.pk]))
    )
    world.open_one.refresh_from_db()
    world.open_two.refresh_from_db()
    assert world.open_one.plan == world.plan
    assert world.open_two.plan.cluster == world.council


def test_the_cluster_is_read_only_once_the_date_has_come(world: World) -> None:
    carryover.carry_over(actor=world.secretariat, plan=world.plan_it())
    assert can_manage_cluster(User.objects.get(pk=world.secretariat.pk), world.cluster.pk)
    CarryOver.objects.update(effective=datetime.date(2020, 1, 1))
    Membership.objects.update(end_date=None)  # still in the secretariat: the closure refuses
    assert not can_manage_cluster(User.objects.get(pk=world.secretariat.pk), world.cluster.pk)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bodies": {}}, "kun fortsætte, hvis"),
        ({"themes": [0]}, "hører ikke til klyngen"),
        ({"bodies": {0: BodyChoice(name="X", level="chief")}}, "hører ikke til klyngen"),
    ],
)
def test_invalid_choices_are_refused(world: World, change: dict, message: str) -> None:
    with pytest.raises(ServiceError, match=message):
        world.plan_it(world.choices(**change))


def test_a_council_only(world: World) -> None:
    with pytest.raises(ServiceError, match="kun videreføres i et sundhedsråd"):
        carryover.plan_carry_over(
            cluster=world.cluster, council=ClusterFactory(), choices=Choices(), effective=EFFECTIVE
        )


def test_choices_survive_json(world: World) -> None:
    choices = world.choices()
    assert Choices.from_json(choices.to_json()) == choices
    with pytest.raises(ServiceError):
        Choices.from_json("{")


def test_meetings_from_the_date_follow_their_body_and_come_back_on_undo(world: World) -> None:
    from klynge.meetings import services as meeting_services

    def meeting(body: Body, date: datetime.date) -> int:
        values = {"date": date, "start_time": datetime.time(9), "end_time": datetime.time(11)}
        return meeting_services.create_meeting(actor=world.secretariat, body=body, values=values).pk

    before = meeting(world.chief, datetime.date(2026, 12, 1))
    after = meeting(world.chief, datetime.date(2027, 1, 12))
    stays = meeting(world.political, datetime.date(2027, 1, 20))
    choices = world.choices(bodies={world.chief.pk: BodyChoice(name="Chefforum", level="chief")})
    choices.memberships = {}
    plan = world.plan_it(choices)
    assert [m.pk for m, _move in plan.meetings] == [after]
    assert any("aflys eller flyt" in c for c in plan.conflicts)  # the political level ends
    row = carryover.carry_over(actor=world.secretariat, plan=plan)
    assert Meeting.objects.get(pk=after).body.cluster == world.council
    assert Meeting.objects.get(pk=before).body == world.chief
    assert Meeting.objects.get(pk=stays).body == world.political
    carryover.undo_carry_over(actor=world.secretariat, carry_over=row)
    assert Meeting.objects.get(pk=after).body == world.chief


def test_only_a_health_clusters_work_is_carried_over(world: World) -> None:
    committee = ClusterFactory(name="Sundhedsstyregruppen", kind=Cluster.Kind.REGIONAL_COMMITTEE)
    with pytest.raises(ServiceError, match="Kun en sundhedsklynges arbejde"):
        carryover.plan_carry_over(cluster=committee, council=world.council, choices=Choices())
