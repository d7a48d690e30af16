"""The Excel export of an enterprise's 安全投入台账."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from .models import SafetyInvestment

INVESTMENT_COLUMNS = ["投入日期", "投入类别", "金额（元）", "用途说明", "凭证", "登记人", "登记时间"]


def investment_rows(investments: Iterable[SafetyInvestment]) -> Iterator[list[Any]]:
    """One row per entry, then a 合计 row with the total of the exported entries."""
    total = Decimal(0)
    for x in investments:
        total += x.amount
        yield [
            x.spent_on, x.get_category_display(), x.amount, x.description, "有" if x.voucher else "",
            str(x.recorded_by) if x.recorded_by else "", x.recorded_at,
        ]
    yield ["合计", "", total, "", "", "", None]
