"""Who may do what in the hazards app — the one place (services enforce, pages/templates/API ask).

Named permissions (``hazards.*``) are built from the role predicates of accounts.permissions and
the object predicates below; the hazard lifecycle and the extension-request lifecycle are tables
(``HAZARD``, ``EXTENSION``): from which statuses an action is possible, what it leads to, and
which permission it takes. A service checks *who* first (``require`` → 403 with the reason) and
then the status (``Lifecycle.check_status`` → 400); a page shows a control exactly when
``Lifecycle.allowed_actions`` lists its action (templates mark it ``data-action="<action>"``).
"""

from __future__ import annotations

import rules
from django.conf import settings
from django.db.models import Q

from accounts.choices import Role
from accounts.lifecycle import Lifecycle, Transition
from accounts.permissions import (
    define,
    is_department,
    is_enterprise,
    is_expert,
    is_grid,
    is_office,
    is_official,
    is_staff_member,
    is_street,
    role_in,
)

from .choices import OPEN_STATUSES, ExtensionStatus, HazardGrade, HazardSource, HazardStatus, SupervisionStatus
from .rules import is_listed, is_self_closable

# ---------------------------------------------------------------------------------------------
# role tables (the only ones of the app)

# Which roles report which sources (公众举报 becomes a hazard when a staff member verifies it);
# role_in(OFFICE) also matches 管理员 and superusers (they see everything).
SOURCE_REPORTERS: dict[str, rules.Predicate] = {
    HazardSource.SELF_CHECK: role_in(Role.ENTERPRISE, Role.OFFICE),
    HazardSource.GRID: role_in(Role.GRID, Role.STREET, Role.OFFICE),
    HazardSource.ENFORCEMENT: role_in(Role.DEPARTMENT, Role.OFFICE),
    HazardSource.RANDOM: role_in(Role.DEPARTMENT, Role.OFFICE),
    HazardSource.EXPERT: role_in(Role.DEPARTMENT, Role.EXPERT, Role.OFFICE),
    HazardSource.PUBLIC: role_in(Role.GRID, Role.STREET, Role.DEPARTMENT, Role.OFFICE),
}

# Who verifies (验收) a hazard of each source (besides the office; see verifier_text).
_LOCAL = is_grid | is_street
VERIFIERS_BY_SOURCE: dict[str, rules.Predicate] = {
    HazardSource.SELF_CHECK: _LOCAL,
    HazardSource.GRID: _LOCAL,
    HazardSource.PUBLIC: _LOCAL,
    HazardSource.ENFORCEMENT: is_department,
    HazardSource.RANDOM: is_department,
    HazardSource.EXPERT: is_department | _LOCAL,
}
_VERIFIER_NAMES_BY_SOURCE: dict[str, tuple[str, ...]] = {
    HazardSource.SELF_CHECK: ("grid", "street"),
    HazardSource.GRID: ("grid", "street"),
    HazardSource.PUBLIC: ("grid", "street"),
    HazardSource.ENFORCEMENT: ("department",),
    HazardSource.RANDOM: ("department",),
    HazardSource.EXPERT: ("department", "grid", "street"),
}

# Who works a hazard's rectification: the enterprise itself, or staff acting for it.
is_hazard_worker = is_enterprise | is_staff_member
# 抽查 of hazards an enterprise closed itself: the local officers and the office.
is_spot_checker_role = is_grid | is_street | is_office


# ---------------------------------------------------------------------------------------------
# object predicates


@rules.predicate
def hazard_in_scope(user, hazard) -> bool:
    from .models import Hazard

    return hazard is not None and Hazard.objects.for_user(user).filter(pk=hazard.pk).exists()


@rules.predicate
def enterprise_in_scope(user, enterprise) -> bool:
    from enterprises.models import Enterprise

    return enterprise is not None and Enterprise.objects.for_user(user).filter(pk=enterprise.pk).exists()


@rules.predicate
def reports_source(user, source) -> bool:
    predicate = SOURCE_REPORTERS.get(source)
    return predicate is not None and predicate.test(user)


@rules.predicate
def is_major(user, hazard) -> bool:
    return hazard.grade == HazardGrade.MAJOR


@rules.predicate
def is_supervised(user, hazard) -> bool:
    from .models import Supervision

    return Supervision.objects.filter(hazard_id=hazard.pk).exists()


@rules.predicate
def is_listed_hazard(user, hazard) -> bool:
    return is_listed(hazard)


@rules.predicate
def has_pending_extension(user, hazard) -> bool:
    return hazard.extension_requests.filter(status=ExtensionStatus.PENDING).exists()


@rules.predicate
def is_spot_check_due(user, hazard) -> bool:
    return bool(hazard.spot_check_due)


