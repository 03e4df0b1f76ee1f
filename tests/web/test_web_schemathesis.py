"""Schemathesis against the explorer's OpenAPI schema: no generated request gets a 5xx.

The example count is kept small so the whole file runs well under a minute on two cores.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from detente.web import create_app

# its own empty run store: never the user's (whose old records are not this test's business)
_STORE = Path(tempfile.mkdtemp(prefix="detente-schemathesis-")) / "runs.duckdb"
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(run_store=_STORE))


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
    )
