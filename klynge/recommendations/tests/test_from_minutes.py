"""The receiver's decision read from their minutes, to fill in the form (nothing saved)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klynge.core.exceptions import ServiceError
from klynge.core.tests.personas import login
from klynge.recommendations import services
from klynge.recommendations.from_minutes import decision_from_minutes, guess_outcome
from klynge.recommendations.models import Outcome, Recommendation, State
from klynge.recommendations.tests.conftest import later

pytestmark = pytest.mark.django_db

MINUTES = """Regionsrådet, Region Midtjylland

Referat af mødet onsdag den 24. februar 2027 kl. 13.00

Punkt 1. Godkendelse af dagsorden

Beslutning
Dagsordenen blev godkendt.

Punkt 2. Sundhedsrådets anbefaling om placering af opgaver mellem region og kommuner

Beslutning
Indstillingen blev tiltrådt med den ændring, at de akutte sygeplejefunktioner bliver i
regionen til og med 2027.

Punkt 3. Eventuelt

Beslutning
Intet.
"""


@pytest.fixture
def tasks_item(item):
    item.title = "Anbefaling til regionsrådet: placering af opgaver mellem region og kommuner"
    item.save(update_fields=["title"])
    return item


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Indstillingen blev tiltrådt.", Outcome.ADOPTED),
        ("Godkendt med den ændring, at …", Outcome.AMENDED),
        ("Regionsrådet tiltrådte ikke anbefalingen.", Outcome.REJECTED),
        ("Sagen blev afvist.", Outcome.REJECTED),
        ("Punktet blev drøftet.", ""),
    ],
)
def test_the_outcome_is_guessed_only_from_plain_words(text, outcome):
    assert guess_outcome(text) == outcome


def test_the_decision_on_the_same_case_is_found_with_the_minutes_date(tasks_item):
    found = decision_from_minutes(MINUTES.encode(), "referat.txt", item=tasks_item)
    assert found.number == "2"
    assert found.text.startswith("Indstillingen blev tiltrådt med den ændring")
    assert found.date == datetime.date(2027, 2, 24)
    assert found.outcome == Outcome.AMENDED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "kunne ikke læses"),
        (b"Referat\n\nPunkt 1. Eventuelt\n", "ikke fundet beslutninger"),
        (
            MINUTES.replace("placering af opgaver mellem region og", "psykiatri i").encode(),
            "ligner",
        ),
    ],
)
def test_minutes_that_do_not_give_the_decision_are_refused_in_words(tasks_item, data, message):
    with pytest.raises(ServiceError, match=message):
        decision_from_minutes(data, "referat.txt", item=tasks_item)


def _on_agenda(sent, secretariat):
    return services.change_recommendation_state(
        actor=secretariat,
        recommendation=sent,
        to_state=State.ON_AGENDA,
        meeting_date=later(sent, 1),
    )


def test_secretariat_reads_their_minutes_into_the_form_and_saves_after_checking(
    client, tasks_item, sent, secretariat
):
    _on_agenda(sent, secretariat)
    login(client, secretariat)
    url = reverse("recommendation_state", args=[sent.pk])
    upload = SimpleUploadedFile("referat.txt", MINUTES.encode(), "text/plain")
    response = client.post(url, {"read": "1", "minutes_file": upload})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["decision_text"].startswith("Indstillingen blev tiltrådt med")
    assert form.initial["outcome"] == Outcome.AMENDED
    assert "Udfyldt fra referatets punkt" in response.content.decode()
    # Nothing is saved by reading.
    assert Recommendation.objects.get().state == State.ON_AGENDA


def test_unreadable_minutes_are_refused_in_words_and_nothing_changes(
    client, tasks_item, sent, secretariat
):
    _on_agenda(sent, secretariat)
    login(client, secretariat)
    upload = SimpleUploadedFile("referat.txt", b"", "text/plain")
    response = client.post(
        reverse("recommendation_state", args=[sent.pk]), {"read": "1", "minutes_file": upload}
    )
    assert response.status_code == 422
    assert "kunne ikke læses" in response.content.decode() or "tom" in response.content.decode()
    assert Recommendation.objects.get().state == State.ON_AGENDA


def test_member_cannot_read_minutes_into_a_recommendation(client, tasks_item, sent, member):
    login(client, member)
    upload = SimpleUploadedFile("referat.txt", MINUTES.encode(), "text/plain")
    response = client.post(
        reverse("recommendation_state", args=[sent.pk]), {"read": "1", "minutes_file": upload}
    )
    assert response.status_code == 404  # the decision is not the member's to read yet


def test_a_scan_is_not_read_by_ocr_while_the_user_waits(tasks_item):
    """Text recognition takes a core for minutes: a picture of the minutes is refused in
    words, and the secretariat types the decision."""
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(picture, "PNG")
    with pytest.raises(ServiceError, match="tekstgenkendelse"):
        decision_from_minutes(picture.getvalue(), "referat.png", item=tasks_item)


def test_minutes_are_read_only_where_the_decision_is_the_next_step(
    client, tasks_item, sent, secretariat
):
    _on_agenda(sent, secretariat)
    services.change_recommendation_state(
        actor=secretariat,
        recommendation=sent,
        to_state=State.DECIDED,
        decided_on=later(sent, 2),
        outcome=Outcome.ADOPTED,
    )
    login(client, secretariat)
    upload = SimpleUploadedFile("referat.txt", MINUTES.encode(), "text/plain")
    response = client.post(
        reverse("recommendation_state", args=[sent.pk]), {"read": "1", "minutes_file": upload}
    )
    assert "Udfyldt fra referatets punkt" not in response.content.decode()
    assert Recommendation.objects.get().decision_text == ""
