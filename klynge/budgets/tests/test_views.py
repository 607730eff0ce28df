"""The money's pages as each persona meets them: members read, the secretariat writes, a
crafted request is refused, bad input is answered in Danish with nothing saved."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from klynge.budgets import services
from klynge.budgets.models import Allocation, CoFinancing, Frame, Spending, SpendingImport
from klynge.core.tests.personas import login
from klynge.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _overview(council, year=2027):
    return reverse("money_overview", args=[council.pk]) + f"?aar={year}"


@pytest.fixture
def granted(council, initiatives, decision, secretariat):
    services.set_frame(actor=secretariat, cluster=council, year=2027, amount=10_000_000)
    services.grant_allocation(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        years=[2027],
        amount=8_000_000,
        decision_item=decision,
    )
    services.set_spending(
        actor=secretariat,
        cluster=council,
        initiative=initiatives[0],
        year=2027,
        quarter=1,
        amount=1_250_000,
    )
    return council


def test_a_member_reads_the_year_without_the_forms(client, granted, member, decision):
    page = login(client, member).get(_overview(granted)).content.decode()
    assert "<h1>Økonomi 2027: Sundhedsråd Testby</h1>" in page
    assert "10.000.000 kr." in page and "8.000.000 kr." in page and "1.250.000 kr." in page
    assert "2.000.000 kr." in page  # left
    assert decision.get_absolute_url() in page  # the granting decision, linked
    assert "Ny bevilling" not in page and "Slet" not in page


def test_over_the_frame_is_said_in_words_and_red(client, granted, secretariat, initiatives):
    services.save_co_financing(
        actor=secretariat,
        co_financing=CoFinancing(cluster=granted),
        year=2027,
        payer=OrganisationFactory(),
        recipient=OrganisationFactory(),
        service="Akutsygepleje",
        amount=3_500_000,
    )
    page = login(client, secretariat).get(_overview(granted)).content.decode()
    assert "Over rammen med 1.500.000 kr." in page
    assert "−1.500.000 kr.<br>over rammen" in page
    assert "amount-over" in page and "alert-error" in page


def test_a_secretariat_sees_the_forms(client, granted, secretariat):
    page = login(client, secretariat).get(_overview(granted)).content.decode()
    for url_name in ["frame_edit", "allocation_create", "co_financing_create", "spending_entry"]:
        assert reverse(url_name, args=[granted.pk]) in page


@pytest.fixture
def today_is(monkeypatch):
    """Set the day `timezone.localdate()` answers (a date passed to it is still converted)."""
    real = timezone.localdate

    def set_today(day: datetime.date) -> None:
        monkeypatch.setattr(
            timezone, "localdate", lambda *args, **kwargs: real(*args, **kwargs) if args else day
        )

    return set_today


def _picker(page: str) -> list[str]:
    select = page.split('id="id_aar"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d+)"', select)


def test_without_a_year_the_overview_opens_on_the_coming_year_with_money(
    client, granted, member, today_is
):
    """December 2026: the council's first money is in 2027, so the page opens there, not on
    an empty 2026; the picker offers the years with money, this year and the next."""
    today_is(datetime.date(2026, 12, 7))
    response = login(client, member).get(reverse("money_overview", args=[granted.pk]))
    page = response.content.decode()
    assert response.context["year"] == 2027
    assert "<h1>Økonomi 2027: Sundhedsråd Testby</h1>" in page
    assert "10.000.000 kr." in page
    assert _picker(page) == ["2027", "2026"]
    assert '<option value="2027" selected>' in page


def test_without_a_year_the_overview_opens_on_this_year_when_it_has_money(
    client, granted, secretariat, today_is
):
    today_is(datetime.date(2026, 12, 7))
    services.set_frame(actor=secretariat, cluster=granted, year=2026, amount=4_000_000)
    services.set_frame(actor=secretariat, cluster=granted, year=2024, amount=3_000_000)
    response = login(client, secretariat).get(reverse("money_overview", args=[granted.pk]))
    assert response.context["year"] == 2026
    assert "4.000.000 kr." in response.content.decode()
    assert _picker(response.content.decode()) == ["2027", "2026", "2024"]


def test_a_year_asked_for_is_shown_and_offered(client, granted, member, today_is):
    today_is(datetime.date(2026, 12, 7))
    response = login(client, member).get(_overview(granted, 2031))
    assert response.context["year"] == 2031
    assert _picker(response.content.decode()) == ["2031", "2027", "2026"]


@pytest.mark.parametrize("persona", ["outsider", "chair_elsewhere"])
def test_those_outside_the_council_get_404(client, granted, persona, outsider, other_council):
    from klynge.core.tests.personas import persona as make

    user = outsider if persona == "outsider" else make(other_council[1].plan.body, "x@y.dk", "")
    assert login(client, user).get(_overview(granted)).status_code == 404


def test_a_member_may_not_write(client, granted, member, initiatives, decision):
    client = login(client, member)
    assert client.get(reverse("frame_edit", args=[granted.pk])).status_code == 403
    response = client.post(reverse("frame_edit", args=[granted.pk]), {"year": 2027, "amount": "1"})
    assert response.status_code == 403
    assert Frame.objects.get().amount == 10_000_000
    allocation = Allocation.objects.get()
    assert client.post(reverse("allocation_delete", args=[allocation.pk])).status_code == 403
    assert Allocation.objects.exists()


def test_the_frame_is_set_with_a_danish_amount(client, council, secretariat):
    client = login(client, secretariat)
    url = reverse("frame_edit", args=[council.pk]) + "?aar=2027"
    response = client.post(url, {"year": "2027", "amount": "14.600.000 kr.", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == _overview(council)
    assert Frame.objects.get(cluster=council, year=2027).amount == 14_600_000
    form = client.get(url).content.decode()
    assert 'value="14.600.000"' in form  # shown back the Danish way


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1.250.000,50", "uden øre"),
        ("-5", "kan ikke være negativt"),
        ("5000000000000", "urimeligt stort"),
        ("mange", "er ikke et beløb"),
    ],
)
def test_a_bad_frame_amount_is_answered_in_danish(client, council, secretariat, amount, message):
    response = login(client, secretariat).post(
        reverse("frame_edit", args=[council.pk]), {"year": "2027", "amount": amount}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Frame.objects.exists()


def test_a_grant_over_two_years(client, council, initiatives, decision, secretariat):
    response = login(client, secretariat).post(
        reverse("allocation_create", args=[council.pk]),
        {
            "initiative": initiatives[1].pk,
            "first_year": "2027",
            "last_year": "2028",
            "amount": "1.450.000",
            "decision_item": decision.pk,
            "note": "",
        },
    )
    assert response.status_code == 302
    assert sorted(Allocation.objects.values_list("year", "amount")) == [
        (2027, 1_450_000),
        (2028, 1_450_000),
    ]


def test_a_crafted_post_with_another_councils_initiative_is_refused(
    client, council, initiatives, decision, secretariat, other_council
):
    _cluster, foreign, foreign_item = other_council
    client = login(client, secretariat)
    for initiative, item in [(foreign, decision), (initiatives[0], foreign_item)]:
        response = client.post(
            reverse("allocation_create", args=[council.pk]),
            {
                "initiative": initiative.pk,
                "first_year": "2027",
                "amount": "1",
                "decision_item": item.pk,
            },
        )
        assert response.status_code == 422
        assert "Marker en gyldig valgmulighed" in response.content.decode()
    spending = client.post(
        reverse("spending_entry", args=[council.pk]),
        {"initiative": foreign.pk, "year": "2027", "quarter": "1", "amount": "5"},
    )
    assert spending.status_code == 422
    assert not Allocation.objects.exists() and not Spending.objects.exists()


def test_the_other_councils_secretariat_cannot_reach_this_councils_rows(
    client, granted, other_council
):
    from klynge.core.tests.personas import persona as make
    from klynge.organisations.models import Membership

    theirs = make(other_council[1].plan.body, "sek2@example.dk", Membership.Role.SECRETARIAT)
    allocation = Allocation.objects.get()
    client = login(client, theirs)
    assert client.get(reverse("allocation_edit", args=[allocation.pk])).status_code == 404
    assert client.post(reverse("allocation_delete", args=[allocation.pk])).status_code == 404
    assert client.get(reverse("spending_entry", args=[granted.pk])).status_code == 404
    assert Allocation.objects.exists()


def test_an_allocation_is_changed_and_deleted(client, granted, initiatives, decision, secretariat):
    allocation = Allocation.objects.get()
    client = login(client, secretariat)
    url = reverse("allocation_edit", args=[allocation.pk])
    assert 'value="8.000.000"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "initiative": initiatives[0].pk,
            "first_year": "2027",
            "amount": "7.500.000",
            "decision_item": decision.pk,
            "note": "Nedskrevet",
        },
    )
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert (allocation.amount, allocation.note) == (7_500_000, "Nedskrevet")
    assert client.get(reverse("allocation_delete", args=[allocation.pk])).status_code == 405
    assert client.post(reverse("allocation_delete", args=[allocation.pk])).status_code == 302
    assert not Allocation.objects.exists()


def test_co_financing_from_the_form(client, council, initiatives, decision, secretariat):
    region, municipality = OrganisationFactory(name="Regionen"), OrganisationFactory()
    council.organisations.add(region, municipality)
    client = login(client, secretariat)
    data = {
        "year": "2027",
        "payer": region.pk,
        "recipient": region.pk,
        "service": "Akutsygeplejen",
        "share_percent": "50",
        "amount": "2.000.000",
    }
    response = client.post(reverse("co_financing_create", args=[council.pk]), data)
    assert response.status_code == 422
    assert "to forskellige organisationer" in response.content.decode()
    data["recipient"] = municipality.pk
    response = client.post(reverse("co_financing_create", args=[council.pk]), data)
    assert response.status_code == 302
    commitment = CoFinancing.objects.get()
    assert (commitment.amount, commitment.share_percent) == (2_000_000, 50)
    page = client.get(_overview(council)).content.decode()
    assert "Akutsygeplejen" in page and "50 %" in page
    edit = client.get(reverse("co_financing_edit", args=[commitment.pk])).content.decode()
    assert 'value="2.000.000"' in edit
    assert client.post(reverse("co_financing_delete", args=[commitment.pk])).status_code == 302
    assert not CoFinancing.objects.exists()


def test_spending_is_entered_corrected_and_deleted(client, council, initiatives, secretariat):
    client = login(client, secretariat)
    url = reverse("spending_entry", args=[council.pk])
    for amount in ["250.000", "240.000"]:
        response = client.post(
            url,
            {"initiative": initiatives[0].pk, "year": "2027", "quarter": "2", "amount": amount},
        )
        assert response.status_code == 302
    spending = Spending.objects.get()
    assert (spending.quarter, spending.amount) == (2, 240_000)
    refund = client.post(
        url, {"initiative": initiatives[1].pk, "year": "2027", "quarter": "1", "amount": "-500"}
    )
    assert refund.status_code == 302
    page = client.get(url + "?aar=2027").content.decode()
    assert "−500 kr." in page
    assert client.post(reverse("spending_delete", args=[spending.pk])).status_code == 302
    assert Spending.objects.count() == 1


def test_the_import_previews_then_saves(client, council, initiatives, secretariat):
    client = login(client, secretariat)
    url = reverse("spending_import", args=[council.pk])
    content = b"Indsats;\xc3\x85r;Kvartal;Bel\xc3\xb8b\n1;2027;K1;250.000\n2;2027;K1;100\n"
    page = client.post(url, {"file": SimpleUploadedFile("forbrug.csv", content)})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 rækker er klar. Intet er gemt endnu." in text and "250.000 kr." in text
    assert not Spending.objects.exists()
    token = page.context["confirm"].initial["token"]
    response = client.post(reverse("spending_import_confirm", args=[council.pk]), {"token": token})
    assert response.status_code == 302
    assert response["Location"] == _overview(council) + "#forbrug"
    assert Spending.objects.count() == 2
    assert SpendingImport.objects.get().original_name == "forbrug.csv"


def test_a_bad_import_names_each_row_and_saves_nothing(client, council, initiatives, secretariat):
    client = login(client, secretariat)
    content = "indsats;år;kvartal;beløb\n1;2027;K1;250.000\n7;2027;K9;1,5\n".encode()
    page = client.post(
        reverse("spending_import", args=[council.pk]),
        {"file": SimpleUploadedFile("forbrug.csv", content)},
    )
    assert page.status_code == 422
    text = page.content.decode()
    assert "1 række kan ikke indlæses" in text
    assert "Række 3: Indsats: indsatsen “7” findes ikke" in text
    assert "“K9” er ikke et kvartal" in text
    assert "Gem 2 rækker" not in text
    assert not Spending.objects.exists()


def test_the_overview_takes_the_same_queries_for_many_rows(
    client, granted, body, decision, secretariat
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from klynge.budgets.tests.conftest import make_plan

    client = login(client, secretariat)
    url = _overview(granted)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    region, municipality = OrganisationFactory(), OrganisationFactory()
    for n, initiative in enumerate(
        make_plan(granted, body, [(f"I{n}", f"T{n}") for n in range(20)])
    ):
        Allocation.objects.create(
            cluster=granted, initiative=initiative, year=2027, amount=n, decision_item=decision
        )
        Spending.objects.create(
            cluster=granted, initiative=initiative, year=2027, quarter=1 + n % 4, amount=n
        )
        CoFinancing.objects.create(
            cluster=granted,
            year=2027,
            payer=region,
            recipient=municipality,
            service=f"Ydelse {n}",
            amount=n,
            initiative=initiative,
            decision_item=decision,
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Ydelse 19" in page
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_the_spending_form_offers_the_years_latest_quarter_begun(client, council, secretariat):
    from django.utils import timezone

    client = login(client, secretariat)
    this_year = timezone.localdate().year
    url = reverse("spending_entry", args=[council.pk])
    for year, quarter in [(this_year - 1, 4), (this_year + 1, 1)]:
        form = client.get(f"{url}?aar={year}").context["form"]
        assert (form.initial["year"], form.initial["quarter"]) == (year, quarter)
