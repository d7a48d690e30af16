"""SPEC §7 indicators: the seed-000 history, constant query count, reference data, plan targets."""

import datetime as dt
import random
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accidents import demo
from accidents.choices import AccidentCategory, Indicator, TargetKind
from accidents.models import Plan, PlanTarget, RegionYearData, YearConfirmation
from accidents.selectors import accident_statistics, plan_progress, region_indicators
from accounts.demo import DemoContext

from .factories import report_accident

SEED_000 = {2016: (10, 12), 2017: (16, 20), 2018: (11, 12), 2019: (19, 19), 2020: (11, 11)}
SEED_000_DEATHS = {2016: 12, 2017: 20, 2018: 12, 2019: 19, 2020: 11}


@pytest.fixture
def demo_history(world):
    ctx = DemoContext(rng=random.Random(7), log=lambda _: None)
    ctx.district, ctx.grids = world.district, [world.cell_a, world.cell_b]
    demo.build(ctx)
    return world


def test_demo_history_gives_seed_000_yearly_figures_and_five_year_totals(demo_history):
    w = demo_history
    data = region_indicators(user=w.users["office"], region=w.district, years=range(2016, 2021))
    assert {y: data[y].deaths for y in data} == SEED_000_DEATHS
    assert {y: (data[y].deaths_by_category[AccidentCategory.INDUSTRIAL], ) for y in data} == \
        {y: (d,) for y, (_, d) in SEED_000.items()}
    industrial_counts = {y: data[y].accidents for y in data}
    assert industrial_counts == {y: n for y, (n, _) in SEED_000.items()}
    assert sum(industrial_counts.values()) == 67
    assert sum(data[y].industrial_deaths for y in data) == 74


def test_indicator_page_shows_the_seed_figures(demo_history):
    page = demo_history.client("office").get("/accidents/indicators/?from_year=2016&to_year=2020").content.decode()
    deaths_row = page.split("生产安全事故死亡人数（人）")[1].split("</tr>")[0]
    assert [int(v) for v in re.findall(r">(\d+)</td>", deaths_row)] == [12, 20, 12, 19, 11]
    industrial_row = page.split("其中工矿商贸死亡人数（人）")[1].split("</tr>")[0]
    assert [int(v) for v in re.findall(r">(\d+)</td>", industrial_row)] == [12, 20, 12, 19, 11]


def test_indicators_run_a_constant_number_of_queries(demo_history):
    w = demo_history
    for years in (range(2020, 2021), range(2016, 2027)):
        with CaptureQueriesContext(connection) as ctx:
            region_indicators(user=w.users["office"], region=w.district, years=years)
        assert len(ctx.captured_queries) == 2
    with CaptureQueriesContext(connection) as ctx:
        region_indicators(user=w.users["dept"], region=w.district, years=range(2016, 2027))
    assert len(ctx.captured_queries) == 2


def test_rates_use_reference_data_and_stay_exact_until_display(world):
    report_accident(world, deaths=3, occurred_at=dt.datetime(2025, 6, 1, 2, 0, tzinfo=dt.UTC))
    report_accident(world, deaths=1, enterprise=None, category=AccidentCategory.ROAD,
                    occurred_at=dt.datetime(2025, 7, 1, 2, 0, tzinfo=dt.UTC))
    RegionYearData.objects.create(region=world.district, year=2025, gdp=Decimal("300"), industrial_employees=30000,
                                  motor_vehicles=30000)
    item = region_indicators(user=world.users["office"], region=world.district, years=[2025])[2025]
    assert item.deaths == 4 and item.larger_accidents == 1
    assert item.gdp_rate == Decimal(4) / Decimal(300)
    assert item.industrial_rate == Decimal(10)
    assert item.road_rate == Decimal(1) * 10000 / 30000
    assert item.coal_rate is None


