"""The API fuzzed from its own OpenAPI schema (schemathesis), as the secretariat and as two focal
points: no server error, and status codes and bodies that the schema documents.

CI runs a short, derandomized pass. A long pass by hand: docs/api.md, "Fuzzing".
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ActivityUpdateFactory, FollowUpActionFactory, InputRequestFactory

# The checks: no server error; status codes and response bodies as the schema documents.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "8"))


# Loaded at collection: generating the schema touches no database. (schemathesis.pytest.from_fixture
# does not work with pytest 9 yet.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_transactions_connection():
    """The WSGI calls run inside the test's transaction; Django would close its connection at the
    end of each request (as its own test client prevents, so do we)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(secretariat_user, focal_point_a, focal_point_b, organization_a, organization_b):
    # Something to find: objects of both organizations.
    for organization in (organization_a, organization_b):
        FollowUpActionFactory(lead_organization=organization)
        request = InputRequestFactory(organization=organization)
        ActivityUpdateFactory(organization=organization, input_request=request)
    return [AuthToken.objects.create(user)[1] for user in (secretariat_user, focal_point_a, focal_point_b)]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_the_api_keeps_to_its_schema(case, tokens):
    for token in tokens:
        case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
