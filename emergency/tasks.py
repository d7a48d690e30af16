"""Celery jobs of the emergency app (take dates as ISO strings, idempotent through notify's dedup_key)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.notifications import notify

from .rules import previous_month, report_due_date
from .selectors import missing_risk_reports


@shared_task
def remind_risk_reports(today: str | None = None) -> int:
    """风险每月一报送 reminder.

    In the days before the due day, every street/department that has not filed last month's report
    is reminded (once per unit and month, whatever the number of runs). After the due day the
    office gets the list of units that are still missing (once per month). Returns notifications sent.
    """
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    month = previous_month(day)
    due = report_due_date(month, settings.EMERGENCY_RISK_REPORT_DUE_DAY)
    missing = missing_risk_reports(month=month)
    if not missing:
        return 0
    url = reverse("emergency:riskreport_create")
    if due - dt.timedelta(days=settings.EMERGENCY_RISK_REPORT_REMIND_DAYS) <= day <= due:
        streets = [m.reporter_id for m in missing if m.kind == "street"]
        departments = [m.reporter_id for m in missing if m.kind == "department"]
        users = User.objects.filter(is_active=True).filter(
            Q(role=Role.STREET, region_id__in=streets) | Q(role=Role.DEPARTMENT, department_id__in=departments)
        )
        by_unit: dict[tuple[str, int], list[User]] = {}
        for u in users:
            key = ("street", u.region_id) if u.role == Role.STREET else ("department", u.department_id)
            by_unit.setdefault(key, []).append(u)
        sent = 0
        for m in missing:
            sent += len(notify(
                recipients=by_unit.get((m.kind, m.reporter_id), []),
                title=f"请于{due:%m月%d日}前报送{month:%Y年%m月}风险月报",
                body=f"{m.name}尚未报送{month:%Y年%m月}安全风险情况（每月一报送）。",
                url=url, category="风险月报", dedup_key=f"emergency:risk-report:{month:%Y-%m}:{m.kind}:{m.reporter_id}",
            ))
        return sent
    if day > due:
        office = User.objects.filter(is_active=True, role=Role.OFFICE)
        names = "、".join(m.name for m in missing)
        return len(notify(
            recipients=office, title=f"{month:%Y年%m月}风险月报逾期未报送 {len(missing)} 个单位",
            body=f"截至{due:%m月%d日}未报送：{names}", url=reverse("emergency:riskreport_missing"),
            category="风险月报", dedup_key=f"emergency:risk-report-missing:{month:%Y-%m}",
        ))
    return 0
