"""Excel columns of the 群众举报 ledger and the rewards register (openpyxl via safety_platform.excel)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import PublicReport, ReportReward

REPORT_COLUMNS = ["追踪码", "举报时间", "类别", "举报内容", "地点", "被举报单位", "匹配企业", "状态", "核查单位",
                  "核查期限", "核查时间", "核查情况", "隐患编号", "办结时间", "逾期升级"]
REWARD_COLUMNS = ["追踪码", "举报时间", "被举报企业", "奖励金额（元）", "奖励依据", "核定日期", "状态", "发放日期", "备注"]


def _local(value):
    return timezone.localtime(value) if value else None


def report_row(r: PublicReport) -> list[Any]:
    return [
        r.code, _local(r.submitted_at), r.get_category_display(), r.description, r.address, r.enterprise_name,
        r.enterprise.name if r.enterprise_id else "", r.get_status_display(), r.handler_name, r.deadline,
        _local(r.verified_at), r.verification_note, r.hazard.number if r.hazard_id else "", _local(r.closed_at),
        r.escalation_level or "",
    ]


def reward_row(w: ReportReward) -> list[Any]:
    r = w.report
    return [r.code, _local(r.submitted_at), r.enterprise.name if r.enterprise_id else r.enterprise_name, w.amount,
            w.basis, w.decided_on, w.get_status_display(), w.paid_on, w.note]
