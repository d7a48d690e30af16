"""A button is shown exactly when its action is allowed — the hazard and the extension-request
lifecycles (hazards/permissions.py), every status × every demo role, on the hazard page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.choices import ExtensionStatus, HazardGrade, HazardSource, HazardStatus, SupervisionStatus
from hazards.models import ExtensionRequest, Supervision
from hazards.permissions import EXTENSION, HAZARD
from tests.hazards.factories import HazardFactory
from tests.lifecycle_buttons import assert_buttons_match

pytestmark = pytest.mark.django_db


def url(h) -> str:
    return reverse("hazards:detail", args=[h.pk])


def spot_check_due_when_closed(h, status):
    type(h).objects.filter(pk=h.pk).update(spot_check_due=status == HazardStatus.CLOSED)


@pytest.mark.parametrize("source, grade", [
    (HazardSource.GRID, HazardGrade.GENERAL),
    (HazardSource.GRID, HazardGrade.MAJOR),
    (HazardSource.SELF_CHECK, HazardGrade.GENERAL),  # the enterprise may close it itself (setting)
    (HazardSource.ENFORCEMENT, HazardGrade.GENERAL),  # the finding department verifies
    (HazardSource.EXPERT, HazardGrade.MAJOR),
])
def test_hazard_buttons_match_the_table(world, settings, source, grade):
    settings.HAZARD_SELF_CLOSE_GENERAL = True
    h = HazardFactory(enterprise=world.ent_a, source=source, grade=grade,
                      department=world.dept if source == HazardSource.ENFORCEMENT else None)
    checked = assert_buttons_match(HAZARD, h, url(h), world.users.values(), prepare=spot_check_due_when_closed)
    assert checked >= 4 * 6  # every status for the six roles that see A's hazards


def test_hazard_buttons_of_a_listed_hazard_with_and_without_a_pending_extension(world):
    h = HazardFactory(enterprise=world.ent_a, grade=HazardGrade.MAJOR)
    Supervision.objects.create(hazard=h, listed_by=world.users["office"], deadline=h.deadline,
                               status=SupervisionStatus.LISTED)
    assert_buttons_match(HAZARD, h, url(h), world.users.values())
    ExtensionRequest.objects.create(hazard=h, requested_by=world.users["ent_a"], reason="设备到货延迟",
                                    new_deadline=h.deadline + dt.timedelta(days=30))
    assert_buttons_match(HAZARD, h, url(h), world.users.values())


def test_extension_request_buttons_match_the_table(world):
    h = HazardFactory(enterprise=world.ent_a, grade=HazardGrade.MAJOR)
    Supervision.objects.create(hazard=h, listed_by=world.users["office"], deadline=h.deadline,
                               status=SupervisionStatus.LISTED)
    req = ExtensionRequest.objects.create(hazard=h, requested_by=world.users["ent_a"], reason="设备到货延迟",
                                          new_deadline=h.deadline + dt.timedelta(days=30))
    checked = assert_buttons_match(EXTENSION, req, url(h), world.users.values())
    assert checked == len(ExtensionStatus.values) * 6
    req.refresh_from_db()
    assert req.status == ExtensionStatus.REJECTED  # the last status walked
    req.status = ExtensionStatus.PENDING
    req.save()
    office = EXTENSION.allowed_actions(world.users["office"], req)
    assert office == {"decide"} and not EXTENSION.allowed_actions(world.users["ent_a"], req)


def test_the_api_lists_the_same_allowed_actions(world):
    h = HazardFactory(enterprise=world.ent_a, grade=HazardGrade.MAJOR, status=HazardStatus.REPORTED,
                      deadline=timezone.localdate() + dt.timedelta(days=5))
    for role in ("ent_a", "grid_a", "office", "dept"):
        data = world.client(role).get(reverse("hazard-detail", args=[h.pk])).json()
        assert data["allowed_actions"] == sorted(HAZARD.allowed_actions(world.users[role], h)), role
    assert world.client("office").get(reverse("hazard-detail", args=[h.pk])).json()["allowed_actions"] == [
        "photos", "plan", "start", "supervise", "verify_on_site"]
