"""Who may open the cockpit's pages — the only place that knows (accounts.permissions).

The cockpit only reads (every figure is scoped by ``for_user``); these decide which pages a role
has, and which of the other apps' lists a cockpit card may link to.
"""

from __future__ import annotations

from accounts.permissions import define, is_department, is_grid, is_office, is_street

# 驾驶舱: the office over the district, a street or a department over its own scope.
define("cockpit.view", is_street | is_department | is_office, denied="您的角色没有驾驶舱")
define("cockpit.view_map", is_grid | is_street | is_department | is_office, denied="您的角色没有风险地图")
define("cockpit.view_league", is_office, denied="晾晒通报由安委办查看")
# A card that links to another app's list asks that app's permission (inspections.view_coverage,
# inspections.view_enforcement, reporting.handle): one rule, in the app that owns the list.
