"""The listing page shows a 失信名单 control exactly when the lifecycle table allows it (every status ×
every demo role), and the fixed disagreements between page and service stay fixed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from enterprises.credit import services
from enterprises.credit.choices import ListingStatus, RemovalStatus
from enterprises.credit.models import CreditRemoval, CreditViolation
from enterprises.credit.permissions import LISTING
from tests.lifecycle_buttons import assert_buttons_match

from .factories import CreditListingFactory, CreditRemovalFactory


def _open_proposal(listing, status):
    if status == ListingStatus.REMOVAL_PROPOSED and not listing.removals.filter(status=RemovalStatus.PROPOSED).exists():
        CreditRemovalFactory(listing=listing)


def test_listing_buttons_match_the_table_for_every_status_and_role(world):
    listing = CreditListingFactory(enterprise=world.ent_a)
    checked = assert_buttons_match(LISTING, listing, f"/credit/{listing.pk}/", world.users.values(),
                                   prepare=_open_proposal)
    assert checked >= 3 * 2


def test_direct_removal_card_is_shown_while_a_removal_is_proposed(world):
    """Fixed inconsistency: in 拟移出 the page showed only 确认移出, though listing_remove accepts a
    proposed listing (it confirms the open proposal with the given grounds). The card is shown now."""
    listing = CreditListingFactory(enterprise=world.ent_a, status=ListingStatus.REMOVAL_PROPOSED)
    CreditRemovalFactory(listing=listing)
    page = world.client("office").get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-action="remove"' in page and 'data-action="decide_removal"' in page
    r = world.client("office").post(f"/credit/{listing.pk}/remove/", {"grounds": "信用修复决定书〔2026〕1号"})
    assert r.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED
    assert CreditRemoval.objects.get(listing=listing).status == RemovalStatus.CONFIRMED


def test_violation_cannot_be_posted_on_a_removed_listing(world):
    """Fixed inconsistency: the page hid 登记新的违法行为 on a removed listing but the route accepted it."""
    listing = CreditListingFactory(enterprise=world.ent_a, status=ListingStatus.REMOVED,
                                   removed_on=timezone.localdate())
    r = world.client("office").post(f"/credit/{listing.pk}/violations/", {
        "occurred_on": timezone.localdate().isoformat(), "description": "未按规定开展隐患排查", "source": ""},
        follow=True)
    assert r.redirect_chain[-1][1] == 302 and "不能登记新的违法行为" in r.content.decode()
    assert not CreditViolation.objects.exists()


@pytest.mark.parametrize("role", ["ent_a", "grid_a", "street_a", "dept"])
def test_credit_writes_refuse_everyone_but_the_office_with_403(world, role):
    listing = CreditListingFactory(enterprise=world.ent_a)
    with pytest.raises(PermissionDenied, match="严重违法失信名单由安委办管理"):
        services.listing_remove(listing=listing, by=world.users[role], grounds="x")


def test_api_lists_the_allowed_actions_of_a_listing(world):
    listing = CreditListingFactory(enterprise=world.ent_a)
    body = world.client("office").get(f"/api/v1/credit-listings/{listing.pk}/").json()
    assert body["allowed_actions"] == ["record_violation", "remove"]
    assert world.client("ent_a").get(f"/api/v1/credit-listings/{listing.pk}/").json()["allowed_actions"] == []
