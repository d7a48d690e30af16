"""Who may do what on the 严重违法失信名单 — the only place that knows (accounts.permissions).

The office (安委办) keeps the list: it lists an enterprise, records later violations, decides the
daily job's removal proposals and removes a listing itself (信用修复). The listing's lifecycle:

    在列 ──(daily job proposes)──▶ 拟移出 ──(decide: confirm)──▶ 已移出
      ▲                              │
      └──────(decide: reject, or a new violation withdraws the proposal)
    在列 / 拟移出 ──(remove: 直接移出, confirming an open proposal)──▶ 已移出
"""

from __future__ import annotations

from accounts.lifecycle import Lifecycle, Transition
from accounts.permissions import define, is_authenticated, is_expert, is_office

from .choices import ACTIVE_STATUSES, ListingStatus

define("credit.manage", is_office, denied="严重违法失信名单由安委办管理")
# The list in the menu: every signed-in person but the experts (scoping decides the rows).
define("credit.view_list", is_authenticated & ~is_expert, denied="您的角色无权查看失信名单")

LISTING = Lifecycle("credit_listing", status_field="status", labels=dict(ListingStatus.choices), transitions=[
    # confirm → 已移出, reject → 在列 (one form decides the open proposal)
    Transition("decide_removal", source=(ListingStatus.REMOVAL_PROPOSED,), target=None, permission="credit.manage",
               label="确认移出"),
    Transition("remove", source=tuple(ACTIVE_STATUSES), target=ListingStatus.REMOVED, permission="credit.manage",
               label="移出名单"),
    Transition("record_violation", source=tuple(ACTIVE_STATUSES), target=None, permission="credit.manage",
               label="登记新的违法行为"),
])
