"""Who may see and record votes, inhabilitet and statements.

Seeing follows the decision's rule (`MeetingAccess.can_see_decision_of`): chairs once the
minutes are drafted, members once approved, the public once published, closed items never
for the public. Recording is for the secretariat (`can_manage`) while the minutes are
editable (the services check the meeting's state).
"""

from typing import TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.meetings.access import access_for, get_item_for_user
from klynge.meetings.models import AgendaItem
from klynge.votes.models import Inhabilitet, Statement, Vote

Row = TypeVar("Row", bound=models.Model)


def get_item_votes_for_user(user: object, pk: int, *, write: bool = False) -> AgendaItem:
    """The item whose votes the user may see (404 before the decision is visible to them);
    with `write`, 403 unless they keep the meeting."""
    item = get_item_for_user(user, pk, write=write)
    if not access_for(user, item.meeting).can_see_decision_of(item):
        raise Http404
    return item


def _get_row_for_user(model: type[Row], user: object, pk: int, *, write: bool) -> Row:
    row = get_object_or_404(model._default_manager.select_related("item"), pk=pk)
    get_item_votes_for_user(user, row.item_id, write=write)  # type: ignore[attr-defined]
    return row


def get_vote_for_user(user: object, pk: int, *, write: bool = False) -> Vote:
    return _get_row_for_user(Vote, user, pk, write=write)


def get_inhabilitet_for_user(user: object, pk: int, *, write: bool = False) -> Inhabilitet:
    return _get_row_for_user(Inhabilitet, user, pk, write=write)


def get_statement_for_user(user: object, pk: int, *, write: bool = False) -> Statement:
    return _get_row_for_user(Statement, user, pk, write=write)


def can_see_reason(user: object, item: AgendaItem) -> bool:
    """An inhabilitet's reason may be personal: the secretariat and the chairs only."""
    access = access_for(user, item.meeting)
    return access.can_see_decision_of(item) and (access.can_manage or access.is_chair)
