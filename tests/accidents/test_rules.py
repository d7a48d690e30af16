"""493号令 grading on both sides of every bound, the revision window, report deadlines, targets."""

import datetime as dt
from decimal import Decimal

import pytest

from accidents.choices import AccidentCategory, AccidentGrade, ReportLevel, TargetKind
from accidents.rules import (
    accident_grade,
    on_track,
    report_deadline,
    report_is_late,
    revision_deadline,
    target_ceiling,
)

G, L, M, E = AccidentGrade.GENERAL, AccidentGrade.LARGER, AccidentGrade.MAJOR, AccidentGrade.ESPECIALLY_MAJOR


@pytest.mark.parametrize(("deaths", "grade"), [
    (0, G), (2, G), (3, L), (9, L), (10, M), (29, M), (30, E), (31, E),
])
def test_grade_by_deaths_on_both_sides_of_each_bound(deaths, grade):
    assert accident_grade(deaths=deaths, serious_injuries=0, direct_loss=Decimal(0)) == grade


@pytest.mark.parametrize(("serious", "grade"), [
    (9, G), (10, L), (49, L), (50, M), (99, M), (100, E),
])
def test_grade_by_serious_injuries_on_both_sides_of_each_bound(serious, grade):
    assert accident_grade(deaths=0, serious_injuries=serious, direct_loss=Decimal(0)) == grade


@pytest.mark.parametrize(("loss", "grade"), [
    ("999.99", G), ("1000", L), ("1000.00", L), ("4999.99", L), ("5000", M), ("9999.99", M), ("10000", E),
])
def test_grade_by_direct_loss_in_wan_yuan_on_both_sides_of_each_bound(loss, grade):
    assert accident_grade(deaths=0, serious_injuries=0, direct_loss=Decimal(loss)) == grade


def test_grade_is_the_highest_level_reached_by_any_criterion():
    assert accident_grade(deaths=1, serious_injuries=50, direct_loss=Decimal("10")) == M
    assert accident_grade(deaths=3, serious_injuries=0, direct_loss=Decimal("10000")) == E
    assert accident_grade(deaths=2, serious_injuries=9, direct_loss=Decimal("999.99")) == G


def test_revision_window_is_30_days_and_7_for_road_and_fire():
    t = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
    assert revision_deadline(occurred_at=t, category=AccidentCategory.INDUSTRIAL) == t + dt.timedelta(days=30)
    assert revision_deadline(occurred_at=t, category=AccidentCategory.ROAD) == t + dt.timedelta(days=7)
    assert revision_deadline(occurred_at=t, category=AccidentCategory.FIRE) == t + dt.timedelta(days=7)


def test_unit_report_is_late_after_one_hour_and_each_level_up_after_two():
    t = dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC)
    unit = ReportLevel.UNIT_TO_COUNTY
    assert not report_is_late(level=unit, occurred_at=t, reported_at=t + dt.timedelta(minutes=60), previous_report_at=None)
    assert report_is_late(level=unit, occurred_at=t, reported_at=t + dt.timedelta(minutes=61), previous_report_at=None)
    first = t + dt.timedelta(minutes=50)
    city = ReportLevel.COUNTY_TO_CITY
    assert report_deadline(level=city, occurred_at=t, previous_report_at=first) == first + dt.timedelta(hours=2)
    # With no county report on record the city clock starts at accident + 1 h.
    assert report_deadline(level=city, occurred_at=t, previous_report_at=None) == t + dt.timedelta(hours=3)
    assert report_deadline(level=ReportLevel.FOLLOW_UP, occurred_at=t, previous_report_at=None) is None


def test_relative_target_of_minus_ten_percent_on_baseline_11_is_ceiling_9_9():
    ceiling = target_ceiling(kind=TargetKind.RELATIVE, value=Decimal("-10"), baseline=Decimal(11))
    assert ceiling == Decimal("9.9")
    assert on_track(actual=10, ceiling=ceiling) is False
    assert on_track(actual=9, ceiling=ceiling) is True


def test_ceiling_target_is_the_typed_value_and_not_derived_from_a_quoted_percentage():
    # Seed 004: 亿元GDP死亡率 0.437 → target 0.35 with a quoted "20 %" (0.437 × 0.8 = 0.3496).
    assert target_ceiling(kind=TargetKind.CEILING, value=Decimal("0.35"), baseline=Decimal("0.437")) == Decimal("0.35")
    assert target_ceiling(kind=TargetKind.RELATIVE, value=Decimal("-20"), baseline=Decimal("0.437")) == Decimal("0.3496")
    assert target_ceiling(kind=TargetKind.RELATIVE, value=Decimal("-20"), baseline=None) is None
    assert on_track(actual=None, ceiling=Decimal(1)) is None
