"""The cockpit's reads: every figure, chart series and map layer is an SQL aggregate (or a
``values_list``) over querysets that start from ``for_user`` — the rows the drill-down lists show,
so a figure equals the row count of the list it links to.

Results may be cached briefly (``COCKPIT_CACHE_SECONDS``); the key carries the user's scope.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from accidents.choices import AccidentGrade, Indicator
from accidents.models import Plan
from accidents.rules import target_ceiling
from accidents.selectors import areas_for, region_indicators
from accounts.choices import RegionKind, Role
from accounts.models import Department, Industry, Region, User
from accounts.permissions import is_department, is_enterprise, is_grid, is_street
from accounts.scoping import user_region_paths
from emergency.choices import DrillStatus
from emergency.models import Drill, DrillRule
from emergency.rules import rule_period
from emergency.selectors import OWNER_FK, rule_owners
from enterprises.choices import EnterpriseStatus
from enterprises.models import Enterprise, Licence, MajorHazardSource
from enterprises.selectors import warning_limit
from hazards.choices import OPEN_STATUSES, HazardGrade, HazardStatus
from hazards.models import Hazard, SelfCheck, Supervision
from hazards.reporting.models import PublicReport
from hazards.reporting.selectors import MonthClosure, closure_by_month
from inspections.choices import InspectionStatus, PatrolStatus, PlanStatus
from inspections.models import EnforcementPlan, Inspection, Patrol
from inspections.rules import month_bounds, quarter_of

T = TypeVar("T")

# --------------------------------------------------------------------------------------------
# scope and cache


def scope_key(user: User) -> str:
    """What decides the rows a user sees: two users with the same key see the same numbers."""
    if user.sees_everything:
        return "all"
    if is_street(user):
        return f"street-{user.region_id}"
    if is_department(user):
        return f"dept-{user.department_id}"
    if is_grid(user):
        return "grid-" + "-".join(sorted(user_region_paths(user)))
    if is_enterprise(user):
        return f"ent-{user.enterprise_id}"
    return f"user-{user.pk}"


def cached(user: User, name: str, compute: Callable[[], T], *parts: Any) -> T:
    """``compute()`` cached for COCKPIT_CACHE_SECONDS under the user's scope (0 = no cache)."""
    seconds = settings.COCKPIT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = ":".join(["cockpit", name, scope_key(user), *(str(p) for p in parts)])
    return cache.get_or_set(key, compute, seconds)


