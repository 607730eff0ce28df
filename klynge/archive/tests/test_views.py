"""The archive pages as a secretariat uses them: upload, review, accept, place, download."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from klynge.accounts.models import User
from klynge.archive import services
from klynge.archive.models import UNPLACED_CLUSTER, SourceDocument
from klynge.archive.tests.samples import AGENDA, MINUTES
from klynge.core.tests.personas import login
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body
from klynge.organisations.tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"referater/{name}", text)
    return out.getvalue()


def test_an_upload_is_read_and_waits_for_review(
    client: Client, secretariat: User, body: Body, django_capture_on_commit_callbacks
) -> None:
    login(client, secretariat)
    upload = SimpleUploadedFile(
        "arkiv.zip", _zip({"referat.txt": MINUTES, "dagsorden.txt": AGENDA})
    )

    with django_capture_on_commit_callbacks(execute=True):  # the task is queued after commit
        response = client.post(
            reverse("archive_list"), {"uploads": [upload], "cluster": body.cluster_id}, follow=True
        )

    assert "2 filer er lagt i kø" in response.content.decode()
    sources = SourceDocument.objects.order_by("original_name")
    assert [s.original_name for s in sources] == ["dagsorden.txt", "referat.txt"]
    assert {s.status for s in sources} == {SourceDocument.Status.NEEDS_REVIEW}
    assert {s.cluster for s in sources} == {body.cluster}


def test_an_empty_file_among_others_is_named_and_nothing_is_saved(
    client: Client, secretariat: User, body: Body
) -> None:
    login(client, secretariat)
    uploads = [
        SimpleUploadedFile("referat.txt", MINUTES.encode()),
        SimpleUploadedFile("tom.txt", b""),
    ]

    response = client.post(
        reverse("archive_list"), {"uploads": uploads, "cluster": body.cluster_id}
    )

    assert response.status_code == 422
    assert "tom.txt: Den indsendte fil er tom." in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_a_file_that_is_too_large_is_refused_with_nothing_saved(
    client: Client, secretariat: User, body: Body, settings: object
) -> None:
    settings.ARCHIVE_MAX_FILE_MB = 1
    login(client, secretariat)
    upload = SimpleUploadedFile("stor.txt", b"a" * (2 * 1024 * 1024))

    response = client.post(
        reverse("archive_list"), {"uploads": [upload], "cluster": body.cluster_id}
    )

    assert response.status_code == 422 and "for stor" in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_the_review_corrects_and_accepts_into_a_meeting(
    client: Client, secretariat: User, body: Body
) -> None:
    login(client, secretariat)
    source, _new = services.store_source(
        actor=secretariat, data=MINUTES.encode(), name="referat.txt", cluster=body.cluster
    )
    source = services.read_source(source=source)
    page = client.get(reverse("archive_document", args=[source.pk]))
    assert "Rygestop for borgere med KOL" in page.content.decode()
    form = page.context["meeting_form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"body": body.pk, "location": "Sygehuset"}
    formset = page.context["formset"]
    data |= {
        "punkt-TOTAL_FORMS": len(formset.forms),
        "punkt-INITIAL_FORMS": len(formset.initial),
    }
    for n, initial in enumerate(formset.initial):
        data |= {f"punkt-{n}-{k}": v for k, v in initial.items()}
        data[f"punkt-{n}-ORDER"] = len(formset.initial) - n  # reversed
    data["punkt-0-title"] = "Godkendelse af dagsordenen"

    response = client.post(reverse("archive_document", args=[source.pk]), data | {"accept": "1"})

    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert meeting.body == body and meeting.place == "Sygehuset"
    assert [i.title for i in meeting.items.order_by("position")] == [
        "Rygestop for borgere med KOL",
        "Godkendelse af dagsordenen",
    ]
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meeting_source", args=[meeting.pk]) in detail
    original = client.get(reverse("meeting_source", args=[meeting.pk]))
    assert b"".join(original.streaming_content).decode() == MINUTES


def test_a_secretariat_places_a_body_from_the_holding_area_in_its_own_cluster(
    client: Client, secretariat: User, body: Body
) -> None:
    meeting = services.import_file(
        actor=secretariat, data=MINUTES.encode(), name="r.txt", publish=True
    ).meeting
    assert meeting is not None and meeting.body.cluster.name == UNPLACED_CLUSTER
    login(client, secretariat)
    page = client.get(reverse("archive_list")).content.decode()
    assert "Styregruppen for Sundhedsklynge Nord" in page
    assert reverse("archive_document", args=[meeting.source_document.pk]) in page
    move = reverse("archive_body_move", args=[meeting.body.pk])
    prefix = f"organ-{meeting.body.pk}"

    refused = client.post(move, {f"{prefix}-cluster": ClusterFactory().pk}, follow=True)
    assert "Vælg en af dine klynger" in refused.content.decode()
    client.post(move, {f"{prefix}-cluster": body.cluster_id})

    meeting.refresh_from_db()
    assert meeting.body.cluster == body.cluster
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.post(move, {f"{prefix}-cluster": body.cluster_id}).status_code == 404


def test_the_review_shows_a_pdfs_pages_beside_the_parse(
    client: Client, secretariat: User, body: Body
) -> None:
    from weasyprint import HTML

    pdf = HTML(string="<p>" + MINUTES.replace("\n\n", "</p><p>") + "</p>").write_pdf()
    source, _new = services.store_source(
        actor=secretariat, data=pdf, name="referat.pdf", cluster=body.cluster
    )
    source = services.read_source(source=source)
    login(client, secretariat)

    page = client.get(reverse("archive_document", args=[source.pk])).content.decode()
    image = client.get(reverse("archive_page", args=[source.pk, 1]))

    assert source.pages >= 1 and reverse("archive_page", args=[source.pk, 1]) in page
    assert f'alt="Side 1 af {source.pages} i originalen' in page
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    past_the_end = reverse("archive_page", args=[source.pk, source.pages + 1])
    assert client.get(past_the_end).status_code == 404
