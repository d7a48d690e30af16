"""Excel columns of the credit list (internal and public)."""

from __future__ import annotations

from typing import Any

from .models import CreditListing

COLUMNS = ["企业名称", "统一社会信用代码", "列入事由", "列入依据", "列入日期", "来源", "状态", "移出日期"]
PUBLIC_COLUMNS = ["企业名称", "统一社会信用代码", "列入事由", "列入依据", "列入日期", "来源"]


def listing_row(x: CreditListing) -> list[Any]:
    return [x.enterprise.name, x.enterprise.uscc, x.reason, x.legal_basis, x.listed_on, x.source,
            x.get_status_display(), x.removed_on]


def public_row(x: CreditListing) -> list[Any]:
    return [x.enterprise.name, x.enterprise.uscc, x.reason, x.legal_basis, x.listed_on, x.source]
