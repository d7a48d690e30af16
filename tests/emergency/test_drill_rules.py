"""The drill-frequency rule engine (seed 001 rules as data) over several periods and owner kinds."""

import datetime as dt

import pytest

from accounts.choices import RegionKind
from emergency.choices import DrillStatus, OwnerKind, PlanType
from emergency.rules import rule_period
from emergency.selectors import drills_behind, rule_compliance
from tests.emergency.factories import DrillFactory, DrillRuleFactory
from tests.factories import EnterpriseFactory

TODAY = dt.date(2026, 11, 23)


def held(on: dt.date, **owner):
    return DrillFactory(status=DrillStatus.HELD, planned_date=on, held_on=on, **owner)


@pytest.fixture
def district_rule(db):
    return DrillRuleFactory(name="区/街道综合预案演练", owner_kind=OwnerKind.GOVERNMENT,
                            drill_types=[PlanType.COMPREHENSIVE], min_count=1, period_years=2, anchor_year=2021)


@pytest.fixture
def onsite_rule(db):
    return DrillRuleFactory(name="企业现场处置方案演练", owner_kind=OwnerKind.ENTERPRISE,
                            drill_types=[PlanType.ONSITE], min_count=2, period_years=1)


@pytest.fixture
def enterprise_rule(db):
    return DrillRuleFactory(name="企业综合或专项预案演练", owner_kind=OwnerKind.ENTERPRISE,
                            drill_types=[PlanType.COMPREHENSIVE, PlanType.SPECIAL], min_count=1, period_years=1)


def row_for(rows, owner_id):
    return next(r for r in rows if r.owner_id == owner_id)


