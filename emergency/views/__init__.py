"""Thin HTML views of the emergency app: parse, call a service or selector, render. Scoping is
``for_user`` everywhere; who may act is asked of emergency.permissions. One module per section;
every view is importable from ``emergency.views`` (urls.py)."""

from .directory import (
    ExpertListView,
    ShelterListView,
    expert_edit,
    shelter_edit,
)
from .drills import (
    DrillListView,
    compliance,
    drill_cancel,
    drill_create,
    drill_detail,
    drill_edit,
    drill_finding,
    drill_photo,
    drill_record,
)
from .duty import (
    DutyListView,
    EventListView,
    duty_create,
    duty_handover,
    event_accident,
    event_detail,
    event_edit,
)
from .overview import (
    index,
)
from .plans import (
    PlanListView,
    plan_accept,
    plan_create,
    plan_detail,
    plan_edit,
    plan_return,
    plan_revision,
    plan_submit,
)
from .riskreports import (
    RiskReportListView,
    riskreport_create,
    riskreport_missing,
)
from .supplies import (
    DepotListView,
    SupplyListView,
    depot_create,
    depot_detail,
    depot_edit,
    supply_edit,
)
from .teams import (
    TeamListView,
    member_edit,
    team_create,
    team_detail,
    team_edit,
)

__all__ = [
    "DepotListView",
    "DrillListView",
    "DutyListView",
    "EventListView",
    "ExpertListView",
    "PlanListView",
    "RiskReportListView",
    "ShelterListView",
    "SupplyListView",
    "TeamListView",
    "compliance",
    "depot_create",
    "depot_detail",
    "depot_edit",
    "drill_cancel",
    "drill_create",
    "drill_detail",
    "drill_edit",
    "drill_finding",
    "drill_photo",
    "drill_record",
    "duty_create",
    "duty_handover",
    "event_accident",
    "event_detail",
    "event_edit",
    "expert_edit",
    "index",
    "member_edit",
    "plan_accept",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_return",
    "plan_revision",
    "plan_submit",
    "riskreport_create",
    "riskreport_missing",
    "shelter_edit",
    "supply_edit",
    "team_create",
    "team_detail",
    "team_edit",
]
