"""Home-page card of the enterprise registry: 到期预警 in the user's scope."""

from __future__ import annotations

from django.urls import reverse

from accounts.choices import Role
from accounts.home import register
from accounts.navigation import ALL_STAFF, register_menu

from .models import Enterprise
from .selectors import expiring_count

CARD_ROLES = (Role.ENTERPRISE, Role.GRID, Role.STREET, Role.DEPARTMENT, Role.OFFICE, Role.ADMIN)


@register
def expiry_card(request) -> list[dict]:
    user = request.user
    if not (user.is_superuser or user.role in CARD_ROLES):
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
    ("企业档案", "enterprises:list", ALL_STAFF),
    ("本企业档案", "enterprises:mine", (Role.ENTERPRISE,)),
    ("到期预警", "enterprises:expiring", (*ALL_STAFF, Role.ENTERPRISE)),
])