@rules.predicate
def is_major_reviewer(user, hazard) -> bool:
    """部门审核把关销号 (seed 002): a major hazard closes only on the review of the supervising
    department (a department's own enforcement/random finding: that department) or the 安委办."""
    if user.is_superuser:
        return True
    if is_office.test(user):
        return hazard_in_scope.test(user, hazard)
    if not is_department.test(user):
        return False
    if hazard.department_id and hazard.source in (HazardSource.ENFORCEMENT, HazardSource.RANDOM):
        return user.department_id == hazard.department_id
    return hazard_in_scope.test(user, hazard)


@rules.predicate
def is_withdrawable(user, hazard) -> bool:
    """误报撤销: a general hazard the enterprise's own self-check opened (a major one needs the
    department's review like any other closing)."""
    return hazard.source == HazardSource.SELF_CHECK and hazard.grade == HazardGrade.GENERAL


@rules.predicate
def is_verifier(user, hazard) -> bool:
    """The source's authority in scope; a 挂牌督办 hazard only the office; a major hazard the
    supervising department or the office (never a grid officer, street or the enterprise); the
    enterprise its own self-found general hazards (setting); a department its own enforcement/random
    findings."""
    if user.is_superuser:
        return True
    if is_listed(hazard):
        return is_office.test(user)
    if hazard.grade == HazardGrade.MAJOR:
        return is_major_reviewer.test(user, hazard)
    if is_office.test(user):
        return hazard_in_scope.test(user, hazard)
    if is_enterprise.test(user):
        return is_self_closable(hazard) and hazard_in_scope.test(user, hazard)
    if not VERIFIERS_BY_SOURCE[hazard.source].test(user):
        return False
    if is_department.test(user) and hazard.department_id and hazard.source in (
        HazardSource.ENFORCEMENT, HazardSource.RANDOM
    ):
        return user.department_id == hazard.department_id
    return hazard_in_scope.test(user, hazard)


@rules.predicate
def owns_selfcheck(user, self_check) -> bool:
    return user.enterprise_id is not None and user.enterprise_id == self_check.enterprise_id


@rules.predicate
def has_enterprise(user) -> bool:
    return user.enterprise_id is not None


