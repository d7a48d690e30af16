"""schemathesis against the drf-spectacular OpenAPI schema: every operation, two roles.

Each role (the committee office and enterprise A's user, token-authenticated) gets generated
requests — valid and invalid bodies, query strings and path ids — for every operation in
``/api/schema/``. The checks: no 5xx, and every documented response (status, content type, body)
matches the schema. Path ids are pointed at real objects of the ``world`` (made by the permission
matrix's helpers), so detail and action endpoints serialise real rows instead of only 404-ing.

Bounded for CI on two cores: a few examples per operation, no deadline, no stateful phase.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re

import pytest
import schemathesis
from django.core.exceptions import ValidationError
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.urls import NoReverseMatch, reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests import permissions

EXAMPLES_PER_OPERATION = 6
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def openapi_document() -> dict:
    """The same document ``/api/schema/`` serves (rendered to JSON, so lazy strings are plain)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


@pytest.fixture(scope="module")
def api_schema():
    schema = schemathesis.openapi.from_dict(openapi_document())
    schema.app = WSGIHandler()
    return schema


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI handler closes "old" connections per request; in a test transaction that would
    close the test's own connection. Django's test client disconnects the same signal."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def known_ids(world) -> dict[str, str]:
    """Schema path template → id of a real object, from the permission matrix's object helpers."""
    concrete: list[str] = []
    for mod in pkgutil.iter_modules(permissions.__path__):
        module = importlib.import_module(f"tests.permissions.{mod.name}")
        for name, route in module.ROUTES.items():
            if not route.kwargs:
                continue
            try:
                with transaction.atomic():  # the helpers assume a fresh world; one may clash with another's objects
                    path = reverse(name, kwargs=route.kwargs(world))
            except (NoReverseMatch, ValidationError):
                continue
            if path.startswith("/api/v1/"):
                concrete.append(path)
    ids: dict[str, str] = {}
    for template in openapi_document()["paths"]:
        pattern = re.compile("^" + re.sub(r"\\\{id\\\}", r"(?P<id>\\d+)", re.escape(template)) + "$")
        for path in concrete:
            match = pattern.match(path)
            if match and "id" in match.groupdict():
                ids[template] = match.group("id")
                break
    return ids


@pytest.fixture
def seeded(world, wsgi_in_test_transaction):
    ids = known_ids(world)
    assert len(ids) >= 30, f"too few API objects to exercise detail routes: {sorted(ids)}"
    tokens = {role: Token.objects.create(user=world.users[role]).key for role in ("office", "ent_a")}
    return ids, tokens


def exercise(operation, ids: dict[str, str], tokens: dict[str, str]) -> list[str]:
    """Run the generated cases of one operation for every role; return the failures (not shrunk)."""
    strategies = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    if operation.path in ids:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": int(ids[operation.path])}))
    failures: list[str] = []

    @given(case=st.one_of(strategies))
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        for role, token in tokens.items():
            response = case.call(headers={"Authorization": f"Token {token}"})
            try:
                case.validate_response(response, checks=CHECKS)
            except (AssertionError, FailureGroup, Failure) as exc:  # every check failure is reported, the run goes on
                failures.append(f"{role} {case.method} {case.formatted_path} {case.query or ''} "
                                f"→ {response.status_code}: {str(exc).strip()[:600]}")

    try:
        run()
    except Unsatisfiable:  # an operation whose every generated case is filtered out: nothing to send
        pass
    return failures


def test_api_answers_generated_requests_as_documented_for_office_and_enterprise(api_schema, seeded):
    ids, tokens = seeded
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 90, "the schema lost operations"
    for operation in operations:
        failures += exercise(operation, ids, tokens)
    assert not failures, f"{len(failures)} failing requests:\n" + "\n".join(failures[:40])
