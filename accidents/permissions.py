"""Who may do what in the accidents app — the only place that knows (accounts.permissions).

The committee office (安委办) keeps the ledger: it records reports, marks irregularities, revises
casualties, investigates, closes and evaluates, and maintains the reference data and plans. An
enterprise reports its own accidents and adds attachments; every staff role reads indicators.
"""

from __future__ import annotations

from accounts.lifecycle import Lifecycle, Transition
from accounts.permissions import define, is_authenticated, is_enterprise, is_expert, is_office, is_staff_member

from .choices import AccidentStatus

# 事故单位 (for itself) or the office.
define("accidents.report", is_enterprise | is_office, denied="只有事故单位或安委办可以报告事故")
define("accidents.attach", is_enterprise | is_office, denied="只有事故单位或安委办可以上传事故附件")
define("accidents.record_report", is_office, denied="只有安委办可以登记事故报告记录")
define("accidents.mark_irregularity", is_office, denied="只有安委办可以认定漏报、瞒报、谎报")
define("accidents.revise", is_office, denied="只有安委办可以补报伤亡和损失")
# 续报: the accident's enterprise (it only sees its own accidents) or the office.
define("accidents.follow_up", is_enterprise | is_office, denied="只有事故单位或安委办可以续报事故")
define("accidents.resolve_missing", is_office, denied="只有安委办可以核实失踪人员情况")
define("accidents.investigate", is_office, denied="只有安委办可以登记事故调查")
define("accidents.close", is_office, denied="只有安委办可以结案")
define("accidents.evaluate", is_office, denied="只有安委办可以登记整改评估")
define("accidents.import_ledger", is_office, denied="只有安委办可以导入历史事故台账")
define("accidents.manage_year_data", is_office, denied="只有安委办可以维护年度基础数据")
define("accidents.manage_plans", is_office, denied="只有安委办可以维护规划目标")
define("accidents.confirm_year", is_office, denied="只有安委办可以确认年度数据")
# Indicators, statistics, reference data and plans: the government's staff.
define("accidents.view_indicators", is_staff_member, denied="您的角色无权查看安全指标")
# The accident ledger in the menu and the home card: everyone but the experts.
define("accidents.view_ledger", is_authenticated & ~is_expert, denied="您的角色无权查看事故台账")

# The accident's lifecycle: 已报告 → 调查中 → 已结案 (then 整改评估). Actions that keep the status
# (target None) are listed with the statuses in which they are open.
_ALL = tuple(AccidentStatus.values)
_OPEN = (AccidentStatus.REPORTED, AccidentStatus.INVESTIGATING)
ACCIDENT = Lifecycle("accident", status_field="status", labels=dict(AccidentStatus.choices), transitions=[
    Transition("record_report", source=_ALL, target=None, permission="accidents.record_report", label="登记报告"),
    Transition("mark_irregularity", source=_ALL, target=None, permission="accidents.mark_irregularity",
               label="认定漏报、瞒报、谎报"),
    Transition("revise", source=_OPEN, target=None, permission="accidents.revise", label="补报伤亡和损失"),
    Transition("follow_up", source=_OPEN, target=None, permission="accidents.follow_up", label="续报"),
    Transition("resolve_missing", source=_OPEN, target=None, permission="accidents.resolve_missing",
               label="失踪人员确认死亡或找到"),
    Transition("investigate", source=_OPEN, target=AccidentStatus.INVESTIGATING, permission="accidents.investigate",
               label="登记调查处理"),
    Transition("close", source=(AccidentStatus.INVESTIGATING,), target=AccidentStatus.CLOSED,
               permission="accidents.close", label="结案"),
    Transition("evaluate", source=(AccidentStatus.CLOSED,), target=None, permission="accidents.evaluate",
               label="登记整改评估"),
    Transition("attach", source=_ALL, target=None, permission="accidents.attach", label="上传附件"),
])
