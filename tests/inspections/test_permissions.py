"""Who may do what in the inspections app (inspections/permissions.py): every lifecycle's buttons
match its table for every status × role, and the inconsistencies issue 16 fixed stay fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import can
from inspections import services
from inspections.models import DrawItem, Penalty
from inspections.permissions import DRAW, INSPECTION, PATROL, PENALTY, PLAN
from tests.lifecycle_buttons import assert_buttons_match

from .factories import PatrolFactory, officer

SOON = dt.timedelta(days=7)


def start_inspection(world, **kwargs):
    return services.inspection_start(by=world.users["dept"], enterprise=world.ent_a, inspected_on=timezone.localdate(),
                                     inspectors=[world.users["dept"], officer(world, cert="YJ-B")], **kwargs)


def finished_inspection(world):
    insp = start_inspection(world)
    return services.inspection_finish(inspection=insp, by=world.users["dept"], summary="检查完毕")


# ---------------------------------------------------------------------------------------------
# A button is shown exactly when its action is allowed (every status × role)


def test_patrol_buttons_match_the_table(world):
    patrol = PatrolFactory(enterprise=world.ent_a, officer=world.users["grid_a"])
    checked = assert_buttons_match(PATROL, patrol, reverse("inspections:patrol_detail", args=[patrol.pk]),
                                   world.users.values())
    assert checked >= 2 * 6  # both statuses, every role that sees ent_a's patrol


def test_enforcement_plan_buttons_match_the_table(world):
    plan = services.plan_save(by=world.users["dept"], year=2026, q1=1, q2=1, q3=1, q4=1)
    viewers = [u for u in world.users.values() if can(u, "inspections.view_enforcement")]
    checked = assert_buttons_match(PLAN, plan, reverse("inspections:plan_detail", args=[plan.pk]), viewers)
    assert checked == 4 * 3  # dept, office, admin (dept_other: 404)


def test_inspection_buttons_match_the_table(world):
    insp = start_inspection(world)
    services.inspection_record_hazard(inspection=insp, by=world.users["dept"], grade="general",
                                      description="配电箱未接地", deadline=timezone.localdate() + SOON)
    checked = assert_buttons_match(INSPECTION, insp, reverse("inspections:inspection_detail", args=[insp.pk]),
                                   world.users.values())
    assert checked >= 2 * 5


def test_penalty_buttons_match_the_table(world):
    insp = finished_inspection(world)
    penalty = services.violation_handle(inspection=insp, by=world.users["dept"], violation_code="other",
                                        violation="未按规定培训", legal_basis="安全生产法第九十七条",
                                        amount=10000)
    checked = assert_buttons_match(PENALTY, penalty, reverse("inspections:penalty_list"), world.users.values())
    assert checked >= 3 * 6


def test_draw_buttons_match_the_table(world):
    officer(world, cert="YJ-D1")
    draw = services.draw_create(by=world.users["dept"], title="抽查", criteria={}, enterprise_count=1, seed=1)
    item = draw.items.get()
    insp = services.inspection_start(by=world.users["dept"], draw_item=item, inspected_on=timezone.localdate())
    services.inspection_finish(inspection=insp, by=world.users["dept"], summary="抽查完毕")
    viewers = [u for u in world.users.values() if can(u, "inspections.view_enforcement")]

    def unpublished(draw, status):  # a finished, unpublished result: the publish button has something to do
        DrawItem.objects.filter(draw=draw).update(published_at=None)

    checked = assert_buttons_match(DRAW, draw, reverse("inspections:draw_detail", args=[draw.pk]), viewers,
                                   prepare=unpublished)
    assert checked == 2 * 3


# ---------------------------------------------------------------------------------------------
# Fixed inconsistencies (issue 16)


@pytest.mark.parametrize("work", ["patrol_start", "plan_save", "inspection_start", "draw_create"])
def test_the_admin_is_not_a_grid_or_department_officer(world, work):
    """The pages let the 管理员 in as a grid/department officer while the services refused it; decided:
    the admin supervises (like the office) but does not do their work — 403 from page and service."""
    admin = world.users["admin"]
    calls = {
        "patrol_start": lambda: services.patrol_start(enterprise=world.ent_a, by=admin),
        "plan_save": lambda: services.plan_save(by=admin, year=2026, q1=1, q2=1, q3=1, q4=1),
        "inspection_start": lambda: services.inspection_start(
            by=admin, enterprise=world.ent_a, inspected_on=timezone.localdate(),
            inspectors=[world.users["dept"], officer(world, cert="YJ-B")]),
        "draw_create": lambda: services.draw_create(by=admin, title="抽查", criteria={}, enterprise_count=1),
    }
    with pytest.raises(PermissionDenied):
        calls[work]()
    pages = {"patrol_start": reverse("inspections:my_enterprises"), "plan_save": reverse("inspections:plan_create"),
             "inspection_start": reverse("inspections:inspection_create"),
             "draw_create": reverse("inspections:draw_create")}
    assert world.client("admin").get(pages[work]).status_code == 403


def test_the_admin_cannot_fill_in_a_grid_officers_patrol(world):
    patrol = services.patrol_start(enterprise=world.ent_a, by=world.users["grid_a"])
    with pytest.raises(PermissionDenied):
        services.patrol_record_location(patrol=patrol, by=world.users["admin"], lat=40.65, lng=109.8)
    page = world.client("admin").get(reverse("inspections:patrol_detail", args=[patrol.pk]))
    assert page.status_code == 200 and 'data-action="locate"' not in page.content.decode()


def test_orders_and_violations_need_a_finished_inspection(world):
    """The services let an order or a violation decision be issued on an inspection still on site
    (the page offered neither); both now need the finished 现场检查记录."""
    insp = start_inspection(world)
    hazard = services.inspection_record_hazard(inspection=insp, by=world.users["dept"], grade="general",
                                               description="配电箱未接地", deadline=timezone.localdate() + SOON)
    with pytest.raises(ValidationError):
        services.inspection_issue_order(inspection=insp, by=world.users["dept"], hazards=[hazard],
                                        deadline=timezone.localdate() + SOON)
    with pytest.raises(ValidationError):
        services.violation_handle(inspection=insp, by=world.users["dept"], violation_code="warning_signs",
                                  violation="未设置警示标志", deadline=timezone.localdate() + SOON)
    assert not Penalty.objects.exists() and not insp.documents.exists()
    services.inspection_finish(inspection=insp, by=world.users["dept"], summary="检查完毕")
    doc = services.inspection_issue_order(inspection=insp, by=world.users["dept"], hazards=[hazard],
                                          deadline=timezone.localdate() + SOON)
    assert doc.number


def test_the_grid_officer_finds_patrol_coverage_in_the_menu(world):
    """The coverage page let grid officers in but their menu did not link it."""
    page = world.client("grid_a").get(reverse("home")).content.decode()
    assert reverse("inspections:coverage") in page
    assert world.client("grid_a").get(reverse("inspections:coverage")).status_code == 200


def test_refusals_carry_the_permission_reason(world):
    insp = start_inspection(world)
    refused = world.client("dept_other").post(f"/api/v1/penalties/{insp.pk}/paid/", {"paid_on": "2026-01-01"})
    assert refused.status_code in (403, 404)
    refused = world.client("grid_a").post(f"/api/v1/inspections/{insp.pk}/finish/", {"summary": "x"})
    assert refused.status_code == 403 and refused.json()["detail"] == "只有部门执法人员可以办理"


def test_api_objects_carry_the_actions_the_user_may_take(world):
    insp = start_inspection(world)
    mine = world.client("dept").get(f"/api/v1/inspections/{insp.pk}/").json()
    assert mine["allowed_actions"] == ["answer", "finish", "hazard"]
    assert world.client("office").get(f"/api/v1/inspections/{insp.pk}/").json()["allowed_actions"] == []