@contextmanager
def analytics():
    """Run the cockpit's aggregates without PostgreSQL's JIT: compiling each aggregate query costs
    50–70 ms here, more than running it (measured on the 500,000-hazard benchmark). SET LOCAL
    keeps the setting to this transaction; other databases need nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


def _section_pool(size: int) -> ThreadPoolExecutor:
    """A long-lived pool (one per process, created on first use, i.e. after gunicorn's fork) whose
    threads keep their database connection: a fresh PostgreSQL backend must first load its catalog
    caches, which cost more than the aggregates themselves."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size != size:
            if _pool is not None:
                _shutdown(_pool, _pool_size)
            _pool, _pool_size = ThreadPoolExecutor(max_workers=size, thread_name_prefix="cockpit"), size
        return _pool


def _shutdown(pool: ThreadPoolExecutor, size: int) -> None:
    barrier = threading.Barrier(size)

    def close() -> None:
        barrier.wait(timeout=10)  # one close per thread: each waits until all threads hold one
        connections.close_all()

    for future in [pool.submit(close) for _ in range(size)]:
        future.result()
    pool.shutdown(wait=True)


def shutdown_section_pool() -> None:
    """Close the pool's threads and their connections (tests, before the test database is dropped)."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is not None:
            _shutdown(_pool, _pool_size)
        _pool, _pool_size = None, 0


def compute_sections(user: User, sections: dict[str, Callable[[], Any]], today: dt.date) -> dict[str, Any]:
    """Each section's figures (cached per scope like ``cached``). On PostgreSQL, outside a transaction,
    COCKPIT_THREADS pooled threads compute them side by side, each on its own connection: the
    aggregates are independent and the database has more than one core. Else — SQLite, inside a
    test's transaction, COCKPIT_THREADS=1 — one after the other."""
    threads = settings.COCKPIT_THREADS
    if threads <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        with analytics():
            return {name: cached(user, name, fn, today) for name, fn in sections.items()}

    def run(name: str, fn: Callable[[], Any]) -> Any:
        if connection.connection is not None and (connection.errors_occurred or not connection.is_usable()):
            connection.close()  # a broken or dropped connection is replaced, as Django does per request
        with analytics():
            return cached(user, name, fn, today)

    pool = _section_pool(threads)
    futures = {name: pool.submit(run, name, fn) for name, fn in sections.items()}
    return {name: future.result() for name, future in futures.items()}


def scope_region(user: User) -> Region | None:
    """The region whose indicators and plan targets the user's cockpit shows: its street, else the district."""
    if is_street(user) and user.region_id:
        return user.region
    return areas_for(user).first()


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# --------------------------------------------------------------------------------------------
# grouping by street: a street is the region of kind "street" whose path prefixes the row's
# region path, so the tree's depth stays data (one grouped query per distinct street-path length)


def streets_in(user: User) -> list[Region]:
    return list(Region.objects.for_user(user).filter(kind=RegionKind.STREET).order_by("path"))


def street_of_regions(streets: list[Region]) -> dict[int, int]:
    """Region id → the id of the street (among ``streets``) whose path prefixes the region's path."""
    by_length: dict[int, dict[str, int]] = {}
    for s in streets:
        by_length.setdefault(len(s.path), {})[s.path] = s.pk
    if not by_length:
        return {}
    shortest = min(by_length)
    prefixes = Q()
    for paths in by_length.values():
        for path in paths:
            prefixes |= Q(path__startswith=path)
    result = {}
    for pk, path in Region.objects.filter(prefixes).values_list("pk", "path"):
        if len(path) < shortest:
            continue
        for length, paths in by_length.items():
            street = paths.get(path[:length])
            if street is not None:
                result[pk] = street
                break
    return result


def count_by_street(qs: QuerySet, streets: list[Region], street_of: dict[int, int], *, region_field: str = "region",
                    **counts: Count) -> dict[int, dict[str, int]]:
    """``counts`` per street: grouped by the rows' region id in SQL (no join to the region table),
    each region then added to its street (``street_of``: ``street_of_regions(streets)``, computed once
    by the caller for all its groupings)."""
    result = {s.pk: dict.fromkeys(counts, 0) for s in streets}
    rows = qs.values(region_key=F(region_field)).annotate(**counts).order_by()
    for row in rows:
        street = street_of.get(row["region_key"])
        if street is None:
            continue
        for k in counts:
            result[street][k] += row[k] or 0
    return result


# --------------------------------------------------------------------------------------------
# hazards


OPEN = Q(status__in=OPEN_STATUSES)


@dataclass
class HazardSummary:
    open: int = 0
    overdue: int = 0
    major_open: int = 0
    major_overdue: int = 0
    supervised_open: int = 0
    found_year: int = 0
    closed_year: int = 0

    @property
    def rectification_rate(self) -> Decimal | None:
        return percent(self.closed_year, self.found_year)


@dataclass
class Ranked:
    pk: int
    name: str
    value: int


@dataclass
class IndustryBar:
    pk: int
    name: str
    open: int
    overdue: int


@dataclass
class WeekPoint:
    week_start: dt.date
    found: int
    closed: int

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)


@dataclass
class HazardOverview:
    summary: HazardSummary
    trend: list[WeekPoint]
    industries: list[IndustryBar]  # open hazards per 门类 (and how many of them are overdue), most first
    overdue_industries: list[Ranked]  # overdue hazards per 门类, most first


