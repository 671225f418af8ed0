"""Property-based API tests from our own OpenAPI spec (schemathesis, in-process ASGI): no 5xx, responses as documented."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402


@pytest.fixture
def api_schema(index_dir, tmp_path):
    from townsquare.server.main import create_app
    from townsquare.server.settings import Settings

    app = create_app(
        Settings(
            index=index_dir,
            keys_db=tmp_path / "keys.sqlite",
            anonymous_quota="1000000/15min",
            posts_quota="100000000/15min",
            enumeration_threshold=1_000_000,
            search_mode="keyword",
        )
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_spec(case):
    # Every default check but positive_data_acceptance: a query's syntax and a next_token's signature cannot be
    # written in JSON Schema, so some schema-valid requests are rightly a 400 (tested in test_server_api.py).
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
