"""Home-page card: the way into the cockpit for the office, streets and departments."""

from __future__ import annotations

from django.urls import reverse

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can


def cockpit_card(request) -> list[dict]:
    user = request.user
    if not can(user, "cockpit.view"):
        return []
    return [{"title": "安委办驾驶舱 · 风险地图", "value": "进入驾驶舱", "url": reverse("cockpit:index"), "tone": "dark"}]


# First on the home page of the roles that have a cockpit.
register(cockpit_card, first=True)


# The app's entries in the top bar (accounts.navigation).
register_menu("驾驶舱", order=10, entries=[
    ("驾驶舱", "cockpit:index", "cockpit.view"),
    ("风险地图", "cockpit:map", "cockpit.view_map"),
    ("晾晒通报", "cockpit:league", "cockpit.view_league"),
])
