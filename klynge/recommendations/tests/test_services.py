"""The recommendation's state machine: sendt → på dagsordenen → besluttet."""

import datetime

import pytest

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.organisations.tests.factories import BodyFactory
from klynge.recommendations import services
from klynge.recommendations.models import (
    ALLOWED_TRANSITIONS,
    ExternalBody,
    Outcome,
    Recommendation,
    State,
)
from klynge.recommendations.tests.conftest import later
from klynge.recommendations.tests.factories import ExternalBodyFactory

pytestmark = pytest.mark.django_db


def on_agenda(recommendation, actor, days=10):
    return services.change_recommendation_state(
        actor=actor,
        recommendation=recommendation,
        to_state=State.ON_AGENDA,
        meeting_date=later(recommendation, days),
        agenda_url="https://www.rm.dk/dagsorden",
    )


def decide(recommendation, actor, days=10, **extra):
    values = {
        "decided_on": later(recommendation, days),
        "outcome": Outcome.AMENDED,
        "decision_text": "Tiltrådt med den ændring, at akutfunktionerne venter til 2028.",
        "minutes_url": "https://www.rm.dk/referat",
    } | extra
    return services.change_recommendation_state(
        actor=actor, recommendation=recommendation, to_state=State.DECIDED, **values
    )


def test_sending_to_several_bodies_makes_one_recommendation_each_with_history(
    item, region, secretariat
):
    council = BodyFactory.create(name="Sundhedsråd Limfjorden")
    kkr = ExternalBodyFactory.create(name="KKR Midtjylland", kind=ExternalBody.Kind.KKR)
    sent = services.send_recommendations(
        actor=secretariat,
        item=item,
        sent_on=item.meeting.date,
        to_external=[region, kkr],
        to_bodies=[council],
    )
    assert sorted(r.receiver_name for r in sent) == sorted(
        ["Regionsrådet, Region Midtjylland", "KKR Midtjylland", "Sundhedsråd Limfjorden"]
    )
    assert {r.state for r in sent} == {State.SENT}
    for recommendation in sent:
        (step,) = recommendation.changes.all()
        assert (step.from_state, step.to_state, step.actor) == ("", State.SENT, secretariat)
    assert AuditEvent.objects.filter(action="recommendation.send").count() == 3


def test_the_answered_chain_goes_sent_on_agenda_decided(sent, secretariat):
    on_agenda(sent, secretariat)
    decide(sent, secretariat)
    sent.refresh_from_db()
    assert sent.state == State.DECIDED
    assert sent.outcome == Outcome.AMENDED
    assert sent.decided_on == later(sent, 10)
    assert [(c.from_state, c.to_state) for c in sent.changes.all()] == [
        ("", State.SENT),
        (State.SENT, State.ON_AGENDA),
        (State.ON_AGENDA, State.DECIDED),
    ]
    events = AuditEvent.objects.filter(action="recommendation.state").order_by("pk")
    assert [e.changes["state"] for e in events] == [
        ["sent", "on_agenda"],
        ["on_agenda", "decided"],
    ]
    assert events.last().changes["outcome"] == "amended"


def test_taken_off_their_agenda_goes_back_to_sent_and_forgets_the_date(sent, secretariat):
    on_agenda(sent, secretariat)
    services.change_recommendation_state(
        actor=secretariat, recommendation=sent, to_state=State.SENT
    )
    sent.refresh_from_db()
    assert (sent.state, sent.meeting_date, sent.agenda_url) == (State.SENT, None, "")


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], State.DECIDED),  # a jump: sent straight to decided
        ([], State.SENT),
        ([State.ON_AGENDA], State.ON_AGENDA),
        ([State.ON_AGENDA, State.DECIDED], State.SENT),
        ([State.ON_AGENDA, State.DECIDED], State.ON_AGENDA),
        ([], "nonsense"),
    ],
)
def test_transitions_outside_the_map_are_refused_and_change_nothing(
    sent, secretariat, path, refused
):
    for state in path:
        (on_agenda if state == State.ON_AGENDA else decide)(sent, secretariat)
    before = sent.changes.count()
    with pytest.raises(ServiceError, match="kan ikke gå fra"):
        services.change_recommendation_state(
            actor=secretariat,
            recommendation=sent,
            to_state=refused,
            meeting_date=later(sent, 1),
            decided_on=later(sent, 1),
            outcome=Outcome.ADOPTED,
        )
    assert sent.changes.count() == before
    assert Recommendation.objects.get().state == (path[-1] if path else State.SENT)


def test_the_map_is_the_only_way_forward():
    assert ALLOWED_TRANSITIONS[State.SENT] == {State.ON_AGENDA}
    assert ALLOWED_TRANSITIONS[State.ON_AGENDA] == {State.DECIDED, State.SENT}
    assert ALLOWED_TRANSITIONS[State.DECIDED] == set()