def _per_week(qs: QuerySet, field: str, bounds: list[dt.datetime]) -> list[int]:
    """Rows per week (bounds: the week starts and the end): one filtered COUNT per week over the
    rows of the period — cheaper on PostgreSQL than a CASE bucket or a time-zone truncation per row.
    Counting the column itself (not the id) lets PostgreSQL answer from its index alone."""
    counts = {
        f"w{i}": Count(field, filter=Q(**{f"{field}__gte": bounds[i], f"{field}__lt": bounds[i + 1]}))
        for i in range(len(bounds) - 1)
    }
    row = qs.filter(**{f"{field}__gte": bounds[0], f"{field}__lt": bounds[-1]}).aggregate(**counts)
    return [row[f"w{i}"] for i in range(len(bounds) - 1)]


@dataclass
class OpenHazards:
    summary: HazardSummary  # open / overdue / major / 挂牌督办 and how many of the open were found this year
    open_this_year: int
    industries: list[IndustryBar]
    overdue_industries: list[Ranked]


@dataclass
class HazardTrend:
    found_year: int
    weeks: list[WeekPoint]


def open_hazards(hazards: QuerySet, *, today: dt.date) -> OpenHazards:
    """The open hazards by industry and grade (open / overdue / major, per 门类) and 挂牌督办: read
    from the partial covering index on open hazards; only they are joined to their enterprise."""
    year_start = local_midnight(dt.date(today.year, 1, 1))
    summary = HazardSummary()
    section_of = {pk: parent or pk for pk, parent in Industry.objects.values_list("pk", "parent_id")}
    by_section: dict[int, dict[str, int]] = {}
    rows = (
        hazards.filter(OPEN).order_by().values("grade", ind=F("enterprise__industry_id"))
        .annotate(open=Count("enterprise"), overdue=Count("enterprise", filter=Q(deadline__lt=today)),
                  this_year=Count("enterprise", filter=Q(reported_at__gte=year_start)))
    )
    open_this_year = 0
    for r in rows:
        open_this_year += r["this_year"]
        summary.open += r["open"]
        summary.overdue += r["overdue"]
        if r["grade"] == HazardGrade.MAJOR:
            summary.major_open += r["open"]
            summary.major_overdue += r["overdue"]
        sec = by_section.setdefault(section_of.get(r["ind"], r["ind"]), {"open": 0, "overdue": 0})
        sec["open"] += r["open"]
        sec["overdue"] += r["overdue"]
    summary.supervised_open = Supervision.objects.filter(hazard__in=hazards.filter(OPEN).values("pk")).count()
    names = dict(Industry.objects.filter(pk__in=list(by_section)).values_list("pk", "name"))
    industries = sorted(
        (IndustryBar(pk, names.get(pk, ""), v["open"], v["overdue"]) for pk, v in by_section.items()),
        key=lambda b: (-b.open, b.name),
    )[:12]
    overdue_industries = sorted(
        (Ranked(pk, names.get(pk, ""), v["overdue"]) for pk, v in by_section.items() if v["overdue"]),
        key=lambda r: (-r.value, r.name),
    )[:10]
    return OpenHazards(summary, open_this_year, industries, overdue_industries)


def hazard_trend(hazards: QuerySet, *, today: dt.date, weeks: int = 12) -> HazardTrend:
    """This year's found (a count over the reported_at index) and found / closed per ISO week."""
    year_start = local_midnight(dt.date(today.year, 1, 1))
    first = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks - 1)
    starts = [first + dt.timedelta(weeks=i) for i in range(weeks)]
    bounds = [local_midnight(d) for d in [*starts, starts[-1] + dt.timedelta(weeks=1)]]
    found_year = hazards.filter(reported_at__gte=year_start).count()
    found = _per_week(hazards, "reported_at", bounds)
    closed = _per_week(hazards, "closed_at", bounds)
    return HazardTrend(found_year, [WeekPoint(starts[i], found[i], closed[i]) for i in range(weeks)])


def combine_overview(open_part: OpenHazards, trend: HazardTrend) -> HazardOverview:
    """closed this year = found this year − still open (every status but 已销号 is open)."""
    summary = dataclasses.replace(open_part.summary, found_year=trend.found_year,
                                  closed_year=trend.found_year - open_part.open_this_year)
    return HazardOverview(summary, trend.weeks, open_part.industries, open_part.overdue_industries)


