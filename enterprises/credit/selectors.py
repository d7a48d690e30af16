"""Reads of the credit list: who is due for removal, who is on it (for 双随机 weights and flags)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from hazards.choices import HazardGrade, HazardSource
from hazards.models import Hazard

from .choices import ACTIVE_STATUSES, ListingStatus, RemovalStatus
from .models import CreditListing, CreditRemoval, CreditViolation


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def violations_since_listing() -> dict[str, Exists]:
    """What counts as a new violation after ``listed_on`` (each an EXISTS on the listing's enterprise):
    a violation recorded on the credit file (e.g. a later 行政处罚决定), a later listing, or a major
    hazard (重大事故隐患) found by a supervisor — a major hazard the enterprise reported itself is not
    held against it (seed 002 rewards self-reporting)."""
    return {
        "violation": Exists(CreditViolation.objects.filter(
            enterprise_id=OuterRef("enterprise_id"), occurred_on__gt=OuterRef("listed_on"))),
        "relisted": Exists(CreditListing.objects.filter(
            enterprise_id=OuterRef("enterprise_id"), listed_on__gt=OuterRef("listed_on"))),
        "major_hazard": Exists(Hazard.objects.filter(
            enterprise_id=OuterRef("enterprise_id"), grade=HazardGrade.MAJOR, reported_at__date__gt=OuterRef("listed_on"),
        ).exclude(source=HazardSource.SELF_CHECK)),
    }


def removal_candidates(*, today: dt.date) -> QuerySet[CreditListing]:
    """Listings in force for at least CREDIT_REMOVAL_YEARS with no violation since their listing date,
    never proposed-and-rejected before (the office decided to keep those; it may still remove them)."""
    cutoff = years_before(today, settings.CREDIT_REMOVAL_YEARS)
    rejected = CreditRemoval.objects.filter(listing_id=OuterRef("pk"), status=RemovalStatus.REJECTED)
    qs = CreditListing.objects.filter(status=ListingStatus.LISTED, listed_on__lte=cutoff)
    for condition in violations_since_listing().values():
        qs = qs.exclude(condition)
    return qs.exclude(Exists(rejected))


def listed_enterprise_ids(enterprise_ids: Iterable[int] | None = None) -> set[int]:
    qs = CreditListing.objects.filter(status__in=ACTIVE_STATUSES)
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    return set(qs.values_list("enterprise_id", flat=True))


def pool_weights(enterprise_ids: Iterable[int]) -> dict[int, int]:
    """双随机 pool weights (answers inspections.signals.draw_pool_weights, see .signals): enterprises
    on the list are drawn CREDIT_POOL_WEIGHT times as often."""
    weight = int(settings.CREDIT_POOL_WEIGHT)
    return {pk: weight for pk in listed_enterprise_ids(enterprise_ids)}
