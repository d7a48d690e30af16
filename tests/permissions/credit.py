"""Permission-matrix rows of the credit list. The public list answers everyone; the matrix listing
is enterprise A's, so it follows A's scope (ent_a, grid_a, street_a, dept, office, admin)."""

from __future__ import annotations

from . import api, only, page

SCOPE_A = {"ent_a": 200, "grid_a": 200, "street_a": 200, "dept": 200, "office": 200, "admin": 200}


def make_listing(w):
    from enterprises.credit.models import CreditListing
    from tests.credit.factories import CreditListingFactory

    return CreditListing.objects.filter(enterprise=w.ent_a).first() or CreditListingFactory(enterprise=w.ent_a)


def make_removal(w):
    from tests.credit.factories import CreditRemovalFactory

    listing = make_listing(w)
    return listing.removals.first() or CreditRemovalFactory(listing=listing)


def listing_pk(w):
    return {"pk": make_listing(w).pk}


ROUTES = {
    "credit:public_list": page(anon=200),
    "credit:list": page(),
    "credit:create": only({"office": 200, "admin": 200}, default=403),
    "credit:detail": only(SCOPE_A, kwargs=listing_pk),
    "credit:remove": page(default=405, kwargs=listing_pk),
    "credit:violation_add": page(default=405, kwargs=listing_pk),
    "credit:removal_decide": page(default=405, kwargs=lambda w: {"pk": make_removal(w).pk}),
    "creditlisting-list": api(),
    "creditlisting-detail": only(SCOPE_A, anon=403, kwargs=listing_pk),
}


# --- WRITES (issue 16) ---------------------------------------------------------------------------
# Every POST/PUT/PATCH/DELETE route and API write action of this app × every role, recorded from
# main with an empty body (see tests/permissions/__init__.py: ``write``/``api_action``). A row marked
# xfail names an inconsistency that the apps are being fixed for: its sets say the intended answer.

from . import BLIND_TO_A, OFFICE, form_first, write  # noqa: E402

WRITES = [
    write("credit:create", OFFICE),
    write("credit:removal_decide", OFFICE, hidden=BLIND_TO_A, marks=[form_first(
        "ent_a, grid_a, street_a, dept", "the office decides removals (_require_office)", got="200")]),
    write("credit:remove", OFFICE, hidden=BLIND_TO_A, marks=[form_first(
        "ent_a, grid_a, street_a, dept", "the office removes listings (_require_office)", got="200")]),
    write("credit:violation_add", OFFICE, hidden=BLIND_TO_A),
]