def overdue_by_street(hazards: QuerySet, streets: list[Region], street_of: dict[int, int], *, today: dt.date,
                      limit: int = 10) -> list[Ranked]:
    counts = count_by_street(hazards.filter(OPEN, deadline__lt=today), streets, street_of, n=Count("enterprise"))
    rows = [Ranked(s.pk, s.name, counts[s.pk]["n"]) for s in streets if counts[s.pk]["n"]]
    return sorted(rows, key=lambda r: (-r.value, r.name))[:limit]


# --------------------------------------------------------------------------------------------
# weekly self-check filing: the filing board's categories, counted from the week's self-checks
# of the operating enterprises in scope (one per enterprise and week)


@dataclass
class FilingSummary:
    week_start: dt.date
    total: int
    filed: int
    zero: int
    late: int
    missing: int
    proxy: int = 0  # of the reported, filed as 代报 by a grid officer or street (not a status of its own)

    @property
    def reported(self) -> int:
        return self.total - self.missing

    @property
    def rate(self) -> Decimal | None:
        return percent(self.reported, self.total)


def operating(enterprises: QuerySet) -> QuerySet:
    return enterprises.filter(status=EnterpriseStatus.OPERATING)


@dataclass
class FilingCounts:
    """Per region id: operating enterprises, and per week how many filed / were late / filed zero."""
    operating: dict[int, int]
    weeks: dict[dt.date, dict[int, tuple[int, int, int, int]]]  # week → region → (filed, late, zero, 代报)


def filing_counts(enterprises: QuerySet, weeks: list[dt.date]) -> FilingCounts:
    """The weeks' self-checks of the operating enterprises in scope, grouped by the enterprise's
    region and week (the filing board's categories); the cockpit's cards and its per-street chart are
    sums of these rows. One query for all weeks, joined from the scoped enterprises: PostgreSQL reads
    the self-checks from the hazards app's covering index (week_start, enterprise) INCLUDE (is_late,
    is_zero)."""
    scoped = operating(enterprises).order_by()
    counts = FilingCounts(dict(scoped.values("region_id").annotate(n=Count("pk")).values_list("region_id", "n")),
                          {week: {} for week in weeks})
    checked = "self_checks__week_start"
    rows = (scoped.filter(self_checks__week_start__in=weeks)  # the annotations below reuse this join
            .values("region_id", week=F(checked))
            .annotate(n=Count(checked), late=Count(checked, filter=Q(self_checks__is_late=True)),
                      zero=Count(checked, filter=Q(self_checks__is_late=False, self_checks__is_zero=True)),
                      proxy=Count(checked, filter=Q(self_checks__is_proxy=True))))
    for r in rows:
        counts.weeks[r["week"]][r["region_id"]] = (r["n"], r["late"], r["zero"], r["proxy"])
    return counts


def filing_weeks(counts: FilingCounts) -> dict[dt.date, FilingSummary]:
    """filed (with hazards) / zero report / late / missing per week of ``filing_counts``, as the
    filing board shows them."""
    total = sum(counts.operating.values())
    result = {}
    for week in counts.weeks:
        rows = counts.weeks[week].values()
        n, late, zero, proxy = (sum(r[i] for r in rows) for i in range(4))
        result[week] = FilingSummary(week, total, n - late - zero, zero, late, total - n, proxy)
    return result


@dataclass
class UnitFiling:
    pk: int
    name: str
    total: int
    missing: int

    @property
    def reported(self) -> int:
        return self.total - self.missing

    @property
    def rate(self) -> Decimal | None:
        return percent(self.reported, self.total)


def filing_by_street(counts: FilingCounts, streets: list[Region], street_of: dict[int, int],
                     week_start: dt.date) -> list[UnitFiling]:
    """Operating enterprises per street and how many have the week's self-check (from ``filing_counts``)."""
    totals = dict.fromkeys((s.pk for s in streets), 0)
    filed = dict(totals)
    for region_id, n in counts.operating.items():
        if region_id in street_of:
            totals[street_of[region_id]] += n
    for region_id, (n, *_rest) in counts.weeks[week_start].items():
        if region_id in street_of:
            filed[street_of[region_id]] += n
    return [UnitFiling(s.pk, s.name, totals[s.pk], totals[s.pk] - filed[s.pk]) for s in streets]


