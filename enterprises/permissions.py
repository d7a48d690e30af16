"""Who may do what on the enterprise registry — the only place that knows (accounts.permissions).

Scope still decides *which* enterprises (out of scope is 404 before any of these is asked).
"""

from __future__ import annotations

from accounts.permissions import (
    define,
    is_authenticated,
    is_department,
    is_enterprise,
    is_expert,
    is_office,
    is_staff_member,
    is_street,
)

# 街道、部门、安委办 keep the whole file (create, every field, import).
is_file_editor = is_street | is_department | is_office

define("enterprises.create", is_file_editor, denied="您的角色无权新建企业档案")
define("enterprises.import", is_file_editor, denied="您的角色无权导入企业档案")
# The enterprise edits 基本信息 of its own file (the service refuses the other fields).
define("enterprises.edit", is_file_editor | is_enterprise, denied="您的角色无权修改企业档案")
define("enterprises.edit_all_fields", is_file_editor, denied="您的角色无权修改企业档案的这些字段")
# Risk points, major hazard sources, licences, attachments.
define("enterprises.manage_records", is_file_editor | is_enterprise, denied="您的角色无权修改企业档案")
# Menus and the home card.
define("enterprises.view_list", is_staff_member, denied="您的角色无权查看企业档案")
define("enterprises.view_own", is_enterprise, denied="只有企业用户有本企业档案")
define("enterprises.view_expiring", is_authenticated & ~is_expert, denied="您的角色无权查看到期预警")
