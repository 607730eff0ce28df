"""Votes, inhabilitet and statements of an agenda item: read (following the decision's
visibility) and, for the secretariat while the minutes are editable, recorded."""

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from klynge.accounts.http import AuthedRequest
from klynge.core.exceptions import ServiceError
from klynge.core.schema import Id, column, responses
from klynge.meetings.access import access_for, get_item_for_user
from klynge.meetings.models import AgendaItem
from klynge.votes import services
from klynge.votes.access import get_item_votes_for_user
from klynge.votes.models import Ballot, Choice, Result, Vote

router = Router(tags=["votes"])


class BallotOut(Schema):
    person_id: Id
    person_name: str
    on_behalf_of_id: int | None
    choice: Choice
    group: str


class VoteOut(Schema):
    id: int
    subject: str
    result: Result
    votes_for: int
    votes_against: int
    abstentions: int
    rule: str
    members: int
    by_group: bool
    ballots: list[BallotOut]


class InhabilitetOut(Schema):
    person_id: Id
    person_name: str
    #: Only for the secretariat and the chairs; null for everyone else.
    reason: str | None


class StatementOut(Schema):
    id: int
    kind: str
    group: str
    people: list[str]
    text: str


class ItemVotesOut(Schema):
    """Empty lists until the user may see the item's decision."""

    item_id: Id
    visible: bool
    votes: list[VoteOut]
    inhabil: list[InhabilitetOut]
    statements: list[StatementOut]


class BallotIn(Schema):
    person_id: Id
    choice: Choice
    group: str = column(Ballot, "group", "")


#: More ballots than any body has members is a mistake, not a vote.
MAX_BALLOTS = 500


class VoteIn(Schema):
    subject: str = column(Vote, "subject", "Indstillingen")
    ballots: list[BallotIn] = Field(max_length=MAX_BALLOTS)


def _vote_out(vote: Vote) -> VoteOut:
    return VoteOut(
        id=vote.pk,
        subject=vote.subject,
        result=Result(vote.result),
        votes_for=vote.votes_for,
        votes_against=vote.votes_against,
        abstentions=vote.abstentions,
        rule=vote.rule,
        members=vote.members,
        by_group=vote.by_group,
        ballots=[
            BallotOut(
                person_id=b.person_id,
                person_name=b.person.name,
                on_behalf_of_id=b.on_behalf_of_id,
                choice=Choice(b.choice),
                group=b.group,
            )
            for b in vote.ballots.all()
        ],
    )


def _item_votes_out(user: object, item: AgendaItem) -> ItemVotesOut:
    access = access_for(user, item.meeting)
    if not access.can_see_decision_of(item):
        return ItemVotesOut(item_id=item.pk, visible=False, votes=[], inhabil=[], statements=[])
    sees_reason = access.can_manage or access.is_chair
    return ItemVotesOut(
        item_id=item.pk,
        visible=True,
        votes=[_vote_out(vote) for vote in Vote.objects.filter(item=item)],
        inhabil=[
            InhabilitetOut(
                person_id=i.person_id,
                person_name=i.person.name,
                reason=i.reason if sees_reason else None,
            )
            for i in item.inhabilities.select_related("person")
        ],
        statements=[
            StatementOut(
                id=s.pk,
                kind=s.kind,
                group=s.group,
                people=[p.name for p in s.people.all()],
                text=s.text,
            )
            for s in item.statements.all()
        ],
    )


@router.get("/items/{item_id}/votes", response=responses(ItemVotesOut), url_name="item_votes")
def item_votes(request: AuthedRequest, item_id: Id) -> ItemVotesOut:
    item = get_item_for_user(request.user, item_id)
    return _item_votes_out(request.user, item)


# One name for the path: its GET and POST are one URL.
@router.post("/items/{item_id}/votes", response=responses(VoteOut, 201), url_name="item_votes")
def record_vote(request: AuthedRequest, item_id: Id, payload: VoteIn) -> Status[VoteOut]:
    item = get_item_votes_for_user(request.user, item_id, write=True)
    people = [b.person_id for b in payload.ballots]
    if len(set(people)) < len(people):
        raise ServiceError(_("Hver person kan kun stemme én gang i en afstemning."))
    vote = services.record_vote(
        actor=request.user,
        item=item,
        subject=payload.subject,
        choices={b.person_id: b.choice for b in payload.ballots},
        groups={b.person_id: b.group for b in payload.ballots if b.group},
    )
    return Status(201, _vote_out(Vote.objects.get(pk=vote.pk)))
