import pytest

from klynge.front.tests.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()
