"""严重违法失信名单: listing, the removal job, the office's confirmation, history, public list, tab, weights."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditLog, Notification
from enterprises.credit import selectors, services
from enterprises.credit.choices import ListingStatus, RemovalStatus
from enterprises.credit.models import CreditListing, CreditRemoval
from enterprises.credit.tasks import propose_credit_removals
from hazards.choices import HazardGrade, HazardSource
from inspections import draws
from tests.factories import EnterpriseFactory
from tests.hazards.factories import HazardFactory

from .factories import CreditListingFactory, CreditViolationFactory

pytestmark = pytest.mark.django_db
def today() -> dt.date:
    """Read at each use: a module constant goes stale when a run crosses midnight in Shanghai (16:00 UTC)."""
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


def two_years_ago() -> dt.date:
    return selectors.years_before(today(), 2)


def test_the_removal_job_proposes_exactly_the_listings_older_than_two_years_without_a_violation_since(world):
    due = CreditListingFactory(listed_on=two_years_ago() - dt.timedelta(days=1))
    due_long_ago = CreditListingFactory(listed_on=days_ago(365 * 3))
    due_exactly = CreditListingFactory(listed_on=two_years_ago())
    too_recent = CreditListingFactory(listed_on=two_years_ago() + dt.timedelta(days=1))
    violated = CreditListingFactory(listed_on=days_ago(900))
    CreditViolationFactory(enterprise=violated.enterprise, occurred_on=days_ago(400))
    violated_before_listing = CreditListingFactory(listed_on=days_ago(900))
    CreditViolationFactory(enterprise=violated_before_listing.enterprise, occurred_on=days_ago(1000))
    major_hazard = CreditListingFactory(listed_on=days_ago(900))
    HazardFactory(enterprise=major_hazard.enterprise, grade=HazardGrade.MAJOR, source=HazardSource.ENFORCEMENT)
    self_reported = CreditListingFactory(listed_on=days_ago(900))
    HazardFactory(enterprise=self_reported.enterprise, grade=HazardGrade.MAJOR, source=HazardSource.SELF_CHECK)
    general_hazard = CreditListingFactory(listed_on=days_ago(900))
    HazardFactory(enterprise=general_hazard.enterprise, grade=HazardGrade.GENERAL, source=HazardSource.GRID)
    removed = CreditListingFactory(listed_on=days_ago(1000), status=ListingStatus.REMOVED, removed_on=days_ago(200))
    relisted_ent = EnterpriseFactory()
    old = CreditListingFactory(enterprise=relisted_ent, listed_on=days_ago(1200), status=ListingStatus.REMOVED)
    CreditListingFactory(enterprise=relisted_ent, listed_on=days_ago(300))

    assert propose_credit_removals(today=today().isoformat()) == 6
    proposed = set(CreditRemoval.objects.filter(status=RemovalStatus.PROPOSED).values_list("listing_id", flat=True))
    assert proposed == {due.pk, due_long_ago.pk, due_exactly.pk, violated_before_listing.pk, self_reported.pk,
                        general_hazard.pk}
    assert too_recent.pk not in proposed and violated.pk not in proposed and major_hazard.pk not in proposed
    assert removed.pk not in proposed and old.pk not in proposed
    due.refresh_from_db()
    assert due.status == ListingStatus.REMOVAL_PROPOSED and due.is_active  # still listed until confirmed
    # Idempotent: a second run proposes nothing more and notifies the office once.
    assert propose_credit_removals(today=today().isoformat()) == 0
    assert Notification.objects.filter(recipient=world.users["office"], category="credit").count() == 1


def test_the_period_follows_the_setting(world, settings):
    settings.CREDIT_REMOVAL_YEARS = 3
    listing = CreditListingFactory(listed_on=days_ago(365 * 2 + 200))
    assert not services.removals_propose(today=today())
    settings.CREDIT_REMOVAL_YEARS = 2
    assert [r.listing for r in services.removals_propose(today=today())] == [listing]


def test_the_office_confirms_a_proposal_and_the_history_is_kept(world):
    listing = CreditListingFactory(enterprise=world.ent_a, listed_on=days_ago(800))
    (removal,) = services.removals_propose(today=today())
    with pytest.raises(PermissionDenied):
        services.removal_decide(removal=removal, by=world.users["street_a"], confirm=True)
    services.removal_decide(removal=removal, by=world.users["office"], confirm=True, note="同意移出")
    listing.refresh_from_db()
    removal.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED and listing.removed_on == today() and not listing.is_active
    assert removal.status == RemovalStatus.CONFIRMED and removal.decided_by == world.users["office"]
    actions = set(AuditLog.objects.filter(object_id=str(listing.pk)).values_list("action", flat=True))
    assert {"失信名单拟移出", "确认移出失信名单"} <= actions
    assert CreditListing.objects.filter(pk=listing.pk).exists()  # never deleted
    with pytest.raises(ValidationError):
        services.removal_decide(removal=removal, by=world.users["office"], confirm=True)


def test_a_rejected_proposal_keeps_the_listing_and_is_not_proposed_again(world):
    listing = CreditListingFactory(listed_on=days_ago(800))
    (removal,) = services.removals_propose(today=today())
    with pytest.raises(ValidationError) as exc:
        services.removal_decide(removal=removal, by=world.users["office"], confirm=False, note="")
    assert "note" in exc.value.message_dict
    services.removal_decide(removal=removal, by=world.users["office"], confirm=False, note="仍在整改期")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.LISTED
    assert services.removals_propose(today=today()) == []


def test_a_new_violation_withdraws_an_open_proposal(world):
    listing = CreditListingFactory(listed_on=days_ago(800))
    services.removals_propose(today=today())
    services.violation_record(by=world.users["office"], enterprise=listing.enterprise, occurred_on=today(),
                              description="拒不执行整改指令", source="昆应急罚〔2026〕30号")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.LISTED
    assert listing.removals.get().status == RemovalStatus.REJECTED


def test_listing_needs_the_office_all_fields_and_no_double_listing(world):
    fields = dict(enterprise=world.ent_a, reason="瞒报事故", legal_basis="《安全生产严重失信主体名单管理办法》第六条",
                  listed_on=today(), source="昆应急罚〔2026〕1号")
    with pytest.raises(PermissionDenied):
        services.listing_create(by=world.users["dept"], **fields)
    with pytest.raises(ValidationError) as exc:
        services.listing_create(by=world.users["office"], **{**fields, "reason": "", "source": "",
                                                             "listed_on": today() + dt.timedelta(days=1)})
    assert set(exc.value.message_dict) == {"reason", "source", "listed_on"}
    services.listing_create(by=world.users["office"], **fields)
    with pytest.raises(ValidationError) as exc:
        services.listing_create(by=world.users["office"], **fields)
    assert "已在名单中" in exc.value.message_dict["enterprise"][0]


def test_manual_removal_records_its_grounds(world):
    listing = CreditListingFactory(listed_on=days_ago(30))
    with pytest.raises(ValidationError):
        services.listing_remove(listing=listing, by=world.users["office"], grounds=" ")
    removal = services.listing_remove(listing=listing, by=world.users["office"], grounds="信用修复 昆应急修〔2026〕2号")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED and removal.status == RemovalStatus.CONFIRMED
    assert "信用修复" in removal.grounds


def test_the_public_list_shows_listed_enterprises_without_login_and_exports(world):
    CreditListingFactory(enterprise=world.ent_a)
    CreditListingFactory(enterprise=world.ent_b, status=ListingStatus.REMOVED, removed_on=today())
    response = Client().get(reverse("credit:public_list"))
    text = response.content.decode()
    assert response.status_code == 200 and world.ent_a.name in text and world.ent_b.name not in text
    export = Client().get(reverse("credit:public_list"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_enterprise_file_has_a_credit_tab(world):
    CreditListingFactory(enterprise=world.ent_a, source="昆应急罚〔2026〕77号")
    page = world.client("ent_a").get(reverse("enterprises:detail", args=[world.ent_a.pk]), {"tab": "credit"})
    text = page.content.decode()
    assert page.status_code == 200 and "失信记录" in text and "昆应急罚〔2026〕77号" in text
    other = world.client("ent_b").get(reverse("enterprises:detail", args=[world.ent_b.pk]), {"tab": "credit"})
    assert "当前不在严重违法失信名单中" in other.content.decode()


def test_listed_enterprises_weigh_more_in_the_random_draw_pool(world, settings):
    settings.CREDIT_POOL_WEIGHT = 3
    CreditListingFactory(enterprise=world.ent_a)
    CreditListingFactory(enterprise=world.ent_b, status=ListingStatus.REMOVED)
    assert selectors.pool_weights([world.ent_a.pk, world.ent_b.pk]) == {world.ent_a.pk: 3}
    assert draws.pool_weights([world.ent_a.pk, world.ent_b.pk]) == {world.ent_a.pk: 3, world.ent_b.pk: 1}


def test_office_pages_list_and_confirm(world):
    listing = CreditListingFactory(enterprise=world.ent_a, listed_on=days_ago(800))
    (removal,) = services.removals_propose(today=today())
    office = world.client("office")
    page = office.get(reverse("credit:detail", args=[listing.pk])).content.decode()
    assert "确认移出" in page
    response = office.post(reverse("credit:removal_decide", args=[removal.pk]), {"confirm": "1", "note": "同意"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED
    created = office.post(reverse("credit:create"), {
        "enterprise": world.ent_b.pk, "reason": "非法生产", "legal_basis": "第六条", "listed_on": today().isoformat(),
        "source": ""})
    assert created.status_code == 200 and "来源（处罚决定书文号等）：" in created.content.decode()
    scoped = world.client("street_b").get(reverse("credit:list"))
    assert list(scoped.context["object_list"]) == []
