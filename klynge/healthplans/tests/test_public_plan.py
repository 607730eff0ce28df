"""The published plan on the public pages: its approved version as a page and a tagged PDF,
linked from the public index; nothing of a later draft, no hearing answers, no people; an
unpublished plan's public address answers 404 for everyone."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from klynge.core.tests.personas import login
from klynge.healthplans import services
from klynge.healthplans.models import Hearing, HearingAnswer, HearingParty, PlanSection
from klynge.healthplans.tests.test_approval_world import (
    DRAFT_MARKER,
    answer,
    hold_with_decision,
    make_plan,
    recommend,
    recommendation_to,
)

pytestmark = pytest.mark.django_db

HEARING_MARKER = "HOERINGSSVARMARKOER"


@pytest.fixture
def approved(meeting, secretariat):
    world = make_plan(meeting)
    item = hold_with_decision(meeting, secretariat)
    hearing = Hearing.objects.create(
        plan=world.plan,
        version=services.freeze_version(actor=secretariat, plan=world.plan, purpose="hearing"),
        deadline=timezone.localdate(),
    )
    party = HearingParty.objects.create(
        hearing=hearing, name="PLO Midtjylland", email="plo@example.dk"
    )
    HearingAnswer.objects.create(
        party=party, text=HEARING_MARKER, received_at=timezone.now(), via="link"
    )
    recommend(world, item, secretariat)
    for index in range(3):
        answer(recommendation_to(world, item, index), secretariat)
    world.plan.refresh_from_db()
    assert world.plan.status == "approved"
    # Someone changes the text behind the approved version's back: the public sees the
    # approved version, never the living rows.
    PlanSection.objects.filter(plan=world.plan).update(text=f"<p>{DRAFT_MARKER}</p>")
    return world


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_an_unpublished_plan_has_no_public_address(approved, secretariat, admin_user):
    plan = approved.plan
    for user in [None, secretariat, admin_user]:
        client = login(Client(), user) if user else Client()
        assert client.get(reverse("public_health_plan", args=[plan.pk])).status_code == 404
        assert client.get(reverse("public_health_plan_pdf", args=[plan.pk])).status_code == 404
    assert plan.title not in Client().get(reverse("public_meeting_list")).content.decode()


def test_the_published_page_shows_the_approved_version_only(approved, secretariat):
    plan = approved.plan
    services.publish_plan(actor=secretariat, plan=plan)
    page = Client().get(reverse("public_health_plan", args=[plan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for text in [
        plan.title,
        "Sammenhængende forløb",
        "Færre forebyggelige indlæggelser",
        "Unge 15-24 år",
        "Borgere med kronisk sygdom skal have et sammenhængende forløb.",  # approved text
        "Samsø Kommunalbestyrelse",
    ]:
        assert text in html, text
    for text in [DRAFT_MARKER, HEARING_MARKER, "PLO Midtjylland", secretariat.name]:
        assert text not in html, text
    # No way into the council's own pages from the public one.
    assert reverse("initiative_detail", args=[approved.initiative.pk]) not in html
    assert f'href="{reverse("health_plan_detail", args=[plan.pk])}' not in html


def test_the_published_pdf_is_tagged_and_holds_the_approved_text(approved, secretariat):
    plan = approved.plan
    services.publish_plan(actor=secretariat, plan=plan)
    response = Client().get(reverse("public_health_plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # PDF/UA: tagged
    assert root["/Lang"] == "da"
    assert reader.metadata.title == f"{plan.title} – {plan.cluster.name}"
    # Named with æ, ø and å spelt out and the years apart (was "nrsundhedsplan-20272030").
    assert plan.title == "Nærsundhedsplan 2027–2030"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="naersundhedsplan-2027-2030-'
    )
    text = pdf_text(response.content)
    for expected in ["Sammenhængende forløb", "Færre forebyggelige indlæggelser", "Aarhus Byråd"]:
        assert expected in text, expected
    for hidden in [DRAFT_MARKER, HEARING_MARKER, secretariat.name]:
        assert hidden not in text, hidden


def test_publishing_shows_on_the_cached_public_index_at_once(approved, secretariat, settings):
    assert settings.PAGE_CACHE_SECONDS > 0  # the public pages are served from the cache
    client = Client()
    index = reverse("public_meeting_list")
    assert approved.plan.title not in client.get(index).content.decode()
    assert approved.plan.title not in client.get(index).content.decode()  # from the cache
    services.publish_plan(actor=secretariat, plan=approved.plan)
    html = client.get(index).content.decode()
    assert reverse("public_health_plan", args=[approved.plan.pk]) in html
    assert approved.plan.title in html


def test_publishing_through_the_page(approved, secretariat, member):
    url = reverse("health_plan_publish", args=[approved.plan.pk])
    assert login(Client(), member).post(url).status_code == 403
    client = login(Client(), secretariat)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    approved.plan.refresh_from_db()
    assert approved.plan.published_at is not None
    page = client.get(approved.plan.get_absolute_url()).content.decode()
    assert reverse("public_health_plan", args=[approved.plan.pk]) in page
