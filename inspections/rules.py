"""Pure rules of the inspections domain: distances, patrol cycles, working days, document numbers."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.conf import settings

from .choices import DOCUMENT_NUMBER_WORD, VisitStatus

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def haversine_m(lat1: float | Decimal, lng1: float | Decimal, lat2: float | Decimal, lng2: float | Decimal) -> float:
    """Great-circle distance in metres between two WGS-84 points."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def patrol_interval_days(risk_level: str) -> int:
    intervals = settings.INSPECTION_PATROL_INTERVAL_DAYS
    return intervals.get(risk_level, max(intervals.values()))


def next_visit_due(last_visit: dt.date | None, risk_level: str) -> dt.date | None:
    """The latest date of the next visit (None: never visited, due now)."""
    if last_visit is None:
        return None
    return last_visit + dt.timedelta(days=patrol_interval_days(risk_level))


def visit_status(last_visit: dt.date | None, risk_level: str, today: dt.date) -> str:
    """逾期未巡 when never visited or past the risk interval; otherwise 本月已巡 when visited in
    this calendar month (the monthly minimum), else 本月待巡."""
    due = next_visit_due(last_visit, risk_level)
    if due is None or due < today:
        return VisitStatus.OVERDUE
    if last_visit.year == today.year and last_visit.month == today.month:
        return VisitStatus.DONE
    return VisitStatus.DUE


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def holidays() -> set[dt.date]:
    return {dt.date.fromisoformat(str(d)) for d in settings.INSPECTION_HOLIDAYS}


def add_working_days(start: dt.date, days: int) -> dt.date:
    """``start`` plus ``days`` working days (Monday–Friday, not a listed holiday)."""
    off = holidays()
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            left -= 1
    return day


def publish_due(finished_on: dt.date) -> dt.date:
    return add_working_days(finished_on, settings.INSPECTION_PUBLISH_WORKING_DAYS)


def document_number(short_name: str, kind: str, year: int, sequence: int) -> str:
    """昆应急责改〔2026〕12号: department short name, the kind's word, year, sequence."""
    return f"{short_name}{DOCUMENT_NUMBER_WORD[kind]}〔{year}〕{sequence}号"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def minor_violations() -> dict[str, str]:
    return dict(settings.INSPECTION_FIRST_VIOLATION_EXEMPT)
