"""The role-based navigation. Each app adds its entries here: (label, url name, roles or None=all).

Entries are grouped into menus by their URL namespace (GROUPS); a group with a single visible
entry shows as a plain link, so an enterprise user's bar stays short on a phone.
"""

from .choices import Role

ALL_STAFF = (Role.GRID, Role.STREET, Role.DEPARTMENT, Role.OFFICE, Role.ADMIN)

NAV: list[tuple[str, str, tuple[str, ...] | None]] = [
    ("首页", "home", None),
]
NAV += [
    ("企业档案", "enterprises:list", ALL_STAFF),
    ("本企业档案", "enterprises:mine", (Role.ENTERPRISE,)),
    ("到期预警", "enterprises:expiring", (*ALL_STAFF, Role.ENTERPRISE)),
]
NAV += [
    ("应急管理", "emergency:index", (*ALL_STAFF, Role.ENTERPRISE)),
    ("值班接报", "emergency:duty_list", (Role.OFFICE, Role.ADMIN)),
]
NAV += [
    ("隐患台账", "hazards:ledger", (*ALL_STAFF, Role.ENTERPRISE)),
    ("本周自查", "hazards:selfcheck_week", (Role.ENTERPRISE,)),
    ("自查填报", "hazards:filing_board", ALL_STAFF),
    ("隐患统计", "hazards:statistics", ALL_STAFF),
]
NAV += [
    ("事故统计", "accidents:list", (*ALL_STAFF, Role.ENTERPRISE)),
    ("安全指标", "accidents:indicators", ALL_STAFF),
]
NAV += [
    ("年度考核", "assessment:unit_list", (Role.STREET, Role.DEPARTMENT, Role.OFFICE, Role.EXPERT, Role.ADMIN)),
    ("考核方案", "assessment:scheme_list", (Role.OFFICE, Role.ADMIN)),
]
NAV += [
    ("驾驶舱", "cockpit:index", (Role.STREET, Role.DEPARTMENT, Role.OFFICE, Role.ADMIN)),
    ("风险地图", "cockpit:map", ALL_STAFF),
    ("晾晒通报", "cockpit:league", (Role.OFFICE, Role.ADMIN)),
]
NAV += [
    ("群众举报", "reporting:list", ALL_STAFF),
    ("举报奖励", "reporting:reward_list", (Role.OFFICE, Role.ADMIN)),
    ("失信名单", "credit:list", (*ALL_STAFF, Role.ENTERPRISE)),
]
NAV += [
    ("我的巡查", "inspections:my_enterprises", (Role.GRID,)),
    ("巡查覆盖", "inspections:coverage", (Role.STREET, Role.OFFICE, Role.ADMIN)),
    ("执法检查", "inspections:enforcement_home", (Role.DEPARTMENT, Role.OFFICE, Role.ADMIN)),
    ("检查记录", "inspections:inspection_list", (Role.ENTERPRISE, Role.GRID, Role.STREET)),
    ("双随机", "inspections:draw_list", (Role.DEPARTMENT, Role.OFFICE, Role.ADMIN)),
]

# URL namespace -> menu label, in menu order.
GROUPS: dict[str, str] = {
    "cockpit": "驾驶舱",
    "enterprises": "企业",
    "credit": "企业",
    "hazards": "隐患治理",
    "reporting": "隐患治理",
    "inspections": "检查执法",
    "accidents": "事故",
    "emergency": "应急",
    "assessment": "考核",
}
