"""Sundhedsråd Aarhus's money in the demo: the 2027 frame, allocations to six initiatives
(granted by the decision on `frame_item`), a co-financing commitment and spending for Q1."""

from klynge.accounts.models import User
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Cluster


def load(*, council: Cluster, frame_item: AgendaItem, sec: User) -> None:
    """The 2027 frame, allocations, co-financing and spending."""
