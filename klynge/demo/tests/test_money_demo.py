"""The demo's money: Sundhedsråd Aarhus's 2027 frame, allocations to the six initiatives
carried over from Aarhusklyngen by the January decision, the region's co-financing of the
acute nursing and spending for Q1 (two quarters entered, three imported)."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from klynge.budgets.figures import year_overview
from klynge.budgets.models import Allocation, CoFinancing, Spending, SpendingImport
from klynge.core.tests.personas import log_in_with_password
from klynge.demo.councils import ITEM_FRAME
from klynge.organisations.models import Cluster

pytestmark = pytest.mark.django_db


def test_the_demo_council_has_its_2027_money(settings):
    settings.DEMO_MODE = True
    call_command("load-demo")
    council = Cluster.objects.get(name="Sundhedsråd Aarhus")
    overview = year_overview(council, 2027)
    assert overview.frame == 14_600_000
    assert overview.allocated == 12_250_000
    assert overview.committed == 2_000_000
    assert overview.left == 350_000 and overview.over_frame == 0
    assert overview.spent == 2_017_050
    assert overview.by_quarter == [2_017_050, 0, 0, 0]
    # Six initiatives, all carried over from Aarhusklyngen, all granted by the frame's item.
    lines = overview.lines
    assert len(lines) == 6
    assert {line.initiative.plan.cluster for line in lines} == {council}
    assert all(line.initiative.plan.title.startswith("Aarhusklyngen") for line in lines)
    granted_by = {a.decision_item.title for a in Allocation.objects.filter(cluster=council)}
    assert granted_by == {ITEM_FRAME}
    assert Allocation.objects.filter(cluster=council, year=2028).count() == 1  # indsats 5
    commitment = CoFinancing.objects.get(cluster=council)
    assert (commitment.payer.name, commitment.recipient.name) == (
        "Region Midtjylland",
        "Aarhus Kommune",
    )
    assert (commitment.share_percent, commitment.amount) == (50, 2_000_000)
    assert "Akutsygeplejen" in commitment.service
    assert Spending.objects.filter(cluster=council, source="imported").count() == 3
    assert SpendingImport.objects.get(cluster=council).file.read().startswith(b"Indsats;")

    client = Client()
    assert log_in_with_password(client, "sekretariat@klynge.test", "demo")
    cluster_page = client.get(council.get_absolute_url()).content.decode()
    url = reverse("money_overview", args=[council.pk])
    assert url in cluster_page
    page = client.get(url + "?aar=2027").content.decode()
    assert "14.600.000 kr." in page and "350.000 kr." in page
    assert "Akutsygeplejen i Aarhus Kommune" in page
    assert "forbrug-K1-2027.csv" in page
    assert log_in_with_password(client, "borger@klynge.test", "demo")
    assert client.get(url).status_code == 404
