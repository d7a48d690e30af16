"""Home-page card: the way into the cockpit for the office, streets and departments."""

from __future__ import annotations

from django.urls import reverse

from accounts.home import HOME_PANELS

from .views import COCKPIT_ROLES


def cockpit_card(request) -> list[dict]:
    user = request.user
    if not (user.is_superuser or user.role in COCKPIT_ROLES):
        return []
    return [{"title": "安委办驾驶舱 · 风险地图", "value": "进入驾驶舱", "url": reverse("cockpit:index"), "tone": "dark"}]


# First on the home page of the roles that have a cockpit (register() would append it last).
if cockpit_card not in HOME_PANELS:
    HOME_PANELS.insert(0, cockpit_card)
