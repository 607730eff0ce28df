"""The hearing through the party's personal link: one answer per party, nothing after the
deadline, unknown and replaced links a 404, files checked as a meeting's bilag, and the
party sees its hearing's frozen version and nothing else. The token travels in POST bodies
only (the link is `/hoering/#<token>`); the security of that is in test_hearing_link.py."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.healthplans import services
from klynge.healthplans.links import hash_token
from klynge.healthplans.models import (
    Hearing,
    HearingAnswer,
    HearingParty,
    PlanStatus,
    PlanVersion,
)
from klynge.healthplans.tests.factories import HealthPlanFactory, PlanSectionFactory
from klynge.healthplans.tests.hearings import make_plan, pdf_bytes, start, tokens_by_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(body):
    return make_plan(body)


@pytest.fixture
def started(plan, secretariat, django_capture_on_commit_callbacks):
    return start(django_capture_on_commit_callbacks, plan=plan, actor=secretariat)


URL = reverse("hearing_link")


def open_link(client: Client, token: str):
    """What the page's script does with the link's # part: post the token."""
    return client.post(URL, {"token": token})


def answer(client: Client, token: str, data: dict):
    """The answer form: the token carried on in its body, the fields, the files."""
    return client.post(URL, {"token": token, "answering": "1", **data})


def test_starting_freezes_a_hearing_version_and_mails_each_party_its_own_link(
    started, plan, secretariat
):
    hearing, tokens = started
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_HEARING
    assert hearing.version.purpose == PlanVersion.Purpose.HEARING
    assert [s["title"] for s in hearing.version.content["sections"]] == [
        "Sammenhængende forløb",
        "Forebyggelse",
    ]
    assert len(mail.outbox) == 2 and len(set(tokens.values())) == 2
    message = next(m for m in mail.outbox if m.to == ["hoering@testkommune.dk"])
    assert message.subject == "Høring: Nærsundhedsplan for testrådet"
    assert message.reply_to == [secretariat.email]
    assert "Kære høringsparter, se udkastet." in message.body
    for party in hearing.parties.all():
        assert party.link_sent_at is not None
        assert party.token_hash == hash_token(tokens[party.name])
    # The token is in the mail only: not on the row, not in the audit log.
    logged = " ".join(str(e.changes) for e in AuditEvent.objects.all())
    for token in tokens.values():
        assert token not in logged
        assert not HearingParty.objects.filter(token_hash=token).exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert {"hearing.start", "health_plan.status", "health_plan.version"} <= set(actions)
    assert actions.count("hearing.link_sent") == 2


