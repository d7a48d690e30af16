"""Issue 20 item 4 — missing is not met: a region's year counts for a target only once the office
has confirmed it (reference data complete, accident ledger checked); until then "数据未确认"."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accidents.choices import Indicator, TargetKind
from accidents.models import Plan, PlanTarget, RegionYearData, YearConfirmation
from accidents.rules import target_status
from accidents.selectors import plan_progress
from accidents.services import year_confirm, year_unconfirm
from accounts.models import AuditLog

FULL = {"gdp": Decimal("100"), "population": 100000, "industrial_employees": 20000, "motor_vehicles": 30000}


@pytest.fixture
def plan(world):
    plan = Plan.objects.create(name="十四五", region=world.district, baseline_year=2020, target_year=2025)
    PlanTarget.objects.create(plan=plan, indicator=Indicator.DEATHS, kind=TargetKind.CEILING, value=Decimal(5))
    PlanTarget.objects.create(plan=plan, indicator=Indicator.ACCIDENTS, kind=TargetKind.RELATIVE, value=Decimal(-10))
    return plan


def test_unconfirmed_status_is_never_met():
    assert target_status(actual=0, ceiling=Decimal(5), confirmed=False) is None
    assert target_status(actual=0, ceiling=Decimal(5), confirmed=True) is True
    assert target_status(actual=6, ceiling=Decimal(5), confirmed=True) is False


def test_a_year_without_accidents_or_data_is_not_a_perfect_year(world, plan):
    """Fails on the old code: 0 deaths in 2021 (nobody entered anything) counted as 达标."""
    target = plan_progress(user=world.users["office"], plan=plan).targets[0]
    y2021 = next(y for y in target.years if y.year == 2021)
    assert y2021.actual == 0 and y2021.on_track is None and y2021.status_label == "数据未确认"
    page = world.client("office").get(f"/accidents/plans/{plan.pk}/").content.decode()
    assert "data-unconfirmed" in page and "数据未确认" in page


def test_confirmed_year_is_judged_and_a_relative_target_also_needs_its_baseline(world, plan):
    for year in (2020, 2021):
        RegionYearData.objects.create(region=world.district, year=year, **FULL)
    year_confirm(by=world.users["office"], region=world.district, year=2021)
    deaths, accidents = plan_progress(user=world.users["office"], plan=plan).targets
    assert next(y for y in deaths.years if y.year == 2021).on_track is True  # ceiling: no baseline needed
    assert next(y for y in accidents.years if y.year == 2021).status_label == "数据未确认"  # baseline 2020 not confirmed
    year_confirm(by=world.users["office"], region=world.district, year=2020)
    accidents = plan_progress(user=world.users["office"], plan=plan).targets[1]
    assert next(y for y in accidents.years if y.year == 2021).on_track is True
    assert AuditLog.objects.filter(action="年度数据确认").count() == 2


def test_confirmation_needs_complete_reference_data_a_finished_year_and_the_office(world):
    with pytest.raises(ValidationError) as exc:
        year_confirm(by=world.users["office"], region=world.district, year=2021)
    assert "地区生产总值" in exc.value.message_dict["year"][0]
    RegionYearData.objects.create(region=world.district, year=2021, **{**FULL, "motor_vehicles": None})
    with pytest.raises(ValidationError, match="机动车保有量"):
        year_confirm(by=world.users["office"], region=world.district, year=2021)
    this_year = timezone.localdate().year
    RegionYearData.objects.create(region=world.district, year=this_year, **FULL)
    with pytest.raises(ValidationError, match="尚未结束"):
        year_confirm(by=world.users["office"], region=world.district, year=this_year)
    with pytest.raises(PermissionDenied):
        year_confirm(by=world.users["dept"], region=world.district, year=2021)


def test_office_confirms_and_withdraws_on_the_plan_page(world, plan):
    RegionYearData.objects.create(region=world.district, year=2022, **FULL)
    client = world.client("office")
    back = f"/accidents/plans/{plan.pk}/"
    r = client.post("/accidents/reference-data/confirm/", {"region": world.district.pk, "year": 2022, "next": back})
    assert r.status_code == 302 and r["Location"] == back
    assert YearConfirmation.objects.filter(region=world.district, year=2022).exists()
    assert 'data-action="confirm-year"' in client.get(back).content.decode()
    r = client.post("/accidents/reference-data/confirm/", {"region": world.district.pk, "year": 2022,
                                                            "withdraw": "on", "note": "补录一起事故", "next": back})
    assert not YearConfirmation.objects.filter(region=world.district, year=2022).exists()
    assert AuditLog.objects.filter(action="撤销年度数据确认", note="补录一起事故").exists()
    r = client.post("/accidents/reference-data/confirm/", {"region": world.district.pk, "year": 2023, "next": back})
    assert "基础数据不完整" in client.get(back).content.decode()  # the refusal is shown as a message
    assert world.client("dept").post("/accidents/reference-data/confirm/", {}).status_code == 403


def test_withdrawal_needs_a_reason(world):
    RegionYearData.objects.create(region=world.district, year=2021, **FULL)
    year_confirm(by=world.users["office"], region=world.district, year=2021)
    with pytest.raises(ValidationError) as exc:
        year_unconfirm(by=world.users["office"], region=world.district, year=2021, note="")
    assert "note" in exc.value.message_dict
    assert YearConfirmation.objects.filter(year=2021).exists()