# --------------------------------------------------------------------------------------------
# 执法检查 vs the approved annual plans, 网格巡查 coverage


@dataclass
class EnforcementSummary:
    month_start: dt.date
    month_end: dt.date
    month_done: int
    quarter: int
    quarter_start: dt.date
    quarter_end: dt.date
    quarter_done: int
    quarter_planned: int | None  # None: no approved plan in the user's scope

    @property
    def rate(self) -> Decimal | None:
        return percent(self.quarter_done, self.quarter_planned or 0)


def enforcement_summary(*, user: User, today: dt.date) -> EnforcementSummary:
    """Finished inspections this month and this quarter vs the quarter's target of the approved plans."""
    month_start, month_end = month_bounds(today)
    quarter = quarter_of(today)
    quarter_start = dt.date(today.year, 3 * quarter - 2, 1)
    quarter_end = month_bounds(dt.date(today.year, 3 * quarter, 1))[1]
    agg = Inspection.objects.for_user(user).filter(status=InspectionStatus.FINISHED).aggregate(
        month=Count("pk", filter=Q(inspected_on__range=(month_start, month_end))),
        quarter=Count("pk", filter=Q(inspected_on__range=(quarter_start, quarter_end))),
    )
    plans = EnforcementPlan.objects.for_user(user).filter(year=today.year, status=PlanStatus.APPROVED)
    planned = plans.aggregate(n=Count("pk"), total=Sum(f"q{quarter}"))
    return EnforcementSummary(month_start, month_end, agg["month"], quarter, quarter_start, quarter_end,
                              agg["quarter"], planned["total"] or 0 if planned["n"] else None)


@dataclass
class PatrolCoverage:
    month_start: dt.date
    month_end: dt.date
    enterprises: int  # operating enterprises in cells that have a grid officer
    visited: int  # of those, patrolled (finished) this month
    patrols: int  # finished patrols this month

    @property
    def rate(self) -> Decimal | None:
        return percent(self.visited, self.enterprises)


def patrol_coverage(*, user: User, today: dt.date) -> PatrolCoverage:
    """网格巡查 this month, as the coverage board counts it (enterprises of officered cells)."""
    month_start, month_end = month_bounds(today)
    # Cells with a grid officer; the enterprises there are the ones the coverage board covers. The
    # officered cells are matched in Python: an IN list of thousands of ids costs more to build in the
    # ORM than the queries, and PostgreSQL plans the equivalent subquery badly.
    officered = set(Region.officers.through.objects.filter(user__role=Role.GRID).values_list("region_id", flat=True))
    in_scope = Enterprise.objects.for_user(user).filter(status="operating")
    total = sum(n for region_id, n in in_scope.order_by().values("region_id").annotate(n=Count("pk"))
                .values_list("region_id", "n") if region_id in officered)
    visited = len({
        enterprise_id for enterprise_id, region_id in Patrol.objects.filter(
            status=PatrolStatus.FINISHED, visit_date__range=(month_start, min(month_end, today)),
            enterprise__in=in_scope).values_list("enterprise_id", "enterprise__region_id")
        if region_id in officered
    })
    agg = {"total": total, "visited": visited}
    patrols = Patrol.objects.for_user(user).filter(
        status=PatrolStatus.FINISHED, visit_date__range=(month_start, month_end)).count()
    return PatrolCoverage(month_start, month_end, agg["total"], agg["visited"], patrols)


# --------------------------------------------------------------------------------------------
# accidents and the plan's deaths target


@dataclass
class AccidentSummary:
    year: int
    accidents: int
    deaths: int
    larger: int
    last_until: dt.date  # the same day last year
    last_accidents: int
    last_deaths: int


