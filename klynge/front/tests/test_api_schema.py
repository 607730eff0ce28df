"""schemathesis over every API operation: generated requests (bounded, deterministic) as the
cluster's secretariat and as a logged-in outsider, on the matrix world. No answer may be a
server error, and every answer must match the OpenAPI schema (status code, content type,
body)."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from klynge.front.tests.world import World

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 30


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    """Calls through the WSGI handler stay in the test's transaction: like Django's test
    client, keep the handler from closing the connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_conforms_to_its_schema(
    world: World, settings: object, wsgi_in_test_transaction: None
) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.API_RATE_PER_MINUTE = 100_000  # the rate limit has its own test
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    calls = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings
        def run(case: schemathesis.Case) -> None:
            nonlocal calls
            for persona in ("secretariat", "outsider"):
                token = world.tokens[persona]
                case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
                calls += 1

        run()
    print(f"\nschemathesis: {len(operations)} operations, {calls} calls")
    assert len(operations) >= 16 and calls >= len(operations) * 2


hypothesis_settings = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
