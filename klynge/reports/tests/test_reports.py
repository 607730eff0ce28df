"""Afrapportering: a regional request, each cluster's part, the compiled document."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import bearer, day, login, persona
from klynge.meetings import services as meeting_services
from klynge.organisations.models import CarryOver, Cluster, Membership
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory
from klynge.outcomes import services as outcome_services
from klynge.outcomes.tests.data import make_world, smoke_free
from klynge.reports import services
from klynge.reports.models import FIVE_QUESTIONS, ReportPart


@pytest.fixture
def regional(db):
    body = BodyFactory(
        name="Sundhedsstyregruppen",
        cluster=ClusterFactory(name="Region Midtjylland", kind=Cluster.Kind.REGIONAL_COMMITTEE),
    )
    return body, persona(body, "region@example.dk", Membership.Role.SECRETARIAT)


@pytest.fixture
def vest(db):
    body = BodyFactory(name="Klyngestyregruppen", cluster=ClusterFactory(name="Vestklyngen"))
    return body, persona(body, "vest@example.dk", Membership.Role.SECRETARIAT)


@pytest.fixture
def request_(regional, body, vest):
    requester, region_secretariat = regional
    return services.create_report(
        actor=region_secretariat,
        requester=requester,
        values={
            "title": "Lighed i sundhed: første afrapportering",
            "theme": "Lighed i sundhed",
            "introduction": "Klyngerne fik til opgave at udvikle og afprøve indsatser.",
            "deadline": datetime.date(2026, 12, 15),
        },
        questions=FIVE_QUESTIONS,
        clusters=[body.cluster, vest[0].cluster],
    )


def test_a_cluster_pulls_its_initiatives_in_edits_and_submits(request_, body, secretariat):
    world = make_world(body)
    indicator = smoke_free(world.initiative)
    outcome_services.add_measurement(
        actor=secretariat, indicator=indicator, date=datetime.date(2024, 6, 30), value=46
    )
    part = request_.parts.get(cluster=body.cluster)
    client = login(Client(), secretariat)
    url = reverse("report_part", args=[part.pk])
    response = client.post(url, {"action": "pull", "initiatives": [world.initiative.pk]})
    assert response.status_code == 302
    part.refresh_from_db()
    assert "Rygning giver den største sociale ulighed i sundhed." in part.answers[0]
    assert list(part.indicators.all()) == [indicator]
    edited = {f"answer_{i}": a for i, a in enumerate(part.answers)}
    edited["answer_0"] += "\nTilføjet af sekretariatet."
    response = client.post(
        url,
        {
            **edited,
            "initiatives": [world.initiative.pk],
            "indicators": [indicator.pk],
            "action": "submit",
        },
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == ReportPart.Status.SUBMITTED
    assert part.answers[0].endswith("Tilføjet af sekretariatet.")


def test_the_requester_sees_who_has_answered_and_a_draft_stays_with_its_cluster(
    request_, regional, vest, body, secretariat
):
    part = request_.parts.get(cluster=body.cluster)
    services.save_part(actor=secretariat, part=part, answers=["Udkast om rygning"])
    page = login(Client(), regional[1]).get(request_.get_absolute_url()).content.decode()
    assert "Under udarbejdelse" in page and "Ikke påbegyndt" in page and "0 af 2 indsendt" in page
    assert login(Client(), vest[1]).get(reverse("report_part", args=[part.pk])).status_code == 404
    response = login(Client(), vest[1]).post(
        reverse("report_part", args=[part.pk]), {"answer_0": "kapret", "action": "save"}
    )
    assert response.status_code == 404
    part.refresh_from_db()
    assert part.answers[0] == "Udkast om rygning"


def test_compiled_pdf_and_word_have_cover_contents_and_a_section_per_cluster(
    request_, body, secretariat, vest
):
    world = make_world(body)
    indicator = smoke_free(world.initiative)
    for part, user, text in [
        (request_.parts.get(cluster=body.cluster), secretariat, "Storrygere i klyngen."),
        (request_.parts.get(cluster=vest[0].cluster), vest[1], "Hjerterehabilitering og job."),
    ]:
        services.save_part(
            actor=user,
            part=part,
            answers=[text],
            indicators=[indicator] if user == secretariat else [],
        )
        services.submit_part(actor=user, part=part)

    from pypdf import PdfReader

    client = login(Client(), secretariat)
    pdf = client.get(reverse("report_document", args=[request_.pk, "pdf"]))
    reader = PdfReader(io.BytesIO(pdf.content))
    pages = [p.extract_text() for p in reader.pages]
    assert "Lighed i sundhed: første afrapportering" in pages[0]
    contents = next(p for p in pages if "Indhold" in p)
    assert contents.index(body.cluster.name) < contents.index("Vestklyngen")
    text = " ".join(pages)
    assert text.index("Storrygere i klyngen.") < text.index("Røgfri efter 6 måneder")
    assert any("Hjerterehabilitering og job." in p for p in pages)
    assert [o.title for o in reader.outline if not isinstance(o, list)][-2:] == [
        body.cluster.name,
        "Vestklyngen",
    ]

    from docx import Document

    word = Document(
        io.BytesIO(client.get(reverse("report_document", args=[request_.pk, "docx"])).content)
    )
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert body.cluster.name in headings and "Vestklyngen" in headings
    assert len(word.inline_shapes) == 1


def test_the_compiled_report_goes_on_the_requesters_agenda_as_bilag(request_, regional):
    requester, region_secretariat = regional
    meeting = meeting_services.create_meeting(
        actor=region_secretariat,
        body=requester,
        values={
            "date": day(31) + datetime.timedelta(days=14),
            "start_time": datetime.time(9),
            "end_time": datetime.time(11),
            "place": "Regionshuset",
        },
    )
    response = login(Client(), region_secretariat).post(
        reverse("report_agenda", args=[request_.pk]), {"meeting": meeting.pk}
    )
    assert response.status_code == 302
    item = meeting.items.get(title=request_.title)
    [attachment] = item.attachments.all()
    assert attachment.original_name.endswith(".pdf") and attachment.file.read(4) == b"%PDF"


def test_only_the_requesters_secretariat_puts_it_on_an_agenda(request_, secretariat):
    assert (
        login(Client(), secretariat).get(reverse("report_agenda", args=[request_.pk])).status_code
        == 403
    )
    with pytest.raises(ServiceError):
        services.create_report(
            actor=secretariat,
            requester=request_.requester,
            values={"title": "x", "theme": "y", "deadline": day(1)},
            questions=[],
            clusters=[],
        )


def test_api_lists_reports_with_each_clusters_status(request_, regional, outsider):
    response = Client().get("/api/v1/reports", **bearer(regional[1]))
    [report] = response.json()
    assert report["title"] == "Lighed i sundhed: første afrapportering"
    assert sorted(p["status"] for p in report["parts"]) == ["requested", "requested"]
    assert report["pdf_url"].endswith("/samlet.pdf") and report["docx_url"].endswith("/samlet.docx")
    assert Client().get("/api/v1/reports", **bearer(outsider)).json() == []


def test_a_part_is_found_once_submitted_and_by_readers_of_the_request(
    request_, body, secretariat, vest, outsider
):
    from klynge.search.queries import search

    part = request_.parts.get(cluster=body.cluster)
    services.save_part(actor=secretariat, part=part, answers=["Storrygere i alle seks kommuner"])
    assert not search(vest[1], "storrygere").hits  # a draft is its cluster's own
    services.submit_part(actor=secretariat, part=part)
    [hit] = search(vest[1], "storrygere").hits
    assert hit.entry.url == part.get_absolute_url()
    assert not search(outsider, "storrygere").hits


def test_a_cluster_carried_over_to_a_council_is_neither_asked_nor_asking(
    regional, vest, secretariat, body
):
    """Once its carry-over's date has come, a cluster is history: a new request lists
    neither its bodies as requester nor the cluster among those to report."""
    council = ClusterFactory(name="Sundhedsråd Vest", kind=Cluster.Kind.HEALTH_COUNCIL)
    CarryOver.objects.create(
        cluster=vest[0].cluster, council=council, effective=day(-1), changes={}
    )
    page = login(Client(), regional[1]).get(reverse("report_create"))
    assert page.status_code == 200
    clusters = {c.pk for c in page.context["form"].fields["clusters"].queryset}
    assert vest[0].cluster.pk not in clusters and body.cluster.pk in clusters
    own = login(Client(), vest[1]).get(reverse("report_create"))
    assert list(own.context["form"].fields["requester"].queryset) == []
