"""The tabs of the enterprise file (一企一档). Later apps add theirs (隐患, 检查, 事故 …).

An app registers, typically in its ``AppConfig.ready()``::

    from enterprises.tabs import register_tab
    register_tab("hazards", "隐患", "hazards/enterprise_tab.html", hazards_tab_context, order=60)

``context(request, enterprise) -> dict`` is called only when its tab is open, so a tab costs
nothing on the other tabs. ``enterprise`` is already scoped (the user may see it). ``visible``
(optional) ``(request, enterprise) -> bool`` hides a tab from some users.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TabContext = Callable[[Any, Any], dict[str, Any]]


@dataclass(frozen=True)
class EnterpriseTab:
    key: str
    label: str
    template: str
    context: TabContext
    order: int = 100
    visible: Callable[[Any, Any], bool] | None = None


_TABS: dict[str, EnterpriseTab] = {}


def register_tab(
    key: str,
    label: str,
    template: str,
    context: TabContext,
    *,
    order: int = 100,
    visible: Callable[[Any, Any], bool] | None = None,
) -> EnterpriseTab:
    """Add (or replace, when reloaded) the tab ``key``."""
    tab = EnterpriseTab(key, label, template, context, order, visible)
    _TABS[key] = tab
    return tab


def tabs_for(request, enterprise) -> list[EnterpriseTab]:
    tabs = sorted(_TABS.values(), key=lambda t: (t.order, t.key))
    return [t for t in tabs if t.visible is None or t.visible(request, enterprise)]