def test_reference_data_of_a_region_replaces_its_sub_regions_and_sums_them_otherwise(world):
    RegionYearData.objects.create(region=world.street_a, year=2025, gdp=Decimal("100"), motor_vehicles=10)
    RegionYearData.objects.create(region=world.street_b, year=2025, gdp=Decimal("50"), motor_vehicles=20)
    office = world.users["office"]
    assert region_indicators(user=office, region=world.district, years=[2025])[2025].gdp == Decimal("150")
    RegionYearData.objects.create(region=world.district, year=2025, gdp=Decimal("160"))
    item = region_indicators(user=office, region=world.district, years=[2025])[2025]
    assert item.gdp == Decimal("160") and item.motor_vehicles == 30
    assert region_indicators(user=office, region=world.street_a, years=[2025])[2025].gdp == Decimal("100")


def test_indicators_count_only_accidents_in_the_users_scope(world):
    report_accident(world, enterprise="ent_a", deaths=2, occurred_at=dt.datetime(2025, 6, 1, 2, 0, tzinfo=dt.UTC))
    report_accident(world, enterprise="ent_b", deaths=5, occurred_at=dt.datetime(2025, 6, 2, 2, 0, tzinfo=dt.UTC))
    years = [2025]
    assert region_indicators(user=world.users["office"], region=world.district, years=years)[2025].deaths == 7
    assert region_indicators(user=world.users["street_a"], region=world.district, years=years)[2025].deaths == 2
    assert region_indicators(user=world.users["dept_other"], region=world.district, years=years)[2025].deaths == 5
    assert region_indicators(user=world.users["office"], region=world.street_b, years=years)[2025].deaths == 5


def test_relative_target_minus_10_percent_on_baseline_11_marks_10_deaths_above_target(world):
    for i in range(11):
        report_accident(world, deaths=1, occurred_at=dt.datetime(2020, 3, 1 + i, 2, 0, tzinfo=dt.UTC))
    for i in range(10):
        report_accident(world, deaths=1, occurred_at=dt.datetime(2021, 3, 1 + i, 2, 0, tzinfo=dt.UTC))
    for i in range(9):
        report_accident(world, deaths=1, occurred_at=dt.datetime(2022, 3, 1 + i, 2, 0, tzinfo=dt.UTC))
    plan = Plan.objects.create(name="十四五", region=world.district, baseline_year=2020, target_year=2025)
    PlanTarget.objects.create(plan=plan, indicator=Indicator.DEATHS, kind=TargetKind.RELATIVE, value=Decimal(-10))
    for year in (2020, 2021, 2022):  # 数据确认 (issue 20): only confirmed years are judged
        YearConfirmation.objects.create(region=world.district, year=year)
    progress = plan_progress(user=world.users["office"], plan=plan)
    target = progress.targets[0]
    assert target.baseline == 11 and target.ceiling == Decimal("9.9")
    by_year = {y.year: y for y in target.years}
    assert by_year[2021].actual == 10 and by_year[2021].on_track is False
    assert by_year[2022].actual == 9 and by_year[2022].on_track is True
    page = world.client("office").get(f"/accidents/plans/{plan.pk}/").content.decode()
    assert "9.9" in page and "超出目标" in page


def test_statistics_group_by_region_category_and_grade(world):
    report_accident(world, enterprise="ent_a", deaths=3, occurred_at=dt.datetime(2025, 6, 1, 2, 0, tzinfo=dt.UTC))
    report_accident(world, enterprise="ent_b", deaths=1, occurred_at=dt.datetime(2025, 6, 2, 2, 0, tzinfo=dt.UTC))
    office = world.users["office"]
    by_region = accident_statistics(user=office, region=world.district, years=[2025], dimension="region")
    rows = {r.label: r.total.deaths for r in by_region.rows}
    assert rows["甲街道"] == 3 and rows["乙街道"] == 1 and by_region.total.accidents == 2
    by_grade = accident_statistics(user=office, region=world.district, years=[2025], dimension="grade")
    assert {r.label: r.total.accidents for r in by_grade.rows}["较大事故"] == 1
    with CaptureQueriesContext(connection) as ctx:
        accident_statistics(user=office, region=world.district, years=range(2016, 2027), dimension="industry")
    assert len(ctx.captured_queries) == 2