def accident_summary(accidents: QuerySet, *, today: dt.date) -> AccidentSummary:
    """This year so far vs the same period last year (by local date of occurrence)."""
    last_until = same_day_last_year(today)
    # Local-date bounds as instants, so that PostgreSQL reads the two periods from the occurred_at index.
    start, last_start = local_midnight(dt.date(today.year, 1, 1)), local_midnight(dt.date(today.year - 1, 1, 1))
    this_year = Q(occurred_at__gte=start, occurred_at__lt=local_midnight(today + dt.timedelta(days=1)))
    last_year = Q(occurred_at__gte=last_start, occurred_at__lt=local_midnight(last_until + dt.timedelta(days=1)))
    agg = accidents.filter(occurred_at__gte=last_start).aggregate(
        n=Count("pk", filter=this_year), dead=Sum("deaths", filter=this_year),
        larger=Count("pk", filter=this_year & Q(grade__gte=AccidentGrade.LARGER)),
        last_n=Count("pk", filter=last_year), last_dead=Sum("deaths", filter=last_year),
    )
    return AccidentSummary(today.year, agg["n"], agg["dead"] or 0, agg["larger"], last_until, agg["last_n"],
                           agg["last_dead"] or 0)


@dataclass
class DeathsTarget:
    plan_id: int
    plan_name: str
    baseline_year: int
    target_year: int
    ceiling: Decimal | None
    covers_year: bool


def deaths_target(*, user: User, region: Region, year: int) -> DeathsTarget | None:
    """The deaths ceiling of the plan covering ``year`` for the region (else its latest plan)."""
    plans = Plan.objects.for_user(user).filter(region=region, targets__indicator=Indicator.DEATHS)
    plan = (plans.filter(baseline_year__lt=year, target_year__gte=year).order_by("-target_year").first()
            or plans.order_by("-target_year").first())
    if plan is None:
        return None
    target = plan.targets.get(indicator=Indicator.DEATHS)
    baseline = region_indicators(user=user, region=region, years=[plan.baseline_year])[plan.baseline_year].deaths
    ceiling = target_ceiling(kind=target.kind, value=target.value, baseline=Decimal(baseline))
    return DeathsTarget(plan.pk, plan.name, plan.baseline_year, plan.target_year, ceiling,
                        plan.baseline_year < year <= plan.target_year)


def deaths_by_year(*, user: User, region: Region, years: list[int]) -> dict[int, int]:
    data = region_indicators(user=user, region=region, years=years)
    return {y: data[y].deaths for y in years}


# --------------------------------------------------------------------------------------------
# drills: the emergency rule engine's verdicts, counted in SQL


@dataclass
class DrillSummary:
    owners: int
    met: int

    @property
    def behind(self) -> int:
        return self.owners - self.met

    @property
    def rate(self) -> Decimal | None:
        return percent(self.met, self.owners)


def drill_summary(*, user: User, on: dt.date) -> DrillSummary:
    """Owner × active rule pairs and how many met the rule's minimum in the current period —
    the rows of emergency's compliance page, counted with two queries per rule."""
    owners_total = met_total = 0
    for rule in DrillRule.objects.filter(active=True):
        start, end = rule_period(on=on, period_years=rule.period_years, anchor_year=rule.anchor_year)
        owners = rule_owners(rule.owner_kind, user)
        n_owners = owners.count()
        owners_total += n_owners
        if rule.min_count <= 0:
            met_total += n_owners
            continue
        fk = OWNER_FK[rule.owner_kind]
        met_total += (
            Drill.objects.filter(
                owner_kind=rule.owner_kind, status=DrillStatus.HELD, drill_type__in=rule.drill_types,
                held_on__range=(start, min(end, on)), **{f"{fk}__in": owners.values("pk")},
            )
            .values(fk).annotate(n=Count("id")).filter(n__gte=rule.min_count).count()
        )
    return DrillSummary(owners_total, met_total)


# --------------------------------------------------------------------------------------------
# licences, 标准化 and 安责险 expiring (enterprises' 到期预警 page, counted in SQL)


@dataclass
class ExpirySummary:
    licence: int
    standardization: int
    insurance: int
    expired: int

    @property
    def total(self) -> int:
        return self.licence + self.standardization + self.insurance


