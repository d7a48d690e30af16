"""The OpenAPI schema generates without a single drf-spectacular warning or error.

Same semantics as ``manage.py spectacular --validate --fail-on-warn``: a new view without a
serializer, an enum name clash or a component name clash fails the build here, before clients
(and schemathesis) see a wrong schema.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command


def test_openapi_schema_generates_and_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    try:
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    except Exception as exc:  # SchemaGenerationError / SystemExit carry the summary
        pytest.fail(f"spectacular --fail-on-warn: {exc}")
    text = out.read_text(encoding="utf-8")
    assert "/api/v1/hazards/{id}/verify/" in text
    assert "HazardStatusEnum" in text and "EmergencyPlan" in text
