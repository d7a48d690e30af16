"""Every write of the inspections app (keyword-only, one transaction, audited; who may act and from
which status is checked first, from inspections.permissions).

Hazards found on the spot enter the one ledger through ``hazards.services.hazard_report`` (source
网格巡查 / 执法检查 / 双随机抽查, ``origin`` = the patrol or inspection); re-inspections close or
re-open them through ``hazards.services.hazard_verify``.

One module per sub-domain; every public name is importable from ``inspections.services``.
"""

from ._common import checklist_items, origin_hazards
from .documents import document_issue
from .draws import conflict_declare, draw_create, draw_publish, publications_flag_overdue
from .inspections import (
    clean_inspectors,
    inspection_finish,
    inspection_issue_order,
    inspection_record_hazard,
    inspection_save_answers,
    inspection_start,
)
from .patrols import (
    patrol_add_photos,
    patrol_finish,
    patrol_record_hazard,
    patrol_record_location,
    patrol_save_answers,
    patrol_start,
)
from .penalties import is_first_minor_violation, penalty_mark_paid, violation_handle
from .plans import plan_decide, plan_save, plan_submit
from .reinspections import reinspection_record

__all__ = [
    "checklist_items", "clean_inspectors", "conflict_declare", "document_issue", "draw_create", "draw_publish",
    "inspection_finish", "inspection_issue_order", "inspection_record_hazard", "inspection_save_answers",
    "inspection_start", "is_first_minor_violation", "origin_hazards", "patrol_add_photos", "patrol_finish",
    "patrol_record_hazard", "patrol_record_location", "patrol_save_answers", "patrol_start", "penalty_mark_paid",
    "plan_decide", "plan_save", "plan_submit", "publications_flag_overdue", "reinspection_record", "violation_handle",
]
