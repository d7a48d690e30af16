"""Reads of the 安全生产责任制 file: certificate expiry flags, yearly investment totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.db.models.functions import ExtractYear

from enterprises.models import Enterprise
from enterprises.selectors import warning_limit

from .choices import InvestmentCategory
from .models import SafetyInvestment, SafetyStaff


def staff_with_expiry(enterprise: Enterprise, today: dt.date | None = None) -> list[SafetyStaff]:
    """The staff of the file, each flagged ``expired`` or ``expiring`` (within EXPIRY_WARNING_DAYS)."""
    today, limit = warning_limit(today)
    staff = list(SafetyStaff.objects.filter(enterprise=enterprise))
    for s in staff:
        s.expired = bool(s.expires_on and s.expires_on < today)
        s.expiring = bool(s.expires_on and today <= s.expires_on <= limit)
    return staff


def yearly_totals(enterprise: Enterprise) -> list[tuple[int, Decimal]]:
    """[(year, total 元)], newest year first."""
    rows = (
        SafetyInvestment.objects.filter(enterprise=enterprise)
        .annotate(year=ExtractYear("spent_on"))
        .values("year")
        .annotate(total=Sum("amount"))
        .order_by("-year")
    )
    return [(r["year"], r["total"]) for r in rows]


def investments_of_year(enterprise: Enterprise, year: int | None) -> QuerySet[SafetyInvestment]:
    qs = SafetyInvestment.objects.filter(enterprise=enterprise).select_related("recorded_by")
    return qs.filter(spent_on__year=year) if year else qs


def category_totals(investments: QuerySet[SafetyInvestment]) -> list[tuple[str, Decimal]]:
    """[(category label, total 元)] in the order of InvestmentCategory, only categories with spending."""
    sums = dict(investments.order_by().values_list("category").annotate(total=Sum("amount")))
    return [(c.label, sums[c.value]) for c in InvestmentCategory if c.value in sums]
