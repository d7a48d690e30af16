"""Who may do what in the emergency app (emergency/permissions.py): the 备案 and drill buttons match
their tables for every status × role, and the inconsistencies issue 16 fixed stay fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.permissions import can
from emergency import services
from emergency.choices import DrillStatus, OwnerKind
from emergency.permissions import DRILL, PLAN
from tests.lifecycle_buttons import assert_buttons_match

from .factories import DrillFactory, PlanFactory


def test_plan_buttons_match_the_table(world):
    plan = PlanFactory(owner_kind=OwnerKind.ENTERPRISE, enterprise=world.ent_a)
    checked = assert_buttons_match(PLAN, plan, reverse("emergency:plan_detail", args=[plan.pk]), world.users.values())
    assert checked == 4 * 6  # ent_a, grid_a, street_a, dept, office, admin see ent_a's plan


def test_drill_buttons_match_the_table(world):
    drill = DrillFactory(owner_kind=OwnerKind.ENTERPRISE, enterprise=world.ent_a)
    checked = assert_buttons_match(DRILL, drill, reverse("emergency:drill_detail", args=[drill.pk]),
                                   world.users.values())
    assert checked == 3 * 6


def test_a_department_files_only_the_plans_of_enterprises_it_supervises(world):
    plan = PlanFactory(owner_kind=OwnerKind.ENTERPRISE, enterprise=world.ent_a, status="submitted")
    assert can(world.users["dept"], "emergency.file_plan", plan)
    assert not can(world.users["dept_other"], "emergency.file_plan", plan)
    assert not can(world.users["ent_a"], "emergency.file_plan", plan)
    with pytest.raises(PermissionDenied, match="备案管理部门"):
        services.plan_accept(plan=plan, by=world.users["dept_other"])


# ---------------------------------------------------------------------------------------------
# Fixed inconsistencies (issue 16)


def test_a_held_drill_can_be_corrected_from_its_page(world):
    """The service let the owner correct a held drill's record; the page offered the form only for
    planned drills. Now the page offers it whenever the table allows it."""
    drill = DrillFactory(owner_kind=OwnerKind.ENTERPRISE, enterprise=world.ent_a, status=DrillStatus.HELD,
                         held_on=dt.date(2026, 5, 2), participant_count=20)
    client = world.client("ent_a")
    page = client.get(reverse("emergency:drill_detail", args=[drill.pk])).content.decode()
    assert 'data-action="record"' in page and reverse("emergency:drill_record", args=[drill.pk]) in page
    response = client.post(reverse("emergency:drill_record", args=[drill.pk]), {
        "held_on": "2026-05-03", "participant_count": 25, "participants": "全体员工", "evaluation": "良好",
        "rating": "",
    })
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.held_on == dt.date(2026, 5, 3) and drill.participant_count == 25


def test_action_errors_name_the_field_by_its_label(world):
    """A refused 提交备案 said 'file：…' (the field's name); it names the field as the page does."""
    plan = PlanFactory(owner_kind=OwnerKind.ENTERPRISE, enterprise=world.ent_a)
    response = world.client("ent_a").post(reverse("emergency:plan_submit", args=[plan.pk]))
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["预案文本：提交备案前请上传预案文本"]


def test_api_errors_come_in_the_detail_form(world):
    """A status refusal from the 备案 API was a bare list; the API's errors are {"detail": …}."""
    plan = PlanFactory(owner_kind=OwnerKind.ENTERPRISE, enterprise=world.ent_a)  # a draft: nothing to file
    response = world.client("dept").post(f"/api/v1/emergency/plans/{plan.pk}/accept/", {}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["detail"] and "不能备案" in body["detail"][0]
    refused = world.client("ent_a").post(f"/api/v1/emergency/plans/{plan.pk}/accept/", {},
                                         content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"] == "您不是该预案的备案管理部门"


def test_api_plans_carry_the_actions_the_user_may_take(world):
    plan = PlanFactory(owner_kind=OwnerKind.ENTERPRISE, enterprise=world.ent_a)
    mine = world.client("ent_a").get(f"/api/v1/emergency/plans/{plan.pk}/").json()
    assert mine["allowed_actions"] == ["edit", "revise", "submit"]
    assert world.client("grid_a").get(f"/api/v1/emergency/plans/{plan.pk}/").json()["allowed_actions"] == []
