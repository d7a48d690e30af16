"""Audit: every state change made through a service writes an AuditLog row, and the office's
back room (Django admin) can search the trail. Logins are covered in tests/accounts/test_login_security.py.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditLog

pytestmark = pytest.mark.django_db

# Batch jobs that change many rows in one UPDATE: their per-object trail is the domain's
# transition table (HazardTransition, ReportTransition, CreditRemoval proposals), not AuditLog.
# enterprise_refresh_risk only recomputes a derived grade; selfcheck_remind_by_file_phone only queues
# reminder SMS (the outbox row is its own record). Reviewed; a new one must be added here.
BATCH_WRITERS_WITHOUT_AUDITLOG = {
    "enterprises/credit/services.py": {"removals_propose"},
    "enterprises/services.py": {"enterprise_refresh_risk"},
    "hazards/reporting/services.py": {"report_follow_hazard", "reports_escalate"},
    "hazards/services/escalation.py": {"hazards_mark_overdue", "hazards_escalate"},
    "hazards/services/reminders.py": {"selfcheck_remind_by_file_phone"},
}
WRITES = (".save(", ".create(", ".update(", ".delete(", "bulk_create", "bulk_update")


def service_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = [*root.glob("**/services.py"), *root.glob("**/services/*.py")]  # a module, or a package of them
    return sorted(p for p in found
                  if not {".venv", "tests", "site-packages"} & set(p.relative_to(root).parts))


def _audit_reach(tree: ast.Module, siblings: set[str] = frozenset()) -> tuple[dict[str, ast.FunctionDef], set[str]]:
    """Top-level functions and the subset that reaches audit_record (directly, via a helper of the
    module or of a sibling module of its services package (``siblings``: their auditing helpers),
    or via another app's service — those are checked in their own module)."""
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    imported = {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) and n.module
                and n.module.endswith("services") for a in n.names}
    imported |= {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) and n.level == 1
                 for a in n.names if a.name in siblings}
    names = {k: {x.id if isinstance(x, ast.Name) else x.attr for x in ast.walk(f)
                 if isinstance(x, (ast.Name, ast.Attribute))} for k, f in funcs.items()}
    auditing = {k for k, used in names.items() if "audit_record" in used or used & imported}
    grew = True
    while grew:
        before = len(auditing)
        auditing |= {k for k, used in names.items() if used & auditing}
        grew = len(auditing) > before
    return funcs, auditing


def test_every_transactional_service_writes_the_audit_trail():
    root = Path(settings.BASE_DIR)
    silent, unreviewed, checked = [], {}, 0
    siblings: dict[Path, set[str]] = {}  # a services package: the helpers of its modules that audit
    for path in service_modules():
        if path.parent.name == "services":
            siblings.setdefault(path.parent, set()).update(_audit_reach(ast.parse(path.read_text(encoding="utf-8")))[1])
    for path in service_modules():
        rel = path.relative_to(root).as_posix()
        funcs, auditing = _audit_reach(ast.parse(path.read_text(encoding="utf-8")), siblings.get(path.parent, set()))
        for name, f in funcs.items():
            if name.startswith("_") or name == "audit_record":
                continue
            atomic = any("atomic" in ast.unparse(d) for d in f.decorator_list)
            if atomic:
                checked += 1
                if name not in auditing:
                    silent.append(f"{rel}:{name}")
            elif any(w in ast.unparse(f) for w in WRITES):
                unreviewed.setdefault(rel, set()).add(name)
    assert checked >= 100, f"only {checked} services found: did the layout change?"
    assert not silent, f"services that change state without audit_record: {silent}"
    assert unreviewed == BATCH_WRITERS_WITHOUT_AUDITLOG, (
        "non-transactional writers changed: make them audit, or review and list them: " + repr(unreviewed))


def _delta(fn) -> list[AuditLog]:
    last = AuditLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    fn()
    return list(AuditLog.objects.filter(id__gt=last))


def test_sampled_services_of_each_app_leave_an_audit_row_naming_actor_and_object(world):
    from accidents import services as accidents
    from emergency import services as emergency
    from enterprises import services as enterprises
    from hazards import services as hazards
    from inspections import services as inspections
    from tests.emergency.factories import PlanFactory
    from tests.factories import valid_uscc
    from tests.permissions import assessment as assessment_rows

    office, grid, ent = world.users["office"], world.users["grid_a"], world.users["ent_a"]
    today = timezone.localdate()
    box: dict = {}
    samples = {
        "enterprise_create": (office, lambda: box.setdefault("ent", enterprises.enterprise_create(
            by=office, name="审计测试有限公司", uscc=valid_uscc(5151), region=world.cell_a, industry=world.industry,
            address="钢铁大街 1 号", legal_rep="张三"))),
        "hazard_report": (grid, lambda: box.setdefault("hazard", hazards.hazard_report(
            enterprise=world.ent_a, reporter=grid, source="grid", grade="general", description="消防通道堵塞",
            deadline=today + dt.timedelta(days=7)))),
        "hazard_start_rectification": (ent, lambda: hazards.hazard_start_rectification(hazard=box["hazard"], by=ent)),
        "selfcheck_submit": (ent, lambda: hazards.selfcheck_submit(
            enterprise=world.ent_a, by=ent, week_start=today, zero_report=True)),
        "accident_report": (office, lambda: accidents.accident_report(
            by=office, title="叉车伤人", occurred_at=timezone.now() - dt.timedelta(hours=3), category="industrial",
            accident_type="vehicle", enterprise=world.ent_a, region=world.cell_a)),
        "emergency plan_submit": (ent, lambda: emergency.plan_submit(plan=PlanFactory(
            enterprise=world.ent_a, file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")), by=ent)),
        "patrol_start": (grid, lambda: inspections.patrol_start(enterprise=world.ent_a, by=grid)),
        "assessment scheme_publish": (office, lambda: assessment_rows.objects(world)),
    }
    for label, (actor, call) in samples.items():
        rows = _delta(call)
        assert rows, f"{label} wrote no audit row"
        assert any(r.actor_id == actor.pk for r in rows), f"{label}: audit row without its actor"
        assert all(r.action for r in rows) and any(r.object_repr for r in rows), f"{label}: row names no object"


def test_the_office_admin_finds_audit_rows_by_object_user_and_action(world):
    from hazards import services as hazards

    grid = world.users["grid_a"]
    hazards.hazard_report(enterprise=world.ent_a, reporter=grid, source="grid", grade="general",
                          description="配电箱未上锁", deadline=timezone.localdate() + dt.timedelta(days=7))
    row = AuditLog.objects.filter(actor=grid).latest("id")
    admin = world.client("admin")
    changelist = reverse("admin:accounts_auditlog_changelist")
    for term in (row.object_repr.split()[0], "配电箱", grid.username, row.action):
        page = admin.get(changelist, {"q": term})
        assert page.status_code == 200
        assert row in page.context["cl"].result_list, f"search {term!r} does not find the row"
    assert admin.get(changelist, {"q": "不存在的内容xyz"}).context["cl"].result_count == 0
    assert world.client("office").get(changelist).status_code in (302, 403)  # only staff reach the admin
