"""The money's writes: the rules checked in the service, whoever calls it, and each write
audited."""

import pytest

from klynge.audit.models import AuditEvent
from klynge.budgets import services
from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending
from klynge.core.exceptions import ServiceError
from klynge.meetings.models import AgendaItem
from klynge.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__regex=r"^(frame|allocation|co_financing|spending)\.")
        .order_by("id")
        .values_list("action", flat=True)
    )


# The frame --------------------------------------------------------------------------------


def test_the_frame_is_set_and_changed_once_a_year(council, secretariat):
    services.set_frame(actor=secretariat, cluster=council, year=2027, amount=14_600_000)
    services.set_frame(actor=secretariat, cluster=council, year=2027, amount=14_800_000)
    services.set_frame(actor=secretariat, cluster=council, year=2027, amount=14_800_000)
    frame = Frame.objects.get(cluster=council, year=2027)
    assert frame.amount == 14_800_000
    assert _actions() == ["frame.set", "frame.set"]  # the unchanged third changes nothing
    changed = AuditEvent.objects.filter(action="frame.set").order_by("id").last()
    assert changed.changes["amount"] == [14_600_000, 14_800_000]
    assert changed.actor == secretariat


@pytest.mark.parametrize(
    ("year", "amount", "message"),
    [
        (2027, -1, "kan ikke være negativt"),
        (2027, 10**12 + 1, "urimeligt stort"),
        (2027, 1.5, "helt antal kroner"),
        (1999, 1, "uden for 2000–2100"),
        (2101, 1, "uden for 2000–2100"),
    ],
)
def test_a_bad_frame_is_refused_in_danish(council, secretariat, year, amount, message):
    with pytest.raises(ServiceError, match=message):
        services.set_frame(actor=secretariat, cluster=council, year=year, amount=amount)
    assert not Frame.objects.exists()


# Allocations ------------------------------------------------------------------------------


def test_a_grant_over_several_years_is_one_row_a_year_with_the_same_decision(
    council, initiatives, decision, secretariat
):
    granted = services.grant_allocation(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        years=[2029, 2027, 2028],
        amount=1_250_000,
        decision_item=decision,
        note="Tre år",
    )
    assert [a.year for a in granted] == [2027, 2028, 2029]
    assert {(a.amount, a.decision_item_id, a.initiative_id) for a in granted} == {
        (1_250_000, decision.pk, initiatives[0].pk)
    }
    assert _actions() == ["allocation.create"] * 3
    event = AuditEvent.objects.filter(action="allocation.create").first()
    assert event.changes["decision_item"].endswith(str(decision))


def test_an_allocation_to_another_councils_initiative_is_refused(
    council, initiatives, decision, secretariat, other_council
):
    _cluster, foreign, _item = other_council
    with pytest.raises(ServiceError, match="hører ikke til Sundhedsråd Testby"):
        services.grant_allocation(
            actor=secretariat,
            cluster=council,
            initiative=foreign,
            years=[2027],
            amount=1,
            decision_item=decision,
        )
    allocation = services.grant_allocation(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        years=[2027],
        amount=1,
        decision_item=decision,
    )[0]
    with pytest.raises(ServiceError, match="hører ikke til"):
        services.change_allocation(
            actor=secretariat,
            allocation=allocation,
            initiative=foreign,
            year=2027,
            amount=1,
            decision_item=decision,
        )
    allocation.refresh_from_db()
    assert allocation.initiative == initiatives[0]
    assert Allocation.objects.count() == 1


def test_the_granting_decision_must_be_the_councils_own(
    council, initiatives, decision, secretariat, other_council, meeting
):
    _cluster, _foreign, foreign_item = other_council
    undecided = AgendaItem.objects.create(meeting=decision.meeting, position=9, title="Intet")
    not_held = AgendaItem.objects.create(
        meeting=meeting, position=10, title="Besluttet før tid", decision="Ja"
    )
    meeting.status = "planned"
    meeting.save(update_fields=["status"])
    for item in [foreign_item, undecided, not_held, None]:
        with pytest.raises(ServiceError, match="beslutning"):
            services.grant_allocation(
                actor=secretariat,
                cluster=council,
                initiative=initiatives[0],
                years=[2027],
                amount=1,
                decision_item=item,
            )
    assert not Allocation.objects.exists()


def test_an_allocation_is_changed_and_deleted_with_the_log_in_words(
    council, initiatives, decision, secretariat
):
    (allocation,) = services.grant_allocation(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        years=[2027],
        amount=1_000_000,
        decision_item=decision,
    )
    services.change_allocation(
        actor=secretariat,
        allocation=allocation,
        initiative=initiatives[1],
        year=2028,
        amount=900_000,
        decision_item=decision,
        note="Rettet",
    )
    allocation.refresh_from_db()
    assert (allocation.initiative, allocation.year, allocation.amount, allocation.note) == (
        initiatives[1],
        2028,
        900_000,
        "Rettet",
    )
    changes = AuditEvent.objects.get(action="allocation.update").changes
    assert changes["initiative"] == [str(initiatives[0]), str(initiatives[1])]
    assert changes["amount"] == [1_000_000, 900_000]
    assert "decision_item" not in changes
    services.delete_allocation(actor=secretariat, allocation=allocation)
    assert not Allocation.objects.exists()
    assert _actions()[-1] == "allocation.delete"


