"""Regression tests for the leaks found by an outside tester (issue 6), one block per
finding. Each failed before its fix. The permission matrix covers the same ground for every
route and persona; these spell out the cases as they were reported.
"""

import datetime
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from klynge.accounts.services import create_api_token
from klynge.actionplans import services as plan_services
from klynge.actionplans.models import Initiative, InitiativeStateChange, Rag, State, StatusReport
from klynge.core.exceptions import ServiceError
from klynge.core.pdf import _static_path, html_to_pdf
from klynge.front.tests.world import NOTE_MARKER, PASSWORD_MARKER, World
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.organisations.models import Organisation

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = 'PX<link rel=attachment href=file:///etc/hostname><img src=x onerror="alert(1)">'


def api(world: World, persona: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[persona]}"}


def as_user(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def pdf_text(content: bytes) -> tuple[str, dict[str, list[bytes]]]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(p.extract_text() for p in reader.pages), dict(reader.attachments)


# 1. HTML injection into documents and a server file read -----------------------------------


def test_plan_title_cannot_inject_html_or_embed_server_files(world: World) -> None:
    world.plan.title = HOSTILE_TITLE
    world.plan.save()
    StatusReport.objects.filter(pk=world.report.pk).update(rag=Rag.GREEN)
    meeting = meeting_services.create_meeting(
        actor=None,
        body=world.political,
        values={
            "date": timezone.localdate(),
            "start_time": datetime.time(9),
            "end_time": datetime.time(10),
            "place": "Rådhuset",
        },
    )
    [item] = plan_services.put_cases_on_agenda(actor=None, meeting=meeting)
    assert "<link" not in item.presentation and "<img" not in item.presentation
    assert "&lt;link" in item.presentation  # shown as text, as typed
    meeting_services.change_meeting_status(
        actor=None, meeting=meeting, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    page = as_user(world, "secretariat").get(meeting.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror" in page  # text, not a tag
    response = Client().get(reverse("public_meeting_document", args=[meeting.pk, "dagsorden"]))
    text, attachments = pdf_text(response.content)
    assert response.status_code == 200
    assert attachments == {}
    assert "PX<link" in text.replace("\n", "")


def test_rich_text_is_sanitised_whoever_writes_it(world: World) -> None:
    meeting = world.meetings[MeetingStatus.PLANNED]
    hostile = '<p onclick="x()">Tekst<script>alert(1)</script><img src=x onerror=y()></p>'
    item = meeting_services.add_agenda_item(
        actor=None, meeting=meeting, values={"title": "Fra en service", "presentation": hostile}
    )
    assert item.presentation == "<p>Tekst</p>"
    response = Client().post(
        f"/api/v1/meetings/{meeting.pk}/items",
        {"title": "Fra API", "presentation": '<a href="javascript:alert(1)">x</a>'},
        content_type="application/json",
        **api(world, "secretariat"),
    )
    assert response.json()["presentation"] == '<a rel="noopener noreferrer">x</a>'


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/hostname">',
        '<a rel="attachment" href="file:///etc/hostname">x</a>',
        '<link rel="attachment" href="etc/hostname">',
        '<link rel="attachment" href="../../../../etc/hostname">',
        '<img src="http://127.0.0.1:9/secret.png">',
        '<link rel="stylesheet" href="/static/../../pyproject.toml">',
    ],
)
def test_pdfs_fetch_nothing_but_our_static_files(markup: str) -> None:
    content = html_to_pdf(f"<html><body><p>Dokument</p>{markup}</body></html>")
    _text, attachments = pdf_text(content)
    assert attachments == {}
    assert b"klynge" not in content.lower().split(b"%%eof")[-1]


def test_pdfs_may_use_static_files_and_data_urls() -> None:
    assert _static_path("https://klynge.invalid/static/klynge/app.css") is not None
    assert _static_path("https://klynge.invalid/static/../pyproject.toml") is None
    assert _static_path("file:///etc/hostname") is None
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
        "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    content = html_to_pdf(f'<html><body><img alt="prik" src="{pixel}"></body></html>')
    assert b"/Image" in content


# 3. A partial PUT opened a closed item -------------------------------------------------------


def test_partial_put_is_refused_and_changes_nothing(world: World) -> None:
    item = world.closed_items[MeetingStatus.AGENDA_PUBLISHED]
    AgendaItem.objects.filter(pk=item.pk).update(recommendation=["at det godkendes"])
    response = Client().put(
        f"/api/v1/items/{item.pk}",
        {"title": "Nyt", "version": item.version},
        content_type="application/json",
        **api(world, "secretariat"),
    )
    assert response.status_code == 422
    item.refresh_from_db()
    assert item.is_closed and item.recommendation == ["at det godkendes"]
    attachment = item.attachments.get()
    assert Client().get(reverse("public_attachment", args=[attachment.pk])).status_code == 404


# 4. Public documents and feeds show exactly what the public page shows ----------------------


def test_public_agenda_pdf_and_feed_hide_participants_and_the_meeting_link(world: World) -> None:
    meeting = world.meetings[MeetingStatus.AGENDA_PUBLISHED]
    public = Client()
    page = public.get(reverse("public_meeting_detail", args=[meeting.pk])).content.decode()
    text, _attachments = pdf_text(
        public.get(reverse("public_meeting_document", args=[meeting.pk, "dagsorden"])).content
    )
    for shown in (page, text):
        assert "Member" not in shown  # the member with afbud
        assert "Afbud" not in shown and "Deltagere" not in shown
        assert PASSWORD_MARKER not in shown
    assert "Onlinemøde" in text
    feed = public.get(reverse("body_calendar", args=[world.chief.pk])).content.decode()
    assert PASSWORD_MARKER not in feed and "Onlinemøde" in feed
    # Invited people get the link, in the page and in their invitation.
    invited = as_user(world, "member").get(meeting.get_absolute_url()).content.decode()
    assert PASSWORD_MARKER in invited


# 5. Afbud notes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("member", True),
        ("cochair", True),
        ("secretariat", True),
        ("outsider", False),
        ("other_member", False),
        ("other_secretariat", False),
        ("lead", False),
    ],
)
def test_afbud_notes_are_for_the_person_the_chairs_and_the_secretariat(
    world: World, persona: str, sees: bool
) -> None:
    meeting = world.meetings[MeetingStatus.AGENDA_PUBLISHED]
    page = as_user(world, persona).get(meeting.get_absolute_url()).content.decode()
    assert (NOTE_MARKER in page) is sees


