"""Issue 18 item 4: no shortcut to 销号 for a major hazard. Every path to 已销号 — 验收, 现场验收,
复查 (inspections), 抽查, 误报撤销, the API, the admin — ends in one rule
(hazards.services._common.close_hazard): the supervising department or the 安委办 reviews, with the
五到位 plan and after-photos; a grid officer, a street or the enterprise cannot close it."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from hazards import services
from hazards.choices import HazardGrade, HazardSource, HazardStatus, PhotoKind
from hazards.models import Hazard
from hazards.permissions import HAZARD

from .factories import HazardFactory, HazardPhotoFactory, photo

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)
# The one function that writes 已销号; demo seeders write finished histories directly (no service).
CLOSERS = {("hazards/services/_common.py", "close_hazard")}
SEEDERS = {"hazards/demo.py", "hazards/reporting/demo.py"}
READS = {"filter", "exclude", "Q", "get", "Count", "Sum", "When", "open"}


def _closed_status_writes() -> set[tuple[str, str]]:
    """Every (file, function) whose code sets a status to HazardStatus.CLOSED (grep, by the syntax
    tree): an assignment to ``….status``, or a ``status=`` keyword of a call that is not a query
    (``update``, ``create``, a model constructor …)."""
    found = set()
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "tests/", "node_modules/")) or "/migrations/" in rel:
            continue
        text = path.read_text(encoding="utf-8")
        if "HazardStatus.CLOSED" not in text:
            continue
        tree = ast.parse(text)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

        def is_closed(n) -> bool:
            return isinstance(n, ast.Attribute) and n.attr == "CLOSED" and getattr(n.value, "id", "") == "HazardStatus"

        for node in ast.walk(tree):
            if not is_closed(node):
                continue
            parent, writes = parents.get(node), False
            while isinstance(parent, (ast.Tuple, ast.IfExp)):
                parent = parents.get(parent)
            if isinstance(parent, (ast.Assign, ast.AnnAssign)):  # obj.status = …, (obj.status, …) = (…)
                targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                writes = any(isinstance(t, ast.Attribute) and t.attr == "status"
                             for target in targets for t in ast.walk(target))
            elif isinstance(parent, ast.keyword) and parent.arg == "status":
                call = parents.get(parent)
                name = getattr(call.func, "attr", getattr(call.func, "id", ""))
                writes = name not in READS
            if writes:
                func = node
                while func is not None and not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    func = parents.get(func)
                found.add((rel, func.name if func else "<module>"))
    return found


def test_close_hazard_is_the_only_code_that_sets_closed():
    writes = _closed_status_writes()
    assert {w for w in writes if w[0] not in SEEDERS} == CLOSERS
    # the lifecycle table: the actions that lead to 已销号 are exactly the ones tried below
    assert {t.action for t in HAZARD.transitions.values() if t.target == HazardStatus.CLOSED} == {
        "verify", "verify_on_site", "withdraw"}


@pytest.fixture
def major(world):
    """A major hazard of A, found by the grid officer, submitted for 验收 — no plan, no after-photo."""
    return HazardFactory(enterprise=world.ent_a, source=HazardSource.GRID, grade=HazardGrade.MAJOR,
                         status=HazardStatus.SUBMITTED)


def complete(hazard: Hazard) -> Hazard:
    Hazard.objects.filter(pk=hazard.pk).update(
        plan_responsibility="厂长 王强", plan_measures="更换液氨管道", plan_funds=20,
        plan_deadline=timezone.localdate() + dt.timedelta(days=10), plan_emergency="泄漏应急处置方案")
    HazardPhotoFactory(hazard=hazard, kind=PhotoKind.AFTER)
    hazard.refresh_from_db()
    return hazard


def still_open(hazard: Hazard) -> bool:
    hazard.refresh_from_db()
    return hazard.status != HazardStatus.CLOSED


@pytest.mark.parametrize("role", ["grid_a", "street_a", "ent_a"])
def test_verify_by_a_grid_officer_street_or_enterprise_is_refused_even_with_evidence(world, major, role):
    complete(major)
    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=major, by=world.users[role], passed=True)
    assert still_open(major)
    assert "verify" not in HAZARD.allowed_actions(world.users[role], major)  # no button either


def test_verify_by_the_department_needs_the_plan_and_after_photos(world, major):
    dept = world.users["dept"]
    with pytest.raises(ValidationError) as exc:
        services.hazard_verify(hazard=major, by=dept, passed=True)
    assert "五到位" in exc.value.messages[0] and "整改后照片" in exc.value.messages[0]
    assert still_open(major)
    complete(major)
    services.hazard_verify(hazard=major, by=dept, passed=True, note="部门审核：整改到位")
    assert not still_open(major) and major.closed_by == dept


def test_the_office_reviews_too(world, major):
    complete(major)
    services.hazard_verify(hazard=major, by=world.users["office"], passed=True)
    assert not still_open(major)


def test_a_department_that_does_not_supervise_the_enterprise_cannot_close_it(world, major):
    complete(major)
    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=major, by=world.users["dept_other"], passed=True)
    assert still_open(major)


@pytest.mark.parametrize("status", [HazardStatus.REPORTED, HazardStatus.RECTIFYING])
def test_verify_on_site_goes_through_the_same_rule(world, major, status):
    Hazard.objects.filter(pk=major.pk).update(status=status)
    major.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=major, by=world.users["grid_a"], passed=True)
    with pytest.raises(ValidationError):
        services.hazard_verify(hazard=major, by=world.users["dept"], passed=True)
    assert still_open(major)


def test_reinspection_cannot_close_a_major_hazard_without_plan_and_photos(world):
    from inspections import services as insp
    from tests.inspections.factories import officer

    dept, today = world.users["dept"], timezone.localdate()
    inspection = insp.inspection_start(by=dept, enterprise=world.ent_a, inspected_on=today,
                                       inspectors=[dept, officer(world)])
    h = insp.inspection_record_hazard(inspection=inspection, by=dept, grade="major", description="液氨管道腐蚀",
                                      deadline=today + dt.timedelta(days=5))
    insp.inspection_finish(inspection=inspection, by=dept, summary="发现重大隐患")
    order = insp.inspection_issue_order(inspection=inspection, by=dept, hazards=[h], deadline=today + dt.timedelta(5))
    with pytest.raises(ValidationError) as exc:
        insp.reinspection_record(order=order, by=dept, inspected_on=today, inspectors=[dept, officer(world)],
                                 results={h.pk: (True, "已整改")})
    assert h.number in str(exc.value) and "五到位" in str(exc.value)
    assert still_open(h) and not order.reinspections.exists()  # nothing half-written
    complete(h)
    insp.reinspection_record(order=order, by=dept, inspected_on=today, inspectors=[dept, officer(world)],
                             results={h.pk: (True, "已整改")})
    assert not still_open(h)


def test_spot_check_never_closes_an_open_major_hazard(world, major):
    complete(major)
    Hazard.objects.filter(pk=major.pk).update(spot_check_due=True)
    major.refresh_from_db()
    with pytest.raises(ValidationError):
        services.hazard_spot_check(hazard=major, by=world.users["grid_a"], passed=True)
    assert still_open(major)


def test_withdraw_cannot_close_a_major_self_found_hazard(world):
    h = HazardFactory(enterprise=world.ent_a, source=HazardSource.SELF_CHECK, grade=HazardGrade.MAJOR)
    with pytest.raises(PermissionDenied):
        services.hazard_withdraw(hazard=h, by=world.users["ent_a"], reason="误报")
    assert still_open(h)


def test_the_closing_rule_itself_refuses_a_grid_officer(world, major):
    from hazards.services._common import close_hazard

    complete(major)
    with pytest.raises(PermissionDenied):
        close_hazard(major, by=world.users["grid_a"], action="close")
    assert still_open(major)


def test_the_api_applies_the_same_rule(world, major):
    url = f"/api/v1/hazards/{major.pk}/verify/"
    assert world.client("grid_a").post(url, {"passed": True}, content_type="application/json").status_code == 403
    refused = world.client("dept").post(url, {"passed": True}, content_type="application/json")
    assert refused.status_code == 400 and "五到位" in str(refused.json())
    assert still_open(major)
    complete(major)
    done = world.client("dept").post(url, {"passed": True}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == HazardStatus.CLOSED


def test_the_page_applies_the_same_rule(world, major):
    from django.urls import reverse

    url = reverse("hazards:verify", args=[major.pk])
    assert world.client("grid_a").post(url, {"passed": "1"}).status_code == 403
    world.client("dept").post(url, {"passed": "1"})
    assert still_open(major)


def test_the_admin_cannot_set_the_status(world, major):
    request = RequestFactory().get("/")
    request.user = world.users["admin"]
    assert "status" in site._registry[Hazard].get_readonly_fields(request, major)


def test_the_enterprise_submits_a_major_hazard_with_photos_and_the_department_closes_it(world):
    """The journey: reported → 五到位 → rectifying → submitted → grid officer refused → department closes."""
    ent, grid, dept = world.users["ent_a"], world.users["grid_a"], world.users["dept"]
    h = services.hazard_report(enterprise=world.ent_a, reporter=grid, source=HazardSource.GRID,
                               grade=HazardGrade.MAJOR, description="粉尘涉爆除尘系统未设泄爆装置",
                               deadline=timezone.localdate() + dt.timedelta(days=20))
    services.hazard_set_plan(hazard=h, by=ent, responsibility="厂长", measures="加装泄爆片", funds=5,
                             deadline=timezone.localdate() + dt.timedelta(days=15), emergency="停产检修")
    services.hazard_start_rectification(hazard=h, by=ent)
    services.hazard_submit(hazard=h, by=ent, note="已加装泄爆片", photos=[photo()])
    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=h, by=grid, passed=True)
    services.hazard_verify(hazard=h, by=dept, passed=True, note="部门审核销号")
    assert not still_open(h)
