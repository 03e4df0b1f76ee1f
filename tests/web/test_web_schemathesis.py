"""Schemathesis against the explorer's OpenAPI schema: no generated request gets a 5xx.

The example count is kept small so the whole file runs well under a minute on two cores.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from detente.web import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


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
