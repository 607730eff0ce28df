"""Recommendations in the API: each one's chain from the sending body's decision to the
receiver's, as far as the caller may read the decision (the same rule as the pages)."""

import datetime

from django.db.models import Prefetch, QuerySet
from ninja import Router, Schema

from klynge.accounts.http import AuthedRequest
from klynge.core.schema import Id, responses
from klynge.meetings.access import access_for, get_item_for_user
from klynge.recommendations.models import (
    Outcome,
    Recommendation,
    RecommendationStateChange,
    State,
)

router = Router(tags=["recommendations"])


class StepOut(Schema):
    from_state: State | None
    to_state: State
    at: datetime.datetime


class RecommendationOut(Schema):
    id: int
    item_id: int
    item_title: str
    meeting_id: int
    from_body_id: int
    from_body_name: str
    #: The day the sending body decided (its meeting).
    recommended_on: datetime.date
    to_external_id: int | None
    to_body_id: int | None
    receiver_name: str
    state: State
    sent_on: datetime.date
    meeting_date: datetime.date | None
    agenda_url: str
    decided_on: datetime.date | None
    outcome: Outcome | None
    decision_text: str
    minutes_url: str
    history: list[StepOut]


def _out(rec: Recommendation) -> RecommendationOut:
    meeting = rec.item.meeting
    return RecommendationOut(
        id=rec.pk,
        item_id=rec.item_id,
        item_title=rec.item.title,
        meeting_id=meeting.pk,
        from_body_id=meeting.body_id,
        from_body_name=meeting.body.name,
        recommended_on=meeting.date,
        to_external_id=rec.to_external_id,
        to_body_id=rec.to_body_id,
        receiver_name=rec.receiver_name,
        state=State(rec.state),
        sent_on=rec.sent_on,
        meeting_date=rec.meeting_date,
        agenda_url=rec.agenda_url,
        decided_on=rec.decided_on,
        outcome=Outcome(rec.outcome) if rec.outcome else None,
        decision_text=rec.decision_text,
        minutes_url=rec.minutes_url,
        history=[
            StepOut(
                from_state=State(step.from_state) if step.from_state else None,
                to_state=State(step.to_state),
                at=step.created_at,
            )
            for step in rec.changes.all()
        ],
    )


def _with_chain(recommendations: QuerySet[Recommendation]) -> list[RecommendationOut]:
    rows = recommendations.select_related("item__meeting__body").prefetch_related(
        Prefetch("changes", queryset=RecommendationStateChange.objects.order_by("created_at", "id"))
    )
    return [_out(rec) for rec in rows]


@router.get("/recommendations", response=responses(list[RecommendationOut]))
def list_recommendations(
    request: AuthedRequest,
    body_id: Id | None = None,
    state: State | None = None,
    since: datetime.date | None = None,
) -> list[RecommendationOut]:
    """Recommendations whose decision the caller may read, newest first (at most 500):
    `body_id` the sending body, `state`, `since` sent on or after."""
    recommendations = Recommendation.objects.visible_to(request.user)
    if body_id is not None:
        recommendations = recommendations.filter(item__meeting__body_id=body_id)
    if state is not None:
        recommendations = recommendations.filter(state=state)
    if since is not None:
        recommendations = recommendations.filter(sent_on__gte=since)
    return _with_chain(recommendations.order_by("-sent_on", "-pk")[:500])


@router.get("/items/{item_id}/recommendations", response=responses(list[RecommendationOut]))
def item_recommendations(request: AuthedRequest, item_id: Id) -> list[RecommendationOut]:
    """What the decision on the item was sent on to, and what became of it; empty while the
    caller may not read the decision."""
    item = get_item_for_user(request.user, item_id)
    if not access_for(request.user, item.meeting).can_see_decision_of(item):
        return []
    return _with_chain(Recommendation.objects.filter(item=item))
