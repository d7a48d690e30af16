"""严重违法失信名单: listings, the violations that keep an enterprise on it, and removal records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.scoping import EnterpriseScopedQuerySet

from .choices import ACTIVE_STATUSES, ListingStatus, RemovalStatus


class CreditListingQuerySet(EnterpriseScopedQuerySet):
    def active(self) -> CreditListingQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)


class CreditListing(models.Model):
    """One entry on the list: who, why, on what legal basis, since when, from which decision."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="credit_listings"
    )
    reason = models.TextField("列入事由")
    legal_basis = models.CharField("列入依据", max_length=300)
    listed_on = models.DateField("列入日期")
    source = models.CharField("来源（处罚决定书文号等）", max_length=100)
    status = models.CharField("状态", max_length=10, choices=ListingStatus.choices, default=ListingStatus.LISTED)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="列入人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    removed_on = models.DateField("移出日期", null=True, blank=True)

    objects = CreditListingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "严重违法失信名单"
        ordering = ["-listed_on", "-id"]
        indexes = [models.Index(fields=["status", "listed_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} 失信名单（{self.listed_on:%Y-%m-%d}）"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def status_tone(self) -> str:
        """Bootstrap badge colour of the status."""
        return {ListingStatus.LISTED: "danger", ListingStatus.REMOVAL_PROPOSED: "warning"}.get(self.status, "secondary")


class CreditViolation(models.Model):
    """A new violation after a listing (e.g. a later 行政处罚决定): it restarts the removal period."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="credit_violations"
    )
    occurred_on = models.DateField("违法行为日期")
    description = models.CharField("违法行为", max_length=300)
    source = models.CharField("来源（文书文号）", max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "失信名单期间违法行为"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.occurred_on:%Y-%m-%d} {self.description}"


class CreditRemovalQuerySet(EnterpriseScopedQuerySet):
    scope_region = "listing__enterprise__region"
    scope_enterprise = "listing__enterprise"
    scope_department = "listing__enterprise__departments"


class CreditRemoval(models.Model):
    """The removal record: proposed by the job (or the office), then confirmed or rejected — kept forever."""

    listing = models.ForeignKey(CreditListing, verbose_name="名单记录", on_delete=models.CASCADE, related_name="removals")
    status = models.CharField("状态", max_length=10, choices=RemovalStatus.choices, default=RemovalStatus.PROPOSED)
    proposed_at = models.DateTimeField("提出时间", default=timezone.now)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人（空为系统任务）", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    grounds = models.CharField("移出理由", max_length=300)
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField("确认意见", max_length=300, blank=True)

    objects = CreditRemovalQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "失信名单移出记录"
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["listing"], condition=Q(status=RemovalStatus.PROPOSED),
                                    name="credit_one_open_removal_per_listing")
        ]

    def __str__(self) -> str:
        return f"{self.listing.enterprise} 移出{self.get_status_display()}"
