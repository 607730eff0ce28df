"""The demo's hearing of Sundhedsråd Aarhus's nærsundhedsplan: five parties heard on
9 November 2026 with a deadline early in January, three answers (one by its link with a
PDF, one by its link as text, one recorded by the secretariat), each read with a summary
and a comment, one changing a section, and the høringsnotat as bilag on the January
meeting's plan item."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from klynge.core.tests.personas import log_in_with_password
from klynge.demo.councils import ITEM_PLAN
from klynge.healthplans.models import HealthPlan, HearingAnswer, PlanVersion

pytestmark = pytest.mark.django_db


def test_the_demo_plan_has_been_in_hearing_and_its_notat_is_on_the_january_agenda(
    settings, client: Client
):
    settings.DEMO_MODE = True
    call_command("load-demo")
    plan = HealthPlan.objects.get(cluster__name="Sundhedsråd Aarhus")
    hearing = plan.hearings.get()
    assert (hearing.version.number, hearing.version.purpose) == (1, PlanVersion.Purpose.HEARING)
    assert timezone.localtime(hearing.sent_at).date() == datetime.date(2026, 11, 9)
    assert hearing.deadline == datetime.date(2027, 1, 6)
    assert set(hearing.parties.values_list("name", flat=True)) == {
        "Aarhus Kommune",
        "Samsø Kommune",
        "Region Midtjylland",
        "PLO-Midtjylland",
        "Danske Patienter",
    }
    assert all(p.link_sent_at and p.token_hash for p in hearing.parties.all())
    answers = {a.party.name: a for a in HearingAnswer.objects.filter(party__hearing=hearing)}
    assert set(answers) == {"Aarhus Kommune", "Region Midtjylland", "PLO-Midtjylland"}
    aarhus, region, plo = (
        answers[n] for n in ("Aarhus Kommune", "Region Midtjylland", "PLO-Midtjylland")
    )
    assert (aarhus.via, region.via, plo.via) == ("link", "link", "secretariat")
    assert aarhus.file_name.endswith(".pdf") and not region.file and not plo.file
    with aarhus.file.open("rb") as stored:
        assert "Aarhus Kommune" in PdfReader(io.BytesIO(stored.read())).pages[0].extract_text()
    assert plo.recorded_by.email == "sekretariat@klynge.test"
    assert all(a.summary and a.comment for a in answers.values())
    changing = [a for a in answers.values() if a.changes_plan]
    assert changing == [plo] and plo.section is not None and plo.section.plan == plan
    assert "ældre medicinske patienter" in plo.section.title
    assert all(
        a.received_at <= timezone.make_aware(datetime.datetime(2027, 1, 6, 23))
        for a in answers.values()
    )

    item = hearing.notat_item
    assert item.title == ITEM_PLAN and item.meeting.date == datetime.date(2027, 1, 21)
    (bilag,) = item.attachments.filter(original_name__startswith="hoeringsnotat")
    with bilag.file.open("rb") as stored:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages)
    text = " ".join(text.split())
    for name in answers:
        assert name in text
    assert "Har ikke svaret" in text and "Samsø Kommune" in text
    assert plo.summary.split(";")[0] in text

    assert log_in_with_password(client, "sekretariat@klynge.test", "demo")
    page = client.get(hearing.get_absolute_url())
    assert page.status_code == 200
    assert "3 af 5" in page.content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 200
