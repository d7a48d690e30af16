"""Excel columns and rows of the hazards app (openpyxl writing is in safety_platform.excel)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .rules import week_label

HAZARD_COLUMNS = [
    "隐患编号", "企业", "行业", "属地", "来源", "等级", "状态", "隐患描述", "部位", "类别", "发现时间", "发现人",
    "整改期限", "整改责任人", "是否逾期", "逾期升级", "销号时间", "整改情况",
]


# What hazard_row reads, and nothing more: the 24,000-row export builds five model instances a row,
# and loading every column of the enterprise and the reporter cost more than writing the sheet.
HAZARD_ROW_FIELDS = (
    "reported_at", "enterprise__name", "enterprise__industry__name", "region__name", "source", "grade", "status",
    "description", "location", "category", "reporter__full_name", "reporter__username", "deadline", "responsible",
    "escalation_level", "closed_at", "rectification_note",
)


def hazard_row(h) -> list:
    return [
        h.number, h.enterprise.name, h.enterprise.industry.name, h.region.name, h.get_source_display(),
        h.get_grade_display(), h.get_status_display(), h.description, h.location, h.category, h.reported_at,
        str(h.reporter) if h.reporter_id else "", h.deadline, h.responsible, h.overdue_now,
        h.get_escalation_level_display() if h.escalation_level else "", h.closed_at, h.rectification_note,
    ]


SELFCHECK_COLUMNS = ["周次", "周一", "企业", "零报告", "发现隐患数", "提交时间", "逾期补报", "修改次数", "填报人"]


def selfcheck_row(sc) -> list:
    return [
        week_label(sc.week_start), sc.week_start, sc.enterprise.name, sc.is_zero, sc.hazards_found, sc.submitted_at,
        sc.is_late, sc.amend_count,
        (str(sc.submitted_by) if sc.submitted_by_id else "") + (f"（代报：{sc.proxy_reason}）" if sc.is_proxy else ""),
    ]


FILING_COLUMNS = ["周次", "企业", "统一社会信用代码", "属地", "行业", "安全负责人", "联系电话", "填报状态", "提交时间"]


def filing_row(e, week: dt.date) -> list:
    from .choices import FilingStatus

    submitted = timezone.localtime(e.sc_submitted_at) if e.sc_submitted_at else None
    return [
        week_label(week), e.name, e.uscc, e.region.name, e.industry.name, e.safety_director, e.safety_director_phone,
        FilingStatus(e.filing).label + ("（代报）" if getattr(e, "sc_proxy", False) else ""), submitted,
    ]


STAT_COLUMNS = ["发现隐患", "已整改销号", "未销号", "逾期", "重大隐患", "重大隐患已销号", "整改率（%）"]


def stat_row(r) -> list:
    return [r.name, r.found, r.closed, r.open, r.overdue, r.major, r.major_closed,
            float(r.rate) if r.rate is not None else None]


TEMPLATE_COLUMNS = ["检查表", "适用范围", "序号", "检查内容", "依据", "隐患类别", "不合格即重大隐患"]


def template_item_row(item) -> list:
    t = item.template
    return [t.name, t.applies_to, item.order, item.description, item.basis, item.category, item.major_by_definition]
