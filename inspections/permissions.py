"""Who may do what in the inspections app — the only place that knows it (accounts.permissions).

Named permissions and the lifecycle tables of 网格巡查, 年度执法计划, 执法检查, 行政处罚 and
双随机抽取. Services enforce them (``require`` / ``LIFECYCLE.require``: 403 with the reason),
pages and the API ask the same names (``{% can %}``, ``{% actions %}``, ``allowed_actions_field``).

The 管理员 (admin) sees and supervises everything (``is_office``) but is neither a grid officer
nor a department's enforcement officer: the work of those roles is theirs alone.
"""

from __future__ import annotations

import rules

from accounts.lifecycle import Lifecycle, Transition
from accounts.permissions import define, is_department, is_enterprise, is_grid, is_office, is_street

from .choices import DrawStatus, InspectionStatus, PatrolStatus, PenaltyStatus, PlanStatus

# ---------------------------------------------------------------------------------------------
# Predicates


@rules.predicate
def has_department(user) -> bool:
    return bool(user.department_id)


# 部门执法人员: a department officer attached to a department.
is_enforcement_officer = is_department & has_department


@rules.predicate
def is_patrol_officer(user, patrol) -> bool:
    """The grid officer who started this patrol."""
    return patrol is not None and patrol.officer_id == user.pk


@rules.predicate
def of_own_department(user, obj) -> bool:
    """Plans, inspections, penalties, documents and draws belong to one department."""
    return obj is not None and bool(user.department_id) and obj.department_id == user.department_id


@rules.predicate
def of_own_draw(user, item) -> bool:
    return item is not None and bool(user.department_id) and item.draw.department_id == user.department_id


@rules.predicate
def declares_for_own_department(user, inspector) -> bool:
    """An officer declares 回避 for its own department's people (the office for anyone)."""
    return inspector is None or inspector.department_id == user.department_id


# ---------------------------------------------------------------------------------------------
# Pages and actions without a lifecycle

define("inspections.patrol", is_grid, denied="网格巡查由网格员发起")
define("inspections.view_coverage", is_grid | is_street | is_office, denied="巡查覆盖由网格员、街道和安委办查看")
# The inspection records in the menu of those who do not work them (the enforcement side reaches
# them from its own page); the list itself is open to everyone signed in, scoped.
define("inspections.browse_records", is_enterprise | is_grid | is_street, denied="检查记录在执法检查页面查看")
define("inspections.view_enforcement", is_department | is_office, denied="执法检查页面仅部门执法人员和安委办可以查看")
define("inspections.enforce", is_enforcement_officer, denied="只有部门执法人员可以办理")
define("inspections.create_plan", is_enforcement_officer, denied="只有部门执法人员可以办理")
define("inspections.create_inspection", is_enforcement_officer, denied="只有部门执法人员可以办理")
define("inspections.create_draw", is_enforcement_officer, denied="只有部门执法人员可以办理")
define("inspections.start_draw_item", is_enforcement_officer & of_own_draw, denied="该抽取结果不属于本部门")
define("inspections.reinspect", is_enforcement_officer & of_own_department, denied="只能复查本部门签发的整改指令")
define("inspections.declare_for_anyone", is_office, denied="只能为本部门人员申报回避")
define("inspections.declare_conflict", is_office | (is_enforcement_officer & declares_for_own_department),
       denied="只能为本部门人员申报回避")

# Lifecycle permissions (the tables below name them)
define("inspections.fill_patrol", is_grid & is_patrol_officer, denied="只有开始这次巡查的网格员可以填写")
define("inspections.change_plan", is_enforcement_officer & of_own_department, denied="只能编辑、报批本部门的执法计划")
define("inspections.decide_plan", is_office, denied="年度执法计划由安委办审批")
define("inspections.conduct_inspection", is_enforcement_officer & of_own_department, denied="只能办理本部门的执法检查")
define("inspections.mark_paid", is_enforcement_officer & of_own_department, denied="只能办理本部门的处罚")
define("inspections.publish_draw", is_office | (is_enforcement_officer & of_own_department),
       denied="只能公开本部门的抽查结果")

# ---------------------------------------------------------------------------------------------
# Lifecycles

_DRAFT = (PatrolStatus.DRAFT,)

PATROL = Lifecycle("patrol", status_field="status", labels=dict(PatrolStatus.choices), transitions=[
    Transition("locate", _DRAFT, None, "inspections.fill_patrol", "记录定位"),
    Transition("answer", _DRAFT, None, "inspections.fill_patrol", "填写检查表"),
    Transition("photo", _DRAFT, None, "inspections.fill_patrol", "上传照片"),
    Transition("hazard", _DRAFT, None, "inspections.fill_patrol", "登记隐患"),
    Transition("finish", _DRAFT, PatrolStatus.FINISHED, "inspections.fill_patrol", "完成巡查"),
])

_EDITABLE_PLAN = (PlanStatus.DRAFT, PlanStatus.REJECTED)

PLAN = Lifecycle("enforcement_plan", status_field="status", labels=dict(PlanStatus.choices), transitions=[
    Transition("edit", _EDITABLE_PLAN, None, "inspections.change_plan", "修改"),
    Transition("submit", _EDITABLE_PLAN, PlanStatus.SUBMITTED, "inspections.change_plan", "报批"),
    # 批准 → approved, 退回 → rejected: the decision picks the target.
    Transition("decide", (PlanStatus.SUBMITTED,), None, "inspections.decide_plan", "审批"),
])

_ON_SITE = (InspectionStatus.DRAFT,)
_DONE = (InspectionStatus.FINISHED,)

INSPECTION = Lifecycle("inspection", status_field="status", labels=dict(InspectionStatus.choices), transitions=[
    Transition("answer", _ON_SITE, None, "inspections.conduct_inspection", "修改检查内容"),
    Transition("hazard", _ON_SITE, None, "inspections.conduct_inspection", "修改检查内容"),
    Transition("finish", _ON_SITE, InspectionStatus.FINISHED, "inspections.conduct_inspection", "完成检查"),
    # 文书 follow the 现场检查记录: only a finished inspection issues orders and decides violations.
    Transition("order", _DONE, None, "inspections.conduct_inspection", "签发整改指令"),
    Transition("violation", _DONE, None, "inspections.conduct_inspection", "处理违法行为"),
])

PENALTY = Lifecycle("penalty", status_field="status", labels=dict(PenaltyStatus.choices), transitions=[
    Transition("pay", (PenaltyStatus.DECIDED,), PenaltyStatus.PAID, "inspections.mark_paid", "登记缴纳"),
])

DRAW = Lifecycle("draw", status_field="status", labels=dict(DrawStatus.choices), transitions=[
    # Partly published draws stay 已抽取 until every result is public.
    Transition("publish", (DrawStatus.DRAWN,), DrawStatus.PUBLISHED, "inspections.publish_draw", "公开结果"),
])