def expiry_summary(enterprises: QuerySet, *, today: dt.date) -> ExpirySummary:
    today, limit = warning_limit(today)
    active = enterprises.exclude(status="closed")
    lic = Licence.objects.filter(enterprise__in=active.values("pk"), expires_on__lte=limit).aggregate(
        n=Count("pk"), expired=Count("pk", filter=Q(expires_on__lt=today)))
    ent = active.aggregate(
        std=Count("pk", filter=Q(standardization_expiry__lte=limit)),
        std_expired=Count("pk", filter=Q(standardization_expiry__lt=today)),
        ins=Count("pk", filter=Q(insurance_expiry__lte=limit)),
        ins_expired=Count("pk", filter=Q(insurance_expiry__lt=today)),
    )
    return ExpirySummary(lic["n"], ent["std"], ent["ins"], lic["expired"] + ent["std_expired"] + ent["ins_expired"])


# --------------------------------------------------------------------------------------------
# 群众举报 closure per month


def report_closure(reports: QuerySet[PublicReport], *, today: dt.date, months: int = 6) -> list[MonthClosure]:
    return closure_by_month(reports, months=months, today=today)


def month_end(month_start: dt.date) -> dt.date:
    nxt = dt.date(month_start.year + month_start.month // 12, month_start.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------
# 晾晒通报: streets and departments ranked


@dataclass
class LeagueRow:
    kind: str  # "street" | "department"
    pk: int
    name: str
    enterprises: int = 0
    missing: int = 0
    found: int = 0
    closed: int = 0
    overdue: int = 0
    rank_filing: int = 0
    rank_rectification: int = 0
    rank_overdue: int = 0

    @property
    def reported(self) -> int:
        return self.enterprises - self.missing

    @property
    def filing_rate(self) -> Decimal | None:
        return percent(self.reported, self.enterprises)

    @property
    def rectification_rate(self) -> Decimal | None:
        return percent(self.closed, self.found)


HAZARD_COUNTS = {
    "found": lambda since, today: Count("pk", filter=Q(reported_at__gte=since)),
    "closed": lambda since, today: Count("pk", filter=Q(reported_at__gte=since, status=HazardStatus.CLOSED)),
    "overdue": lambda since, today: Count("pk", filter=OPEN & Q(deadline__lt=today)),
}


def league(*, user: User, week_start: dt.date, year: int, today: dt.date) -> dict[str, list[LeagueRow]]:
    """Streets and departments: the week's filing, the year's rectification, overdue hazards now."""
    enterprises = operating(Enterprise.objects.for_user(user))
    checks = SelfCheck.objects.filter(week_start=week_start, enterprise__in=enterprises.values("pk"))
    hazards = Hazard.objects.for_user(user)
    since = local_midnight(dt.date(year, 1, 1))
    counts = {k: f(since, today) for k, f in HAZARD_COUNTS.items()}

    streets = streets_in(user)
    street_of = street_of_regions(streets)
    totals = count_by_street(enterprises, streets, street_of, n=Count("pk"))
    filed = count_by_street(checks, streets, street_of, region_field="enterprise__region", n=Count("pk"))
    hz = count_by_street(hazards, streets, street_of, **counts)
    street_rows = [
        LeagueRow("street", s.pk, s.name, totals[s.pk]["n"], totals[s.pk]["n"] - filed[s.pk]["n"], **hz[s.pk])
        for s in streets
    ]

    def per_department(qs: QuerySet, lookup: str, **aggregates) -> dict[int, dict]:
        return {r[lookup]: r for r in qs.values(lookup).annotate(**aggregates).order_by() if r[lookup] is not None}

    dept_totals = per_department(enterprises, "departments", n=Count("pk"))
    dept_filed = per_department(checks, "enterprise__departments", n=Count("pk"))
    dept_hz = per_department(hazards, "enterprise__departments", **counts)
    dept_rows = []
    for pk, name in Department.objects.order_by("code").values_list("pk", "name"):
        n, h = dept_totals.get(pk, {}).get("n", 0), dept_hz.get(pk, {})
        dept_rows.append(LeagueRow("department", pk, name, n, n - dept_filed.get(pk, {}).get("n", 0),
                                   h.get("found", 0), h.get("closed", 0), h.get("overdue", 0)))
    for rows in (street_rows, dept_rows):
        _rank(rows)
    return {"streets": street_rows, "departments": dept_rows}


def _rank(rows: list[LeagueRow]) -> None:
    """Competition ranking (1, 2, 2, 4): rates high→low (no data last), overdue low→high."""
    def assign(attr: str, key: Callable[[LeagueRow], Any]) -> None:
        ordered = sorted(rows, key=key)
        previous, rank = None, 0
        for i, row in enumerate(ordered, start=1):
            k = key(row)
            if k != previous:
                rank, previous = i, k
            setattr(row, attr, rank)

    assign("rank_filing", lambda r: (r.filing_rate is None, -(r.filing_rate or 0)))
    assign("rank_rectification", lambda r: (r.rectification_rate is None, -(r.rectification_rate or 0)))
    assign("rank_overdue", lambda r: r.overdue)


# --------------------------------------------------------------------------------------------
# map layers: compact rows straight from values_list (no model instances)


def _coords(prefix: str = "") -> dict[str, Cast]:
    return {"x": Cast(f"{prefix}lng", FloatField()), "y": Cast(f"{prefix}lat", FloatField())}


def raw_rows(qs: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` queryset as the database driver returns them: for the map's
    tens of thousands of points this skips Django's per-row iteration (the SQL is the queryset's own)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def map_enterprises(user: User) -> list[tuple]:
    """[id, lng, lat, risk level, name] of the enterprises in scope with coordinates (not 注销)."""
    return raw_rows(
        Enterprise.objects.for_user(user).exclude(status="closed")
        .filter(lng__isnull=False, lat__isnull=False).order_by()
        .annotate(**_coords()).values_list("pk", "x", "y", "risk_level", "name")
    )


def map_hazard_sources(user: User) -> list[tuple]:
    """[enterprise id, lng, lat, grade, source name, enterprise name] of 重大危险源 in scope."""
    return raw_rows(
        MajorHazardSource.objects.filter(
            enterprise__in=Enterprise.objects.for_user(user).values("pk"),
            enterprise__lng__isnull=False, enterprise__lat__isnull=False,
        ).order_by().annotate(**_coords("enterprise__"))
        .values_list("enterprise_id", "x", "y", "grade", "name", "enterprise__name")
    )


def map_major_hazards(user: User, *, today: dt.date) -> list[list]:
    """[hazard id, lng, lat, enterprise id, enterprise name, description, overdue, 挂牌督办] of open 重大隐患."""
    rows = (
        Hazard.objects.for_user(user).filter(OPEN, grade=HazardGrade.MAJOR,
                                             enterprise__lng__isnull=False, enterprise__lat__isnull=False)
        .order_by().annotate(**_coords("enterprise__"), text=Substr("description", 1, 60),
                             supervised=Exists(Supervision.objects.filter(hazard=OuterRef("pk"))))
        .values_list("pk", "x", "y", "enterprise_id", "enterprise__name", "text", "deadline", "supervised")
    )
    return [[pk, x, y, eid, ename, text, deadline < today, sup]
            for pk, x, y, eid, ename, text, deadline, sup in rows]


def map_points(qs: QuerySet, *fields: str) -> list[tuple]:
    """[id, lng, lat, *fields] of a scoped queryset with coordinates (shelters, teams, depots)."""
    return raw_rows(
        qs.filter(lng__isnull=False, lat__isnull=False).order_by().annotate(**_coords()).values_list("pk", "x", "y", *fields)
    )


def map_regions(user: User) -> dict:
    """GeoJSON of the district and street outlines the user may see (the offline base layer)."""
    rows = (
        Region.objects.for_user(user).filter(kind__in=[RegionKind.DISTRICT, RegionKind.STREET], boundary__isnull=False)
        .order_by("path").values_list("pk", "name", "kind", "boundary")
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": pk, "geometry": boundary, "properties": {"name": name, "kind": kind}}
            for pk, name, kind, boundary in rows
        ],
    }