# 6. Exports that broke or turned hostile -----------------------------------------------------


def test_portfolio_xlsx_neutralises_formulas_and_survives_control_characters(
    world: World,
) -> None:
    report = world.report
    plan_services.report_status(
        actor=world.users["lead"],
        report=report,
        values={
            "rag": Rag.RED,
            "deviation": '=HYPERLINK("http://angriber.example","Klik")\x0b',
            "cause": "+1",
            "proposed_action": "@SUM(A1)",
        },
    )
    report.refresh_from_db()
    assert "\x0b" not in report.deviation
    # Text stored before input was cleaned must not break the export either.
    StatusReport.objects.filter(pk=report.pk).update(deviation="=1+1\x0b\x1b")
    response = as_user(world, "secretariat").get(
        reverse("plan_export", args=[world.plan.pk, "xlsx"])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert all(b"<f>" not in archive.read(n) for n in archive.namelist() if "sheet" in n)


def test_control_characters_are_removed_and_word_documents_always_render(world: World) -> None:
    meeting = world.meetings[MeetingStatus.PLANNED]
    item = meeting_services.add_agenda_item(
        actor=None, meeting=meeting, values={"title": "Titel\x00med\x0bstyretegn\ud800"}
    )
    assert item.title == "Titelmedstyretegn"
    AgendaItem.objects.filter(pk=item.pk).update(title="Gammel\x0btitel\x1b")
    response = as_user(world, "secretariat").get(
        reverse("meeting_document", args=[meeting.pk, "dagsorden", "docx"])
    )
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "Gammeltitel" in archive.read("word/document.xml").decode()


# 7. API 500s and missing limits --------------------------------------------------------------


def _post_item(world: World, body: object, raw: bytes | None = None) -> object:
    meeting = world.meetings[MeetingStatus.PLANNED]
    return Client().generic(
        "POST",
        f"/api/v1/meetings/{meeting.pk}/items",
        raw if raw is not None else json.dumps(body),
        "application/json",
        **api(world, "secretariat"),
    )


def test_api_answers_bad_input_with_4xx_never_500(world: World) -> None:
    surrogate = _post_item(world, None, raw=b'{"title": "Ud\\ud800en"}')
    assert surrogate.status_code == 201 and surrogate.json()["title"] == "Uden"
    assert _post_item(world, {"title": "T", "start_time": "10:00:00+01:00"}).status_code == 422
    mixed = {"title": "T", "start_time": "10:00:00", "end_time": "11:00:00+01:00"}
    assert _post_item(world, mixed).status_code == 422
    too_long = _post_item(world, {"title": "x" * 1_000_000})
    assert too_long.status_code in {413, 400}
    assert _post_item(world, {"title": "x" * 301}).status_code == 400
    assert (
        "Titel” må højst være 300 tegn" in _post_item(world, {"title": "x" * 301}).json()["detail"]
    )
    assert _post_item(world, {"title": "T", "case_number": "1" * 10_000}).status_code == 400
    blank = _post_item(world, {"title": " \u0000 "})
    assert blank.status_code == 400 and "Titel” skal udfyldes" in blank.json()["detail"]
    nul = _post_item(world, {"title": "Med\u0000NUL"})
    assert nul.status_code == 201 and nul.json()["title"] == "MedNUL"
    client = Client()
    headers = api(world, "secretariat")
    assert client.get("/api/v1/meetings?body_id=99999999999999999999", **headers).status_code == 422
    assert client.get("/api/v1/meetings/99999999999999999999", **headers).status_code == 422
    assert client.get("/moeder/99999999999999999999/", **headers).status_code in {302, 404}


def test_api_body_over_the_upload_limit_is_413(world: World, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _post_item(world, {"title": "x" * 2000})
    assert response.status_code == 413
    assert "for stor" in response.json()["detail"]


def test_report_put_checks_the_version(world: World) -> None:
    client = Client()
    url = f"/api/v1/reports/{world.report.pk}"
    headers = api(world, "lead")
    first = client.put(url, {"rag": "green", "version": 1}, "application/json", **headers)
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.put(url, {"rag": "green", "version": 1}, "application/json", **headers)
    assert stale.status_code == 409
    assert client.put(url, {"rag": "green"}, "application/json", **headers).status_code == 422


# 8. Smaller -----------------------------------------------------------------------------------


def test_secretariats_rename_only_organisations_of_their_own_clusters(world: World) -> None:
    url = reverse("organisation_edit", args=[world.organisation.pk])
    other = as_user(world, "other_secretariat")
    assert other.post(url, {"name": "Omdøbt", "kind": "municipality"}).status_code == 403
    assert as_user(world, "secretariat").get(url).status_code == 200
    shared = reverse("organisation_edit", args=[world.shared_organisation.pk])
    assert (
        as_user(world, "secretariat").post(shared, {"name": "X", "kind": "region"}).status_code
        == 403
    )
    assert as_user(world, "admin").get(shared).status_code == 200
    assert not Organisation.objects.filter(name__in=["Omdøbt", "X"]).exists()


@pytest.mark.parametrize("year", [1, 9999])
def test_meetings_in_year_1_or_9999_are_refused(world: World, year: int) -> None:
    client = as_user(world, "secretariat")
    response = client.post(
        reverse("meeting_create", args=[world.chief.pk]),
        {"date": f"{year:04d}-03-01", "start_time": "09:00", "end_time": "10:00", "place": "Her"},
    )
    assert response.status_code == 200
    assert "Mødets dato skal ligge mellem" in response.content.decode()
    with pytest.raises(ServiceError):
        meeting_services.create_meeting(
            actor=None,
            body=world.chief,
            values={
                "date": datetime.date(year, 3, 1),
                "start_time": datetime.time(9),
                "end_time": datetime.time(10),
            },
        )


def test_a_future_meeting_cannot_be_marked_held(world: World) -> None:
    meeting = world.meetings[MeetingStatus.AGENDA_PUBLISHED]
    Meeting.objects.filter(pk=meeting.pk).update(
        date=timezone.localdate() + datetime.timedelta(days=400)
    )
    meeting.refresh_from_db()
    with pytest.raises(ServiceError, match="afholdt på mødedagen"):
        meeting_services.change_meeting_status(
            actor=None, meeting=meeting, to_status=MeetingStatus.HELD
        )


def test_openapi_lists_error_answers_and_the_time_format() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"400", "401", "403", "404", "409", "413", "422"} <= set(
                operation["responses"]
            ), (method, path)
    item = schema["components"]["schemas"]["ItemOut"]["properties"]["start_time"]
    time = next(s for s in item["anyOf"] if s.get("type") == "string")
    assert time["pattern"].startswith("^([01]")
    assert "format" not in time


def test_api_docs_use_local_files_under_the_csp() -> None:
    response = Client().get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "cdn." not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "<script>" not in html.replace(" ", "")


def test_logged_in_answers_are_private_and_public_ones_are_not(world: World) -> None:
    meeting = world.meetings[MeetingStatus.MINUTES_PUBLISHED]
    response = as_user(world, "member").get(meeting.get_absolute_url())
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    document = as_user(world, "member").get(
        reverse("meeting_document", args=[meeting.pk, "referat", "pdf"])
    )
    assert "no-store" in document["Cache-Control"]
    token = create_api_token(actor=None, user=world.users["member"], name="t")[1]
    answer = Client().get("/api/v1/bodies", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert "no-store" in answer["Cache-Control"]
    public = Client().get(reverse("public_meeting_detail", args=[meeting.pk]))
    assert "no-store" not in public.get("Cache-Control", "")


# 2. Decisions shown before the minutes are approved -------------------------------------------


def test_an_approval_is_known_with_the_minutes_it_is_in(world: World) -> None:
    """Chefforum approved the confirmation on a meeting only held: the project lead and the
    members still see it as submitted, everywhere; the secretariat sees the approval."""
    initiative = world.initiatives[State.SUBMITTED]
    InitiativeStateChange.objects.create(
        initiative=initiative,
        from_state=State.SUBMITTED,
        to_state=State.APPROVED_CHIEF,
        agenda_item=world.open_items[MeetingStatus.HELD],
        note="GODKENDTPAAHOLDTMOEDE",
    )
    Initiative.objects.filter(pk=initiative.pk).update(state=State.APPROVED_CHIEF)
    plan_page = reverse("plan_detail", args=[world.plan.pk])
    for persona, state in (("lead", State.SUBMITTED), ("member", State.SUBMITTED)):
        client = as_user(world, persona)
        page = client.get(initiative.get_absolute_url()).content.decode()
        assert "GODKENDTPAAHOLDTMOEDE" not in page
        assert str(State(state).label) in page
        rows = client.get(plan_page).context["portfolio"].rows
        assert next(r for r in rows if r.initiative.pk == initiative.pk).initiative.state == state
        answer = Client().get(f"/api/v1/initiatives/{initiative.pk}", **api(world, persona))
        assert answer.json()["state"] == state
    secretariat = as_user(world, "secretariat").get(initiative.get_absolute_url())
    assert "GODKENDTPAAHOLDTMOEDE" in secretariat.content.decode()
    assert secretariat.context["initiative"].state == State.APPROVED_CHIEF
