"""Demo 严重违法失信名单: a handful of listings, one listed 2½ years ago without violations (the
removal job proposes it), one kept by a later violation, one removed earlier (history)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.demo import DemoContext
from hazards.choices import HazardGrade, HazardSource
from hazards.models import Hazard

from .choices import ListingStatus, RemovalStatus
from .models import CreditListing, CreditRemoval, CreditViolation
from .services import removals_propose

BASIS = "《安全生产严重失信主体名单管理办法》（应急管理部令第11号）第六条"
ENTRIES = [
    # (days ago listed, reason, source, status)
    (913, "发生一般生产安全事故，对事故负有责任，且事故发生后迟报", "昆应急罚〔2024〕21号", ListingStatus.LISTED),
    (1100, "未经许可擅自生产经营危险化学品", "昆应急罚〔2023〕45号", ListingStatus.LISTED),
    (365, "重大事故隐患拒不整改，被责令停产停业后擅自恢复生产", "昆应急罚〔2025〕88号", ListingStatus.LISTED),
    (180, "瞒报生产安全事故", "昆应急罚〔2026〕9号", ListingStatus.LISTED),
    (60, "拒绝、阻碍安全生产监督检查", "昆消行罚决字〔2026〕133号", ListingStatus.LISTED),
    (1300, "特种设备未经检验擅自使用，发生起重伤害事故", "昆市监罚〔2022〕17号", ListingStatus.REMOVED),
]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    office = ctx.users["anweiban"]
    flagged = set(Hazard.objects.filter(grade=HazardGrade.MAJOR).exclude(source=HazardSource.SELF_CHECK)
                  .values_list("enterprise_id", flat=True))
    pool = [e for e in ctx.extra["enterprises"] if e.pk not in flagged]
    chosen = rng.sample(pool, len(ENTRIES))
    listings = [
        CreditListing(enterprise=ent, reason=reason, legal_basis=BASIS, listed_on=today - dt.timedelta(days=days),
                      source=source, status=status, listed_by=office,
                      created_at=timezone.now() - dt.timedelta(days=days),
                      removed_on=today - dt.timedelta(days=days - 800) if status == ListingStatus.REMOVED else None)
        for ent, (days, reason, source, status) in zip(chosen, ENTRIES)
    ]
    CreditListing.objects.bulk_create(listings)
    kept = listings[1]  # listed 3 years ago, but a new violation a year ago keeps it on the list
    CreditViolation.objects.create(enterprise=kept.enterprise, occurred_on=today - dt.timedelta(days=370),
                                   description="危险化学品储存场所未设置安全警示标志", source="昆应急罚〔2025〕61号",
                                   recorded_by=office)
    removed = listings[-1]
    decided = timezone.make_aware(dt.datetime.combine(removed.removed_on, dt.time(10)))
    CreditRemoval.objects.create(listing=removed, status=RemovalStatus.CONFIRMED, proposed_at=decided - dt.timedelta(days=3),
                                 grounds="列入满 2 年，期间无新的违法行为", decided_at=decided, decided_by=office,
                                 decision_note="同意移出")
    proposed = removals_propose(today=today)
    ctx.log(f"    失信名单：{len(listings)} 条（拟移出待确认 {len(proposed)} 条）")
