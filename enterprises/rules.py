"""Pure domain rules of SPEC §2: 重大危险源 R and grade, LEC risk level."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .choices import MajorHazardGrade, RiskLevel


def major_hazard_r(alpha: Decimal, items: Iterable[tuple[Decimal, Decimal, Decimal]]) -> Decimal:
    """R = α·Σ(β·q/Q) over (β, q actual tonnes, Q critical tonnes)."""
    return alpha * sum((beta * q / crit for beta, q, crit in items), Decimal(0))


def major_hazard_grade(r: Decimal) -> int:
    if r >= 100:
        return MajorHazardGrade.ONE
    if r >= 50:
        return MajorHazardGrade.TWO
    if r >= 10:
        return MajorHazardGrade.THREE
    return MajorHazardGrade.FOUR


def lec_level(d: Decimal) -> str:
    """D = L×E×C: > 320 重大, 160–320 较大, 70–160 一般, < 70 低."""
    if d > 320:
        return RiskLevel.MAJOR
    if d >= 160:
        return RiskLevel.HIGH
    if d >= 70:
        return RiskLevel.GENERAL
    return RiskLevel.LOW
