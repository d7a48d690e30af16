"""Who may do what in the emergency app — the only place that knows it (accounts.permissions).

Owned rows (plans, drills, teams, depots) are kept by their owner — an enterprise, a street (政府)
or a department — and by the office; supervisors only read them. An enterprise's plan is filed
(备案) with a department supervising the enterprise or with the office; other plans with the office.
The duty roster, the event log and the expert pool are the office's; shelters belong to their street.
"""

from __future__ import annotations

import rules

from accounts.lifecycle import Lifecycle, Transition
from accounts.permissions import (
    define,
    is_authenticated,
    is_department,
    is_enterprise,
    is_expert,
    is_grid,
    is_office,
    is_official,
    is_street,
)

from .choices import DrillStatus, OwnerKind, PlanStatus
from .models import default_owner, report_reporter

# ---------------------------------------------------------------------------------------------
# Predicates


@rules.predicate
def registers_for_own_unit(user) -> bool:
    return default_owner(user) is not None


@rules.predicate
def is_owner_unit(user, obj) -> bool:
    """The owner's own users: the enterprise, the street (政府) or the department that owns the row."""
    if obj is None:
        return False
    if obj.owner_kind == OwnerKind.ENTERPRISE:
        return is_enterprise.test(user) and user.enterprise_id is not None and user.enterprise_id == obj.enterprise_id
    if obj.owner_kind == OwnerKind.GOVERNMENT:
        return is_street.test(user) and user.region_id is not None and user.region_id == obj.region_id
    return is_department.test(user) and user.department_id is not None and user.department_id == obj.department_id


@rules.predicate
def supervises_the_enterprise(user, plan) -> bool:
    """An enterprise plan and a department that supervises the enterprise."""
    return (plan is not None and plan.owner_kind == OwnerKind.ENTERPRISE and bool(user.department_id)
            and plan.enterprise.departments.filter(pk=user.department_id).exists())


@rules.predicate
def in_own_street(user, region) -> bool:
    return region is not None and user.region_id == region.pk


@rules.predicate
def files_risk_reports(user) -> bool:
    return report_reporter(user) is not None


is_registrar = is_office | registers_for_own_unit
keeps = is_office | is_owner_unit
files_plans = is_office | (is_department & supervises_the_enterprise)

# ---------------------------------------------------------------------------------------------
# Registration and owned rows

define("emergency.add_plan", is_registrar, denied="您的角色不能登记应急预案")
define("emergency.add_drill", is_registrar, denied="您的角色不能登记应急演练")
define("emergency.add_team", is_registrar, denied="您的角色不能登记救援队伍")
define("emergency.add_depot", is_registrar, denied="您的角色不能登记物资储备库")
define("emergency.assign_owner", is_office, denied="责任主体由安委办指定")
define("emergency.change_team", keeps, denied="只有队伍所属单位可以修改")
define("emergency.change_members", keeps, denied="只有队伍所属单位可以维护队员")
define("emergency.change_depot", keeps, denied="只有储备库所属单位可以修改")
define("emergency.change_supplies", keeps, denied="只有储备库所属单位可以维护物资")

# Lifecycle permissions (the tables below name them)
define("emergency.change_plan", keeps, denied="只有预案责任单位可以修改预案")
define("emergency.submit_plan", keeps, denied="只有预案责任单位可以提交备案")
define("emergency.file_plan", files_plans, denied="您不是该预案的备案管理部门")
define("emergency.revise_plan", keeps | files_plans, denied="您无权对该预案发起修订")
define("emergency.change_drill", keeps, denied="只有演练组织单位可以修改演练")
define("emergency.record_drill", keeps, denied="只有演练组织单位可以登记演练情况")
define("emergency.cancel_drill", keeps, denied="只有演练组织单位可以取消演练")
define("emergency.add_drill_photo", keeps, denied="只有演练组织单位可以上传照片")
define("emergency.add_drill_finding", keeps, denied="只有演练组织单位可以登记发现问题")

# ---------------------------------------------------------------------------------------------
# Office work, experts, shelters, monthly risk reports

# The overview's cards and menu entry: everyone but the experts (who reach the pages they need
# from their own home); a grid officer sees the supply card only when something is wrong.
define("emergency.view_overview", is_authenticated & ~is_expert, denied="应急管理概览不对专家开放")
define("emergency.always_see_supply_warnings", ~is_grid | is_office, denied="网格员仅在有物资预警时看到该提示")
define("emergency.view_experts", is_official, denied="应急专家库仅工作人员可以查看")
define("emergency.manage_experts", is_office, denied="专家库由安委办维护")
define("emergency.add_shelter", is_office | is_street, denied="避难场所由所在街道或安委办维护")
define("emergency.change_shelter", is_office | (is_street & in_own_street), denied="避难场所由所在街道或安委办维护")
define("emergency.view_duty", is_office, denied="值班表由安委办维护")
define("emergency.assign_duty", is_office, denied="值班表由安委办维护")
define("emergency.hand_over", is_office, denied="只有值班人员可以交班")
define("emergency.view_events", is_office, denied="接报由值班人员维护")
define("emergency.record_event", is_office, denied="接报由值班人员登记")
define("emergency.change_event", is_office, denied="接报由值班人员维护")
define("emergency.view_risk_reports", is_street | is_department | is_office, denied="风险月报由街道/镇、部门和安委办查看")
define("emergency.file_risk_report", files_risk_reports, denied="风险月报由街道/镇或部门报送")

# ---------------------------------------------------------------------------------------------
# Lifecycles

_EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.FILED)  # a filed plan's new version restarts 备案
_ANY_PLAN = tuple(PlanStatus.values)

PLAN = Lifecycle("emergency_plan", status_field="status", labels=dict(PlanStatus.choices), transitions=[
    Transition("edit", _EDITABLE, None, "emergency.change_plan", "修改预案"),
    Transition("submit", (PlanStatus.DRAFT, PlanStatus.RETURNED), PlanStatus.SUBMITTED, "emergency.submit_plan",
               "提交备案"),
    Transition("accept", (PlanStatus.SUBMITTED,), PlanStatus.FILED, "emergency.file_plan", "备案"),
    Transition("return", (PlanStatus.SUBMITTED,), PlanStatus.RETURNED, "emergency.file_plan", "退回"),
    Transition("revise", _ANY_PLAN, None, "emergency.revise_plan", "发起修订"),
])

DRILL = Lifecycle("drill", status_field="status", labels=dict(DrillStatus.choices), transitions=[
    Transition("edit", (DrillStatus.PLANNED,), None, "emergency.change_drill", "修改演练计划"),
    # A held drill's record may be corrected (登记演练情况 again).
    Transition("record", (DrillStatus.PLANNED, DrillStatus.HELD), DrillStatus.HELD, "emergency.record_drill",
               "登记演练情况"),
    Transition("cancel", (DrillStatus.PLANNED,), DrillStatus.CANCELLED, "emergency.cancel_drill", "取消演练"),
    Transition("photo", tuple(DrillStatus.values), None, "emergency.add_drill_photo", "上传照片"),
    Transition("finding", (DrillStatus.HELD,), None, "emergency.add_drill_finding", "登记发现的问题"),
])
