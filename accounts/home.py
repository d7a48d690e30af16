"""Home-page panels: a registry owned by accounts that each app fills from its AppConfig.ready()
(accounts imports no app above it). A panel is a function (request) -> list of cards for the user's home.

A card is {"title", "value", "url" (drill-down), "tone" (bootstrap colour)}. Panels start from
``for_user`` like everything else, so a card never shows more than its list. They show in
registration order (INSTALLED_APPS order); ``first=True`` puts a panel before all others (the cockpit).
"""

from __future__ import annotations

from collections.abc import Callable

HomePanel = Callable[[object], list[dict]]
HOME_PANELS: list[HomePanel] = []


def register(panel: HomePanel, *, first: bool = False) -> HomePanel:
    if panel in HOME_PANELS:
        return panel
    if first:
        HOME_PANELS.insert(0, panel)
    else:
        HOME_PANELS.append(panel)
    return panel
