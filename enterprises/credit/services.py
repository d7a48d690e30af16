"""Every write of the credit list (keyword-only, one transaction, audited, state checked first).

listed → (the daily job proposes removal after CREDIT_REMOVAL_YEARS without new violations) →
the office confirms (removed) or rejects (stays listed). Nothing is deleted: the listing, its
removal records and the audit rows are the history.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.notifications import notify
from accounts.permissions import require
from accounts.services import audit_record
from enterprises.models import Enterprise

from .choices import ACTIVE_STATUSES, ListingStatus, RemovalStatus
from .models import CreditListing, CreditRemoval, CreditViolation
from .permissions import LISTING
from .selectors import removal_candidates


def _office_users():
    return User.objects.filter(role=Role.OFFICE, is_active=True)


@transaction.atomic
def listing_create(
    *,
    by: User,
    enterprise: Enterprise,
    reason: str,
    legal_basis: str,
    listed_on: dt.date,
    source: str,
) -> CreditListing:
    """The office lists an enterprise (reason, legal basis, date, source such as a penalty decision)."""
    require(by, "credit.manage")
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = "请填写列入事由"
    if not (legal_basis or "").strip():
        errors["legal_basis"] = "请填写列入依据（法规条款）"
    if not (source or "").strip():
        errors["source"] = "请填写来源，如行政处罚决定书文号"
    if listed_on is None or listed_on > timezone.localdate():
        errors["listed_on"] = "列入日期不能晚于今天"
    if CreditListing.objects.filter(enterprise=enterprise, status__in=ACTIVE_STATUSES).exists():
        errors["enterprise"] = f"{enterprise.name}已在名单中，不能重复列入；新的违法行为请在其名单记录中登记"
    if errors:
        raise ValidationError(errors)
    listing = CreditListing.objects.create(
        enterprise=enterprise, reason=reason.strip(), legal_basis=legal_basis.strip(), listed_on=listed_on,
        source=source.strip(), listed_by=by,
    )
    audit_record(actor=by, action="列入失信名单", obj=listing,
                 changes={"enterprise": enterprise.name, "listed_on": str(listed_on), "source": listing.source},
                 note=listing.reason)
    return listing


@transaction.atomic
def violation_record(
    *,
    by: User | None,
    enterprise: Enterprise,
    occurred_on: dt.date,
    description: str,
    source: str = "",
) -> CreditViolation:
    """A new violation of an enterprise (the office, or another app's service with ``by``): it
    restarts the removal period of the enterprise's listing and withdraws an open removal proposal."""
    if by is not None:
        require(by, "credit.manage")
    return _violation_create(by=by, recorded_by=by, enterprise=enterprise, occurred_on=occurred_on,
                             description=description, source=source)


def violation_from_penalty(*, enterprise: Enterprise, decided_on: dt.date, description: str, document_number: str,
                           decided_by: User) -> CreditViolation | None:
    """A department's 行政处罚决定 (signal inspections.signals.penalty_decided, receiver in .signals) against a
    listed enterprise is a new violation: recorded on its credit file, it restarts the removal period and
    withdraws an open proposal.
    Enterprises not on the list are left alone (the list's period only runs while listed)."""
    if not CreditListing.objects.filter(enterprise=enterprise, status__in=ACTIVE_STATUSES).exists():
        return None
    return _violation_create(by=None, recorded_by=decided_by, enterprise=enterprise, occurred_on=decided_on,
                             description=description, source=document_number)


def _violation_create(*, by: User | None, recorded_by: User | None, enterprise: Enterprise, occurred_on: dt.date,
                      description: str, source: str) -> CreditViolation:
    errors: dict[str, str] = {}
    if not (description or "").strip():
        errors["description"] = "请填写违法行为"
    if occurred_on is None or occurred_on > timezone.localdate():
        errors["occurred_on"] = "违法行为日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    violation = CreditViolation.objects.create(enterprise=enterprise, occurred_on=occurred_on,
                                               description=description.strip(), source=(source or "").strip(),
                                               recorded_by=recorded_by)
    audit_record(actor=recorded_by, action="登记失信期间违法行为", obj=violation,
                 changes={"enterprise": enterprise.name, "occurred_on": str(occurred_on), "source": violation.source})
    for removal in CreditRemoval.objects.select_for_update().filter(
        listing__enterprise=enterprise, status=RemovalStatus.PROPOSED, listing__listed_on__lt=occurred_on
    ).select_related("listing"):
        _decide(removal, by=by, confirm=False, note=f"{occurred_on:%Y-%m-%d} 有新的违法行为：{violation.description}")
    return violation


