"""年度执法计划: a department drafts and submits, the office approves or returns
(inspections.permissions.PLAN)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.notifications import notify
from accounts.permissions import require
from accounts.services import audit_record, model_changes
from enterprises.models import Enterprise

from ..choices import PlanStatus
from ..models import EnforcementPlan
from ..permissions import PLAN


@transaction.atomic
def plan_save(
    *,
    by: User,
    year: int,
    q1: int,
    q2: int,
    q3: int,
    q4: int,
    key_enterprises: Iterable[Enterprise] = (),
    note: str = "",
    plan: EnforcementPlan | None = None,
) -> EnforcementPlan:
    require(by, "inspections.create_plan")
    department = by.department
    creating = plan is None
    if plan is not None:
        plan = EnforcementPlan.objects.select_for_update().get(pk=plan.pk)
        PLAN.require(by, "edit", plan)
    elif EnforcementPlan.objects.filter(department=department, year=year).exists():
        raise ValidationError({"year": f"本部门 {year} 年度执法计划已存在"})
    errors = {}
    for name, value in (("q1", q1), ("q2", q2), ("q3", q3), ("q4", q4)):
        if value is None or value < 0:
            errors[name] = "计划检查家次不能为负数"
    key_enterprises = list(key_enterprises)
    outside = [e.name for e in key_enterprises
               if not Enterprise.objects.for_user(by).filter(pk=e.pk).exists()]
    if outside:
        errors["key_enterprises"] = "以下企业不属于本部门监管：" + "、".join(outside)
    if errors:
        raise ValidationError(errors)
    plan = plan or EnforcementPlan(department=department, created_by=by)
    before = {"year": plan.year, "q": plan.quarters if not creating else None, "note": plan.note}
    plan.year, plan.q1, plan.q2, plan.q3, plan.q4, plan.note = year, q1, q2, q3, q4, note.strip()
    plan.full_clean(exclude=["department", "created_by", "decided_by"])
    plan.save()
    plan.key_enterprises.set(key_enterprises)
    audit_record(actor=by, action="执法计划新建" if creating else "执法计划修改", obj=plan,
                 changes=model_changes(before, {"year": plan.year, "q": plan.quarters, "note": plan.note})
                 | {"key_enterprises": len(key_enterprises)})
    return plan


@transaction.atomic
def plan_submit(*, plan: EnforcementPlan, by: User) -> EnforcementPlan:
    plan = EnforcementPlan.objects.select_for_update().get(pk=plan.pk)
    PLAN.require(by, "submit", plan)
    if plan.total <= 0:
        raise ValidationError({"q1": "请先填写各季度计划检查家次"})
    old = plan.status
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    plan.save(update_fields=["status", "submitted_at"])
    audit_record(actor=by, action="执法计划报批", obj=plan, changes={"status": [old, plan.status]})
    notify(recipients=User.objects.filter(role=Role.OFFICE, is_active=True), category="inspection",
           title=f"执法计划待审批：{plan}", url=reverse("inspections:plan_detail", kwargs={"pk": plan.pk}),
           dedup_key=f"plan-submit:{plan.pk}:{plan.submitted_at:%Y%m%d%H%M%S}")
    return plan


@transaction.atomic
def plan_decide(*, plan: EnforcementPlan, by: User, approve: bool, note: str = "") -> EnforcementPlan:
    plan = EnforcementPlan.objects.select_for_update().get(pk=plan.pk)
    PLAN.require(by, "decide", plan)
    if not approve and not (note or "").strip():
        raise ValidationError({"note": "退回时请填写审批意见"})
    old = plan.status
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.REJECTED
    plan.decided_by, plan.decided_at, plan.decision_note = by, timezone.now(), (note or "").strip()
    plan.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=by, action="执法计划审批", obj=plan, changes={"status": [old, plan.status]}, note=note)
    notify(recipients=User.objects.filter(role=Role.DEPARTMENT, department_id=plan.department_id, is_active=True),
           category="inspection", title=f"{plan}{plan.get_status_display()}", body=note,
           url=reverse("inspections:plan_detail", kwargs={"pk": plan.pk}),
           dedup_key=f"plan-decided:{plan.pk}:{plan.decided_at:%Y%m%d%H%M%S}")
    return plan