def test_a_grant_for_too_many_years_or_none_is_refused(council, initiatives, decision):
    for years, message in [([], "mindst ét år"), (range(2027, 2040), "højst 10 år")]:
        with pytest.raises(ServiceError, match=message):
            services.grant_allocation(
                actor=None,
                cluster=council,
                initiative=initiatives[0],
                years=years,
                amount=1,
                decision_item=decision,
            )
    assert not Allocation.objects.exists()


# Co-financing -----------------------------------------------------------------------------


def test_a_co_financing_commitment_is_saved_and_changed(council, initiatives, decision):
    region, municipality = OrganisationFactory(name="Regionen"), OrganisationFactory()
    commitment = services.save_co_financing(
        actor=None,
        co_financing=CoFinancing(cluster=council),
        year=2027,
        payer=region,
        recipient=municipality,
        service="  Akutsygeplejen  ",
        share_percent=50,
        amount=2_000_000,
        initiative=initiatives[0],
        decision_item=decision,
    )
    assert (commitment.service, commitment.share_percent, commitment.amount) == (
        "Akutsygeplejen",
        50,
        2_000_000,
    )
    created = AuditEvent.objects.get(action="co_financing.create").changes
    assert created["payer"] == "Regionen" and created["amount"] == 2_000_000
    services.save_co_financing(
        actor=None,
        co_financing=commitment,
        year=2027,
        payer=region,
        recipient=municipality,
        service="Akutsygeplejen",
        share_percent=40,
        amount=1_600_000,
    )
    commitment.refresh_from_db()
    assert (commitment.share_percent, commitment.initiative, commitment.decision_item) == (
        40,
        None,
        None,
    )
    changes = AuditEvent.objects.get(action="co_financing.update").changes
    assert changes["share_percent"] == [50, 40]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"recipient": "payer"}, "to forskellige organisationer"),
        ({"share_percent": 0}, "mellem 1 og 100"),
        ({"share_percent": 101}, "mellem 1 og 100"),
        ({"amount": -5}, "negativt"),
        ({"service": " "}, "skal udfyldes"),
        ({"service": "x" * 301}, "højst være 300 tegn"),
        ({"initiative": "foreign"}, "hører ikke til"),
        ({"decision_item": "foreign"}, "er ikke en beslutning"),
    ],
)
def test_a_bad_commitment_is_refused(council, other_council, change, message):
    _cluster, foreign, foreign_item = other_council
    payer, recipient = OrganisationFactory(), OrganisationFactory()
    values = {
        "year": 2027,
        "payer": payer,
        "recipient": recipient,
        "service": "Akutsygepleje",
        "amount": 1,
        "share_percent": 50,
    }
    named = {"payer": payer, "foreign": foreign}
    for name, value in change.items():
        if name == "decision_item":
            value = foreign_item
        values[name] = named.get(value, value) if isinstance(value, str) else value
    with pytest.raises(ServiceError, match=message):
        services.save_co_financing(actor=None, co_financing=CoFinancing(cluster=council), **values)
    assert not CoFinancing.objects.exists()


# Spending ---------------------------------------------------------------------------------


def test_spending_is_one_row_a_quarter_entered_again_to_correct_it(
    council, initiatives, secretariat
):
    first = services.set_spending(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        year=2027,
        quarter=1,
        amount=250_000,
    )
    again = services.set_spending(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        year=2027,
        quarter=1,
        amount=240_000,
        note="Rettet efter bogføring",
    )
    assert again.pk == first.pk
    assert Spending.objects.get().amount == 240_000
    refund = services.set_spending(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        year=2027,
        quarter=2,
        amount=-15_000,
    )
    assert refund.amount == -15_000
    assert _actions() == ["spending.set"] * 3
    assert AuditEvent.objects.filter(action="spending.set").order_by("id")[1].changes["amount"] == [
        250_000,
        240_000,
    ]
    services.delete_spending(actor=secretariat, spending=refund)
    assert Spending.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"quarter": 5}, "1, 2, 3 eller 4"),
        ({"quarter": 0}, "1, 2, 3 eller 4"),
        ({"year": 1999}, "uden for"),
        ({"amount": 10**12 + 1}, "urimeligt stort"),
        ({"amount": -(10**12) - 1}, "urimeligt stort"),
        ({"amount": 12.5}, "helt antal kroner"),
        ({"initiative": None}, "hører ikke til"),
    ],
)
def test_bad_spending_is_refused(council, initiatives, other_council, values, message):
    arguments = {
        "cluster": council,
        "initiative": initiatives[0],
        "year": 2027,
        "quarter": 1,
        "amount": 1,
    } | values
    if arguments["initiative"] is None:
        arguments["initiative"] = other_council[1]
    with pytest.raises(ServiceError, match=message):
        services.set_spending(actor=None, **arguments)
    assert not Spending.objects.exists()
