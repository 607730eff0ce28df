"""The money in the API: the year's overview and an initiative's money for the council's
members, spending posted by its secretariat; every amount an integer."""

import json

import pytest

from klynge.budgets import services
from klynge.budgets.models import CoFinancing, Spending
from klynge.core.tests.personas import bearer
from klynge.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def money(council, initiatives, decision, secretariat):
    services.set_frame(actor=secretariat, cluster=council, year=2027, amount=5_000_000)
    services.grant_allocation(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        years=[2027, 2028],
        amount=3_000_000,
        decision_item=decision,
    )
    services.save_co_financing(
        actor=secretariat,
        co_financing=CoFinancing(cluster=council),
        year=2027,
        payer=OrganisationFactory(name="Regionen"),
        recipient=OrganisationFactory(name="Kommunen"),
        service="Akutsygepleje",
        share_percent=50,
        amount=2_500_000,
    )
    for quarter, amount in [(1, 400_000), (2, -25_000)]:
        services.set_spending(
            actor=secretariat,
            cluster=council,
            initiative=initiatives[0],
            year=2027,
            quarter=quarter,
            amount=amount,
        )
    return council


def test_a_member_reads_the_years_overview(client, money, member, initiatives, decision):
    response = client.get(f"/api/v1/clusters/{money.pk}/money?year=2027", **bearer(member))
    assert response.status_code == 200
    data = response.json()
    assert {k: data[k] for k in ["frame", "allocated", "committed", "spent", "left"]} == {
        "frame": 5_000_000,
        "allocated": 3_000_000,
        "committed": 2_500_000,
        "spent": 375_000,
        "left": -500_000,
    }
    assert data["over_frame"] == 500_000
    (line,) = data["initiatives"]
    assert line["initiative_id"] == initiatives[0].pk
    assert line["theme"] == "Det nære sundhedsvæsen"
    assert (line["allocated"], line["spent"], line["left"]) == (3_000_000, 375_000, 2_625_000)
    assert line["quarters"] == [400_000, -25_000, 0, 0]
    assert line["decision_item_ids"] == [decision.pk]
    (commitment,) = data["co_financing"]
    assert (commitment["payer"], commitment["share_percent"]) == ("Regionen", 50)
    # Integers in the JSON itself: no 5000000.0 for a consumer to round.
    assert '"allocated": 3000000' in json.dumps(data)
    assert all(type(v) is int for v in line["quarters"])


def test_another_year_and_a_bad_year(client, money, member):
    headers = bearer(member)
    data = client.get(f"/api/v1/clusters/{money.pk}/money?year=2028", **headers).json()
    assert (data["frame"], data["allocated"], data["over_frame"]) == (None, 3_000_000, 3_000_000)
    assert client.get(f"/api/v1/clusters/{money.pk}/money?year=1999", **headers).status_code == 422


def test_an_initiatives_money_year_by_year(client, money, member, initiatives):
    response = client.get(f"/api/v1/initiatives/{initiatives[0].pk}/money", **bearer(member))
    data = response.json()
    assert (data["allocated"], data["spent"], data["left"]) == (6_000_000, 375_000, 5_625_000)
    assert [(y["year"], y["allocated"], y["spent"]) for y in data["years"]] == [
        (2027, 3_000_000, 375_000),
        (2028, 3_000_000, 0),
    ]


def test_outsiders_get_404(client, money, outsider, initiatives):
    headers = bearer(outsider)
    assert client.get(f"/api/v1/clusters/{money.pk}/money", **headers).status_code == 404
    url = f"/api/v1/initiatives/{initiatives[0].pk}/money"
    assert client.get(url, **headers).status_code == 404


def test_the_secretariat_posts_spending_a_member_may_not(client, money, secretariat, member):
    initiative = money.action_plans.get().initiatives.get(number=2)
    url = f"/api/v1/initiatives/{initiative.pk}/spending"
    body = {"year": 2027, "quarter": 3, "amount": 180_000, "note": "Løn"}
    refused = client.post(url, body, content_type="application/json", **bearer(member))
    assert refused.status_code == 403
    response = client.post(url, body, content_type="application/json", **bearer(secretariat))
    assert response.status_code == 201
    assert response.json()["amount"] == 180_000
    again = client.post(
        url, body | {"amount": 175_000}, content_type="application/json", **bearer(secretariat)
    )
    assert again.json()["id"] == response.json()["id"]
    assert Spending.objects.get(initiative=initiative).amount == 175_000


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"year": 2027, "quarter": 5, "amount": 1}, 400, "1, 2, 3 eller 4"),
        ({"year": 2027, "quarter": 1, "amount": 10**12 + 1}, 400, "urimeligt stort"),
        ({"year": 1999, "quarter": 1, "amount": 1}, 400, "uden for"),
        ({"year": 2027, "quarter": 1, "amount": 1.5}, 422, None),
        ({"year": 2027, "quarter": 1, "amount": "1.000"}, 422, None),
        ({"year": 2027, "quarter": 1, "amount": 1000.0}, 422, None),
    ],
)
def test_bad_spending_is_refused(client, money, secretariat, initiatives, payload, status, message):
    response = client.post(
        f"/api/v1/initiatives/{initiatives[1].pk}/spending",
        payload,
        content_type="application/json",
        **bearer(secretariat),
    )
    assert response.status_code == status
    if message:
        assert message in response.json()["detail"]
    assert not Spending.objects.filter(initiative=initiatives[1]).exists()
