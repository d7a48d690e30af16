"""Reads of 群众举报: the monthly closure rate (seed 003: 100 % 办结), the public progress steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .choices import DONE_STATUSES, ReportStatus
from .models import PublicReport

CLOSURE_TARGET = 100  # per cent (seed 003: 举报办结率 100 %)


@dataclass
class MonthClosure:
    month: dt.date  # first day of the month
    received: int
    done: int
    founded: int
    unfounded: int

    @property
    def open(self) -> int:
        return self.received - self.done

    @property
    def rate(self) -> float | None:
        """办结率 in per cent of the reports received that month (None when none were received)."""
        return round(100 * self.done / self.received, 1) if self.received else None

    @property
    def on_target(self) -> bool:
        return self.rate is None or self.rate >= CLOSURE_TARGET


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def closure_by_month(reports: QuerySet[PublicReport], *, months: int = 12, today: dt.date | None = None) -> list[MonthClosure]:
    """One row per month (oldest first, the current month last): reports received that month and how
    many of them are 办结 (unfounded, or their hazard closed). Pass ``for_user(...)`` as ``reports``."""
    today = today or timezone.localdate()
    first = _month_start(today, months - 1)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    rows = (
        reports.filter(submitted_at__gte=start)
        .annotate(m=TruncMonth("submitted_at"))
        .values("m")
        .annotate(
            received=Count("id"),
            done=Count("id", filter=Q(status__in=DONE_STATUSES)),
            founded=Count("id", filter=Q(status__in=(ReportStatus.FOUNDED, ReportStatus.CLOSED))),
            unfounded=Count("id", filter=Q(status=ReportStatus.UNFOUNDED)),
        )
    )
    by_month = {}
    for r in rows:
        m = r["m"].date() if isinstance(r["m"], dt.datetime) else r["m"]
        by_month[m.replace(day=1)] = r
    result = []
    for back in range(months - 1, -1, -1):
        m = _month_start(today, back)
        r = by_month.get(m, {})
        result.append(MonthClosure(m, r.get("received", 0), r.get("done", 0), r.get("founded", 0), r.get("unfounded", 0)))
    return result


def closure_rate(reports: QuerySet[PublicReport], *, year: int, month: int) -> MonthClosure:
    """The cockpit's figure for one month (target 100 %)."""
    start = timezone.make_aware(dt.datetime(year, month, 1))
    end = timezone.make_aware(dt.datetime(year + month // 12, month % 12 + 1, 1))
    qs = reports.filter(submitted_at__gte=start, submitted_at__lt=end)
    agg = qs.aggregate(
        received=Count("id"),
        done=Count("id", filter=Q(status__in=DONE_STATUSES)),
        founded=Count("id", filter=Q(status__in=(ReportStatus.FOUNDED, ReportStatus.CLOSED))),
        unfounded=Count("id", filter=Q(status=ReportStatus.UNFOUNDED)),
    )
    return MonthClosure(dt.date(year, month, 1), agg["received"], agg["done"], agg["founded"], agg["unfounded"])


@dataclass
class Step:
    label: str
    done: bool
    at: dt.datetime | None = None
    detail: str = ""


def public_progress(report: PublicReport) -> list[Step]:
    """The steps the public status page shows: received → assigned → verified → hazard closed.
    Only what the unit did, never who reported it or how to reach them."""
    steps = [Step("已受理", True, report.submitted_at, f"举报类别：{report.get_category_display()}")]
    steps.append(Step("已分派核查", report.assigned_at is not None, report.assigned_at,
                      f"由{report.handler_name}负责核查，期限 {report.deadline:%Y-%m-%d}" if report.assigned_at else ""))
    if report.status == ReportStatus.UNFOUNDED:
        steps.append(Step("经核查不属实", True, report.verified_at, report.verification_note))
        steps.append(Step("已办结", True, report.closed_at))
        return steps
    founded = report.status in (ReportStatus.FOUNDED, ReportStatus.CLOSED)
    steps.append(Step("核查属实，已责令整改", founded, report.verified_at,
                      f"整改期限 {report.hazard.deadline:%Y-%m-%d}" if founded and report.hazard_id else ""))
    steps.append(Step("隐患已整改销号，举报办结", report.status == ReportStatus.CLOSED, report.closed_at))
    return steps