def verify_queue_q(user) -> Q:
    """The hazards ``user`` may verify (验收), as a query — ``is_verifier`` for a whole queryset (the
    待验收 inbox); tests/hazards/test_queues.py checks that the two agree hazard by hazard."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_office.test(user):
        return Q()
    listed = Q(supervision__status=SupervisionStatus.LISTED)
    major = Q(grade=HazardGrade.MAJOR)
    if is_enterprise.test(user):
        if not settings.HAZARD_SELF_CLOSE_GENERAL:
            return Q(pk__in=[])
        return ~listed & ~major & Q(source=HazardSource.SELF_CHECK)
    if is_department.test(user):
        enforcement = Q(source__in=[HazardSource.ENFORCEMENT, HazardSource.RANDOM])
        own = Q(department__isnull=True) | Q(department_id=user.department_id)
        return ~listed & ((major & (~enforcement | own)) | (~major & (Q(source=HazardSource.EXPERT) | (enforcement & own))))
    if is_grid.test(user) or is_street.test(user):
        local = [s for s, names in _VERIFIER_NAMES_BY_SOURCE.items() if "grid" in names]
        return ~listed & ~major & Q(source__in=local)
    return Q(pk__in=[])


def verifier_text(hazard) -> str:
    """Who verifies this hazard, for the page (验收单位) and the refusal."""
    if is_listed(hazard):
        return "安委办（挂牌督办单位）"
    if hazard.grade == HazardGrade.MAJOR:
        return "行业监管部门（重大隐患部门审核销号）或安委办"
    names = {"grid": "网格员", "street": "街道/镇",
             "department": hazard.department.name if hazard.department_id else "行业监管部门"}
    parts = (["企业（自查一般隐患，网格员抽查）"] if is_self_closable(hazard) else []) + [
        names[r] for r in _VERIFIER_NAMES_BY_SOURCE[hazard.source]]
    return "、".join(parts) + "或安委办"


# ---------------------------------------------------------------------------------------------
# named permissions

is_hazard_actor = is_hazard_worker & hazard_in_scope

# The ledger page itself is scoped (experts see an empty list); the menu entry and the home cards
# are for the enterprise and the government side.
define("hazards.view_ledger", is_hazard_worker, denied="您的角色无权访问此页面")
define("hazards.report", is_hazard_worker, denied="您的角色不能登记隐患")
define("hazards.report_source", reports_source, denied="您的角色不能登记该来源的隐患")
define("hazards.report_for", is_office | is_expert | enterprise_in_scope, denied="该企业不在您的管辖范围内")
define("hazards.act", is_hazard_actor, denied="您的角色不能办理隐患整改")
define("hazards.plan", is_hazard_actor & is_major, denied="只有重大隐患需填报“五到位”治理方案（由企业或属地工作人员填报）")
define("hazards.start", is_hazard_actor, denied="您的角色不能办理隐患整改")
define("hazards.submit", is_hazard_actor, denied="您的角色不能办理隐患整改")
define("hazards.add_photos", is_hazard_actor, denied="您的角色不能办理隐患整改")
define("hazards.verify", is_verifier, denied="您无权验收此隐患")
# The one closing rule (every path to 已销号 passes hazards.services._common.close_hazard): a major
# hazard is closed only on a department's (or the 安委办's) review, with its evidence (rules.major_close_missing).
define("hazards.close", ~is_major | is_major_reviewer,
       denied="重大隐患须经行业监管部门或安委办审核后销号，网格员、街道和企业不能销号")
define("hazards.withdraw", is_enterprise & hazard_in_scope & is_withdrawable,
       denied="误报撤销仅适用于本企业自查登记的一般隐患（重大隐患须由行业监管部门审核）")
# 现场复查: a staff verifier closes an open hazard on site (e.g. an inspection's 复查); the
# enterprise closes its own hazards only on submitted evidence.
define("hazards.verify_on_site", is_verifier & ~is_enterprise, denied="您无权现场验收此隐患")
define("hazards.spot_checker", is_spot_checker_role & hazard_in_scope,
       denied="只有属地网格员、街道或安委办可以抽查企业自行销号的隐患")
define("hazards.spot_check", is_spot_checker_role & hazard_in_scope & is_spot_check_due,
       denied="只有属地网格员、街道或安委办可以抽查企业自行销号的隐患")
define("hazards.supervisor", is_office, denied="只有安委办可以挂牌督办")
define("hazards.supervise", is_office & is_major & ~is_supervised, denied="只有安委办可以对未挂牌的重大隐患挂牌督办")
define("hazards.extension_requester", is_enterprise & hazard_in_scope, denied="延期申请由企业提出")
define("hazards.request_extension", is_enterprise & hazard_in_scope & is_listed_hazard & ~has_pending_extension,
       denied="延期申请由企业对挂牌督办中的隐患提出（每次一份，待审批时不能再申请）")
define("hazards.decide_extension", is_office, denied="延期申请由安委办审批")
# the weekly self-check
define("hazards.file_selfcheck", is_enterprise & has_enterprise, denied="本周自查由企业用户填报（您的账号未关联企业）")
# 代报: the grid officer (its cells) or the street (its street) files for an enterprise that cannot
# use the platform; the scope is the enterprise registry's own (Enterprise.objects.for_user).
is_proxy_filer = is_grid | is_street
define("hazards.proxy_filer", is_proxy_filer, denied="代报由属地网格员或街道填报")
define("hazards.file_selfcheck_for", is_proxy_filer & enterprise_in_scope,
       denied="只能为本人网格（街道）内的企业代报自查周报")
define("hazards.amend_selfcheck", is_enterprise & owns_selfcheck, denied="自查周报只能由本企业用户修改")
define("hazards.view_filing", is_staff_member, denied="您的角色无权访问此页面")
define("hazards.view_statistics", is_staff_member, denied="您的角色无权访问此页面")
# check templates: read by everyone signed in (enterprises and experts too), kept by the office
define("hazards.view_templates", is_official | is_enterprise, denied="您的角色无权访问此页面")
define("hazards.edit_templates", is_office, denied="检查表由安委办维护")


# ---------------------------------------------------------------------------------------------
# lifecycles

OPEN = tuple(OPEN_STATUSES)
_R, _G, _S, _C = HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.SUBMITTED, HazardStatus.CLOSED

HAZARD = Lifecycle("hazard", status_field="status", labels=dict(HazardStatus.choices), transitions=[
    Transition("plan", source=OPEN, target=None, permission="hazards.plan", label="填报治理方案"),
    Transition("start", source=(_R,), target=_G, permission="hazards.start", label="开始整改"),
    Transition("submit", source=(_G,), target=_S, permission="hazards.submit", label="提交验收"),
    Transition("photos", source=OPEN, target=None, permission="hazards.add_photos", label="上传照片"),
    # passed → closed (销号); not passed → back to rectifying
    Transition("verify", source=(_S,), target=_C, permission="hazards.verify", label="验收"),
    Transition("verify_on_site", source=(_R, _G), target=_C, permission="hazards.verify_on_site", label="现场验收"),
    # a self-check item wrongly marked 不合格: closed with a reason, spot-checked by the grid officer
    Transition("withdraw", source=OPEN, target=_C, permission="hazards.withdraw", label="误报撤销"),
    # passed keeps it closed; failed reopens it (rectifying)
    Transition("spot_check", source=(_C,), target=None, permission="hazards.spot_check", label="抽查"),
    Transition("supervise", source=OPEN, target=None, permission="hazards.supervise", label="挂牌督办"),
    Transition("request_extension", source=OPEN, target=None, permission="hazards.request_extension",
               label="申请延期"),
])

EXTENSION = Lifecycle("hazard_extension", status_field="status", labels=dict(ExtensionStatus.choices), transitions=[
    # approve → approved (the hazard's and the listing's deadline move), reject → rejected
    Transition("decide", source=(ExtensionStatus.PENDING,), target=None, permission="hazards.decide_extension",
               label="审批"),
])
