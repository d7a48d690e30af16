"""Who may do what with 群众举报 — the one place (services enforce, pages/templates/API ask).

The public side needs no account. Handling: the office assigns a report to a street or a
department; the assigned unit (or the office, for a report not yet assigned) verifies it on site;
the office keeps the reward register. Two lifecycles: ``REPORT`` (assign, verify, reward) and
``REWARD`` (mark paid).
"""

from __future__ import annotations

import rules

from accounts.lifecycle import Lifecycle, Transition
from accounts.permissions import define, is_office, is_staff_member

from .choices import ReportStatus, RewardStatus

# Who handles reports (list, statistics, the detail of a report in scope): the government side
# (grid officers, streets, departments, the office; not enterprises, not experts).
is_handler = is_staff_member


@rules.predicate
def report_in_scope(user, report) -> bool:
    from .models import PublicReport

    return PublicReport.objects.for_user(user).filter(pk=report.pk).exists()


@rules.predicate
def verifies_report(user, report) -> bool:
    """A report not yet assigned is verified by the office; an assigned one by the unit it was
    assigned to (PublicReport.objects.for_user), or the office."""
    if report.status == ReportStatus.RECEIVED:
        return is_office.test(user)
    return report_in_scope.test(user, report)


@rules.predicate
def has_reward(user, report) -> bool:
    from .models import ReportReward

    return ReportReward.objects.filter(report_id=report.pk).exists()


define("reporting.handle", is_handler, denied="您的角色无权访问此页面")
define("reporting.view_contact", is_office, denied="举报人信息保密，仅安委办可见")
define("reporting.assign", is_office, denied="举报分派由安委办办理")
define("reporting.verify", is_handler & verifies_report, denied="该举报未分派给您的单位，不能核查")
define("reporting.reward", is_office, denied="举报奖励由安委办办理")
define("reporting.register_reward", is_office & ~has_reward, denied="举报奖励由安委办办理（每件举报登记一次）")
define("reporting.view_rewards", is_office, denied="举报奖励由安委办办理")
define("reporting.pay_reward", is_office, denied="举报奖励由安委办办理")

_RECEIVED, _ASSIGNED = ReportStatus.RECEIVED, ReportStatus.ASSIGNED

REPORT = Lifecycle("public_report", status_field="status", labels=dict(ReportStatus.choices), transitions=[
    Transition("assign", source=(_RECEIVED, _ASSIGNED), target=_ASSIGNED, permission="reporting.assign",
               label="分派"),
    # founded → a hazard opens (the report closes with it, report_follow_hazard); unfounded → done
    Transition("verify", source=(_RECEIVED, _ASSIGNED), target=None, permission="reporting.verify", label="核查"),
    Transition("reward", source=(ReportStatus.FOUNDED, ReportStatus.CLOSED), target=None,
               permission="reporting.register_reward", label="登记奖励"),
])

REWARD = Lifecycle("report_reward", status_field="status", labels=dict(RewardStatus.choices), transitions=[
    Transition("mark_paid", source=(RewardStatus.DECIDED,), target=RewardStatus.PAID,
               permission="reporting.pay_reward", label="登记发放"),
])
