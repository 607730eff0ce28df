import pytest

from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ServiceError
from klynge.meetings.models import Attendance, MeetingStatus
from klynge.organisations.models import VoteRule, VotesBy
from klynge.organisations.tests.factories import OrganisationFactory, PersonFactory
from klynge.votes import services
from klynge.votes.models import Ballot, Choice, Result, Vote
from klynge.votes.services import compute_result
from klynge.votes.tests.factories import hold, seat

pytestmark = pytest.mark.django_db

FOR, AGAINST, ABSTAIN = Choice.FOR, Choice.AGAINST, Choice.ABSTAIN


@pytest.mark.parametrize(
    ("rule", "votes_for", "votes_against", "members", "expected"),
    [
        (VoteRule.SIMPLE, 6, 2, 9, Result.ADOPTED),
        (VoteRule.SIMPLE, 2, 3, 9, Result.REJECTED),
        (VoteRule.SIMPLE, 3, 3, 9, Result.TIE),
        (VoteRule.SIMPLE, 0, 0, 9, Result.TIE),
        (VoteRule.SIMPLE, 1, 0, 9, Result.ADOPTED),
        (VoteRule.MEMBERS, 5, 0, 9, Result.ADOPTED),
        (VoteRule.MEMBERS, 4, 1, 9, Result.REJECTED),
        (VoteRule.MEMBERS, 4, 4, 8, Result.TIE),
        (VoteRule.MEMBERS, 4, 0, 8, Result.REJECTED),
        (VoteRule.MEMBERS, 5, 3, 8, Result.ADOPTED),
    ],
)
def test_result_follows_the_rule(rule, votes_for, votes_against, members, expected):
    assert (
        compute_result(rule=rule, votes_for=votes_for, votes_against=votes_against, members=members)
        == expected
    )


def _ids(people):
    return [p.pk for p in people]


def test_simple_majority_of_those_voting_adopts(item, council, secretariat):
    a, b, c, d, e = council
    vote = services.record_vote(
        actor=secretariat,
        item=item,
        subject="Indstillingen",
        choices={a.pk: FOR, b.pk: FOR, c.pk: AGAINST, d.pk: ABSTAIN, e.pk: ABSTAIN},
    )
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (2, 1, 2)
    assert vote.result == Result.ADOPTED
    assert AuditEvent.objects.filter(action="vote.record").count() == 1


def test_majority_of_members_needs_more_than_half_the_body(item, council, secretariat, body):
    body.vote_rule = VoteRule.MEMBERS
    body.save()
    a, b, c, d, _e = council
    vote = services.record_vote(
        actor=secretariat, item=item, subject="", choices={a.pk: FOR, b.pk: FOR, c.pk: FOR}
    )
    # 7 members with a vote (the co-chair, the member and five): 3 for is not a majority.
    assert vote.members == 7
    assert vote.result == Result.REJECTED
    assert vote.subject == "Indstillingen"
    vote = services.record_vote(
        actor=secretariat,
        item=item,
        subject="Ændringsforslag fra V",
        choices={a.pk: FOR, b.pk: FOR, c.pk: FOR, d.pk: FOR},
    )
    assert vote.result == Result.ADOPTED
    assert item.votes.count() == 2


def test_equal_for_and_against_is_stemmelighed(item, council, secretariat):
    a, b, *_ = council
    vote = services.record_vote(
        actor=secretariat, item=item, subject="", choices={a.pk: FOR, b.pk: AGAINST}
    )
    assert vote.result == Result.TIE
    # The minutes say what a tie means.
    assert vote.result_text == "Stemmelighed – forslaget er ikke vedtaget"


def test_an_inhabil_member_is_not_among_the_voters_and_cannot_cast(item, council, secretariat):
    a, b, *_ = council
    services.declare_inhabil(actor=secretariat, item=item, person=a, reason="Ejer grunden")
    assert a.pk not in [v.person.pk for v in services.voters(item)]
    with pytest.raises(ServiceError, match="inhabil"):
        services.record_vote(
            actor=secretariat, item=item, subject="", choices={b.pk: FOR, a.pk: FOR}
        )
    assert not Vote.objects.exists() and not Ballot.objects.exists()