def test_two_people_entering_the_same_step_cannot_both_succeed(sent, secretariat):
    stale = Recommendation.objects.get(pk=sent.pk)
    on_agenda(sent, secretariat)
    with pytest.raises(ConcurrentEditError):
        on_agenda(stale, secretariat, days=12)
    sent.refresh_from_db()
    assert sent.meeting_date == later(sent, 10)
    assert sent.changes.count() == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"decided_on": None}, "Angiv datoen"),
        ({"outcome": ""}, "Vælg udfaldet"),
        ({"minutes_url": "ftp://rm.dk/referat"}, "http:// eller https://"),
        ({"minutes_url": "javascript:alert(1)"}, "http:// eller https://"),
        # Longer than the column: PostgreSQL would refuse it with an error.
        ({"minutes_url": "https://rm.dk/" + "r" * 490}, "højst være 500 tegn"),
    ],
)
def test_a_decision_without_what_it_needs_is_refused_in_words(sent, secretariat, extra, message):
    on_agenda(sent, secretariat)
    with pytest.raises(ServiceError, match=message):
        decide(sent, secretariat, **extra)
    sent.refresh_from_db()
    assert sent.state == State.ON_AGENDA and sent.decision_text == ""


def test_a_decision_before_the_recommendation_was_sent_is_refused(sent, secretariat):
    on_agenda(sent, secretariat)
    with pytest.raises(ServiceError, match="kan ikke ligge før anbefalingen blev sendt"):
        decide(sent, secretariat, decided_on=sent.sent_on - datetime.timedelta(days=1))
    sent.refresh_from_db()
    assert sent.state == State.ON_AGENDA and sent.decided_on is None


def test_their_meeting_before_the_recommendation_was_sent_is_refused(sent, secretariat):
    with pytest.raises(ServiceError, match="kan ikke ligge før anbefalingen blev sendt"):
        on_agenda(sent, secretariat, days=-1)
    with pytest.raises(ServiceError, match="Angiv datoen for modtagerens møde"):
        services.change_recommendation_state(
            actor=secretariat, recommendation=sent, to_state=State.ON_AGENDA
        )
    sent.refresh_from_db()
    assert sent.state == State.SENT and sent.changes.count() == 1


def test_nothing_is_sent_before_the_meeting_is_held(meeting, region, secretariat):
    item = meeting.items.first()
    with pytest.raises(ServiceError, match="når mødet er holdt"):
        services.send_recommendations(
            actor=secretariat, item=item, sent_on=meeting.date, to_external=[region]
        )
    assert not Recommendation.objects.exists()


def test_sending_twice_to_one_body_saves_none_of_the_batch(sent, item, region, secretariat):
    kkr = ExternalBodyFactory.create(name="KKR Midtjylland", kind=ExternalBody.Kind.KKR)
    with pytest.raises(ServiceError, match="allerede sendt til Regionsrådet"):
        services.send_recommendations(
            actor=secretariat, item=item, sent_on=item.meeting.date, to_external=[kkr, region]
        )
    assert list(Recommendation.objects.all()) == [sent]


def test_sent_before_the_meeting_or_to_itself_is_refused(item, region, secretariat):
    with pytest.raises(ServiceError, match="før mødet"):
        services.send_recommendations(
            actor=secretariat,
            item=item,
            sent_on=item.meeting.date - datetime.timedelta(days=1),
            to_external=[region],
        )
    with pytest.raises(ServiceError, match="til sig selv"):
        services.send_recommendations(
            actor=secretariat, item=item, sent_on=item.meeting.date, to_bodies=[item.meeting.body]
        )
    assert not Recommendation.objects.exists()


def test_external_body_names_are_unique_whatever_the_case_and_urls_are_web_addresses(
    secretariat,
):
    values = {"name": "KKR Midtjylland", "kind": ExternalBody.Kind.KKR, "url": "", "region": ""}
    services.save_external_body(actor=secretariat, external_body=ExternalBody(), values=values)
    with pytest.raises(ServiceError, match="findes allerede"):
        services.save_external_body(
            actor=secretariat,
            external_body=ExternalBody(),
            values=values | {"name": "kkr midtjylland"},
        )
    with pytest.raises(ServiceError, match="http:// eller https://"):
        services.save_external_body(
            actor=secretariat,
            external_body=ExternalBody(),
            values=values | {"name": "KKR Nord", "url": "www.kkr.dk"},
        )
    with pytest.raises(ServiceError, match="højst være 200 tegn"):
        services.save_external_body(
            actor=secretariat,
            external_body=ExternalBody(),
            values=values | {"name": "KKR Nord", "url": "https://kkr.dk/" + "k" * 190},
        )
    assert ExternalBody.objects.count() == 1
    assert AuditEvent.objects.filter(action="external_body.create").count() == 1


def test_the_history_tells_the_changes_in_danish_words(sent, secretariat):
    from klynge.audit.models import AuditEvent
    from klynge.audit.wording import describe

    on_agenda(sent, secretariat)
    send, state = AuditEvent.objects.filter(action__startswith="recommendation.").order_by("pk")
    # By label: PostgreSQL's jsonb keeps no key order.
    sent_lines = {c.label: c.new for c in describe(send)}
    assert sent_lines["Modtager (eksternt organ)"] == "Regionsrådet, Region Midtjylland"
    labels = {c.label: (c.old, c.new) for c in describe(state)}
    assert labels["Status"] == ("Sendt", "På dagsordenen")
    assert "Modtagerens mødedato" in labels


def test_a_decision_before_the_receivers_meeting_is_refused(sent, secretariat):
    """The chain reads sendt → på dagsordenen → besluttet: their decision comes at or after
    the meeting it was on the agenda of."""
    on_agenda(sent, secretariat, days=10)
    with pytest.raises(ServiceError, match="før modtagerens møde"):
        decide(sent, secretariat, days=5)
    decide(sent, secretariat, days=10)
    sent.refresh_from_db()
    assert sent.state == State.DECIDED
