"""The carry-over's pages: choose, preview, confirm, the result and undo."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from klynge.carryovers.services import BodyChoice, Choices
from klynge.carryovers.tests.test_carry_over import World, make_world
from klynge.core.tests.personas import SINCE, login, persona
from klynge.organisations.models import Body, CarryOver, Cluster, Membership
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    """The cluster's secretariat is the council's too: it may let the chair continue as chair."""
    world = make_world()
    MembershipFactory(
        body=world.council_body,
        person=world.secretariat.person,
        role=Membership.Role.SECRETARIAT,
        start_date=SINCE,
    )
    return world


def form_data(world: World, **extra: str) -> dict[str, object]:
    data: dict[str, object] = {
        "raad": world.council.pk,
        "initiatives": [world.open_one.pk, world.open_two.pk],
        "themes": [world.theme.pk],
        f"body_{world.political.pk}": world.council_body.pk,
        f"body_{world.political.pk}_name": "Politisk niveau",
        f"body_{world.political.pk}_level": "political",
        f"body_{world.chief.pk}": "new",
        f"body_{world.chief.pk}_name": "Chefforum",
        f"body_{world.chief.pk}_level": "chief",
        f"member_{world.chair.pk}": "chair",
    }
    data.update(extra)
    return data


def start_url(world: World) -> str:
    return reverse("carry_over_start", args=[world.cluster.pk])


def test_secretariat_chooses_what_moves(client: Client, world: World) -> None:
    response = login(client, world.secretariat).get(start_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "IPS" in page and "Gammel" not in page  # open initiatives only
    assert world.chair.person.name in page
    assert world.council.name in page


@pytest.mark.parametrize("who", ["member", "other_secretariat"])
def test_others_may_not_carry_over(client: Client, world: World, who: str) -> None:
    if who == "member":
        user = world.member
    else:
        user = persona(BodyFactory(), "anden@example.dk", Membership.Role.SECRETARIAT)
    login(client, user)
    assert client.get(start_url(world)).status_code == 403
    confirm = reverse("carry_over_confirm", args=[world.cluster.pk])
    assert client.post(confirm, {"raad": world.council.pk, "choices": "{}"}).status_code == 403
    assert not CarryOver.objects.exists()


def test_preview_then_confirm_then_undo(client: Client, world: World) -> None:
    login(client, world.secretariat)
    preview = client.post(start_url(world), form_data(world))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "slutter 31. december 2026" in page
    assert "Chefforum" in page and "Viderefør" in page
    assert not CarryOver.objects.exists()

    confirm = client.post(
        reverse("carry_over_confirm", args=[world.cluster.pk]),
        {"raad": world.council.pk, "choices": preview.context["choices_json"]},
    )
    done = CarryOver.objects.get()
    assert confirm.status_code == 302
    assert confirm.url == done.get_absolute_url()
    detail = client.get(done.get_absolute_url())
    assert "Fortryd videreførelsen" in detail.content.decode()
    assert "Videreføres i" in client.get(world.cluster.get_absolute_url()).content.decode()
    assert "Videreført fra" in client.get(world.council.get_absolute_url()).content.decode()

    undo = client.post(reverse("carry_over_undo", args=[done.pk]))
    assert undo.status_code == 302
    done.refresh_from_db()
    assert done.is_undone
    assert not Body.objects.filter(cluster=world.council, name="Chefforum").exists()


def test_invalid_choices_show_the_form_again(client: Client, world: World) -> None:
    login(client, world.secretariat)
    data = form_data(world, **{f"body_{world.political.pk}": ""})  # the chair's body ends
    response = client.post(start_url(world), data)
    assert response.status_code == 200
    assert "kan kun fortsætte, hvis" in response.content.decode()
    assert "plan" not in response.context
    confirm = client.post(
        reverse("carry_over_confirm", args=[world.cluster.pk]),
        {"raad": world.council.pk, "choices": "ikke json"},
    )
    assert confirm.status_code == 302
    assert not CarryOver.objects.exists()


def test_member_may_not_undo(client: Client, world: World) -> None:
    from klynge.carryovers import services as carryover

    done = carryover.carry_over(actor=world.secretariat, plan=world.plan_it())
    login(client, world.member)
    assert client.post(reverse("carry_over_undo", args=[done.pk])).status_code == 403
    assert client.get(done.get_absolute_url()).status_code == 403


def test_a_closed_cluster_refuses_its_secretariat_writes(client: Client, world: World) -> None:
    from klynge.carryovers import services as carryover

    carryover.carry_over(actor=world.secretariat, plan=world.plan_it())
    CarryOver.objects.update(effective=datetime.date(2020, 1, 1))
    Membership.objects.update(end_date=None)  # still in the secretariat
    login(client, world.secretariat)
    assert client.get(reverse("body_create", args=[world.cluster.pk])).status_code == 403
    assert client.get(reverse("plan_create", args=[world.cluster.pk])).status_code == 403
    page = client.get(world.cluster.get_absolute_url()).content.decode()
    assert "Videreført i" in page and "historik" in page


def test_a_clusters_secretariat_cannot_give_itself_rights_in_the_council(client: Client) -> None:
    """Only the council's secretariat (or an administrator) lets a membership continue as
    chair, vice-chair or secretariat; a member's role is the cluster secretariat's to give."""
    world = make_world()
    login(client, world.secretariat)
    own = Membership.objects.get(person=world.secretariat.person, body=world.political)
    for membership, role in [(world.chair, "chair"), (own, "keep"), (own, "vice_chair")]:
        preview = client.post(
            start_url(world), form_data(world, **{f"member_{membership.pk}": role})
        )
        assert "Kun sundhedsrådets sekretariat" in preview.content.decode()
        assert "plan" not in preview.context
    confirm = client.post(
        reverse("carry_over_confirm", args=[world.cluster.pk]),
        {
            "raad": world.council.pk,
            "choices": Choices(
                bodies={world.political.pk: BodyChoice(into=world.council_body.pk)},
                memberships={own.pk: "secretariat"},
            ).to_json(),
        },
    )
    assert confirm.status_code == 302 and not CarryOver.objects.exists()
    # The chair continuing as a member is the cluster secretariat's to choose.
    preview = client.post(
        start_url(world), form_data(world, **{f"member_{world.chair.pk}": "member"})
    )
    assert "plan" in preview.context


def test_only_the_successor_or_the_secretariats_own_councils_are_offered(client: Client) -> None:
    world = make_world()
    elsewhere = ClusterFactory(name="Sundhedsråd Syd", kind=Cluster.Kind.HEALTH_COUNCIL)
    login(client, world.secretariat)
    page = client.get(start_url(world))
    assert list(page.context["councils"]) == [world.council]
    chosen = client.get(start_url(world), {"raad": elsewhere.pk})
    assert chosen.context["council"] is None and "form" not in chosen.context
    confirm = client.post(
        reverse("carry_over_confirm", args=[world.cluster.pk]),
        {"raad": elsewhere.pk, "choices": "{}"},
    )
    assert confirm.status_code == 302 and not CarryOver.objects.exists()
    # Digits that are not ASCII digits are no id, and no error.
    assert client.get(start_url(world), {"raad": "²"}).status_code == 200


def test_members_go_on_by_default_and_seats_with_rights_are_chosen(
    client: Client, world: World
) -> None:
    form = login(client, world.secretariat).get(start_url(world)).context["form"]
    own = Membership.objects.get(person=world.secretariat.person, body=world.political)
    member = Membership.objects.get(person=world.member.person)
    assert form.fields[f"member_{member.pk}"].initial == "keep"
    assert form.fields[f"member_{world.chair.pk}"].initial == ""
    assert form.fields[f"member_{own.pk}"].initial == ""
