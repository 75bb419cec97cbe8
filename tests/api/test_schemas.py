"""Property-based run of the whole read API against its own OpenAPI document (schemathesis).

Every operation gets generated query parameters, in-process through the WSGI application,
with the demo loaded: no answer may be a server error, and every answer must match the
status codes, headers, content types and schemas the document declares.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tracker.wsgi import application

EXAMPLES_PER_OPERATION = 25
BOUNDED = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# What the API promises: no server error, and only the statuses, headers, content types and
# bodies its document declares. (Whether a given value is accepted is for test_api.py: the API
# reads blank parameters as absent and some values are valid alone but not together, such as
# an end before the start, which the schema cannot express.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def call_and_validate(case):
    # The WSGI transport does not undo gzip (tracker/compression.py) as an HTTP client would.
    return case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})


# Loaded at collection: the document needs no database. (schemathesis's lazy fixture loader
# does not work with pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Explicit examples and random fuzzing, positive and negative; the exhaustive coverage phase
# would take minutes.
schema.config.phases.update(phases=["examples", "fuzzing"])


@pytest.fixture
def kept_connection():
    """Keep the test's database connection across WSGI requests, as Django's test client does.

    The WSGI handler closes "old" connections when a request starts and ends; on PostgreSQL
    that would close the connection holding the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@BOUNDED
def test_api_schema_holds_for_any_slug(case, demo, kept_connection):
    call_and_validate(case)


@schema.parametrize()
@BOUNDED
def test_api_schema_holds_for_the_demo(case, demo, kept_connection):
    if case.path_parameters and "slug" in case.path_parameters:
        case.path_parameters["slug"] = "sma-11"
    response = call_and_validate(case)
    assert response.status_code in (200, 400), response.text