def test_biennial_periods_are_calendar_aligned_from_the_anchor_year():
    assert rule_period(on=TODAY, period_years=2, anchor_year=2021) == (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert rule_period(on=dt.date(2024, 3, 1), period_years=2, anchor_year=2021) == (dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    assert rule_period(on=TODAY, period_years=1, anchor_year=2021) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_district_with_one_comprehensive_drill_three_years_ago_is_behind(world, district_rule):
    held(dt.date(2023, 11, 23), owner_kind=OwnerKind.GOVERNMENT, region=world.district, drill_type=PlanType.COMPREHENSIVE)
    row = row_for(rule_compliance(district_rule, on=TODAY), world.district.pk)
    assert (row.count, row.met, row.last_held_on) == (0, False, dt.date(2023, 11, 23))
    assert world.district.pk in {r.owner_id for r in drills_behind(on=TODAY) if r.owner_kind == OwnerKind.GOVERNMENT}


def test_the_same_district_drill_met_the_rule_in_its_own_period(world, district_rule):
    held(dt.date(2023, 11, 23), owner_kind=OwnerKind.GOVERNMENT, region=world.district, drill_type=PlanType.COMPREHENSIVE)
    assert row_for(rule_compliance(district_rule, on=dt.date(2024, 12, 31)), world.district.pk).met
    assert not row_for(rule_compliance(district_rule, on=dt.date(2025, 1, 1)), world.district.pk).met


def test_street_drill_last_year_meets_the_biennial_rule_this_year(world, district_rule):
    held(dt.date(2025, 6, 1), owner_kind=OwnerKind.GOVERNMENT, region=world.street_a, drill_type=PlanType.COMPREHENSIVE)
    rows = rule_compliance(district_rule, on=TODAY)
    assert row_for(rows, world.street_a.pk).met
    assert not row_for(rows, world.street_b.pk).met
    assert {r.owner_id for r in rows} == {world.district.pk, world.street_a.pk, world.street_b.pk}
    assert all(r.owner_id != world.cell_a.pk for r in rows)  # communities and cells are not government levels


def test_only_comprehensive_drills_count_for_the_comprehensive_rule(world, district_rule):
    held(dt.date(2026, 3, 1), owner_kind=OwnerKind.GOVERNMENT, region=world.district, drill_type=PlanType.SPECIAL)
    assert not row_for(rule_compliance(district_rule, on=TODAY), world.district.pk).met


def test_enterprise_with_two_onsite_drills_this_year_meets_the_onsite_rule_one_with_one_does_not(world, onsite_rule):
    for day in (dt.date(2026, 3, 10), dt.date(2026, 9, 10)):
        held(day, enterprise=world.ent_a, drill_type=PlanType.ONSITE)
    held(dt.date(2026, 4, 1), enterprise=world.ent_b, drill_type=PlanType.ONSITE)
    rows = rule_compliance(onsite_rule, on=TODAY)
    assert row_for(rows, world.ent_a.pk).met
    b = row_for(rows, world.ent_b.pk)
    assert (b.count, b.met, b.shortfall) == (1, False, 1)


def test_last_years_onsite_drills_do_not_count_this_year(world, onsite_rule):
    for day in (dt.date(2025, 3, 10), dt.date(2025, 9, 10)):
        held(day, enterprise=world.ent_a, drill_type=PlanType.ONSITE)
    assert row_for(rule_compliance(onsite_rule, on=dt.date(2025, 12, 31)), world.ent_a.pk).met
    assert not row_for(rule_compliance(onsite_rule, on=TODAY), world.ent_a.pk).met


def test_planned_and_cancelled_drills_do_not_count(world, onsite_rule):
    DrillFactory(enterprise=world.ent_a, drill_type=PlanType.ONSITE, planned_date=dt.date(2026, 5, 1))
    DrillFactory(enterprise=world.ent_a, drill_type=PlanType.ONSITE, status=DrillStatus.CANCELLED,
                 planned_date=dt.date(2026, 6, 1))
    held(dt.date(2026, 7, 1), enterprise=world.ent_a, drill_type=PlanType.ONSITE)
    assert row_for(rule_compliance(onsite_rule, on=TODAY), world.ent_a.pk).count == 1


def test_comprehensive_or_special_rule_accepts_either_kind(world, enterprise_rule):
    held(dt.date(2026, 5, 1), enterprise=world.ent_a, drill_type=PlanType.SPECIAL)
    held(dt.date(2026, 5, 1), enterprise=world.ent_b, drill_type=PlanType.ONSITE)
    rows = rule_compliance(enterprise_rule, on=TODAY)
    assert row_for(rows, world.ent_a.pk).met and not row_for(rows, world.ent_b.pk).met


def test_drills_after_the_evaluation_date_do_not_count(world, onsite_rule):
    held(dt.date(2026, 3, 1), enterprise=world.ent_a, drill_type=PlanType.ONSITE)
    held(dt.date(2026, 10, 1), enterprise=world.ent_a, drill_type=PlanType.ONSITE)
    assert not row_for(rule_compliance(onsite_rule, on=dt.date(2026, 6, 30)), world.ent_a.pk).met


def test_behind_list_is_scoped_to_the_user(world, onsite_rule, district_rule):
    held(dt.date(2026, 3, 1), enterprise=world.ent_a, drill_type=PlanType.ONSITE)
    ent_rows = drills_behind(on=TODAY, user=world.users["ent_a"])
    assert {(r.owner_kind, r.owner_id) for r in ent_rows} == {(OwnerKind.ENTERPRISE, world.ent_a.pk)}
    street_rows = drills_behind(on=TODAY, user=world.users["street_a"])
    assert {(r.owner_kind, r.owner_id) for r in street_rows} == {
        (OwnerKind.ENTERPRISE, world.ent_a.pk), (OwnerKind.GOVERNMENT, world.street_a.pk)}
    office_rows = drills_behind(on=TODAY, user=world.users["office"])
    assert (OwnerKind.ENTERPRISE, world.ent_b.pk) in {(r.owner_kind, r.owner_id) for r in office_rows}
    assert drills_behind(on=TODAY, user=world.users["expert"]) == []


def test_closed_enterprises_are_not_held_to_the_rule(world, onsite_rule):
    closed = EnterpriseFactory(region=world.cell_a, status="closed")
    assert closed.pk not in {r.owner_id for r in rule_compliance(onsite_rule, on=TODAY)}
    assert world.district.kind == RegionKind.DISTRICT
