"""Every write of the hazards app (HackSoft style: keyword-only, one transaction, audited).

The hazard lifecycle: reported → rectifying → submitted → closed (销号), or sent back to
rectifying. Each transition writes a ``HazardTransition`` row (the timeline) and an audit row;
an illegal transition raises ``ValidationError`` with a Chinese message; acting without the
authority raises ``PermissionDenied`` (hazards/permissions.py says who may do what).

One module per sub-domain:

* ``ledger`` — report, photos, 五到位 plan, start, submit, verify (验收), spot check, 误报撤销;
  every path to 已销号 ends in ``_common.close_hazard`` (the one closing rule);
* ``extensions`` — 挂牌督办 and 延期申请;
* ``escalation`` — overdue marking and escalation (daily job);
* ``selfcheck`` — the weekly self-check 周报 (file, amend);
* ``checklists`` — check templates and items (the office);
* ``reminders`` — self-check reminders (weekly job).

Stable entry points used by other apps (inspections, public reports, emergency, cockpit):
``hazard_report(...)`` and ``hazard_verify(...)``; every public name stays importable from
``hazards.services``. Patch a name where it is looked up (e.g. ``hazards.services.reminders.notify``).
"""

from ..rules import selfcheck_deadline, week_label, week_start_of
from ._common import department_users, enterprise_users, hazard_url, office_users
from .checklists import item_save, template_save
from .escalation import ESCALATION_NOTE, hazards_escalate, hazards_mark_overdue
from .extensions import extension_decide, extension_request, hazard_supervise
from .ledger import (
    PLAN_FIELDS,
    can_verify,
    hazard_add_photos,
    hazard_report,
    hazard_set_plan,
    hazard_spot_check,
    hazard_start_rectification,
    hazard_submit,
    hazard_verify,
    hazard_withdraw,
)
from .reminders import REMIND_CHUNK, selfcheck_notify_nonfilers, selfcheck_remind_enterprises
from .selfcheck import selfcheck_amend, selfcheck_submit

__all__ = [
    "ESCALATION_NOTE", "PLAN_FIELDS", "REMIND_CHUNK", "can_verify", "department_users", "enterprise_users",
    "extension_decide", "extension_request", "hazard_add_photos", "hazard_report", "hazard_set_plan",
    "hazard_spot_check", "hazard_start_rectification", "hazard_submit", "hazard_supervise", "hazard_url",
    "hazard_verify", "hazard_withdraw", "hazards_escalate", "hazards_mark_overdue", "item_save", "office_users",
    "selfcheck_amend", "selfcheck_deadline", "selfcheck_notify_nonfilers", "selfcheck_remind_enterprises",
    "selfcheck_submit", "template_save", "week_label", "week_start_of",
]
