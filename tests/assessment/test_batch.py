"""The batch form of every computed indicator returns, for every unit, the per-unit function's value."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from accidents.choices import AccidentCategory, AccidentGrade, AccidentType, ReportIrregularity
from accidents.models import Accident
from accounts.choices import RegionKind
from assessment import registry, services
from assessment.choices import SchemeStatus, UnitKind
from assessment.models import AssessedUnit, Score
from emergency.choices import DrillStatus, OwnerKind, PlanType
from emergency.models import RiskMonthlyReport
from enterprises.choices import EnterpriseStatus, Scale
from enterprises.models import Licence, MajorHazardSource
from hazards.choices import HazardGrade, HazardSource, HazardStatus
from hazards.models import Hazard, SelfCheck
from inspections.choices import InspectionStatus, PlanStatus
from inspections.models import EnforcementPlan, Inspection
from tests.emergency.factories import DrillFactory, DrillRuleFactory
from tests.factories import DepartmentFactory, EnterpriseFactory, IndustryFactory, RegionFactory

from .helpers import YEAR, at, build_scheme


def build_mixed_district(world, rng: random.Random, scheme=None) -> list[AssessedUnit]:
    """Four streets (nested communities and cells), four departments (one supervising a parent
    industry), 40 enterprises of every status with zero to two departments, a year (and the year
    before) of data for every indicator, and a scheme assessing all of them plus two key units."""
    streets = [world.street_a, world.street_b]
    cells = [world.cell_a, world.cell_b]
    for s in range(2):
        street = RegionFactory(kind=RegionKind.STREET, name=f"丙{s}街道", parent=world.district)
        community = RegionFactory(kind=RegionKind.COMMUNITY, name=f"丙{s}社区", parent=street)
        cells += [RegionFactory(kind=RegionKind.GRID, name=f"丙{s}网格{c}", parent=community) for c in range(2)]
        streets.append(street)
    parent = IndustryFactory(code="C", name="制造业")
    child = IndustryFactory(code="C26", name="化学原料和化学制品制造业", parent=parent)
    industries = [world.industry, world.ent_b.industry, child, parent]
    extra_depts = [DepartmentFactory(name="市场监管所"), DepartmentFactory(name="工信科")]
    extra_depts[0].industries.set([parent])
    departments = [world.dept, world.dept_other, *extra_depts]
    day = dt.date(YEAR, 12, 31)
    enterprises = [world.ent_a, world.ent_b]
    for i in range(38):
        enterprises.append(EnterpriseFactory(
            region=rng.choice(cells), industry=rng.choice(industries),
            status=rng.choice([EnterpriseStatus.OPERATING] * 4 + [EnterpriseStatus.SUSPENDED, EnterpriseStatus.CLOSED]),
            scale=rng.choice([Scale.ABOVE, Scale.BELOW]),
            insurance_policy_no=rng.choice(["", f"P{i}"]), insurance_expiry=day + dt.timedelta(days=rng.choice([-1, 0, 30])),
            standardization_grade=rng.choice(["", "3"]), standardization_expiry=day + dt.timedelta(days=rng.choice([-5, 5])),
            departments=rng.sample(departments, rng.randrange(0, 3)),
        ))
    first_monday = dt.date.fromisocalendar(YEAR, 1, 1)
    for e in enterprises:
        Licence.objects.create(enterprise=e, kind="安全生产许可证", number=f"L{e.pk}",
                               expires_on=dt.date(YEAR, rng.randrange(1, 13), 1) + dt.timedelta(days=rng.choice([0, 400])))
        MajorHazardSource.objects.create(enterprise=e, name="储罐区", filing_no=rng.choice(["", "B1"]),
                                         filed_on=rng.choice([None, dt.date(YEAR, 3, 1), dt.date(YEAR + 1, 3, 1)]))
        for _ in range(rng.randrange(0, 5)):
            reported = at(rng.randrange(1, 13), rng.randrange(1, 28))
            closed = rng.random() < 0.6
            Hazard.objects.create(
                enterprise=e, region=e.region, source=HazardSource.GRID, description="隐患",
                grade=rng.choice([HazardGrade.GENERAL, HazardGrade.MAJOR]),
                deadline=reported.date() + dt.timedelta(days=20), reported_at=reported,
                status=HazardStatus.CLOSED if closed else HazardStatus.RECTIFYING,
                closed_at=reported + dt.timedelta(days=rng.randrange(1, 40)) if closed else None,
            )
        SelfCheck.objects.bulk_create([
            SelfCheck(enterprise=e, region=e.region, week_start=first_monday + dt.timedelta(weeks=w), is_zero=True,
                      submitted_at=at(1, 1))
            for w in rng.sample(range(53), rng.randrange(0, 53))
        ])
        for _ in range(rng.randrange(0, 3)):
            held = dt.date(YEAR, rng.randrange(1, 13), 1)
            DrillFactory(enterprise=e, owner_kind=OwnerKind.ENTERPRISE, status=DrillStatus.HELD, planned_date=held,
                         held_on=held, drill_type=rng.choice([PlanType.ONSITE, PlanType.SPECIAL]))
    DrillRuleFactory(min_count=2, drill_types=[PlanType.ONSITE])
    DrillRuleFactory(min_count=1, drill_types=[PlanType.SPECIAL, PlanType.ONSITE])
    accidents = []
    for year in (YEAR - 1, YEAR):
        for _ in range(25):
            e = rng.choice(enterprises + [None] * 5)
            accidents.append(Accident(
                title="事故", occurred_at=at(rng.randrange(1, 13), 3, year), year=year,
                region=e.region if e else rng.choice(cells), enterprise=e,
                industry=e.industry if e else rng.choice(industries), category=AccidentCategory.INDUSTRIAL,
                accident_type=AccidentType.FALL, deaths=rng.choice([0, 0, 1, 3]),
                grade=rng.choice([AccidentGrade.GENERAL, AccidentGrade.LARGER]),
                late_reported=rng.random() < 0.2, irregularity=rng.choice(["", "", ReportIrregularity.CONCEALED]),
            ))
    Accident.objects.bulk_create(accidents)
    RiskMonthlyReport.objects.bulk_create(
        [RiskMonthlyReport(month=dt.date(YEAR, m, 1), region=s, situation="平稳", filed_at=timezone.now(),
                           late=rng.random() < 0.3) for s in streets for m in range(1, 13) if rng.random() < 0.8]
        + [RiskMonthlyReport(month=dt.date(YEAR, m, 1), department=d, situation="平稳", filed_at=timezone.now(),
                             late=rng.random() < 0.3) for d in departments for m in range(1, 13) if rng.random() < 0.8]
    )
    for d, total in zip(departments[:3], (8, 20, 0)):
        EnforcementPlan.objects.create(department=d, year=YEAR, q1=total, q2=0, q3=0, q4=0, status=PlanStatus.APPROVED)
    for _ in range(30):
        e = rng.choice(enterprises)
        Inspection.objects.create(department=rng.choice(departments), enterprise=e, region=e.region,
                                  status=InspectionStatus.FINISHED, inspected_on=dt.date(YEAR, rng.randrange(1, 13), 1))
    office = world.users["office"]
    scheme = scheme or services.scheme_create(by=office, year=YEAR, name="批量计算核对")
    services.units_add(scheme=scheme, by=office, kind=UnitKind.STREET, regions=streets)
    services.units_add(scheme=scheme, by=office, kind=UnitKind.DEPARTMENT, departments=departments)
    services.units_add(scheme=scheme, by=office, kind=UnitKind.ENTERPRISE, enterprises=enterprises[:2])
    return list(scheme.units.select_related("region", "department", "enterprise"))


@pytest.fixture
def units(world):
    return build_mixed_district(world, random.Random(8))


def test_batch_value_equals_the_per_unit_value_for_every_unit_and_indicator(units):
    mismatches, alike = {}, []
    for key, computer in sorted(registry.REGISTRY.items()):
        assert computer.batch is not None, f"{key} has no batch form"
        per_unit = {u.name: computer(u, YEAR).value for u in units}
        batch = computer.values(units, YEAR)
        by_name = {u.name: batch[u.pk] for u in units}
        if by_name != per_unit:
            mismatches[key] = {n: (v, by_name[n]) for n, v in per_unit.items() if by_name[n] != v}
        if len(set(per_unit.values())) < 2:
            alike.append(key)
    assert mismatches == {}
    assert alike == [], "the district does not tell the units apart on these indicators"


def test_batch_form_runs_a_constant_number_of_queries(units, django_assert_max_num_queries):
    """Two streets more must not cost more queries: a few per kind of unit, not per unit."""
    for computer in registry.REGISTRY.values():
        with django_assert_max_num_queries(12):
            computer.values(units, YEAR)


def test_refreshing_a_scheme_stores_the_per_unit_values(world):
    """scheme_publish evaluates through the batch forms; each stored value is the per-unit function's."""
    office = world.users["office"]
    scheme, _ = build_scheme(office)
    units = build_mixed_district(world, random.Random(3), scheme)
    services.scheme_publish(scheme=scheme, by=office)
    assert scheme.status == SchemeStatus.SELF
    for score in Score.objects.filter(unit__scheme=scheme, indicator__computer__gt="").select_related("indicator"):
        unit = next(u for u in units if u.pk == score.unit_id)
        assert score.value == registry.get(score.indicator.computer)(unit, YEAR).value, (unit.name, score.indicator.name)


def test_a_batch_form_needs_its_indicator_registered():
    with pytest.raises(ValueError):
        registry.batch("no_such_indicator")(lambda units, year: {})
