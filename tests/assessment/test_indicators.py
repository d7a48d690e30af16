"""Each registered computed indicator, evaluated for a street, a department and a key unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accidents.choices import AccidentCategory, AccidentType
from accidents.services import accident_report
from assessment import registry, services
from assessment.choices import ItemKind, Rule, Source, UnitKind
from assessment.models import AssessedUnit, Score
from emergency.choices import DrillStatus, OwnerKind, PlanType
from emergency.models import RiskMonthlyReport
from enterprises.choices import Scale
from enterprises.models import Licence
from hazards.models import SelfCheck
from tests.emergency.factories import DrillFactory, DrillRuleFactory

from .helpers import YEAR, add_hazards, add_streets, at, build_scheme, make_street


def unit_for(world, *, street=None, department=None, enterprise=None):
    if street is not None:
        return AssessedUnit(kind=UnitKind.STREET, region=street, name=street.name)
    if department is not None:
        return AssessedUnit(kind=UnitKind.DEPARTMENT, department=department, name=department.name)
    return AssessedUnit(kind=UnitKind.ENTERPRISE, enterprise=enterprise, name=enterprise.name)


def measure(key, unit, year=YEAR):
    return registry.get(key)(unit, year)


def test_every_indicator_has_a_label_and_help_and_runs_for_every_kind_of_unit(world):
    units = [unit_for(world, street=world.street_a), unit_for(world, department=world.dept),
             unit_for(world, enterprise=world.ent_a)]
    for computer in registry.REGISTRY.values():
        assert computer.label and computer.help, computer.key
        for unit in units:
            m = computer(unit, YEAR)
            assert m.value is None or isinstance(m.value, Decimal)
            assert m.records is not None


def test_insurance_and_standardization_rates_count_only_valid_on_the_assessment_day(world):
    street = unit_for(world, street=world.street_a)
    a = world.ent_a
    a.insurance_policy_no, a.insurance_expiry = "P1", dt.date(YEAR, 12, 30)  # lapsed on 31 Dec
    a.scale, a.standardization_grade, a.standardization_expiry = Scale.ABOVE, "3", dt.date(YEAR + 2, 5, 1)
    a.save()
    assert measure("insurance_coverage_rate", street).value == Decimal("0.00")
    a.insurance_expiry = dt.date(YEAR + 1, 1, 5)
    a.save()
    m = measure("insurance_coverage_rate", street)
    assert m.value == Decimal("100.00") and not m.records.exists()
    assert measure("standardization_rate", street).value == Decimal("100.00")
    # the other street's enterprise is not counted in street_a, the department sees only its own
    assert measure("insurance_coverage_rate", unit_for(world, department=world.dept_other)).value == Decimal("0.00")


def test_expired_licences_in_scope(world):
    Licence.objects.create(enterprise=world.ent_a, kind="危化品经营许可证", number="1", expires_on=dt.date(YEAR, 3, 1))
    Licence.objects.create(enterprise=world.ent_b, kind="危化品经营许可证", number="2", expires_on=dt.date(YEAR, 3, 1))
    m = measure("expired_licences", unit_for(world, street=world.street_a))
    assert m.value == 1 and [lic.number for lic in m.records] == ["1"]


def test_hazard_indicators_of_a_street(world):
    add_hazards(world.ent_a, closed_on_time=3, open_late=1, open_major=1)
    add_hazards(world.ent_b, open_late=4)  # street_b: not counted
    street = unit_for(world, street=world.street_a)
    rate = measure("hazard_rectification_rate", street)
    assert rate.value == Decimal("60.0") and rate.records.count() == 2
    assert measure("hazards_rectified_late", street).value == 1
    assert measure("major_hazards_open", street).value == 1
    # the same hazards a year later are outside the window
    assert measure("hazard_rectification_rate", street, YEAR + 1).value is None


def test_selfcheck_filing_rate_over_the_weeks_of_the_year(world):
    first_monday = dt.date.fromisocalendar(YEAR, 1, 1)
    weeks = dt.date(YEAR, 12, 28).isocalendar()[1]  # 2025 has 52 ISO weeks; the last ends 28 Dec
    SelfCheck.objects.bulk_create([
        SelfCheck(enterprise=world.ent_a, region=world.cell_a, week_start=first_monday + dt.timedelta(weeks=i),
                  is_zero=True, submitted_at=at(1, 1))
        for i in range(weeks // 2)
    ])
    m = measure("selfcheck_filing_rate", unit_for(world, street=world.street_a))
    assert m.value == Decimal("50.00") and list(m.records) == [world.ent_a]
    assert measure("selfcheck_filing_rate", unit_for(world, department=world.dept_other)).value == Decimal("0.00")


def test_accident_indicators_and_department_scope(world):
    office = world.users["office"]
    accident_report(by=office, title="机械伤害事故", occurred_at=at(3, 1), reported_at=at(3, 1),
                    category=AccidentCategory.INDUSTRIAL, accident_type=AccidentType.MACHINERY,
                    enterprise=world.ent_a, industry=world.industry, deaths=1)
    accident_report(by=office, title="中毒窒息较大事故", occurred_at=at(7, 1), reported_at=at(7, 1),
                    category=AccidentCategory.INDUSTRIAL, accident_type=AccidentType.POISONING,
                    enterprise=world.ent_a, industry=world.industry, deaths=3)
    accident_report(by=office, title="上年事故", occurred_at=at(5, 1, YEAR - 1), reported_at=at(5, 1, YEAR - 1),
                    category=AccidentCategory.INDUSTRIAL, accident_type=AccidentType.FALL,
                    enterprise=world.ent_a, industry=world.industry, deaths=2)
    street, dept = unit_for(world, street=world.street_a), unit_for(world, department=world.dept)
    assert measure("larger_accidents", street).value == 1
    assert measure("accident_deaths", dept).value == 4
    assert measure("accident_deaths_change", street).value == Decimal("100.00")  # 2 → 4
    assert measure("larger_accidents", unit_for(world, street=world.street_b)).value == 0
    assert measure("accident_deaths", unit_for(world, department=world.dept_other)).value == 0


def test_larger_accident_vetoes_a_street_with_full_marks(world):
    office = world.users["office"]
    accident_report(by=office, title="较大事故", occurred_at=at(7, 1), reported_at=at(7, 1),
                    category=AccidentCategory.INDUSTRIAL, accident_type=AccidentType.POISONING,
                    enterprise=world.ent_a, industry=world.industry, deaths=3)
    scheme = services.scheme_create(by=office, year=YEAR, name="否决测试")
    cat = services.category_create(scheme=scheme, by=office, name="综合")
    services.indicator_create(scheme=scheme, by=office, category=cat, name="较大事故", kind=ItemKind.VETO,
                              source=Source.COMPUTED, max_score=Decimal(0), computer="larger_accidents",
                              rule=Rule.ANY, params={"at_least": "1"})
    services.indicator_create(scheme=scheme, by=office, category=cat, name="投保", kind=ItemKind.SCORE,
                              source=Source.COMPUTED, max_score=Decimal(100), computer="accident_deaths",
                              rule=Rule.LINEAR, params={"zero_at": "5", "full_at": "0"})
    units = add_streets(scheme, office, [world.street_a, world.street_b])
    services.scheme_publish(scheme=scheme, by=office)
    services.scheme_start_review(scheme=scheme, by=office)
    services.scheme_compute_results(scheme=scheme, by=office)
    a, b = (AssessedUnit.objects.get(pk=units[s.pk].pk) for s in (world.street_a, world.street_b))
    assert a.vetoed and a.grade == "fail" and a.rank == 2 and "较大事故" in a.veto_reason
    assert (b.vetoed, b.total, b.rank) == (False, Decimal("100.00"), 1)
    assert a.total == Decimal("40.00")  # 3 deaths on 5 → 0 … 0 → 100


def test_drill_compliance_rate(world):
    DrillRuleFactory(min_count=2, drill_types=[PlanType.ONSITE])
    for day in (dt.date(YEAR, 3, 1), dt.date(YEAR, 9, 1)):
        DrillFactory(enterprise=world.ent_a, owner_kind=OwnerKind.ENTERPRISE, status=DrillStatus.HELD,
                     planned_date=day, held_on=day)
    DrillFactory(enterprise=world.ent_b, owner_kind=OwnerKind.ENTERPRISE, status=DrillStatus.HELD,
                 planned_date=dt.date(YEAR, 3, 1), held_on=dt.date(YEAR, 3, 1))
    assert measure("drill_compliance_rate", unit_for(world, street=world.street_a)).value == Decimal("100.00")
    m = measure("drill_compliance_rate", unit_for(world, street=world.street_b))
    assert m.value == Decimal("0.00") and list(m.records) == [world.ent_b]


def test_risk_reports_on_time_rate(world):
    reports = [
        RiskMonthlyReport(month=dt.date(YEAR, m, 1), region=world.street_a, situation="平稳",
                          filed_at=timezone.now(), late=(m == 12))
        for m in range(1, 13)
    ]
    RiskMonthlyReport.objects.bulk_create(reports[:6] + reports[-1:])  # Jan–Jun on time, Dec late
    m = measure("risk_reports_on_time_rate", unit_for(world, street=world.street_a))
    assert m.value == Decimal("50.00") and m.records.count() == 7
    assert measure("risk_reports_on_time_rate", unit_for(world, enterprise=world.ent_a)).value is None


def test_registering_a_key_twice_is_refused():
    with pytest.raises(ValueError):
        registry.register("insurance_coverage_rate", "重复")(lambda unit, year: registry.Measure(None))


def test_no_data_gets_the_configured_points(world):
    office = world.users["office"]
    scheme, ind = build_scheme(office)
    services.indicator_update(indicator=ind["rectification"], by=office, no_data_points=Decimal(15))
    street, *_ = make_street(world, "空街道", insured=1, uninsured=0)
    units = add_streets(scheme, office, [street])
    services.scheme_publish(scheme=scheme, by=office)
    score = Score.objects.get(unit=units[street.pk], indicator=ind["rectification"])
    assert score.value is None and score.points == Decimal("15.00")


def test_enforcement_plan_completion_of_a_department(world):
    from inspections.choices import InspectionStatus, PlanStatus
    from inspections.models import EnforcementPlan, Inspection

    dept = unit_for(world, department=world.dept)
    assert measure("enforcement_plan_completion", dept).value is None  # no approved plan
    EnforcementPlan.objects.create(department=world.dept, year=YEAR, q1=2, q2=2, q3=0, q4=0, status=PlanStatus.APPROVED)
    for day in (dt.date(YEAR, 2, 1), dt.date(YEAR, 5, 1), dt.date(YEAR + 1, 1, 5)):
        Inspection.objects.create(department=world.dept, enterprise=world.ent_a, region=world.cell_a,
                                  status=InspectionStatus.FINISHED, inspected_on=day)
    m = measure("enforcement_plan_completion", dept)
    assert m.value == Decimal("50.0") and m.records.count() == 2
    assert measure("enforcement_plan_completion", unit_for(world, street=world.street_a)).value is None
