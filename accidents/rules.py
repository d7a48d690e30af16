"""Pure domain rules of SPEC §5 and §7: 493号令 grading, revision window, report timeliness, targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .choices import REPORT_CHAIN, SHORT_WINDOW_CATEGORIES, AccidentGrade, ReportLevel, TargetKind

# 国务院493号令 第三条: (grade, deaths ≥, serious injuries ≥, direct loss ≥ 万元), gravest first.
# "以上" includes the bound, "以下" excludes it — so each row is a lower bound reached inclusively.
GRADE_THRESHOLDS: list[tuple[int, int, int, Decimal]] = [
    (AccidentGrade.ESPECIALLY_MAJOR, 30, 100, Decimal("10000")),  # 1 亿元
    (AccidentGrade.MAJOR, 10, 50, Decimal("5000")),
    (AccidentGrade.LARGER, 3, 10, Decimal("1000")),
]

LATER_DEATHS_DAYS = 30  # 事故发生之日起30日内伤亡人数发生变化的应当及时补报
LATER_DEATHS_DAYS_SHORT = 7  # 道路交通、火灾事故 7 日内


def accident_grade(*, deaths: int, serious_injuries: int, direct_loss: Decimal) -> int:
    """The highest level reached by any of deaths, serious injuries and direct loss (万元)."""
    for grade, min_deaths, min_serious, min_loss in GRADE_THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_serious or direct_loss >= min_loss:
            return grade
    return AccidentGrade.GENERAL


def revision_window_days(category: str) -> int:
    return LATER_DEATHS_DAYS_SHORT if category in SHORT_WINDOW_CATEGORIES else LATER_DEATHS_DAYS


def revision_deadline(*, occurred_at: dt.datetime, category: str) -> dt.datetime:
    """Casualty figures may be revised until this instant (inclusive)."""
    return occurred_at + dt.timedelta(days=revision_window_days(category))


def report_deadline(*, level: str, occurred_at: dt.datetime, previous_report_at: dt.datetime | None) -> dt.datetime | None:
    """When a report of ``level`` is due: 1 h after the accident for the unit, then 2 h per level up.

    The clock of a level starts at the previous level's report when there is one, otherwise at
    the accident plus the hours of the levels before (a missing lower report never excuses a
    higher one). 续报 has no deadline.
    """
    if level == ReportLevel.FOLLOW_UP:
        return None
    elapsed = dt.timedelta(0)
    for chain_level, hours in REPORT_CHAIN:
        if chain_level == level:
            start = previous_report_at if previous_report_at is not None else occurred_at + elapsed
            return start + dt.timedelta(hours=hours)
        elapsed += dt.timedelta(hours=hours)
    raise ValueError(f"unknown report level {level!r}")


def report_is_late(*, level: str, occurred_at: dt.datetime, reported_at: dt.datetime,
                   previous_report_at: dt.datetime | None) -> bool:
    deadline = report_deadline(level=level, occurred_at=occurred_at, previous_report_at=previous_report_at)
    return deadline is not None and reported_at > deadline


def target_ceiling(*, kind: str, value: Decimal, baseline: Decimal | None) -> Decimal | None:
    """The ceiling a target sets: baseline × (1 + change %) for a relative target, else the value.

    A relative target without a baseline figure has no ceiling (shown as "—").
    """
    if kind == TargetKind.CEILING:
        return value
    if baseline is None:
        return None
    return baseline * (Decimal(100) + value) / Decimal(100)


def on_track(*, actual: Decimal | int | None, ceiling: Decimal | None) -> bool | None:
    """A year is on track when its actual does not exceed the ceiling (None when unknown)."""
    if actual is None or ceiling is None:
        return None
    return Decimal(actual) <= ceiling
