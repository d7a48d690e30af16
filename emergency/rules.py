"""Pure rules of SPEC §6: drill-rule periods, plan review dates, report months."""

from __future__ import annotations

import datetime as dt

from .choices import ReviewState


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rule_period(*, on: dt.date, period_years: int, anchor_year: int) -> tuple[dt.date, dt.date]:
    """The calendar-aligned period that contains ``on`` (e.g. 2025-01-01 … 2026-12-31 for 2 years from 2021)."""
    years = max(1, period_years)
    start_year = anchor_year + ((on.year - anchor_year) // years) * years
    return dt.date(start_year, 1, 1), dt.date(start_year + years - 1, 12, 31)


def review_due(filed_on: dt.date, review_years: int) -> dt.date:
    """预案每3年至少评估一次: the review is due ``review_years`` after filing."""
    return add_years(filed_on, review_years)


def review_state(due: dt.date | None, *, today: dt.date, warning_days: int) -> str | None:
    if due is None:
        return None
    if due < today:
        return ReviewState.OVERDUE
    if due <= today + dt.timedelta(days=warning_days):
        return ReviewState.EXPIRING
    return ReviewState.OK


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def report_due_date(month: dt.date, due_day: int) -> dt.date:
    """A month's risk report is due on ``due_day`` of the following month."""
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt.replace(day=min(due_day, 28))
