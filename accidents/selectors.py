"""Reads of the accidents app: yearly indicators (SPEC §7), statistics tables, plan progress.

Every read starts from ``for_user``; each selector runs a fixed number of aggregate queries
whatever the number of accidents, regions or years. Values are exact (Decimal); rounding is
for display only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.choices import RegionKind
from accounts.models import Industry, Region
from accounts.permissions import is_grid

from .choices import (
    RATE_INDICATORS,
    AccidentCategory,
    AccidentGrade,
    AccidentStatus,
    AccidentType,
    Indicator,
    StatsDimension,
    TargetKind,
)
from .models import Accident, Plan, RegionYearData, YearConfirmation
from .rules import UNCONFIRMED, target_ceiling, target_status

REFERENCE_FIELDS = ("gdp", "population", "industrial_employees", "motor_vehicles", "coal_output")
PATH_SEGMENT = 7  # Region.path segments are "000123." (6 digits and a dot)


@dataclass
class YearIndicators:
    year: int
    accidents: int = 0
    deaths: int = 0
    larger_accidents: int = 0
    coal_deaths: int = 0
    deaths_by_category: dict[str, int] = field(default_factory=dict)
    # Reference data summed over the region's subtree (None = not entered)
    gdp: Decimal | None = None
    population: int | None = None
    industrial_employees: int | None = None
    motor_vehicles: int | None = None
    coal_output: Decimal | None = None

    @property
    def industrial_deaths(self) -> int:
        return self.deaths_by_category.get(AccidentCategory.INDUSTRIAL, 0)

    @property
    def road_deaths(self) -> int:
        return self.deaths_by_category.get(AccidentCategory.ROAD, 0)

    @property
    def fire_deaths(self) -> int:
        return self.deaths_by_category.get(AccidentCategory.FIRE, 0)

    @property
    def gdp_rate(self) -> Decimal | None:
        """亿元GDP生产安全事故死亡率 = deaths ÷ GDP (亿元)."""
        return Decimal(self.deaths) / self.gdp if self.gdp else None

    @property
    def industrial_rate(self) -> Decimal | None:
        """工矿商贸就业人员十万人死亡率 = 工矿商贸 deaths ÷ employees × 100 000."""
        if not self.industrial_employees:
            return None
        return Decimal(self.industrial_deaths) * 100000 / Decimal(self.industrial_employees)

    @property
    def road_rate(self) -> Decimal | None:
        """道路交通万车死亡率 = road deaths ÷ motor vehicles × 10 000."""
        if not self.motor_vehicles:
            return None
        return Decimal(self.road_deaths) * 10000 / Decimal(self.motor_vehicles)

    @property
    def coal_rate(self) -> Decimal | None:
        """煤矿百万吨死亡率 = coal deaths ÷ output in Mt (万吨 ÷ 100)."""
        if not self.coal_output:
            return None
        return Decimal(self.coal_deaths) * 100 / self.coal_output

    def value(self, indicator: str) -> Decimal | int | None:
        return getattr(self, Indicator(indicator).value)


def _reference_totals(rows: list[dict], fields: Sequence[str]) -> dict[str, object]:
    """Sum each field over the shallowest rows that carry it: a region's own figure replaces
    those of its sub-regions (a district's GDP is not added to its streets' GDPs)."""
    rows = sorted(rows, key=lambda r: len(r["region__path"]))
    totals: dict[str, object] = {}
    for name in fields:
        taken: list[str] = []
        total = None
        for row in rows:
            value = row[name]
            if value is None or any(row["region__path"].startswith(p) for p in taken):
                continue
            taken.append(row["region__path"])
            total = value if total is None else total + value
        totals[name] = total
    return totals


def region_indicators(*, user, region: Region, years: Sequence[int]) -> dict[int, YearIndicators]:
    """SPEC §7 indicators of ``region`` (its whole subtree) for each year — two aggregate queries."""
    years = sorted(set(years))
    result = {y: YearIndicators(year=y, deaths_by_category={c: 0 for c in AccidentCategory.values}) for y in years}
    # Grouping by the few columns the indicators need keeps the aggregate to three expressions
    # (≤ years × categories × 2 small rows), summed up here.
    rows = (
        Accident.objects.for_user(user)
        .filter(region__path__startswith=region.path, year__in=years)
        .order_by()
        .values("year", "category", "is_coal_mine")
        # COUNT(*) and columns of the covering index only: an index-only scan on PostgreSQL.
        .annotate(n=Count("*"), dead=Sum("deaths"), larger=Count("grade", filter=Q(grade__gte=AccidentGrade.LARGER)))
    )
    for row in rows:
        item, dead = result[row["year"]], row["dead"] or 0
        item.accidents += row["n"]
        item.deaths += dead
        item.larger_accidents += row["larger"]
        item.deaths_by_category[row["category"]] = item.deaths_by_category.get(row["category"], 0) + dead
        if row["is_coal_mine"]:
            item.coal_deaths += dead
    reference = (
        RegionYearData.objects.for_user(user)
        .filter(region__path__startswith=region.path, year__in=years)
        .order_by()
        .values("year", "region__path", *REFERENCE_FIELDS)
    )
    per_year: dict[int, list[dict]] = {}
    for row in reference:
        per_year.setdefault(row["year"], []).append(row)
    for year, year_rows in per_year.items():
        for name, value in _reference_totals(year_rows, REFERENCE_FIELDS).items():
            setattr(result[year], name, value)
    return result


# ---------------------------------------------------------------- statistics by year × dimension


@dataclass
class Cell:
    accidents: int = 0
    deaths: int = 0
    serious_injuries: int = 0
    direct_loss: Decimal = Decimal(0)

    def add(self, other: Cell) -> None:
        self.accidents += other.accidents
        self.deaths += other.deaths
        self.serious_injuries += other.serious_injuries
        self.direct_loss += other.direct_loss


@dataclass
class StatsRow:
    key: object
    label: str
    cells: dict[int, Cell] = field(default_factory=dict)
    total: Cell = field(default_factory=Cell)


@dataclass
class StatsTable:
    dimension: str
    years: list[int]
    rows: list[StatsRow]
    totals: dict[int, Cell]
    total: Cell


def _group_field(dimension: str) -> str:
    return {
        StatsDimension.REGION: "region__path",
        StatsDimension.INDUSTRY: "industry_id",
        StatsDimension.CATEGORY: "category",
        StatsDimension.TYPE: "accident_type",
        StatsDimension.GRADE: "grade",
    }[StatsDimension(dimension)]


def _labeller(dimension: str, region: Region):
    """(key for a raw group value, ordered [(key, label)]) — at most one query."""
    if dimension == StatsDimension.REGION:
        children = list(Region.objects.filter(parent=region).order_by("path").values_list("path", "name"))
        order = [(region.path, f"{region.name}（本级）"), *children]
        depth = len(region.path) + PATH_SEGMENT
        return (lambda path: path[:depth] if len(path) >= depth else region.path), order
    if dimension == StatsDimension.INDUSTRY:
        industries = {i.pk: i for i in Industry.objects.all()}
        sections = sorted({(i.parent_id or i.pk) for i in industries.values()}, key=lambda pk: industries[pk].code)
        order = [(pk, str(industries[pk])) for pk in sections] + [(None, "未填行业")]

        def key(pk):
            return None if pk is None else (industries[pk].parent_id or pk)

        return key, order
    choices = {
        StatsDimension.CATEGORY: AccidentCategory.choices,
        StatsDimension.TYPE: AccidentType.choices,
        StatsDimension.GRADE: sorted(AccidentGrade.choices, reverse=True),
    }[StatsDimension(dimension)]
    return (lambda v: v), list(choices)


def accident_statistics(*, user, region: Region, years: Sequence[int], dimension: str) -> StatsTable:
    """Accidents, deaths, serious injuries and loss by year × dimension (two queries at most)."""
    years = sorted(set(years))
    group = _group_field(dimension)
    raw = (
        Accident.objects.for_user(user)
        .filter(region__path__startswith=region.path, year__in=years)
        .order_by()
        .values("year", group)
        .annotate(n=Count("pk"), dead=Sum("deaths"), serious=Sum("serious_injuries"), loss=Sum("direct_loss"))
    )
    key_of, order = _labeller(dimension, region)
    rows = {k: StatsRow(key=k, label=label, cells={y: Cell() for y in years}) for k, label in order}
    for r in raw:
        k = key_of(r[group])
        row = rows.get(k)
        if row is None:
            row = rows[k] = StatsRow(key=k, label=str(k), cells={y: Cell() for y in years})
        row.cells[r["year"]].add(Cell(r["n"], r["dead"] or 0, r["serious"] or 0, r["loss"] or Decimal(0)))
    totals = {y: Cell() for y in years}
    total = Cell()
    for row in rows.values():
        for y, cell in row.cells.items():
            row.total.add(cell)
            totals[y].add(cell)
        total.add(row.total)
    kept = [row for row in rows.values() if row.total.accidents or dimension != StatsDimension.INDUSTRY]
    return StatsTable(dimension=dimension, years=years, rows=kept, totals=totals, total=total)


# ---------------------------------------------------------------- plans and targets


@dataclass
class TargetYear:
    year: int
    actual: Decimal | int | None
    on_track: bool | None
    confirmed: bool = True

    @property
    def status_label(self) -> str:
        """达标 / 超出目标 / 数据未确认 ('' for a year still to come)."""
        if self.actual is None:
            return ""
        if not self.confirmed:
            return UNCONFIRMED
        return "" if self.on_track is None else ("达标" if self.on_track else "超出目标")


@dataclass
class TargetProgress:
    pk: int
    indicator: str
    label: str
    kind: str
    kind_label: str
    value: Decimal
    note: str
    is_rate: bool
    baseline: Decimal | int | None
    ceiling: Decimal | None
    years: list[TargetYear]

    @property
    def is_relative(self) -> bool:
        return self.kind == TargetKind.RELATIVE


@dataclass
class PlanProgress:
    plan: Plan
    years: list[int]
    targets: list[TargetProgress]
    confirmed_years: set[int] = field(default_factory=set)


def plan_progress(*, user, plan: Plan) -> PlanProgress:
    """Baseline, each year's actual, the target ceiling and on-track, per target (three queries)."""
    years = list(range(plan.baseline_year, plan.target_year + 1))
    data = region_indicators(user=user, region=plan.region, years=years)
    this_year = timezone.localdate().year
    # Missing is not met: a year (and, for a relative target, its baseline) counts only once confirmed.
    confirmed_years = set(YearConfirmation.objects.filter(region=plan.region, year__in=years).values_list(
        "year", flat=True))
    targets = []
    for t in plan.targets.all():
        baseline = data[plan.baseline_year].value(t.indicator)
        ceiling = target_ceiling(kind=t.kind, value=t.value, baseline=None if baseline is None else Decimal(baseline))
        baseline_ok = t.kind != TargetKind.RELATIVE or plan.baseline_year in confirmed_years
        rows = []
        for y in years[1:]:
            actual = data[y].value(t.indicator) if y <= this_year else None
            confirmed = baseline_ok and y in confirmed_years
            rows.append(TargetYear(year=y, actual=actual, confirmed=confirmed,
                                   on_track=target_status(actual=actual, ceiling=ceiling, confirmed=confirmed)))
        targets.append(TargetProgress(
            pk=t.pk, indicator=t.indicator, label=t.get_indicator_display(), kind=t.kind, kind_label=t.get_kind_display(),
            value=t.value, note=t.note, is_rate=t.indicator in RATE_INDICATORS, baseline=baseline, ceiling=ceiling,
            years=rows,
        ))
    return PlanProgress(plan=plan, years=years, targets=targets, confirmed_years=confirmed_years)


# ---------------------------------------------------------------- regions to pick, home and to-do


def areas_for(user):
    """Regions a user may pick for indicators and filters: its visible tree without the ~350 grid
    cells (a grid officer keeps its own cells), broadest first."""
    qs = Region.objects.for_user(user)
    if not is_grid(user):
        qs = qs.exclude(kind=RegionKind.GRID)
    return qs.order_by("depth", "path")


def year_summary(*, user, year: int) -> dict[str, int]:
    row = Accident.objects.for_user(user).filter(year=year).aggregate(
        n=Count("pk"), dead=Sum("deaths"), larger=Count("pk", filter=Q(grade__gte=AccidentGrade.LARGER))
    )
    return {"accidents": row["n"], "deaths": row["dead"] or 0, "larger": row["larger"]}


def evaluations_due(*, user, within_days: int):
    """Closed accidents whose 整改评估 is due within ``within_days`` (or overdue) and not done."""
    limit = timezone.localdate() + dt.timedelta(days=within_days)
    return Accident.objects.for_user(user).filter(
        status=AccidentStatus.CLOSED, evaluated_on__isnull=True, evaluation_due__lte=limit
    )
