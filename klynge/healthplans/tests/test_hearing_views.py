"""The secretariat's hearing pages: starting a hearing with the council's organisations
offered, the parties and answers, recording an answer that came by mail, the secretariat's
reading of each answer, new links and added parties. Members and outsiders are refused."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.audit.models import AuditEvent
from klynge.core.tests.personas import login
from klynge.healthplans.models import Hearing, HearingAnswer, HearingParty, PlanStatus
from klynge.healthplans.tests.factories import HealthPlanFactory, PlanSectionFactory
from klynge.healthplans.tests.hearings import make_plan, pdf_bytes, start, tokens_by_name
from klynge.organisations.models import Organisation
from klynge.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(body):
    return make_plan(body)


@pytest.fixture
def started(plan, secretariat, django_capture_on_commit_callbacks):
    return start(django_capture_on_commit_callbacks, plan=plan, actor=secretariat)


def in_days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def party_rows(rows: list[dict]) -> dict[str, str]:
    data = {
        "parter-TOTAL_FORMS": str(len(rows)),
        "parter-INITIAL_FORMS": "0",
        "parter-MIN_NUM_FORMS": "0",
        "parter-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            if key == "include":
                if value:
                    data[f"parter-{n}-include"] = "on"
            else:
                data[f"parter-{n}-{key}"] = str(value)
    return data


def test_the_start_page_offers_the_councils_organisations(client: Client, plan, secretariat):
    region = OrganisationFactory(name="Region Testland", kind=Organisation.Kind.REGION)
    plan.cluster.organisations.add(region)
    page = login(client, secretariat).get(reverse("hearing_start", args=[plan.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="Region Testland"' in text
    assert text.count('name="parter-') > 5 * 5  # the organisation and four free rows


def test_secretariat_sends_the_plan_in_hearing_with_the_rows_chosen(
    client: Client, plan, secretariat, django_capture_on_commit_callbacks
):
    region = OrganisationFactory(name="Region Testland", kind=Organisation.Kind.REGION)
    skipped = OrganisationFactory(name="Springes over")
    plan.cluster.organisations.add(region, skipped)
    data = {"deadline": in_days(30), "message": "Kære parter"} | party_rows(
        [
            {
                "include": True,
                "name": "Region Testland",
                "email": "region@example.dk",
                "kind": "region",
                "organisation": region.pk,
            },
            {
                "include": False,
                "name": "Springes over",
                "email": "",
                "kind": "municipality",
                "organisation": skipped.pk,
            },
            {
                "include": True,
                "name": "Danske Patienter",
                "email": "dp@example.dk",
                "kind": "patient_organisation",
                "organisation": "",
            },
            {"include": True, "name": "", "email": "", "kind": "other", "organisation": ""},
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, secretariat).post(reverse("hearing_start", args=[plan.pk]), data)
    hearing = Hearing.objects.get()
    assert response.status_code == 302 and response["Location"] == hearing.get_absolute_url()
    parties = {p.name: p for p in hearing.parties.all()}
    assert set(parties) == {"Region Testland", "Danske Patienter"}
    assert parties["Region Testland"].organisation == region
    assert parties["Danske Patienter"].kind == Organisation.Kind.PATIENT_ORGANISATION
    assert parties["Danske Patienter"].organisation is None
    assert sorted(m.to[0] for m in mail.outbox) == ["dp@example.dk", "region@example.dk"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_HEARING
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert "Planen er sendt i høring som version 1" in page
    assert page.count("Ikke svaret") == 2


@pytest.mark.parametrize(
    ("deadline", "rows", "message"),
    [
        (
            0,
            [{"include": True, "name": "A", "email": "a@example.dk", "kind": "other"}],
            "Høringsfristen skal ligge efter i dag",
        ),
        (
            10,
            [{"include": True, "name": "A", "email": "", "kind": "other"}],
            "Skriv den e-mailadresse",
        ),
        (
            10,
            [{"include": False, "name": "A", "email": "a@example.dk", "kind": "other"}],
            "Tilføj mindst én høringspart",
        ),
        (
            10,
            [
                {"include": True, "name": "A", "email": "a@example.dk", "kind": "other"},
                {"include": True, "name": "A", "email": "b@example.dk", "kind": "other"},
            ],
            "Hver høringspart må kun stå én gang: A",
        ),
    ],
    ids=["deadline-today", "no-email", "nobody", "twice"],
)
def test_bad_input_on_the_start_page_is_said_in_danish(
    client: Client, plan, secretariat, deadline, rows, message
):
    data = {"deadline": in_days(deadline), "message": ""} | party_rows(rows)
    response = login(client, secretariat).post(reverse("hearing_start", args=[plan.pk]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Hearing.objects.exists()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_after_an_error_each_party_keeps_its_name_and_the_email_says_when_it_is_needed(
    client: Client, plan, secretariat
):
    """After a validation error every party's heading became "Høringspart 1…", and the
    e-mail said "(valgfri)" though a party in the hearing must have one (found by a
    usability test)."""
    region = OrganisationFactory(name="Region Testland", kind=Organisation.Kind.REGION)
    plan.cluster.organisations.add(region)
    login(client, secretariat)
    url = reverse("hearing_start", args=[plan.pk])
    page = client.get(url).content.decode()
    assert 'E-mail <span class="muted">(skal udfyldes for en part, der er med i høringen)' in page
    assert 'E-mail <span class="muted">(valgfri)' not in page
    data = {"deadline": in_days(10), "message": ""} | party_rows(
        [
            {"include": True, "name": "Region Testland", "email": "", "kind": "region"},
            {
                "include": True,
                "name": "Danske Patienter",
                "email": "dp@example.dk",
                "kind": "other",
            },
            {"include": True, "name": "", "email": "", "kind": "other"},
        ]
    )
    response = client.post(url, data)
    assert response.status_code == 422
    text = response.content.decode()
    assert "Skriv den e-mailadresse" in text
    assert '<legend class="h4 break-anywhere">Region Testland</legend>' in text
    assert '<legend class="h4 break-anywhere">Danske Patienter</legend>' in text
    assert '<legend class="h4 break-anywhere">Høringspart 3</legend>' in text
    assert "Høringspart 1" not in text and "Høringspart 2" not in text


def test_members_and_outsiders_cannot_reach_the_hearing_pages(
    client: Client, started, member, outsider
):
    hearing, _tokens = started
    party = hearing.parties.first()
    for user, expected in ((member, {403, 404}), (outsider, {404})):
        login(client, user)
        assert client.get(reverse("hearing_start", args=[hearing.plan_id])).status_code in {
            403,
            404,
        }
        assert client.get(hearing.get_absolute_url()).status_code in expected
        assert client.get(reverse("hearing_notat", args=[hearing.pk])).status_code in expected
        response = client.post(
            reverse("hearing_answer_record", args=[party.pk]),
            {"text": "x", "received_on": in_days(0)},
        )
        assert response.status_code in {403, 404}
    assert not HearingAnswer.objects.exists()


def test_the_hearing_page_keeps_its_queries_as_parties_grow(
    client: Client, started, secretariat, django_assert_max_num_queries
):
    hearing, _tokens = started
    login(client, secretariat)
    client.get(hearing.get_absolute_url())
    with django_assert_max_num_queries(25) as few:
        client.get(hearing.get_absolute_url())
    for n in range(8):
        party = HearingParty.objects.create(hearing=hearing, name=f"Part {n}", email="p@x.dk")
        HearingAnswer.objects.create(
            party=party, text="Svar", received_at=timezone.now(), via="link"
        )
    with django_assert_max_num_queries(len(few)):
        page = client.get(hearing.get_absolute_url())
    assert page.content.decode().count('<article class="hearing-answer') == 8


def test_secretariat_records_an_answer_that_came_by_mail(client: Client, started, secretariat):
    hearing, _tokens = started
    party = hearing.parties.get(name="PLO Test")
    received = timezone.localdate() - datetime.timedelta(days=2)
    response = login(client, secretariat).post(
        reverse("hearing_answer_record", args=[party.pk]),
        {
            "received_on": received.isoformat(),
            "text": "",
            "file": SimpleUploadedFile("PLO-svar.pdf", pdf_bytes()),
        },
    )
    answer = HearingAnswer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hearing_answer_assess", args=[answer.pk])
    assert (answer.via, answer.recorded_by, answer.file_name) == (
        HearingAnswer.Via.SECRETARIAT,
        secretariat,
        "PLO-svar.pdf",
    )
    assert timezone.localdate(answer.received_at) == received
    event = AuditEvent.objects.get(action="hearing_answer.record")
    assert event.actor == secretariat
    download = client.get(reverse("hearing_answer_file", args=[answer.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert "PLO-svar.pdf" in download["Content-Disposition"]


def test_a_recorded_answer_cannot_be_received_tomorrow(client: Client, started, secretariat):
    hearing, _tokens = started
    party = hearing.parties.get(name="PLO Test")
    response = login(client, secretariat).post(
        reverse("hearing_answer_record", args=[party.pk]),
        {"received_on": in_days(1), "text": "Svar"},
    )
    assert response.status_code == 422
    assert "kan ikke ligge efter i dag" in response.content.decode()
    assert not HearingAnswer.objects.exists()


def test_secretariat_writes_summary_comment_and_the_section_it_changes(
    client: Client, started, plan, secretariat
):
    hearing, _tokens = started
    party = hearing.parties.get(name="Testkommune")
    answer = HearingAnswer.objects.create(
        party=party, text="Mere om børn", received_at=timezone.now(), via="link"
    )
    section = plan.sections.get(title="Forebyggelse")
    url = reverse("hearing_answer_assess", args=[answer.pk])
    login(client, secretariat)
    assert "Mere om børn" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "summary": "Ønsker et afsnit om børn.",
            "comment": "Imødekommes.",
            "changes_plan": "on",
            "section": section.pk,
        },
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.summary, answer.comment, answer.changes_plan, answer.section) == (
        "Ønsker et afsnit om børn.",
        "Imødekommes.",
        True,
        section,
    )
    event = AuditEvent.objects.get(action="hearing_answer.assess")
    assert event.changes["section"] == [None, "Forebyggelse"]
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert "Ønsker et afsnit om børn." in page and section.get_absolute_url() in page


def test_a_section_of_another_plan_or_without_a_change_is_refused(
    client: Client, started, body, secretariat
):
    hearing, _tokens = started
    party = hearing.parties.get(name="Testkommune")
    answer = HearingAnswer.objects.create(
        party=party, text="Svar", received_at=timezone.now(), via="link"
    )
    foreign = PlanSectionFactory(plan=HealthPlanFactory(body=body))
    own = hearing.plan.sections.first()
    url = reverse("hearing_answer_assess", args=[answer.pk])
    login(client, secretariat)
    response = client.post(url, {"summary": "x", "changes_plan": "on", "section": foreign.pk})
    assert response.status_code == 422
    response = client.post(url, {"summary": "x", "section": own.pk})
    assert response.status_code == 422
    assert "Vælg kun et afsnit, når svaret giver anledning" in response.content.decode()
    answer.refresh_from_db()
    assert answer.summary == "" and answer.section is None


def test_resend_page_sends_a_new_link_and_says_the_old_one_stopped(
    client: Client, started, secretariat, django_capture_on_commit_callbacks
):
    hearing, tokens = started
    party = hearing.parties.get(name="PLO Test")
    url = reverse("hearing_resend", args=[party.pk])
    login(client, secretariat)
    assert 'value="plo@example.dk"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "plo-ny@example.dk"}, follow=True)
    assert "Det tidligere link virker ikke længere." in response.content.decode()
    assert tokens_by_name(hearing)["PLO Test"] != tokens["PLO Test"]
    assert mail.outbox[-1].to == ["plo-ny@example.dk"]


def test_a_party_can_be_added_while_the_hearing_is_open(
    client: Client, started, secretariat, django_capture_on_commit_callbacks
):
    hearing, _tokens = started
    login(client, secretariat)
    url = reverse("hearing_party_add", args=[hearing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"name": "Aarhus Universitetshospital", "email": "auh@example.dk", "kind": "hospital"},
        )
    assert response.status_code == 302
    assert hearing.parties.filter(name="Aarhus Universitetshospital").exists()
    assert mail.outbox[-1].to == ["auh@example.dk"]
    event = AuditEvent.objects.get(action="hearing.party_add")
    assert (event.actor, event.changes["party"]) == (secretariat, "Aarhus Universitetshospital")
    again = client.post(
        url, {"name": "aarhus universitetshospital", "email": "x@example.dk", "kind": "hospital"}
    )
    assert again.status_code == 422
    assert "er allerede høringspart" in again.content.decode()
