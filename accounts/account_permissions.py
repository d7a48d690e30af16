"""Named permissions of the accounts app (people management, onboarding, the outbox).

Scope is decided by ``User.objects.for_user`` (accounts.scoping.people_q); these say *what* a
role may do there. Services ``require`` them; pages and templates ask the same names."""

from __future__ import annotations

import rules

from .choices import Role
from .permissions import define, is_authenticated, is_department, is_office, is_street

# Which roles a manager may give (the office and admin give any): a street its grid officers,
# enterprises and street staff; a department its own staff and enterprises.
_CREATABLE_ROLES = {
    Role.STREET: frozenset({Role.GRID, Role.ENTERPRISE, Role.STREET}),
    Role.DEPARTMENT: frozenset({Role.DEPARTMENT, Role.ENTERPRISE}),
}


def creatable_roles(user) -> frozenset[str]:
    """The roles ``user`` may give to a person it creates or edits — the form offers exactly
    these and the service refuses any other."""
    if user is not None and user.sees_everything:
        return frozenset(Role.values)
    return _CREATABLE_ROLES.get(getattr(user, "role", None), frozenset())


@rules.predicate
def person_in_scope(user, person) -> bool:
    if person is None:
        return True
    from .models import User

    return person.pk != user.pk and User.objects.for_user(user).filter(pk=person.pk).exists()


define("accounts.manage_people", (is_office | is_street | is_department) & person_in_scope,
       denied="您无权管理该用户（仅安委办、街道、部门在其管辖范围内）")
define("accounts.hand_over_cells", is_office | is_street, denied="仅安委办和街道可调整网格员的网格")
define("accounts.onboard", is_office | is_street, denied="仅安委办和街道可批量开通账号")
define("accounts.view_outbox", is_office, denied="仅安委办可查看消息发送记录")
define("accounts.view_exports", is_authenticated, denied="请先登录")  # each sees only their own (ExportJob.for_user)
