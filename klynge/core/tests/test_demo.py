import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Cluster

pytestmark = pytest.mark.django_db


def test_demo_needs_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load-demo")


def test_demo_loads_the_seed_clusters_and_meetings(settings, client: Client):
    settings.DEMO_MODE = True
    call_command("load-demo")
    assert Cluster.objects.get(name="Aarhusklyngen").successor.name == "Sundhedsråd Aarhus"
    assert (
        Cluster.objects.get(name="Sundhedsklynge Midt").successor.name == "Sundhedsråd Limfjorden"
    )
    may_2025 = Meeting.objects.get(date="2025-05-02")
    assert may_2025.items.count() == 8
    assert may_2025.status == MeetingStatus.MINUTES_PUBLISHED
    assert set(may_2025.items.values_list("case_number", flat=True)) == {"1-31-72-446-22"}
    midt = Meeting.objects.get(date="2023-05-24")
    assert midt.attendances.filter(is_guest=True).count() == 4
    assert midt.attendances.filter(substitute_for__isnull=False).exists()
    assert midt.attendances.filter(status="absent").count() == 4
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED).exists()
    # Every demo login works and sees its home page.
    for email in ["admin", "sekretariat", "formand", "medlem", "borger"]:
        assert client.login(email=f"{email}@klynge.test", password="demo")
        assert client.get("/").status_code == 200
    call_command("load-demo", "--if-empty")  # second run is a no-op
    assert Cluster.objects.filter(name="Aarhusklyngen").count() == 1
