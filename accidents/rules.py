"""Pure domain rules of SPEC §5 and §7: 493号令 grading, revision window, report timeliness, targets.

Sources (《生产安全事故报告和调查处理条例》, 国务院令第493号, 2007):
- 第三条: the four grades by deaths, serious injuries (含急性工业中毒) and direct loss.
- 第九条: 单位负责人接到报告后，应当于1小时内向事故发生地县级以上人民政府安全生产监督管理部门和
  负有安全生产监督管理职责的有关部门报告.
- 第十条: how far up the report goes — 一般事故 to the 设区的市, 较大事故 to the 省级, 重大/特别重大
  to the 国务院 departments (the platform's chain ends at the province).
- 第十一条: 逐级上报事故情况，每级上报的时间不得超过2小时.
- 第十二条(四): the report states the casualties "包括下落不明的人数" (the missing count with them).
- 第十三条: 事故报告后出现新情况的，应当及时补报 (续报); casualty changes within 30 days (道路交通、
  火灾 7 days) are 补报.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


def grading_deaths(*, deaths: int, missing: int) -> int:
    """死亡（含失踪）: the deaths that grade and count an accident include the missing.

    Source: 《生产安全事故统计调查制度》(应急管理部制定、国家统计局批准) counts 死亡人数 as
    "死亡（含失踪）"; 493号令 第十二条(四) has the report give the casualties "包括下落不明的人数".
    A missing person confirmed dead moves from ``missing`` to ``deaths`` (the sum is unchanged);
    one found alive leaves the sum (see ``services.missing_resolve``).
    """
    return deaths + missing


def accident_grade(*, deaths: int, serious_injuries: int, direct_loss: Decimal, missing: int = 0) -> int:
    """The highest level reached by any of deaths (含失踪), serious injuries and direct loss (万元)."""
    counted = grading_deaths(deaths=deaths, missing=missing)
    for grade, min_deaths, min_serious, min_loss in GRADE_THRESHOLDS:
        if counted >= min_deaths or serious_injuries >= min_serious or direct_loss >= min_loss:
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


def chain_for_grade(grade: int) -> list[tuple[str, int]]:
    """The report levels an accident of ``grade`` must pass (493号令 第十条): 一般事故 up to the city,
    较大 and above up to the province (and beyond, outside the platform)."""
    last = ReportLevel.COUNTY_TO_CITY if grade < AccidentGrade.LARGER else ReportLevel.CITY_TO_PROVINCE
    levels = [lvl for lvl, _ in REPORT_CHAIN]
    return REPORT_CHAIN[: levels.index(last) + 1]


@dataclass(frozen=True)
class ReportStep:
    """One step of the reporting chain as it stands: due when, reported when (if at all)."""

    level: str
    label: str
    hours: int
    deadline: dt.datetime
    reported_at: dt.datetime | None
    basis: str

    @property
    def done(self) -> bool:
        return self.reported_at is not None

    @property
    def late(self) -> bool:
        return self.reported_at is not None and self.reported_at > self.deadline

    def overdue(self, now: dt.datetime) -> bool:
        """Not reported and past its deadline (迟报 in the making)."""
        return self.reported_at is None and now > self.deadline


STEP_BASIS = {
    ReportLevel.UNIT_TO_COUNTY: "493号令第九条：单位负责人接到报告后1小时内报告县级以上安全监管部门",
    ReportLevel.COUNTY_TO_CITY: "493号令第十一条：逐级上报，每级不超过2小时",
    ReportLevel.CITY_TO_PROVINCE: "493号令第十条、第十一条：较大以上事故报至省级，每级不超过2小时",
}


def reporting_steps(*, grade: int, occurred_at: dt.datetime, reported: dict[str, dt.datetime]) -> list[ReportStep]:
    """The chain the accident's grade requires, each step with its deadline and report time.

    ``reported`` maps a level to the time of its (first) report. A step's clock starts at the previous
    step's report, or — when that is missing — where the previous deadline would have put it.
    """
    steps: list[ReportStep] = []
    previous_at: dt.datetime | None = None
    for level, hours in chain_for_grade(grade):
        start = occurred_at if not steps else (previous_at or steps[-1].deadline)
        deadline = start + dt.timedelta(hours=hours)
        at = reported.get(level)
        steps.append(ReportStep(level, ReportLevel(level).label, hours, deadline, at, STEP_BASIS[level]))
        previous_at = at
    return steps


def next_open_step(steps: list[ReportStep]) -> ReportStep | None:
    """The first step not yet reported (the countdown on the accident page)."""
    return next((s for s in steps if not s.done), None)


def target_ceiling(*, kind: str, value: Decimal, baseline: Decimal | None) -> Decimal | None:
    """The ceiling a target sets: baseline × (1 + change %) for a relative target, else the value.

    A relative target without a baseline figure has no ceiling (shown as "—").
    """
    if kind == TargetKind.CEILING:
        return value
    if baseline is None:
        return None
    return baseline * (Decimal(100) + value) / Decimal(100)


# 数据确认: the denominators every district has (coal output only where there is coal mining).
REQUIRED_REFERENCE_FIELDS = {
    "gdp": "地区生产总值", "population": "常住人口", "industrial_employees": "工矿商贸就业人员",
    "motor_vehicles": "机动车保有量",
}


def reference_gaps(values: dict | None) -> list[str]:
    """Labels of the reference figures a year still lacks (all of them when there is no row)."""
    return [label for name, label in REQUIRED_REFERENCE_FIELDS.items() if not values or values.get(name) is None]


def year_confirmable(*, year: int, today: dt.date) -> bool:
    """Only a year that is over can have its ledger confirmed."""
    return year < today.year


def on_track(*, actual: Decimal | int | None, ceiling: Decimal | None) -> bool | None:
    """A year is on track when its actual does not exceed the ceiling (None when unknown)."""
    if actual is None or ceiling is None:
        return None
    return Decimal(actual) <= ceiling


UNCONFIRMED = "数据未确认"


def target_status(*, actual: Decimal | int | None, ceiling: Decimal | None, confirmed: bool) -> bool | None:
    """Missing is not met: an unconfirmed year (or baseline) is never on track — None, shown "数据未确认"."""
    if not confirmed:
        return None
    return on_track(actual=actual, ceiling=ceiling)
