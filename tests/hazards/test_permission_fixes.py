"""Where the hazard page and the service disagreed before the one authorization layer (issue 16),
and the behaviour chosen for each — now decided once, in hazards/permissions.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hazards import services
from hazards.choices import HazardGrade, HazardSource, HazardStatus, SupervisionStatus
from hazards.models import ExtensionRequest, HazardPhoto, SelfCheck, Supervision
from hazards.permissions import HAZARD
from hazards.rules import week_start_of
from tests.reporting.factories import PublicReportFactory

from .factories import HazardFactory, photo

pytestmark = pytest.mark.django_db


def page(world, role, h) -> str:
    response = world.client(role).get(reverse("hazards:detail", args=[h.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_staff_verifier_is_offered_the_on_site_verification_the_service_accepts(world):
    """Before: the service let a staff verifier close an open hazard on site (现场复查) but the page
    offered verification only once the hazard was submitted. Now the page offers it too."""
    h = HazardFactory(enterprise=world.ent_a, source=HazardSource.GRID, status=HazardStatus.RECTIFYING)
    assert 'data-action="verify_on_site"' in page(world, "grid_a", h)
    assert "verify_on_site" not in HAZARD.allowed_actions(world.users["ent_a"], h)
    assert 'data-action="verify' not in page(world, "ent_a", h)
    world.client("grid_a").post(reverse("hazards:verify", args=[h.pk]), {"passed": "1", "note": "现场复查合格"})
    h.refresh_from_db()
    assert h.status == HazardStatus.CLOSED


def test_an_enterprise_closes_its_own_hazard_only_on_submitted_evidence(world, settings):
    settings.HAZARD_SELF_CLOSE_GENERAL = True
    h = HazardFactory(enterprise=world.ent_a, source=HazardSource.SELF_CHECK, status=HazardStatus.RECTIFYING)
    assert 'data-action="verify' not in page(world, "ent_a", h)
    with pytest.raises(ValidationError):  # a status question, as before: 400
        services.hazard_verify(hazard=h, by=world.users["ent_a"], passed=True)
    HazardFactory._meta.model.objects.filter(pk=h.pk).update(status=HazardStatus.SUBMITTED)
    h.refresh_from_db()
    assert 'data-action="verify"' in page(world, "ent_a", h)


def test_the_five_measures_plan_is_for_major_hazards_only(world):
    """Before: the plan page opened for any hazard and the service saved a plan for a general one,
    while the detail page showed the plan only for a major hazard. Now major hazards only."""
    general = HazardFactory(enterprise=world.ent_a, grade=HazardGrade.GENERAL)
    major = HazardFactory(enterprise=world.ent_a, grade=HazardGrade.MAJOR)
    client = world.client("ent_a")
    assert client.get(reverse("hazards:plan", args=[general.pk])).status_code == 403
    assert client.get(reverse("hazards:plan", args=[major.pk])).status_code == 200
    with pytest.raises(ValidationError, match="只有重大隐患"):
        services.hazard_set_plan(hazard=general, by=world.users["ent_a"], responsibility="张三")
    assert client.post(reverse("hazard-plan", args=[general.pk]), {"responsibility": "张三"},
                       content_type="application/json").status_code == 400
    assert "plan" not in HAZARD.allowed_actions(world.users["ent_a"], general)
    assert 'data-action="plan"' not in page(world, "ent_a", general)
    assert 'data-action="plan"' in page(world, "ent_a", major)


def test_photos_cannot_be_added_to_a_closed_hazard(world):
    """Before: the page hid the upload on a closed hazard but the service accepted it."""
    h = HazardFactory(enterprise=world.ent_a, status=HazardStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.hazard_add_photos(hazard=h, by=world.users["ent_a"], kind="after", photos=[photo()])
    world.client("ent_a").post(reverse("hazards:photo_add", args=[h.pk]), {"photos": [photo()]})
    assert not HazardPhoto.objects.filter(hazard=h).exists()
    assert 'data-action="photos"' not in page(world, "ent_a", h)


def test_only_enterprise_users_file_the_weekly_self_check(world):
    """Before: the page refused other roles but the service (and the API, for a staff account linked
    to an enterprise) filed for them. Now the page, the API and the service all refuse (403)."""
    grid = world.users["grid_a"]
    assert world.client("grid_a").get(reverse("hazards:selfcheck_week")).status_code == 403
    assert world.client("office").get(reverse("hazards:selfcheck_week")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.selfcheck_submit(enterprise=world.ent_a, by=grid, week_start=week_start_of(timezone.localdate()),
                                  zero_report=True)
    grid.enterprise = world.ent_a  # a staff account linked to an enterprise
    grid.save()
    response = world.client("grid_a").post(reverse("selfcheck-list"), {"week_start": str(timezone.localdate()),
                                                                        "zero_report": True},
                                           content_type="application/json")
    assert response.status_code == 403
    assert not SelfCheck.objects.exists()


def test_a_second_extension_request_is_not_offered_while_one_is_pending(world):
    """Before: the page offered a new request while one was pending; the service refused it."""
    h = HazardFactory(enterprise=world.ent_a, grade=HazardGrade.MAJOR)
    Supervision.objects.create(hazard=h, listed_by=world.users["office"], deadline=h.deadline,
                               status=SupervisionStatus.LISTED)
    assert 'data-action="request_extension"' in page(world, "ent_a", h)
    services.extension_request(hazard=h, by=world.users["ent_a"], reason="设备到货延迟",
                               new_deadline=h.deadline + dt.timedelta(days=30))
    assert 'data-action="request_extension"' not in page(world, "ent_a", h)
    with pytest.raises(ValidationError, match="已有待审批"):
        services.extension_request(hazard=h, by=world.users["ent_a"], reason="再次申请",
                                   new_deadline=h.deadline + dt.timedelta(days=40))
    assert ExtensionRequest.objects.filter(hazard=h).count() == 1


@pytest.mark.parametrize("role, route, kwargs", [
    ("grid_a", "hazards:supervise", "hazard"),  # before: a flash message about the empty form
    ("ent_a", "hazards:verify", "hazard"),
    ("ent_a", "hazards:spot_check", "hazard"),
    ("ent_a", "hazards:supervise", "hazard"),
    ("grid_a", "hazards:template_detail", "template"),  # before: the item form with errors (400)
    ("street_a", "reporting:assign", "report"),  # before: the report page with the assign form (200)
    ("street_a", "reporting:reward_create", "report"),
])
def test_a_forbidden_user_gets_403_before_the_form(world, role, route, kwargs):
    from tests.hazards.factories import CheckItemFactory

    objects = {
        "hazard": lambda: HazardFactory(enterprise=world.ent_a, grade=HazardGrade.MAJOR),
        "template": lambda: CheckItemFactory(template__industry=world.industry).template,
        "report": lambda: PublicReportFactory(enterprise=world.ent_a, assigned_region=world.street_a),
    }
    obj = objects[kwargs]()
    response = world.client(role).post(reverse(route, args=[obj.pk]), {})  # an empty (invalid) form
    assert response.status_code == 403