def removals_propose(*, today: dt.date) -> list[CreditRemoval]:
    """Daily job: propose removal of every listing in force for CREDIT_REMOVAL_YEARS without a new
    violation since. Each listing is proposed once (its status moves to 拟移出); run twice, propose once."""
    years = settings.CREDIT_REMOVAL_YEARS
    proposed: list[CreditRemoval] = []
    for listing_id in list(removal_candidates(today=today).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                listing = CreditListing.objects.select_for_update().select_related("enterprise").get(pk=listing_id)
                if listing.status != ListingStatus.LISTED:
                    continue
                removal = CreditRemoval.objects.create(
                    listing=listing, grounds=f"列入满 {years} 年（{listing.listed_on:%Y-%m-%d} 列入），期间无新的违法行为",
                )
                listing.status = ListingStatus.REMOVAL_PROPOSED
                listing.save(update_fields=["status"])
                audit_record(actor=None, action="失信名单拟移出", obj=listing,
                             changes={"status": [ListingStatus.LISTED, listing.status]}, note=removal.grounds)
        except IntegrityError:  # a concurrent run proposed it first
            continue
        proposed.append(removal)
    if proposed:
        notify(recipients=_office_users(), category="credit",
               title=f"失信名单拟移出待确认：{len(proposed)} 家",
               body="、".join(r.listing.enterprise.name for r in proposed[:50]),
               url=reverse("credit:list") + f"?status={ListingStatus.REMOVAL_PROPOSED}",
               dedup_key=f"credit-propose:{today:%Y%m%d}")
    return proposed


def _decide(removal: CreditRemoval, *, by: User | None, confirm: bool, note: str) -> CreditRemoval:
    listing = CreditListing.objects.select_for_update().get(pk=removal.listing_id)
    removal.status = RemovalStatus.CONFIRMED if confirm else RemovalStatus.REJECTED
    removal.decided_at, removal.decided_by, removal.decision_note = timezone.now(), by, (note or "").strip()[:300]
    removal.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    before = listing.status
    if confirm:
        listing.status, listing.removed_on = ListingStatus.REMOVED, timezone.localdate()
    else:
        listing.status = ListingStatus.LISTED
    listing.save(update_fields=["status", "removed_on"])
    audit_record(actor=by, action="确认移出失信名单" if confirm else "不予移出失信名单", obj=listing,
                 changes={"status": [before, listing.status]}, note=removal.decision_note)
    return removal


@transaction.atomic
def removal_decide(*, removal: CreditRemoval, by: User, confirm: bool, note: str = "") -> CreditRemoval:
    """The office confirms (the enterprise leaves the list) or rejects (it stays) a proposal."""
    require(by, "credit.manage")
    removal = CreditRemoval.objects.select_for_update().get(pk=removal.pk)
    if removal.status != RemovalStatus.PROPOSED:
        raise ValidationError(f"该移出申请已{removal.get_status_display()}，不能重复确认")
    if not confirm and not (note or "").strip():
        raise ValidationError({"note": "不予移出时请填写理由"})
    return _decide(removal, by=by, confirm=confirm, note=note)


@transaction.atomic
def listing_remove(*, listing: CreditListing, by: User, grounds: str) -> CreditRemoval:
    """The office removes a listing itself (e.g. 信用修复 approved), with its grounds on record."""
    require(by, "credit.manage", listing)
    listing = CreditListing.objects.select_for_update().get(pk=listing.pk)
    if not LISTING.is_possible("remove", listing):
        raise ValidationError(f"该记录已于 {listing.removed_on:%Y-%m-%d} 移出")
    if not (grounds or "").strip():
        raise ValidationError({"grounds": "请填写移出理由（如信用修复决定文号）"})
    proposal = CreditRemoval.objects.select_for_update().filter(listing=listing, status=RemovalStatus.PROPOSED).first()
    if proposal is not None:
        return _decide(proposal, by=by, confirm=True, note=grounds)
    now = timezone.now()
    removal = CreditRemoval.objects.create(listing=listing, status=RemovalStatus.CONFIRMED, proposed_at=now,
                                           proposed_by=by, grounds=grounds.strip()[:300], decided_at=now, decided_by=by,
                                           decision_note="安委办直接移出")
    before = listing.status
    listing.status, listing.removed_on = ListingStatus.REMOVED, timezone.localdate()
    listing.save(update_fields=["status", "removed_on"])
    audit_record(actor=by, action="移出失信名单", obj=listing, changes={"status": [before, listing.status]},
                 note=grounds)
    return removal