def test_the_deadline_must_lie_after_today(plan, secretariat):
    with pytest.raises(ServiceError, match="Høringsfristen skal ligge efter i dag"):
        services.start_hearing(
            actor=secretariat,
            plan=plan,
            deadline=timezone.localdate(),
            message="",
            parties=[{"name": "A", "email": "a@example.dk"}],
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not plan.versions.exists()


@pytest.mark.parametrize(
    ("parties", "message"),
    [
        ([], "Tilføj mindst én høringspart"),
        ([{"name": "A", "email": "ikke-en-adresse"}], "ikke en gyldig e-mailadresse"),
        (
            [{"name": "A", "email": "a@example.dk"}, {"name": "a", "email": "b@example.dk"}],
            "står to gange",
        ),
    ],
)
def test_bad_parties_are_refused_in_words_and_nothing_is_saved(plan, secretariat, parties, message):
    with pytest.raises(ServiceError, match=message):
        services.start_hearing(
            actor=secretariat,
            plan=plan,
            deadline=timezone.localdate() + datetime.timedelta(days=5),
            message="",
            parties=parties,
        )
    assert not Hearing.objects.exists() and not plan.versions.exists()


def test_a_plan_in_hearing_cannot_be_sent_again(started, plan, secretariat):
    with pytest.raises(ServiceError, match="kun sendes i høring fra kladden"):
        services.start_hearing(
            actor=secretariat,
            plan=plan,
            deadline=timezone.localdate() + datetime.timedelta(days=5),
            message="",
            parties=[{"name": "A", "email": "a@example.dk"}],
        )


def test_a_party_answers_once_through_its_link(client: Client, started):
    _hearing, tokens = started
    token = tokens["Testkommune"]
    page = open_link(client, token)
    assert page.status_code == 200
    assert "Afgiv høringssvar" in page.content.decode()
    assert f'name="token" value="{token}"' in page.content.decode()  # carried on, in the body
    response = answer(client, token, {"text": "Vi støtter planen, men mangler et afsnit om børn."})
    # The thanks are the answer to the POST itself: no redirect to an address with the token.
    assert response.status_code == 200 and not response.has_header("Location")
    assert "Tak for jeres høringssvar" in response.content.decode()
    assert "Send høringssvar" not in response.content.decode()
    saved = HearingAnswer.objects.get()
    assert (saved.party.name, saved.via, saved.recorded_by) == (
        "Testkommune",
        HearingAnswer.Via.LINK,
        None,
    )
    event = AuditEvent.objects.get(action="hearing_answer.create")
    assert event.actor is None and event.changes["party"] == "Testkommune"
    thanks = open_link(client, token).content.decode()
    assert "Tak for jeres høringssvar" in thanks and "mangler et afsnit om børn" in thanks
    assert "allerede afgivet" not in thanks  # opening the page again is no second answer
    again = answer(client, token, {"text": "Og en ting mere."})
    assert again.status_code == 200
    assert "Der er allerede afgivet et høringssvar for Testkommune" in again.content.decode()
    assert HearingAnswer.objects.count() == 1
    assert HearingAnswer.objects.get().text.startswith("Vi støtter")


def test_two_answers_at_once_the_database_keeps_one(started):
    """Both passed the check before either was saved: the OneToOne refuses the second, and
    the party is told in words."""
    hearing, _tokens = started
    party = hearing.parties.get(name="PLO Test")
    services.answer_hearing(party=party, text="Første svar", upload=None)
    with (
        mock.patch.object(QuerySet, "exists", return_value=False),
        pytest.raises(ServiceError, match="allerede afgivet et høringssvar for PLO Test"),
    ):
        services.answer_hearing(party=party, text="Andet svar", upload=None)
    assert list(HearingAnswer.objects.values_list("text", flat=True)) == ["Første svar"]


def test_an_answer_needs_text_or_a_file(client: Client, started):
    _hearing, tokens = started
    response = answer(client, tokens["Testkommune"], {"text": "   "})
    assert response.status_code == 200
    assert "Skriv et høringssvar, eller vedhæft en fil." in response.content.decode()
    assert not HearingAnswer.objects.exists()


def test_after_the_deadline_the_link_takes_no_answer(client: Client, started):
    hearing, tokens = started
    Hearing.objects.filter(pk=hearing.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = open_link(client, tokens["Testkommune"]).content.decode()
    assert "Høringsfristen var" in page and "Send høringssvar" not in page
    response = answer(client, tokens["Testkommune"], {"text": "For sent"})
    assert response.status_code == 200
    assert "Høringsfristen var" in response.content.decode()
    assert not HearingAnswer.objects.exists()


def test_the_deadline_day_itself_still_takes_answers(client: Client, started):
    hearing, tokens = started
    Hearing.objects.filter(pk=hearing.pk).update(deadline=timezone.localdate())
    answer(client, tokens["Testkommune"], {"text": "Lige til tiden"})
    assert HearingAnswer.objects.count() == 1


def test_an_unknown_link_is_a_404_in_words(client: Client, started):
    response = open_link(client, "ukendt-token-" + "x" * 30)
    assert response.status_code == 404
    assert "Linket virker ikke" in response.content.decode()
    assert answer(client, "ukendt-token-" + "x" * 30, {"text": "Hej"}).status_code == 404
    assert client.post(URL, {"answering": "1", "text": "Hej"}).status_code == 404  # no token
    assert not HearingAnswer.objects.exists()


def test_a_new_link_makes_the_old_one_stop_working(
    client: Client, started, secretariat, django_capture_on_commit_callbacks
):
    hearing, tokens = started
    party = hearing.parties.get(name="Testkommune")
    old = tokens["Testkommune"]
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_hearing_link(actor=secretariat, party=party, email="ny@testkommune.dk")
    new = tokens_by_name(hearing)["Testkommune"]
    assert new != old
    assert mail.outbox[-1].to == ["ny@testkommune.dk"]
    assert open_link(client, old).status_code == 404
    assert open_link(client, new).status_code == 200
    event = AuditEvent.objects.get(action="hearing.link_resend")
    assert event.changes == {
        "party": "Testkommune",
        "email": ["hoering@testkommune.dk", "ny@testkommune.dk"],
    }


def test_the_old_link_stops_at_once_even_before_the_new_mail_goes(started, secretariat):
    hearing, tokens = started
    party = hearing.parties.get(name="Testkommune")
    services.resend_hearing_link(actor=secretariat, party=party)  # the mail task not run
    assert open_link(Client(), tokens["Testkommune"]).status_code == 404


def test_no_new_link_for_a_party_that_has_answered(started, secretariat):
    hearing, _tokens = started
    party = hearing.parties.get(name="Testkommune")
    services.answer_hearing(party=party, text="Svar", upload=None)
    with pytest.raises(ServiceError, match="har allerede svaret"):
        services.resend_hearing_link(actor=secretariat, party=party)


def upload(name: str, content: bytes, kind: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=kind)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("svar.exe", b"MZ\x90\x00" + b"\x00" * 100, "Filtypen .exe kan ikke bruges"),
        ("svar.pdf", b"PK\x03\x04" + b"\x00" * 100, "Filens indhold passer ikke til filtypen .pdf"),
        ("svar.docx", b"%PDF-1.4 forklaedt", "Filens indhold passer ikke til filtypen .docx"),
        ("svar.pdf", b"", "tom"),
    ],
    ids=["wrong-type", "zip-disguised-as-pdf", "pdf-disguised-as-docx", "empty"],
)
def test_files_are_checked_as_a_meetings_bilag(client: Client, started, name, content, message):
    _hearing, tokens = started
    response = answer(client, tokens["Testkommune"], {"file": upload(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HearingAnswer.objects.exists()


def test_a_file_too_big_is_refused(client: Client, started, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    _hearing, tokens = started
    big = pdf_bytes() + b"%" + b"x" * 2000
    response = answer(client, tokens["Testkommune"], {"file": upload("svar.pdf", big)})
    assert "Filen er for stor" in response.content.decode()
    assert not HearingAnswer.objects.exists()


def test_the_original_file_is_kept_with_its_name(client: Client, started):
    _hearing, tokens = started
    content = pdf_bytes()
    response = answer(
        client,
        tokens["Testkommune"],
        {"text": "", "file": upload("Høringssvar fra Testkommune.pdf", content)},
    )
    assert response.status_code == 200
    assert "Vedhæftet fil: Høringssvar fra Testkommune.pdf" in response.content.decode()
    saved = HearingAnswer.objects.get()
    assert saved.file_name == "Høringssvar fra Testkommune.pdf"
    assert "Testkommune" not in saved.file.name  # stored under a name of its own
    with saved.file.open("rb") as stored:
        assert stored.read() == content
    event = AuditEvent.objects.get(action="hearing_answer.create")
    assert event.changes["size"] == len(content)


def test_a_party_sees_its_hearings_version_only(
    client: Client, started, plan, body, secretariat, django_capture_on_commit_callbacks
):
    """Not the draft written since, not another plan's hearing."""
    hearing, tokens = started
    section = plan.sections.get(title="Sammenhængende forløb")
    section.text = "<p>KLADDETEKST</p>"
    section.save()
    other = HealthPlanFactory(body=body, title="ANDENPLAN")
    PlanSectionFactory(plan=other, title="ANDETAFSNIT", text="<p>ANDENTEKST</p>")
    start(
        django_capture_on_commit_callbacks,
        plan=other,
        actor=secretariat,
        parties=[{"name": "Tredje", "email": "tredje@example.dk"}],
    )
    page = open_link(client, tokens["Testkommune"]).content.decode()
    assert "HØRINGSTEKST" in page and "Sammenhængende forløb" in page
    for marker in ("KLADDETEKST", "ANDENPLAN", "ANDETAFSNIT", "ANDENTEKST", "PLO Test"):
        assert marker not in page
    # No way on into Klynge's own pages of the plan or its version.
    assert reverse("health_plan_detail", args=[plan.pk]) not in page
    assert reverse("plan_version_detail", args=[hearing.version.pk]) not in page


def test_the_frozen_text_is_sanitised_on_the_way_out(client: Client, started):
    hearing, tokens = started
    content = hearing.version.content
    content["sections"][0]["text"] = '<p>Tekst</p><script>alert("x")</script><img src=x onerror=y>'
    PlanVersion.objects.filter(pk=hearing.version.pk).update(content=content)
    page = open_link(client, tokens["Testkommune"]).content.decode()
    assert 'alert("x")' not in page and "onerror" not in page and "<p>Tekst</p>" in page


def test_the_link_page_is_never_cached_and_sends_no_referer_elsewhere(
    client: Client, started, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    hearing, tokens = started
    for first in (client.get(URL), open_link(client, tokens["Testkommune"])):
        assert first["Referrer-Policy"] == "same-origin"  # no-referrer breaks the CSRF check
        assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "Åbn høringen" in client.get(URL).content.decode()
    services.answer_hearing(
        party=hearing.parties.get(name="Testkommune"), text="Svar imens", upload=None
    )
    assert "Tak for jeres høringssvar" in open_link(client, tokens["Testkommune"]).content.decode()


def test_wrong_tokens_are_throttled_per_address(client: Client, started, settings):
    settings.API_RATE_PER_MINUTE = 3
    _hearing, tokens = started
    for n in range(3):
        assert open_link(client, f"forkert-{n}-" + "x" * 30).status_code == 404
    # Over the limit, no link is looked up from this address, a right one included: a
    # guesser could otherwise tell a hit from a miss.
    blocked = open_link(client, tokens["Testkommune"])
    assert blocked.status_code == 429 and blocked["Retry-After"] == "60"
    blocked = answer(client, tokens["Testkommune"], {"text": "Svar"})
    assert blocked.status_code == 429 and not HearingAnswer.objects.exists()
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert open_link(other, tokens["Testkommune"]).status_code == 200


def test_a_closed_hearing_takes_no_answer(client: Client, started, plan, secretariat):
    _hearing, tokens = started
    services.change_plan_status(actor=secretariat, plan=plan, to_status=PlanStatus.DRAFT)
    response = answer(client, tokens["Testkommune"], {"text": "Svar"})
    assert "Høringen er afsluttet" in response.content.decode()
    assert not HearingAnswer.objects.exists()


def test_a_wrong_token_count_ends_with_its_minute(client: Client, started, settings):
    """The count's minute is in its cache key: the file and database caches reset an `incr`'d
    key's expiry to their 30-day default, which once locked an address out for a month."""
    settings.API_RATE_PER_MINUTE = 2
    _hearing, tokens = started
    minute = 29_000_000
    with mock.patch("klynge.healthplans.hearing_views.time.time", return_value=minute * 60.0):
        for n in range(2):
            assert open_link(client, f"forkert-{n}-" + "x" * 30).status_code == 404
        assert open_link(client, tokens["Testkommune"]).status_code == 429
    with mock.patch(
        "klynge.healthplans.hearing_views.time.time", return_value=(minute + 1) * 60.0 + 1
    ):
        assert open_link(client, tokens["Testkommune"]).status_code == 200
