"""Excel columns and rows of every emergency list (written by ``safety_platform.excel``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .selectors import ComplianceRow

PLAN_COLUMNS = ["预案名称", "类别", "版本", "责任主体类型", "责任主体", "备案状态", "备案编号", "备案日期",
                "下次评审期限", "评审状态", "待修订"]


def plan_row(p) -> Sequence[Any]:
    return [p.title, p.get_plan_type_display(), p.version, p.get_owner_kind_display(), p.owner_name,
            p.get_status_display(), p.filing_no, p.filed_on, p.review_due, p.review_state_display, p.needs_revision]


DRILL_COLUMNS = ["演练名称", "类别", "形式", "组织单位", "计划日期", "状态", "举行日期", "参演人数", "评估结论",
                 "逾期未举行", "演练情景"]


def drill_row(d) -> Sequence[Any]:
    return [d.title, d.get_drill_type_display(), d.get_form_display(), d.owner_name, d.planned_date,
            d.get_status_display(), d.held_on, d.participant_count, d.get_rating_display(), d.overdue, d.scenario]


COMPLIANCE_COLUMNS = ["规则", "对象类型", "责任主体", "周期起", "周期止", "已举行次数", "要求次数", "是否达标", "最近一次演练"]


def compliance_row(r: ComplianceRow) -> Sequence[Any]:
    return [r.rule.name, r.rule.get_owner_kind_display(), r.owner_name, r.period_start, r.period_end, r.count,
            r.required, "达标" if r.met else "未达标", r.last_held_on]


TEAM_COLUMNS = ["队伍名称", "类别", "所属单位", "队长", "值守电话", "驻地", "救援专长", "队员人数"]


def team_row(t) -> Sequence[Any]:
    return [t.name, t.get_kind_display(), t.owner_name, t.leader, t.phone, t.address, t.specialties,
            getattr(t, "member_count", None)]


DEPOT_COLUMNS = ["储备库", "所属单位", "地址", "管理人", "联系电话", "物资品种数", "预警品种数"]


def depot_row(d) -> Sequence[Any]:
    return [d.name, d.owner_name, d.address, d.manager, d.phone, getattr(d, "item_count", None),
            getattr(d, "warning_count", None)]


SUPPLY_COLUMNS = ["物资名称", "类别", "规格型号", "储备库", "库存数量", "单位", "最低库存", "有效期至", "低于最低库存"]


def supply_row(i) -> Sequence[Any]:
    return [i.name, i.get_category_display(), i.spec, i.depot.name, i.quantity, i.unit, i.min_stock, i.expiry,
            i.low_stock]


EXPERT_COLUMNS = ["姓名", "专业领域", "职称", "工作单位", "联系电话", "可调用状态", "备注"]


def expert_row(e) -> Sequence[Any]:
    return [e.name, e.get_field_display(), e.title, e.organisation, e.phone, e.get_availability_display(), e.note]


SHELTER_COLUMNS = ["名称", "类型", "街道", "地址", "可容纳人数", "有效面积（㎡）", "配套设施", "管理人", "联系电话", "经度", "纬度"]


def shelter_row(s) -> Sequence[Any]:
    return [s.name, s.get_kind_display(), s.region.name, s.address, s.capacity, s.area_m2, s.facilities, s.manager,
            s.phone, s.lng, s.lat]


DUTY_COLUMNS = ["日期", "班次", "带班领导", "值班员", "值班电话", "交班时间", "交接班记录"]


def duty_row(d) -> Sequence[Any]:
    return [d.date, d.get_shift_display(), d.leader, d.officer, d.phone, d.handed_over_at, d.handover_note]


EVENT_COLUMNS = ["接报时间", "报告人", "联系电话", "报告单位", "事件类别", "发生地", "涉及企业", "报告内容", "处置措施",
                 "状态", "事故记录"]


def event_row(e) -> Sequence[Any]:
    return [e.received_at, e.caller, e.caller_phone, e.caller_org, e.get_category_display(),
            e.region.name if e.region_id else "", e.enterprise.name if e.enterprise_id else "", e.content, e.actions,
            e.get_status_display(), str(e.accident) if e.accident_id else ""]


RISK_REPORT_COLUMNS = ["月份", "报送单位", "重大风险", "较大风险", "一般风险", "低风险", "合计", "风险情况说明",
                       "管控措施", "报送时间", "逾期报送"]


def risk_report_row(r) -> Sequence[Any]:
    return [f"{r.month:%Y-%m}", str(r.reporter), r.major_count, r.high_count, r.general_count, r.low_count, r.total,
            r.situation, r.measures, r.filed_at, r.late]


MISSING_COLUMNS = ["月份", "单位类型", "单位", "报送期限"]


def missing_row(m) -> Sequence[Any]:
    return [f"{m.month:%Y-%m}", "街道/镇" if m.kind == "street" else "部门", m.name, m.due]
