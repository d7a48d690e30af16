"""Home-page cards of the credit list (office: proposals waiting for confirmation)."""

from __future__ import annotations

from django.urls import reverse

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can

from .choices import ListingStatus
from .models import CreditListing


@register
def credit_cards(request) -> list[dict]:
    if not can(request.user, "credit.manage"):
        return []
    url = reverse("credit:list")
    listings = CreditListing.objects.for_user(request.user)
    return [
        {"title": "失信名单在列企业", "value": listings.active().count(), "url": url, "tone": "secondary"},
        {"title": "失信名单拟移出待确认", "value": listings.filter(status=ListingStatus.REMOVAL_PROPOSED).count(),
         "url": f"{url}?status={ListingStatus.REMOVAL_PROPOSED}", "tone": "warning"},
    ]


# The app's entries in the top bar (accounts.navigation).
register_menu("企业", order=20, entries=[
    ("失信名单", "credit:list", "credit.view_list"),
])
