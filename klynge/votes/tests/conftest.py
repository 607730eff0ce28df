import pytest

from klynge.votes.tests.factories import hold, seat


@pytest.fixture
def council(body):
    """Five more members besides the fixtures' chair and member (seven with a vote)."""
    return seat(body, ["Anna Bech", "Bo Dahl", "Carl Enevold", "Dorte Friis", "Erik Gram"])


@pytest.fixture
def held(council, meeting, secretariat):
    return hold(meeting, secretariat)


@pytest.fixture
def item(held):
    return held.items.first()
