"""Benchmark: computing all results of a yearly assessment on PostgreSQL (not in the default run).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_assessment \\
        .venv/bin/pytest -o addopts="" tests/bench/bench_assessment.py -s

20 streets and 40 departments assessed on 30 indicators (every registered computed indicator,
some twice with other rules, plus manual, bonus, deduction and veto items) over a district of
50,000 enterprises with a year of hazards, self-checks, accidents, drills and risk reports.
Limit (issue 8): computing all results (refresh every computed value + totals, grades, ranks) < 60 s.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accidents.choices import AccidentCategory, AccidentType
from accidents.models import Accident
from accounts.choices import RegionKind, Role
from accounts.models import Department, Industry, Region, User
from assessment import registry, services
from assessment.choices import ItemKind, Rule, Source, UnitKind
from assessment.models import Score
from emergency.choices import DrillStatus, OwnerKind, PlanType
from emergency.models import Drill, DrillRule, RiskMonthlyReport
from enterprises.models import Enterprise
from hazards.choices import HazardSource, HazardStatus
from hazards.models import Hazard, SelfCheck
from tests.conftest import require_service
from tests.factories import valid_uscc

YEAR = 2025
N_ENTERPRISES = 50_000
N_STREETS, N_DEPARTMENTS, N_INDICATORS = 20, 40, 30
LIMIT_S = 60.0
TZ = timezone.get_current_timezone()


def build_district(rng: random.Random):
    district = Region.objects.create(code="B0", name="基准区", kind=RegionKind.DISTRICT)
    streets, cells = [], []
    for s in range(N_STREETS):
        street = Region.objects.create(code=f"B{s:02d}", name=f"第{s + 1}街道", kind=RegionKind.STREET, parent=district)
        streets.append(street)
        for c in range(5):
            cells.append(Region.objects.create(code=f"B{s:02d}{c}", name=f"第{s + 1}街道网格{c}",
                                               kind=RegionKind.GRID, parent=street))
    industries = [Industry.objects.create(code=f"I{i}", name=f"行业{i}") for i in range(40)]
    departments = []
    for d in range(N_DEPARTMENTS):
        dept = Department.objects.create(code=f"D{d:02d}", name=f"部门{d + 1}")
        dept.industries.set([industries[d]])
        departments.append(dept)
    today = dt.date(YEAR + 1, 1, 15)
    ents = Enterprise.objects.bulk_create([
        Enterprise(
            name=f"基准企业{i}", uscc=valid_uscc(10_000_000 + i), address="基准路", region=rng.choice(cells),
            industry=industries[i % 40], legal_rep="张三", employees=rng.randrange(5, 500),
            scale=rng.choice(["above", "below"]),
            insurance_policy_no="P" if rng.random() < 0.7 else "", insurance_expiry=today if rng.random() < 0.7 else None,
            standardization_grade=rng.choice(["", "3", "2"]), standardization_expiry=today,
        )
        for i in range(N_ENTERPRISES)
    ], batch_size=5000)
    through = Enterprise.departments.through
    through.objects.bulk_create(
        [through(enterprise_id=e.pk, department_id=departments[i % N_DEPARTMENTS].pk) for i, e in enumerate(ents)]
        + [through(enterprise_id=e.pk, department_id=departments[(i + 7) % N_DEPARTMENTS].pk)
           for i, e in enumerate(ents) if i % 3 == 0],
        batch_size=10000,
    )
    region_of = {e.pk: e.region_id for e in ents}
    hazards = []
    for _ in range(100_000):
        e = rng.choice(ents)
        reported = dt.datetime(YEAR, rng.randrange(1, 13), rng.randrange(1, 28), 9, tzinfo=TZ)
        deadline = reported.date() + dt.timedelta(days=30)
        closed = rng.random() < 0.85
        hazards.append(Hazard(enterprise_id=e.pk, region_id=region_of[e.pk], source=HazardSource.GRID,
                              description="基准隐患", deadline=deadline, reported_at=reported,
                              status=HazardStatus.CLOSED if closed else HazardStatus.RECTIFYING,
                              grade="major" if rng.random() < 0.01 else "general",
                              closed_at=reported + dt.timedelta(days=rng.randrange(1, 40)) if closed else None))
    Hazard.objects.bulk_create(hazards, batch_size=10000)
    first = dt.date.fromisocalendar(YEAR, 1, 1)
    SelfCheck.objects.bulk_create([
        SelfCheck(enterprise_id=e.pk, region_id=region_of[e.pk], week_start=first + dt.timedelta(weeks=w),
                  is_zero=True, submitted_at=dt.datetime(YEAR, 3, 1, tzinfo=TZ))
        for e in ents[::2] for w in range(0, 52, 5)
    ], batch_size=10000)
    Accident.objects.bulk_create([
        Accident(title="基准事故", occurred_at=dt.datetime(YEAR, rng.randrange(1, 13), 3, tzinfo=TZ), year=YEAR,
                 region_id=region_of[e.pk], enterprise=e, industry_id=e.industry_id,
                 category=AccidentCategory.INDUSTRIAL, accident_type=AccidentType.FALL, deaths=rng.choice([0, 1, 3]),
                 grade=2 if rng.random() < 0.05 else 1)
        for e in rng.sample(ents, 1500)
    ], batch_size=5000)
    DrillRule.objects.create(name="现场处置方案演练", owner_kind=OwnerKind.ENTERPRISE, drill_types=[PlanType.ONSITE],
                             min_count=2, period_years=1, anchor_year=2021)
    Drill.objects.bulk_create([
        Drill(owner_kind=OwnerKind.ENTERPRISE, enterprise=e, title="基准演练", drill_type=PlanType.ONSITE,
              scenario="起火", planned_date=dt.date(YEAR, 5, 1), held_on=dt.date(YEAR, 5, 1), status=DrillStatus.HELD)
        for e in ents[::3] for _ in range(2)
    ], batch_size=10000)
    RiskMonthlyReport.objects.bulk_create(
        [RiskMonthlyReport(month=dt.date(YEAR, m, 1), region=s, situation="平稳", filed_at=timezone.now())
         for s in streets for m in range(1, 13) if rng.random() < 0.8]
        + [RiskMonthlyReport(month=dt.date(YEAR, m, 1), department=d, situation="平稳", filed_at=timezone.now())
           for d in departments for m in range(1, 13) if rng.random() < 0.8]
    )
    return streets, departments


RULES = {
    "%": (Rule.LINEAR, {"zero_at": "50", "full_at": "100"}),
    "count": (Rule.THRESHOLD, {"steps": [["0", "5"], ["5", "3"], ["20", "1"]], "lower_is_better": True}),
}


def build_scheme(office, year: int = YEAR):
    """30 indicators over every registered computed function (also used by tests/bench/generate_city.py)."""
    scheme = services.scheme_create(by=office, year=year, name="基准考核", bonus_cap=Decimal(3))
    cats = [services.category_create(scheme=scheme, by=office, name=f"类别{i + 1}") for i in range(5)]
    computers = sorted(registry.REGISTRY.values(), key=lambda c: c.key)
    n = 0
    for c in computers:  # every registered function once, and the rates twice with threshold steps
        rule, params = RULES["%"] if c.unit == "%" else RULES["count"]
        services.indicator_create(scheme=scheme, by=office, category=cats[n % 5], name=f"{c.label}", kind=ItemKind.SCORE,
                                  source=Source.COMPUTED, max_score=Decimal(5), computer=c.key, rule=rule, params=params)
        n += 1
    for c in computers:
        if c.unit == "%" and n < N_INDICATORS - 4:
            services.indicator_create(scheme=scheme, by=office, category=cats[n % 5], name=f"{c.label}（分档）",
                                      kind=ItemKind.SCORE, source=Source.COMPUTED, max_score=Decimal(3), computer=c.key,
                                      rule=Rule.THRESHOLD, params={"steps": [["90", "3"], ["70", "2"]]})
            n += 1
    while n < N_INDICATORS - 2:
        services.indicator_create(scheme=scheme, by=office, category=cats[n % 5], name=f"人工评分{n}",
                                  kind=ItemKind.SCORE, source=Source.MANUAL, max_score=Decimal(4))
        n += 1
    services.indicator_create(scheme=scheme, by=office, category=cats[0], name="逾期隐患扣分", kind=ItemKind.DEDUCTION,
                              source=Source.COMPUTED, max_score=Decimal(5), computer="hazards_rectified_late",
                              rule=Rule.PER_UNIT, params={"points_each": "0.1"})
    services.indicator_create(scheme=scheme, by=office, category=cats[0], name="较大事故否决", kind=ItemKind.VETO,
                              source=Source.COMPUTED, max_score=Decimal(0), computer="larger_accidents",
                              rule=Rule.ANY, params={"at_least": "1"})
    assert scheme.indicators.count() == N_INDICATORS
    return scheme


@pytest.mark.services
@pytest.mark.django_db
def test_computing_all_results_of_a_district_takes_under_a_minute(settings):
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    rng = random.Random(8)
    t0 = time.monotonic()
    streets, departments = build_district(rng)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    office = User.objects.create(username="bench_office", role=Role.OFFICE)
    scheme = build_scheme(office)
    services.units_add(scheme=scheme, by=office, kind=UnitKind.STREET, regions=streets)
    services.units_add(scheme=scheme, by=office, kind=UnitKind.DEPARTMENT, all_of_kind=True)
    print(f"\nbuilt in {time.monotonic() - t0:.1f}s: {Enterprise.objects.count()} enterprises, "
          f"{Hazard.objects.count()} hazards, {SelfCheck.objects.count()} self-checks, "
          f"{scheme.units.count()} units × {scheme.indicators.count()} indicators")

    t = time.monotonic()
    services.scheme_publish(scheme=scheme, by=office)  # creates the sheets and computes every value
    publish_s = time.monotonic() - t
    services.scheme_start_review(scheme=scheme, by=office)
    Score.objects.filter(unit__scheme=scheme, indicator__source=Source.MANUAL).update(
        points=Decimal(3), reviewed_at=timezone.now(), reviewed_by=office)

    spent: dict[str, float] = {}
    originals = dict(registry.REGISTRY)

    def timed(key, func):
        def run(*args, _func=func, _key=key):
            started = time.monotonic()
            result = _func(*args)
            spent[_key] = spent.get(_key, 0.0) + time.monotonic() - started
            return result
        return run

    for key, computer in originals.items():  # time each indicator, in its batch form where it has one
        registry.REGISTRY[key] = dataclasses.replace(
            computer, func=timed(key, computer.func), batch=computer.batch and timed(key, computer.batch))
    t = time.monotonic()
    try:
        services.scheme_compute_results(scheme=scheme, by=office)  # refresh all computed values + results
    finally:
        registry.REGISTRY.update(originals)
    compute_s = time.monotonic() - t
    print("slowest indicators (s, all 60 units):",
          ", ".join(f"{k} {v:.2f}" for k, v in sorted(spent.items(), key=lambda kv: -kv[1])[:6]))
    ranked = scheme.units.filter(kind=UnitKind.STREET).order_by("rank")
    print(f"publish (sheets + first computation): {publish_s:.1f}s; computing all results: {compute_s:.1f}s "
          f"(limit {LIMIT_S:.0f}s); best street {ranked[0].name} {ranked[0].total}")
    assert scheme.units.filter(total__isnull=True).count() == 0
    assert compute_s < LIMIT_S
