"""Home-page card of the enterprise registry: 到期预警 in the user's scope."""

from __future__ import annotations

from django.urls import reverse

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can

from .models import Enterprise
from .selectors import expiring_count


@register
def expiry_card(request) -> list[dict]:
    user = request.user
    if not can(user, "enterprises.view_expiring"):
        return []
    count = expiring_count(Enterprise.objects.for_user(user))
    return [{
        "title": "证照/标准化/安责险 到期预警",
        "value": count,
        "url": reverse("enterprises:expiring"),
        "tone": "danger" if count else "success",
    }]


# The app's entries in the top bar (accounts.navigation).
register_menu("企业", order=20, entries=[
    ("企业档案", "enterprises:list", "enterprises.view_list"),
    ("本企业档案", "enterprises:mine", "enterprises.view_own"),
    ("到期预警", "enterprises:expiring", "enterprises.view_expiring"),
])
