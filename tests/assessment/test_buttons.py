"""The scheme and unit pages show a lifecycle control exactly when the table allows it — every
status × every demo role (assessment/permissions.py: SCHEME, UNIT)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from assessment import services
from assessment.choices import SchemeStatus, Source
from assessment.models import AssessedUnit, Objection, Scheme, Score
from assessment.permissions import SCHEME, UNIT
from tests.lifecycle_buttons import assert_buttons_match, shown_actions

from .helpers import add_streets, build_scheme


@pytest.fixture
def scheme_with_unit(world):
    office = world.users["office"]
    scheme, _ = build_scheme(office)
    unit = add_streets(scheme, office, [world.street_a])[world.street_a.pk]
    services.unit_set_reviewers(unit=unit, by=office, reviewers=[world.users["expert"]])
    return scheme, unit


def test_scheme_buttons_match_the_table_for_every_status_and_role(world, scheme_with_unit):
    scheme, _ = scheme_with_unit
    checked = assert_buttons_match(SCHEME, scheme, f"/assessment/schemes/{scheme.pk}/", world.users.values())
    assert checked >= len(SchemeStatus.values) * 2  # at least the office and the admin on every status


def test_unit_buttons_match_the_table_for_every_status_and_role(world, scheme_with_unit):
    scheme, unit = scheme_with_unit
    services.scheme_publish(scheme=scheme, by=world.users["office"])  # creates the unit's score sheet
    manual = Score.objects.filter(unit=unit, indicator__source=Source.MANUAL).first()
    Objection.objects.create(score=manual, reason="材料已补", raised_by=world.users["street_a"])
    failures, checked = [], 0
    for status in SchemeStatus.values:
        Scheme.objects.filter(pk=scheme.pk).update(status=status)
        fresh = AssessedUnit.objects.select_related("scheme").get(pk=unit.pk)
        for user in world.users.values():
            client = Client()
            client.force_login(user)
            response = client.get(f"/assessment/units/{unit.pk}/")
            if response.status_code == 404:
                continue
            assert response.status_code == 200
            checked += 1
            shown, allowed = shown_actions(response.content.decode(), UNIT), UNIT.allowed_actions(user, fresh)
            if shown != allowed:
                failures.append(f"{status} / {user.username} ({user.role}): shown {sorted(shown)}, allowed {sorted(allowed)}")
    assert not failures, "\n".join(failures)
    assert checked >= 4 * 3  # street_a, expert, office (and admin) on the statuses past the draft


def test_scheme_steps_refuse_who_with_403_before_the_status(world, scheme_with_unit):
    scheme, unit = scheme_with_unit
    with pytest.raises(PermissionDenied, match="只有安委办"):
        services.scheme_start_review(scheme=scheme, by=world.users["street_a"])
    with pytest.raises(ValidationError, match="只有在“自评中”阶段才能进入评审"):
        services.scheme_start_review(scheme=scheme, by=world.users["office"])


def test_only_the_unit_uploads_evidence_from_page_and_service_with_the_same_reason(world, scheme_with_unit):
    """Fixed inconsistency: the page refused an upload with “只有被考核单位本身可以上传佐证材料” and the
    service with another text; both now read assessment.upload_evidence."""
    scheme, unit = scheme_with_unit
    services.scheme_publish(scheme=scheme, by=world.users["office"])
    r = world.client("office").post(f"/assessment/units/{unit.pk}/evidence/", {"title": "x"})
    assert r.status_code == 403
    with pytest.raises(PermissionDenied, match="只有被考核单位本身可以上传佐证材料"):
        services.evidence_add(unit=unit, by=world.users["office"], title="x", file=None)