def test_the_inhabil_reason_is_not_copied_into_the_audit_log(item, council, secretariat):
    services.declare_inhabil(actor=secretariat, item=item, person=council[0], reason="Syg søn")
    event = AuditEvent.objects.get(action="inhabilitet.declare")
    assert "Syg søn" not in str(event.changes)


def test_an_absent_member_cannot_vote(item, council, secretariat, held):
    a, b, *_ = council
    held.attendances.filter(person=a).update(status=Attendance.Status.ABSENT)
    assert a.pk not in [v.person.pk for v in services.voters(item)]
    with pytest.raises(ServiceError, match="ikke et stemmeberettiget medlem"):
        services.record_vote(
            actor=secretariat, item=item, subject="", choices={a.pk: FOR, b.pk: FOR}
        )
    assert not Vote.objects.exists()


def test_a_member_away_for_the_item_cannot_vote_on_it(item, council, held):
    attendance = held.attendances.get(person=council[0])
    attendance.absent_items.add(item)
    assert council[0].pk not in [v.person.pk for v in services.voters(item)]


def test_a_substitute_votes_for_the_member_they_replace(item, council, held, secretariat):
    held.attendances.filter(person=council[0]).update(status=Attendance.Status.ABSENT)
    stand_in = PersonFactory(name="Stella Stedfortræder")
    Attendance.objects.create(
        meeting=held,
        person=stand_in,
        substitute_for=council[0],
        status=Attendance.Status.ATTENDING,
    )
    voter = next(v for v in services.voters(item) if v.person == stand_in)
    assert voter.on_behalf_of == council[0]
    vote = services.record_vote(
        actor=secretariat, item=item, subject="", choices={stand_in.pk: FOR}
    )
    assert vote.ballots.get().on_behalf_of == council[0]


def test_a_vote_with_nobody_is_refused(item, secretariat):
    with pytest.raises(ServiceError, match="ingen stemmer"):
        services.record_vote(actor=secretariat, item=item, subject="", choices={})


def test_an_outsider_cannot_vote(item, secretariat):
    stranger = PersonFactory(name="Udenforstående")
    with pytest.raises(ServiceError, match="Udenforstående"):
        services.record_vote(actor=secretariat, item=item, subject="", choices={stranger.pk: FOR})


def test_votes_are_recorded_only_while_the_minutes_are_editable(item, council, secretariat, held):
    held.status = MeetingStatus.MINUTES_APPROVED
    held.save()
    with pytest.raises(ServiceError, match="referatet"):
        services.record_vote(actor=secretariat, item=item, subject="", choices={council[0].pk: FOR})


def test_a_member_who_voted_cannot_be_declared_inhabil_until_the_vote_is_gone(
    item, council, secretariat
):
    vote = services.record_vote(
        actor=secretariat, item=item, subject="", choices={council[0].pk: FOR}
    )
    with pytest.raises(ServiceError, match="Slet afstemningen"):
        services.declare_inhabil(actor=secretariat, item=item, person=council[0])
    services.delete_vote(actor=secretariat, vote=vote)
    services.declare_inhabil(actor=secretariat, item=item, person=council[0])


def test_group_votes_count_each_member_of_the_group(body, meeting, secretariat):
    body.votes_by = VotesBy.GROUP
    body.save()
    region = OrganisationFactory(name="Region Midtjylland")
    town = OrganisationFactory(name="Samsø Kommune")
    regional = seat(body, ["R1", "R2", "R3"], region)
    municipal = seat(body, ["K1"], town)
    from klynge.meetings import services as meeting_services

    meeting_services.invite_members(meeting=meeting)
    hold(meeting, secretariat)
    item = meeting.items.first()
    assert {v.group for v in services.voters(item) if v.person in regional} == {
        "Region Midtjylland"
    }
    vote = services.record_vote(
        actor=secretariat,
        item=item,
        subject="",
        choices={**dict.fromkeys(_ids(regional), FOR), municipal[0].pk: AGAINST},
        groups={municipal[0].pk: "Samsø"},
    )
    assert (vote.votes_for, vote.votes_against, vote.result) == (3, 1, Result.ADOPTED)
    assert vote.names_by_choice() == [("For", ["Region Midtjylland (3)"]), ("Imod", ["Samsø (1)"])]


