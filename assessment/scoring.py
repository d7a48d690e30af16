"""Pure scoring rules: a computed value → points, units → totals, grades and ranks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .choices import Grade, ItemKind, Rule

TWO = Decimal("0.01")
ZERO = Decimal("0")


def q2(x: Decimal) -> Decimal:
    return Decimal(x).quantize(TWO, rounding=ROUND_HALF_UP)


def _d(x) -> Decimal:
    return Decimal(str(x))


def clamp(x: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, x))


def points_for(*, rule: str, params: dict, max_score: Decimal, value: Decimal | None,
               no_data_points: Decimal | None = None) -> Decimal:
    """Points of a computed 评分项/扣分项/加分项 for ``value``, always within [0, 分值]."""
    cap = _d(max_score)
    if value is None:
        return q2(cap if no_data_points is None else clamp(_d(no_data_points), ZERO, cap))
    value = _d(value)
    if rule == Rule.LINEAR:
        zero_at, full_at = _d(params["zero_at"]), _d(params["full_at"])
        if zero_at == full_at:
            return q2(cap if value >= full_at else ZERO)
        share = (value - zero_at) / (full_at - zero_at)
        return q2(clamp(share, ZERO, Decimal(1)) * cap)
    if rule == Rule.THRESHOLD:
        lower_is_better = bool(params.get("lower_is_better"))
        reached = [
            _d(points) for bound, points in params.get("steps", [])
            if (value <= _d(bound) if lower_is_better else value >= _d(bound))
        ]
        return q2(clamp(max(reached, default=ZERO), ZERO, cap))
    if rule == Rule.PER_UNIT:
        return q2(clamp(value * _d(params.get("points_each", 1)), ZERO, cap))
    raise ValueError(f"规则 {rule} 不能换算分数")


def veto_triggered(*, params: dict, value: Decimal | None) -> bool:
    return value is not None and _d(value) >= _d(params.get("at_least", 1))


def validate_params(*, kind: str, rule: str, params: dict) -> dict[str, str]:
    """Errors by field name for a computed indicator's rule parameters (empty when fine)."""
    errors: dict[str, str] = {}
    try:
        if rule == Rule.LINEAR:
            _d(params["zero_at"]), _d(params["full_at"])
        elif rule == Rule.THRESHOLD:
            steps = params.get("steps") or []
            if not steps:
                errors["params"] = "分档规则至少需要一档"
            for bound, points in steps:
                _d(bound), _d(points)
        elif rule == Rule.PER_UNIT:
            _d(params.get("points_each", 1))
        elif rule == Rule.ANY:
            _d(params.get("at_least", 1))
    except (KeyError, TypeError, ValueError, ArithmeticError):
        errors["params"] = "规则参数不完整或不是数字"
    if kind == ItemKind.VETO and rule != Rule.ANY:
        errors["rule"] = "一票否决项应使用“出现即触发”规则"
    if kind != ItemKind.VETO and rule == Rule.ANY:
        errors["rule"] = "“出现即触发”只用于一票否决项"
    if kind == ItemKind.SCORE and rule == Rule.PER_UNIT:
        errors["rule"] = "“按数量”规则用于扣分项或加分项"
    return errors


@dataclass
class ItemPoints:
    category_id: int
    kind: str
    points: Decimal | None
    vetoed: bool = False
    veto_reason: str = ""


@dataclass
class UnitTotals:
    total: Decimal
    categories: dict[int, Decimal]
    bonus: Decimal
    deduction: Decimal
    vetoed: bool
    veto_reasons: list[str] = field(default_factory=list)


def unit_totals(items: Iterable[ItemPoints], *, bonus_cap: Decimal | None, category_ids: Iterable[int]) -> UnitTotals:
    """评分项 add, 加分项 add (scheme cap on their sum), 扣分项 subtract; total never below 0."""
    categories = {cid: ZERO for cid in category_ids}
    bonus_by_cat: dict[int, Decimal] = {}
    deduction = ZERO
    vetoed, reasons = False, []
    for it in items:
        if it.kind == ItemKind.VETO:
            if it.vetoed:
                vetoed = True
                reasons.append(it.veto_reason)
            continue
        pts = it.points or ZERO
        if it.kind == ItemKind.SCORE:
            categories[it.category_id] = categories.get(it.category_id, ZERO) + pts
        elif it.kind == ItemKind.BONUS:
            bonus_by_cat[it.category_id] = bonus_by_cat.get(it.category_id, ZERO) + pts
        elif it.kind == ItemKind.DEDUCTION:
            categories[it.category_id] = categories.get(it.category_id, ZERO) - pts
            deduction += pts
    bonus = sum(bonus_by_cat.values(), ZERO)
    if bonus_cap is not None and bonus > bonus_cap:
        # Scale each category's bonus down proportionally so the columns still add up to the total.
        factor = _d(bonus_cap) / bonus
        bonus_by_cat = {c: q2(b * factor) for c, b in bonus_by_cat.items()}
        bonus = _d(bonus_cap)
    for cid, b in bonus_by_cat.items():
        categories[cid] = categories.get(cid, ZERO) + b
    categories = {c: q2(v) for c, v in categories.items()}
    total = q2(max(ZERO, sum(categories.values(), ZERO)))
    return UnitTotals(total, categories, q2(bonus), q2(deduction), vetoed, [r for r in reasons if r])


def grade_for(total: Decimal, *, vetoed: bool, excellent_min: Decimal, good_min: Decimal, pass_min: Decimal) -> str:
    if vetoed:
        return Grade.FAIL
    if total >= excellent_min:
        return Grade.EXCELLENT
    if total >= good_min:
        return Grade.GOOD
    if total >= pass_min:
        return Grade.PASS
    return Grade.FAIL


def ranks(entries: list[tuple[int, Decimal, bool]]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4) by total within one kind; vetoed units rank after all others."""
    ordered = sorted(entries, key=lambda e: (e[2], -e[1]))
    out: dict[int, int] = {}
    previous, rank = None, 0
    for position, (pk, total, vetoed) in enumerate(ordered, start=1):
        if (vetoed, total) != previous:
            rank, previous = position, (vetoed, total)
        out[pk] = rank
    return out
