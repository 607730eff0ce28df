import pytest

from klynge.organisations.models import Body
from klynge.search.tests.data import build_archive


@pytest.fixture
def archive(body: Body) -> dict[str, object]:
    return build_archive(body)
