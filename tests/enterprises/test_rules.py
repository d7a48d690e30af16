"""LEC and 重大危险源 grading at their boundaries, through the services that store them."""

from decimal import Decimal

import pytest

from enterprises.choices import MajorHazardGrade, RiskLevel
from enterprises.services import major_hazard_source_save, risk_point_save


@pytest.mark.parametrize(
    ("l_", "e", "c", "level"),
    [
        (Decimal("8"), Decimal("4"), Decimal("10.1"), RiskLevel.MAJOR),  # D = 323.2 > 320
        (Decimal("8"), Decimal("4"), Decimal("10"), RiskLevel.HIGH),  # D = 320 is 较大 (not > 320)
        (Decimal("4"), Decimal("4"), Decimal("10"), RiskLevel.HIGH),  # D = 160
        (Decimal("3"), Decimal("6"), Decimal("8.8"), RiskLevel.GENERAL),  # D = 158.4
        (Decimal("7"), Decimal("1"), Decimal("10"), RiskLevel.GENERAL),  # D = 70
        (Decimal("3"), Decimal("3"), Decimal("7.7"), RiskLevel.LOW),  # D = 69.3
    ],
)
def test_lec_level_boundaries(world, l_, e, c, level):
    point = risk_point_save(
        enterprise=world.ent_a, by=None, name="测试点", likelihood=l_, exposure=e, consequence=c
    )
    assert point.d_value == l_ * e * c
    assert point.level == level


def test_enterprise_risk_level_follows_its_worst_point(world):
    risk_point_save(enterprise=world.ent_a, by=None, name="低", likelihood=1, exposure=1, consequence=1)
    world.ent_a.refresh_from_db()
    assert world.ent_a.risk_level == RiskLevel.LOW
    risk_point_save(enterprise=world.ent_a, by=None, name="红", likelihood=10, exposure=6, consequence=40)
    world.ent_a.refresh_from_db()
    assert world.ent_a.risk_level == RiskLevel.MAJOR


@pytest.mark.parametrize(
    ("quantity", "grade"),
    [
        ("100", MajorHazardGrade.ONE),  # R = 100
        ("99.99", MajorHazardGrade.TWO),
        ("50", MajorHazardGrade.TWO),  # R = 50
        ("49.99", MajorHazardGrade.THREE),
        ("10", MajorHazardGrade.THREE),  # R = 10
        ("9.99", MajorHazardGrade.FOUR),
    ],
)
def test_major_hazard_grade_boundaries(world, quantity, grade):
    source = major_hazard_source_save(
        enterprise=world.ent_a, by=None, name="罐区", alpha=Decimal(1),
        substances=[{"name": "液氨", "beta": Decimal(1), "quantity": Decimal(quantity), "critical": Decimal(1)}],
    )
    assert source.r_value == Decimal(quantity)
    assert source.grade == grade


def test_r_sums_substances_with_alpha_and_beta(world):
    source = major_hazard_source_save(
        enterprise=world.ent_a, by=None, name="罐区", alpha=Decimal("2"),
        substances=[
            {"name": "液氨", "beta": Decimal(2), "quantity": Decimal(10), "critical": Decimal(10)},  # 2
            {"name": "甲醇", "beta": Decimal(1), "quantity": Decimal(1500), "critical": Decimal(500)},  # 3
        ],
    )
    assert source.r_value == Decimal(10)  # 2 × (2 + 3)
    assert source.grade == MajorHazardGrade.THREE
    assert source.substances.count() == 2
