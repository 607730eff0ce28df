"""schemathesis over every API operation: generated requests (bounded, deterministic) as the
cluster's secretariat and as a logged-in outsider, on the matrix world. No answer may be a
server error, and every answer must match the OpenAPI schema (status code, content type,
body)."""

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from klynge.core.tests.world import World

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 30


def test_api_conforms_to_its_schema(world: World, settings: object) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]  # type: ignore[attr-defined]
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
