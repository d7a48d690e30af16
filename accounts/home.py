"""Home-page panels. Each app registers a function (request) -> list of cards for the user's home.

A card is {"title", "value", "url" (drill-down), "tone" (bootstrap colour)}. Panels start from
``for_user`` like everything else, so a card never shows more than its list.
"""

from __future__ import annotations

from collections.abc import Callable

HomePanel = Callable[[object], list[dict]]
HOME_PANELS: list[HomePanel] = []


def register(panel: HomePanel) -> HomePanel:
    HOME_PANELS.append(panel)
    return panel
