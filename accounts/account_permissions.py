"""Named permissions of the accounts app (people management, onboarding, the outbox).

Scope is decided by ``User.objects.for_user`` (accounts.scoping.people_q); these say *what* a
role may do there. Services ``require`` them; pages and templates ask the same names."""

from __future__ import annotations

import rules

from .permissions import define, is_authenticated, is_department, is_office, is_street


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
