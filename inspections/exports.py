"""Excel columns and rows of the inspections lists (the same filtered rows as the page)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

PATROL_COLUMNS = ["巡查日期", "企业", "属地网格", "网格员", "状态", "发现隐患", "距企业（米）", "定位偏离",
                  "企业确认", "签字人/拒签情况", "巡查情况"]


def patrol_row(p) -> list[Any]:
    return [p.visit_date, p.enterprise.name, p.region.name, str(p.officer), p.get_status_display(), p.hazards_found,
            p.distance_m, p.far_from_enterprise, p.get_sign_off_display(), p.signer_name or p.refusal_reason, p.summary]


COVERAGE_COLUMNS = ["街道/镇", "网格员", "网格", "企业数", "本月已巡", "本月待巡", "逾期未巡", "本月巡查次数",
                    "覆盖率（%）"]


def coverage_row(r) -> list[Any]:
    return [r.street, str(r.officer), "、".join(r.cells), r.enterprises, r.visited, r.due, r.overdue, r.patrols, r.rate]


MY_ENTERPRISE_COLUMNS = ["企业", "地址", "网格", "风险等级", "最近巡查", "应巡日期", "状态"]


def my_enterprise_row(r) -> list[Any]:
    e = r.enterprise
    return [e.name, e.address, e.region.name, e.get_risk_level_display(), r.last_visit, r.next_due, r.status_label]


INSPECTION_COLUMNS = ["检查日期", "部门", "被检查单位", "属地", "类型", "状态", "执法人员", "检查结果", "检查情况"]


def inspection_row(i) -> list[Any]:
    return [i.inspected_on, i.department.name, i.enterprise.name, i.region.name, i.get_kind_display(),
            i.get_status_display(), "、".join(f"{u}（{u.enforcement_cert_no}）" for u in i.inspectors.all()),
            i.get_result_display(), i.summary]


DOCUMENT_COLUMNS = ["文号", "文书类型", "部门", "当事单位", "签发日期", "整改期限", "签发人"]


def document_row(d) -> list[Any]:
    return [d.number, d.get_kind_display(), d.department.name, d.enterprise.name, d.issued_on, d.deadline,
            str(d.issued_by) if d.issued_by else ""]


PENALTY_COLUMNS = ["决定日期", "部门", "当事单位", "违法行为类别", "违法事实", "处罚依据", "罚款金额（元）", "状态",
                   "文书文号", "缴纳日期"]


def penalty_row(p) -> list[Any]:
    from .rules import minor_violations

    return [p.decided_on, p.department.name, p.enterprise.name, minor_violations().get(p.violation_code, "其他违法行为"),
            p.violation, p.legal_basis, p.amount, p.get_status_display(), p.document.number, p.paid_on]


PLAN_COLUMNS = ["年度", "部门", "一季度", "二季度", "三季度", "四季度", "合计", "重点企业数", "状态", "审批时间"]


def plan_row(p) -> list[Any]:
    return [p.year, p.department.name, *p.quarters, p.total, p.key_enterprises.count(), p.get_status_display(),
            timezone.localtime(p.decided_at) if p.decided_at else None]


DRAW_COLUMNS = ["抽取时间", "部门", "抽查任务", "抽取企业数", "每家执法人员", "状态", "随机种子", "名录库快照 SHA-256"]


def draw_row(d) -> list[Any]:
    return [d.drawn_at, d.department.name, d.title, d.enterprise_count, d.inspectors_per_enterprise,
            d.get_status_display(), str(d.seed), d.pool_hash]
