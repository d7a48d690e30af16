"""Builders for the assessment tests: streets with enterprises and hazards, and a scheme over them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.choices import RegionKind, Role
from assessment import services
from assessment.choices import ItemKind, Rule, Source, UnitKind
from hazards.choices import HazardGrade, HazardSource, HazardStatus
from hazards.models import Hazard
from tests.factories import EnterpriseFactory, RegionFactory, UserFactory

YEAR = 2025
TZ = timezone.get_current_timezone()


def at(month: int, day: int, year: int = YEAR) -> dt.datetime:
    return dt.datetime(year, month, day, 10, 0, tzinfo=TZ)


def make_street(world, name: str, *, insured: int, uninsured: int):
    street = RegionFactory(kind=RegionKind.STREET, name=name, parent=world.district)
    cell = RegionFactory(kind=RegionKind.GRID, name=f"{name}网格", parent=street)
    ents = [
        EnterpriseFactory(region=cell, industry=world.industry, insurance_policy_no=f"P{i}",
                          insurance_expiry=dt.date(YEAR + 1, 3, 1))
        for i in range(insured)
    ] + [EnterpriseFactory(region=cell, industry=world.industry) for _ in range(uninsured)]
    officer = UserFactory(role=Role.STREET, region=street)
    return street, ents, officer


def add_hazards(enterprise, *, closed_on_time: int = 0, open_late: int = 0, open_major: int = 0) -> list[Hazard]:
    """Hazards found in YEAR: closed before their deadline, open past a deadline in YEAR, open 重大."""
    rows = []
    for _ in range(closed_on_time):
        rows.append(Hazard(enterprise=enterprise, region=enterprise.region, source=HazardSource.GRID,
                           description="消防通道堵塞", deadline=dt.date(YEAR, 6, 30), reported_at=at(5, 1),
                           status=HazardStatus.CLOSED, closed_at=at(6, 1)))
    for _ in range(open_late):
        rows.append(Hazard(enterprise=enterprise, region=enterprise.region, source=HazardSource.GRID,
                           description="配电箱未接地", deadline=dt.date(YEAR, 8, 31), reported_at=at(8, 1),
                           status=HazardStatus.RECTIFYING))
    for _ in range(open_major):
        rows.append(Hazard(enterprise=enterprise, region=enterprise.region, source=HazardSource.ENFORCEMENT,
                           grade=HazardGrade.MAJOR, description="粉尘除尘系统未设泄爆", deadline=dt.date(YEAR + 1, 3, 31),
                           reported_at=at(11, 20), status=HazardStatus.RECTIFYING))
    return Hazard.objects.bulk_create(rows)


def build_scheme(office, *, year: int = YEAR, name: str = "街道安全生产工作考核"):
    """Two computed 评分项, one manual 评分项, one computed 扣分项 and one computed 一票否决项."""
    scheme = services.scheme_create(by=office, year=year, name=name, excellent_min=Decimal(90),
                                    good_min=Decimal(80), pass_min=Decimal(60))
    basic = services.category_create(scheme=scheme, by=office, name="基础工作")
    hazards = services.category_create(scheme=scheme, by=office, name="隐患治理")
    ind = {
        "insurance": services.indicator_create(
            scheme=scheme, by=office, category=basic, name="安责险投保", kind=ItemKind.SCORE, source=Source.COMPUTED,
            max_score=Decimal(40), computer="insurance_coverage_rate", rule=Rule.LINEAR,
            params={"zero_at": "50", "full_at": "100"}),
        "duty": services.indicator_create(
            scheme=scheme, by=office, category=basic, name="安全生产责任制落实", kind=ItemKind.SCORE,
            source=Source.MANUAL, max_score=Decimal(30), criteria="责任清单、会议记录"),
        "rectification": services.indicator_create(
            scheme=scheme, by=office, category=hazards, name="隐患整改", kind=ItemKind.SCORE, source=Source.COMPUTED,
            max_score=Decimal(30), computer="hazard_rectification_rate", rule=Rule.THRESHOLD,
            params={"steps": [["90", "30"], ["70", "20"], ["50", "10"]]}),
        "late": services.indicator_create(
            scheme=scheme, by=office, category=hazards, name="隐患逾期整改", kind=ItemKind.DEDUCTION,
            source=Source.COMPUTED, max_score=Decimal(6), computer="hazards_rectified_late", rule=Rule.PER_UNIT,
            params={"points_each": "2"}),
        "veto": services.indicator_create(
            scheme=scheme, by=office, category=hazards, name="重大隐患未销号", kind=ItemKind.VETO,
            source=Source.COMPUTED, max_score=Decimal(0), computer="major_hazards_open", rule=Rule.ANY,
            params={"at_least": "1"}),
    }
    return scheme, ind


def add_streets(scheme, office, streets) -> dict:
    services.units_add(scheme=scheme, by=office, kind=UnitKind.STREET, regions=streets)
    return {u.region_id: u for u in scheme.units.all()}
