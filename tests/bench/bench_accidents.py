"""Benchmark: the indicator query on PostgreSQL with 10 years × 20,000 accidents (not in the default run).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_accidents .venv/bin/python tests/bench/bench_accidents.py

It creates its own throw-away database (Django's test database for that name: test_bench_accidents),
migrates, loads a district of 8 streets / ~350 grid cells / 600 enterprises and 200,000 accidents,
then times ``region_indicators`` (office, whole district; one year and ten years; a department user)
and the statistics selector (``--keepdb`` keeps the loaded database for the next run). Fails (exit 1) if the
district's indicators for a year take ≥ 200 ms or any query count is not 2.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_accidents")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_platform.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

YEARS = list(range(2016, 2026))
PER_YEAR = 20_000
LIMIT_MS = 200.0


def build():
    from accidents.choices import AccidentCategory, AccidentType
    from accidents.models import Accident, RegionYearData
    from accidents.services import derive
    from accounts.choices import RegionKind, Role
    from accounts.models import Department, Industry, Region, User
    from enterprises.models import Enterprise
    from tests.factories import valid_uscc

    rng = random.Random(6441)
    district = Region.objects.create(code="BENCH", name="基准区", kind=RegionKind.DISTRICT)
    grids = []
    for s in range(8):
        street = Region.objects.create(code=f"B{s}", name=f"街道{s}", kind=RegionKind.STREET, parent=district)
        for c in range(6):
            comm = Region.objects.create(code=f"B{s}-{c}", name=f"社区{s}-{c}", kind=RegionKind.COMMUNITY, parent=street)
            for g in range(7):
                grids.append(Region.objects.create(code=f"B{s}-{c}-{g}", name=f"网格{s}-{c}-{g}",
                                                   kind=RegionKind.GRID, parent=comm))
    industries = [Industry.objects.create(code=f"I{i}", name=f"行业{i}") for i in range(12)]
    dept = Department.objects.create(code="BYJ", name="应急管理局")
    dept.industries.set(industries[:5])
    enterprises = Enterprise.objects.bulk_create([
        Enterprise(name=f"企业{i}", uscc=valid_uscc(900000 + i), address="路1号", region=rng.choice(grids),
                   industry=rng.choice(industries), legal_rep="张三")
        for i in range(600)
    ])
    Enterprise.departments.through.objects.bulk_create([
        Enterprise.departments.through(enterprise_id=e.pk, department_id=dept.pk)
        for e in enterprises if e.industry_id in {i.pk for i in industries[:5]}
    ])
    office = User.objects.create(username="bench-office", role=Role.OFFICE)
    dept_user = User.objects.create(username="bench-dept", role=Role.DEPARTMENT, department=dept)
    categories = [AccidentCategory.INDUSTRIAL] * 6 + [AccidentCategory.ROAD] * 3 + [AccidentCategory.FIRE]
    types = list(AccidentType.values)
    tz = dt.timezone(dt.timedelta(hours=8))
    started = time.monotonic()
    for year in YEARS:
        batch = []
        for _ in range(PER_YEAR):
            ent = rng.choice(enterprises) if rng.random() < 0.6 else None
            a = Accident(
                title="基准事故", occurred_at=dt.datetime(year, 1, 1, 8, tzinfo=tz) + dt.timedelta(minutes=rng.randrange(525000)),
                region=ent.region if ent else rng.choice(grids), enterprise=ent,
                industry_id=ent.industry_id if ent else rng.choice(industries).pk, category=rng.choice(categories),
                is_coal_mine=rng.random() < 0.02, accident_type=rng.choice(types),
                deaths=rng.choice([0, 0, 0, 1, 1, 2, 3]), serious_injuries=rng.choice([0, 0, 1, 2, 10]),
                direct_loss=Decimal(rng.randrange(0, 200000)) / 100,
            )
            a.enterprise = ent
            derive(a)
            batch.append(a)
        Accident.objects.bulk_create(batch, batch_size=5000)
    RegionYearData.objects.bulk_create([
        RegionYearData(region=district, year=y, gdp=Decimal("800"), industrial_employees=150000, motor_vehicles=300000,
                       coal_output=Decimal("500")) for y in YEARS
    ])
    print(f"loaded {Accident.objects.count():,} accidents in {time.monotonic() - started:.1f}s")
    return district, office, dept_user


def timed(label, fn, runs=7):
    fn()  # warm-up (plans, caches)
    times, counts = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        counts.append(len(ctx.captured_queries))
    median = statistics.median(times)
    print(f"{label:<46} median {median:7.1f} ms  max {max(times):7.1f} ms  queries {sorted(set(counts))}")
    return median, set(counts)


def main() -> int:
    from accidents.selectors import accident_statistics, region_indicators

    if connection.vendor != "postgresql":
        print("this benchmark needs PostgreSQL (set DATABASE_URL)")
        return 2
    from accidents.models import Accident
    from accounts.models import Region, User

    keep = "--keepdb" in sys.argv  # reuse a loaded database between runs (loading takes minutes)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        if keep and Accident.objects.count() == PER_YEAR * len(YEARS):
            district = Region.objects.get(code="BENCH")
            office, dept_user = User.objects.get(username="bench-office"), User.objects.get(username="bench-dept")
        else:
            district, office, dept_user = build()
        with connection.cursor() as cur:  # what autovacuum does after a bulk load (visibility map, statistics)
            cur.execute("VACUUM ANALYZE accidents_accident")
        results = [
            timed("indicators, district, 1 year (office)",
                  lambda: region_indicators(user=office, region=district, years=[2025])),
            timed("indicators, district, 10 years (office)",
                  lambda: region_indicators(user=office, region=district, years=YEARS)),
            timed("indicators, district, 10 years (department)",
                  lambda: region_indicators(user=dept_user, region=district, years=YEARS)),
            timed("statistics by region, 10 years (office)",
                  lambda: accident_statistics(user=office, region=district, years=YEARS, dimension="region")),
        ]
    finally:
        if keep:
            connection.close()
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    # The criterion: the indicator query of the district for a year (what the indicator page, the API and the
    # plan page ask per year) under LIMIT_MS, and a constant query count everywhere; the multi-year series,
    # the department scope and the statistics table are printed for information.
    counts = set().union(*(c for _, c in results))
    ok = results[0][0] < LIMIT_MS and counts == {2}
    print("OK" if ok else f"FAILED (limit {LIMIT_MS} ms for one year, expected 2 queries, got {counts})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
