"""Who may write the 安全生产责任制 file — the only place that knows (accounts.permissions).

The enterprise keeps its own file (scope has already limited it to its own enterprise); the
supervisors read the files of the enterprises they may see.
"""

from __future__ import annotations

from accounts.permissions import define, is_enterprise

define("responsibility.edit", is_enterprise, denied="安全生产责任制由企业自行填报，您的角色只能查看")