def test_a_group_votes_as_one(body, meeting, secretariat):
    body.votes_by = VotesBy.GROUP
    body.save()
    region = OrganisationFactory(name="Region Midtjylland")
    r1, r2 = seat(body, ["R1", "R2"], region)
    from klynge.meetings import services as meeting_services

    meeting_services.invite_members(meeting=meeting)
    hold(meeting, secretariat)
    with pytest.raises(ServiceError, match="stemmer samlet"):
        services.record_vote(
            actor=secretariat,
            item=meeting.items.first(),
            subject="",
            choices={r1.pk: FOR, r2.pk: AGAINST},
        )


def test_statement_needs_text_and_someone(item, council, secretariat):
    with pytest.raises(ServiceError):
        services.add_statement(actor=secretariat, item=item, text="Vi er imod.")
    statement = services.add_statement(
        actor=secretariat, item=item, text="Vi er imod.", people=council[:2]
    )
    assert statement.by == f"{council[0].name}, {council[1].name}"


def test_texts_past_their_columns_are_refused_in_words_and_nothing_is_saved(
    item, council, secretariat, body
):
    """PostgreSQL refuses a text longer than its column with an error (a 500): the service
    says it in Danish first, for the form and the API alike."""
    a, b, *_rest = council
    with pytest.raises(ServiceError, match="højst være 200 tegn"):
        services.record_vote(actor=secretariat, item=item, subject="x" * 201, choices={a.pk: FOR})
    body.votes_by = VotesBy.GROUP
    body.save()
    with pytest.raises(ServiceError, match="højst være 200 tegn"):
        services.record_vote(
            actor=secretariat, item=item, subject="", choices={a.pk: FOR}, groups={a.pk: "g" * 201}
        )
    with pytest.raises(ServiceError, match="højst være 500 tegn"):
        services.declare_inhabil(actor=secretariat, item=item, person=b, reason="r" * 501)
    with pytest.raises(ServiceError, match="højst være 200 tegn"):
        services.add_statement(actor=secretariat, item=item, text="Imod.", group="g" * 201)
    assert not Vote.objects.exists() and not Ballot.objects.exists()
    assert not item.inhabilities.exists() and not item.statements.exists()


def test_a_change_to_votes_in_draft_minutes_asks_the_chairs_to_approve_again(
    item, council, secretariat
):
    """Votes, inhabilitet and statements are printed in the minutes: an approval given
    before they changed was for another text."""
    from klynge.meetings import services as meeting_services

    meeting = item.meeting
    meeting_services.change_meeting_status(
        actor=secretariat, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
    )
    a, b, *_rest = council
    versions = [meeting.minutes_version]
    vote = services.record_vote(actor=secretariat, item=item, subject="", choices={a.pk: FOR})
    statement = services.add_statement(actor=secretariat, item=item, text="Imod.", people=[a])
    inhabil = services.declare_inhabil(actor=secretariat, item=item, person=b)
    for undo in (
        lambda: services.delete_vote(actor=secretariat, vote=vote),
        lambda: services.delete_statement(actor=secretariat, statement=statement),
        lambda: services.remove_inhabil(actor=secretariat, inhabilitet=inhabil),
    ):
        undo()
    meeting.refresh_from_db()
    assert meeting.minutes_version == versions[0] + 6
    # A write refused leaves the version as it was.
    with pytest.raises(ServiceError):
        services.record_vote(actor=secretariat, item=item, subject="", choices={})
    meeting.refresh_from_db()
    assert meeting.minutes_version == versions[0] + 6
