"""Every write of the emergency app: keyword-only, one transaction, state checked, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from accidents.models import Accident
from accidents.services import accident_report
from accounts.choices import RegionKind
from accounts.models import User
from accounts.permissions import can, require
from accounts.services import audit_record, model_changes
from hazards.choices import HazardGrade, HazardSource
from hazards.services import hazard_report

from .choices import DrillStatus, EventStatus, FindingAction, OwnerKind, PlanStatus, RevisionSource
from .models import (
    Depot,
    Drill,
    DrillFinding,
    DrillPhoto,
    DutyAssignment,
    EmergencyPlan,
    EventReport,
    Expert,
    Owned,
    PlanRevision,
    RescueTeam,
    RiskMonthlyReport,
    Shelter,
    SupplyItem,
    TeamMember,
    default_owner,
    report_reporter,
)
from .permissions import DRILL, PLAN
from .rules import month_start, report_due_date, review_due

# ---------------------------------------------------------------- owners and permissions



def _check_owner(obj: Owned) -> None:
    """Exactly the owner field that matches ``owner_kind`` is set."""
    wanted = {
        OwnerKind.GOVERNMENT: "region",
        OwnerKind.DEPARTMENT: "department",
        OwnerKind.ENTERPRISE: "enterprise",
    }.get(obj.owner_kind)
    if wanted is None:
        raise ValidationError({"owner_kind": "请选择责任主体类型"})
    errors = {}
    for name in ("region", "department", "enterprise"):
        present = getattr(obj, f"{name}_id") is not None
        if name == wanted and not present:
            errors[name] = "请选择责任主体"
        elif name != wanted and present:
            setattr(obj, name, None)
    if wanted == "region" and obj.region_id and obj.region.kind not in (RegionKind.DISTRICT, RegionKind.STREET):
        errors["region"] = "政府责任主体应为区或街道/镇"
    if errors:
        raise ValidationError(errors)


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return model_to_dict(obj, exclude=["id"])


def _create(model: type[models.Model], *, by: User | None, action: str, **fields: Any) -> models.Model:
    obj = model(**fields)
    if isinstance(obj, Owned):
        _check_owner(obj)
    obj.full_clean()
    obj.save()
    audit_record(actor=by, action=action, obj=obj, changes=model_changes({}, _snapshot(obj)))
    return obj


def _update(obj: models.Model, *, by: User | None, action: str, fields: dict[str, Any]) -> models.Model:
    obj = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    before = _snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    if isinstance(obj, Owned):
        _check_owner(obj)
    obj.full_clean()
    obj.save()
    audit_record(actor=by, action=action, obj=obj, changes=model_changes(before, _snapshot(obj)))
    return obj


def _owner_fields(by: User, fields: dict[str, Any]) -> dict[str, Any]:
    """Non-office users always register for themselves, whatever the form said."""
    own = default_owner(by)
    if own is None:
        require(by, "emergency.assign_owner")
        return fields
    for name in ("owner_kind", "region", "department", "enterprise"):
        fields.pop(name, None)
    return {**fields, **own}


# ---------------------------------------------------------------- plans 应急预案

@transaction.atomic
def plan_create(*, by: User, **fields: Any) -> EmergencyPlan:
    require(by, "emergency.add_plan")
    return _create(EmergencyPlan, by=by, action="预案登记", created_by=by, **_owner_fields(by, fields))


@transaction.atomic
def plan_update(*, plan: EmergencyPlan, by: User, **fields: Any) -> EmergencyPlan:
    """Edit a draft/returned plan; a new text or version of a filed plan goes back to draft (re-filing)."""
    PLAN.require(by, "edit", plan)
    if not can(by, "emergency.assign_owner"):
        for name in ("owner_kind", "region", "department", "enterprise"):
            fields.pop(name, None)
    if plan.status == PlanStatus.FILED and (
        fields.get("version", plan.version) != plan.version or fields.get("file")
    ):
        fields["status"] = PlanStatus.DRAFT
    return _update(plan, by=by, action="预案修改", fields=fields)


@transaction.atomic
def plan_submit(*, plan: EmergencyPlan, by: User) -> EmergencyPlan:
    PLAN.require(by, "submit", plan)
    plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.file:
        raise ValidationError({"file": "提交备案前请上传预案文本"})
    before = plan.status
    plan.status, plan.submitted_at, plan.return_reason = PlanStatus.SUBMITTED, timezone.now(), ""
    plan.save(update_fields=["status", "submitted_at", "return_reason", "updated_at"])
    audit_record(actor=by, action="预案提交备案", obj=plan, changes={"status": [before, plan.status]})
    return plan


@transaction.atomic
def plan_accept(
    *, plan: EmergencyPlan, by: User, filing_no: str = "", filed_on: dt.date | None = None
) -> EmergencyPlan:
    """备案 accepted: the review clock starts (``filed_on`` may be back-dated to register a paper filing)."""
    plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
    PLAN.require(by, "accept", plan)
    filed_on = filed_on or timezone.localdate()
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": "备案日期不能晚于今天"})
    plan.status, plan.filed_on, plan.reviewed_by = PlanStatus.FILED, filed_on, by
    plan.filing_no = filing_no or f"YJBA-{filed_on:%Y}-{plan.pk:05d}"
    plan.review_due = review_due(filed_on, settings.EMERGENCY_PLAN_REVIEW_YEARS)
    plan.needs_revision = False
    plan.save()
    closed = plan.revisions.filter(closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_in_version=plan.version
    )
    audit_record(
        actor=by, action="预案备案", obj=plan,
        changes={"status": [PlanStatus.SUBMITTED, PlanStatus.FILED], "filing_no": [None, plan.filing_no],
                 "review_due": [None, str(plan.review_due)]},
        note=f"完成修订 {closed} 项" if closed else "",
    )
    return plan


@transaction.atomic
def plan_return(*, plan: EmergencyPlan, by: User, reason: str) -> EmergencyPlan:
    plan = EmergencyPlan.objects.select_for_update().get(pk=plan.pk)
    PLAN.require(by, "return", plan)
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回原因"})
    plan.status, plan.return_reason, plan.reviewed_by = PlanStatus.RETURNED, reason.strip(), by
    plan.save(update_fields=["status", "return_reason", "reviewed_by", "updated_at"])
    audit_record(actor=by, action="预案备案退回", obj=plan,
                 changes={"status": [PlanStatus.SUBMITTED, PlanStatus.RETURNED]}, note=plan.return_reason)
    return plan


@transaction.atomic
def plan_open_revision(
    *, plan: EmergencyPlan, by: User, source: str, reason: str, drill: Drill | None = None,
    accident: Accident | None = None,
) -> PlanRevision:
    """修订: after an accident, a drill finding or a review the plan is marked for revision."""
    PLAN.require(by, "revise", plan)
    if source not in RevisionSource.values:
        raise ValidationError({"source": "修订原因类别无效"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写修订原因"})
    if source == RevisionSource.ACCIDENT and accident is None:
        raise ValidationError({"accident": "事故后修订请选择来源事故"})
    revision = PlanRevision.objects.create(
        plan=plan, source=source, reason=reason.strip(), drill=drill, accident=accident, opened_by=by
    )
    EmergencyPlan.objects.filter(pk=plan.pk).update(needs_revision=True, updated_at=timezone.now())
    audit_record(actor=by, action="预案发起修订", obj=plan, changes={"needs_revision": [False, True]},
                 note=revision.reason)
    return revision


# ---------------------------------------------------------------- drills 应急演练


@transaction.atomic
def drill_create(*, by: User, **fields: Any) -> Drill:
    require(by, "emergency.add_drill")
    fields = _owner_fields(by, fields)
    plan = fields.get("plan")
    if plan is not None and (plan.owner_kind, plan.owner) != (fields.get("owner_kind"), _owner_of(fields)):
        raise ValidationError({"plan": "只能选择本单位的应急预案"})
    return _create(Drill, by=by, action="演练计划登记", created_by=by, **fields)


def _owner_of(fields: dict[str, Any]):
    return {
        OwnerKind.GOVERNMENT: fields.get("region"),
        OwnerKind.DEPARTMENT: fields.get("department"),
        OwnerKind.ENTERPRISE: fields.get("enterprise"),
    }.get(fields.get("owner_kind"))


@transaction.atomic
def drill_update(*, drill: Drill, by: User, **fields: Any) -> Drill:
    DRILL.require(by, "edit", drill)
    for name in ("owner_kind", "region", "department", "enterprise", "status", "held_on"):
        fields.pop(name, None)
    plan = fields.get("plan")
    if plan is not None and (plan.owner_kind, plan.owner) != (drill.owner_kind, drill.owner):
        raise ValidationError({"plan": "只能选择本单位的应急预案"})
    return _update(drill, by=by, action="演练计划修改", fields=fields)


@transaction.atomic
def drill_record(
    *, drill: Drill, by: User, held_on: dt.date, participant_count: int, participants: str = "",
    evaluation: str = "", rating: str = "",
) -> Drill:
    """The drill was held: date, participants, evaluation (the frequency rules count held drills)."""
    DRILL.require(by, "record", drill)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "举行日期不能晚于今天"})
    return _update(drill, by=by, action="演练情况登记", fields={
        "status": DrillStatus.HELD, "held_on": held_on, "participant_count": participant_count,
        "participants": participants, "evaluation": evaluation, "rating": rating,
    })


@transaction.atomic
def drill_cancel(*, drill: Drill, by: User, reason: str) -> Drill:
    DRILL.require(by, "cancel", drill)
    if not reason.strip():
        raise ValidationError({"reason": "请填写取消原因"})
    drill = _update(drill, by=by, action="演练取消", fields={"status": DrillStatus.CANCELLED})
    audit_record(actor=by, action="演练取消原因", obj=drill, note=reason)
    return drill


@transaction.atomic
def drill_photo_add(*, drill: Drill, by: User, image, caption: str = "") -> DrillPhoto:
    DRILL.require(by, "photo", drill)
    photo = DrillPhoto.objects.create(drill=drill, image=image, caption=caption, uploaded_by=by)
    audit_record(actor=by, action="演练照片上传", obj=drill, note=photo.image.name)
    return photo


@transaction.atomic
def drill_finding_add(
    *, drill: Drill, by: User, description: str, action: str = FindingAction.RECORD,
    hazard_deadline: dt.date | None = None,
) -> DrillFinding:
    """A drill finding: ``plan_revision`` opens a revision of the drill's plan; ``hazard`` registers an
    一般隐患 of the drilling enterprise in the one hazard ledger (source 企业自查, linked to the drill)."""
    DRILL.require(by, "finding", drill)
    if not description.strip():
        raise ValidationError({"description": "请填写发现的问题"})
    if action not in FindingAction.values:
        raise ValidationError({"action": "处理方式无效"})
    revision = hazard = None
    if action == FindingAction.PLAN_REVISION:
        if drill.plan is None:
            raise ValidationError({"action": "该演练未关联应急预案，不能启动预案修订"})
        revision = plan_open_revision(
            plan=drill.plan, by=by, source=RevisionSource.DRILL, reason=description, drill=drill
        )
    elif action == FindingAction.HAZARD:
        if drill.owner_kind != OwnerKind.ENTERPRISE:
            raise ValidationError({"action": "只有企业演练发现的问题可以登记为该企业的隐患"})
        if hazard_deadline is None:
            raise ValidationError({"hazard_deadline": "登记为隐患时请填写整改期限"})
        if hazard_deadline < timezone.localdate():
            raise ValidationError({"hazard_deadline": "整改期限不能早于今天"})
        hazard = hazard_report(
            enterprise=drill.enterprise, reporter=by, source=HazardSource.SELF_CHECK, grade=HazardGrade.GENERAL,
            description=description, deadline=hazard_deadline, location=drill.location, category="应急演练",
            origin=drill, note=f"应急演练“{drill.title}”发现",
        )
    finding = DrillFinding.objects.create(
        drill=drill, description=description.strip(), action=action, revision=revision, hazard=hazard,
        recorded_by=by,
    )
    audit_record(actor=by, action="演练发现问题登记", obj=drill, note=finding.description[:200])
    return finding


# ---------------------------------------------------------------- teams, depots, supplies


@transaction.atomic
def team_create(*, by: User, **fields: Any) -> RescueTeam:
    require(by, "emergency.add_team")
    return _create(RescueTeam, by=by, action="救援队伍登记", **_owner_fields(by, fields))


@transaction.atomic
def team_update(*, team: RescueTeam, by: User, **fields: Any) -> RescueTeam:
    require(by, "emergency.change_team", team)
    return _update(team, by=by, action="救援队伍修改", fields=_keep_owner(by, fields))


@transaction.atomic
def member_save(*, team: RescueTeam, by: User, member: TeamMember | None = None, **fields: Any) -> TeamMember:
    require(by, "emergency.change_members", team)
    if member is None:
        return _create(TeamMember, by=by, action="救援队员登记", team=team, **fields)
    if member.team_id != team.pk:
        raise ValidationError("队员不属于该队伍")
    return _update(member, by=by, action="救援队员修改", fields=fields)


@transaction.atomic
def depot_create(*, by: User, **fields: Any) -> Depot:
    require(by, "emergency.add_depot")
    return _create(Depot, by=by, action="储备库登记", **_owner_fields(by, fields))


@transaction.atomic
def depot_update(*, depot: Depot, by: User, **fields: Any) -> Depot:
    require(by, "emergency.change_depot", depot)
    return _update(depot, by=by, action="储备库修改", fields=_keep_owner(by, fields))


@transaction.atomic
def supply_save(*, depot: Depot, by: User, item: SupplyItem | None = None, **fields: Any) -> SupplyItem:
    require(by, "emergency.change_supplies", depot)
    if fields.get("quantity") is not None and fields["quantity"] < 0:
        raise ValidationError({"quantity": "库存数量不能为负数"})
    if item is None:
        return _create(SupplyItem, by=by, action="物资入库登记", depot=depot, **fields)
    if item.depot_id != depot.pk:
        raise ValidationError("物资不属于该储备库")
    return _update(item, by=by, action="物资信息修改", fields=fields)


def _keep_owner(by: User, fields: dict[str, Any]) -> dict[str, Any]:
    if not can(by, "emergency.assign_owner"):
        for name in ("owner_kind", "region", "department", "enterprise"):
            fields.pop(name, None)
    return fields


# ---------------------------------------------------------------- experts, shelters


@transaction.atomic
def expert_save(*, by: User, expert: Expert | None = None, **fields: Any) -> Expert:
    require(by, "emergency.manage_experts")
    if expert is None:
        return _create(Expert, by=by, action="专家入库", **fields)
    return _update(expert, by=by, action="专家信息修改", fields=fields)


@transaction.atomic
def shelter_save(*, by: User, shelter: Shelter | None = None, **fields: Any) -> Shelter:
    """A street keeps the shelters of its own street (the region is always its own); the office any."""
    require(by, "emergency.add_shelter")
    if not can(by, "emergency.change_shelter", None):  # a street: its own street, whatever the form said
        fields["region"] = by.region
    require(by, "emergency.change_shelter", fields.get("region") or (shelter.region if shelter else None))
    if shelter is not None:
        require(by, "emergency.change_shelter", shelter.region)
        return _update(shelter, by=by, action="避难场所修改", fields=fields)
    return _create(Shelter, by=by, action="避难场所登记", **fields)


# ---------------------------------------------------------------- duty roster and event log


@transaction.atomic
def duty_assign(*, by: User, date: dt.date, shift: str, leader: str, officer: str, phone: str) -> DutyAssignment:
    require(by, "emergency.assign_duty")
    existing = DutyAssignment.objects.select_for_update().filter(date=date, shift=shift).first()
    fields = {"leader": leader, "officer": officer, "phone": phone}
    if existing is not None:
        if existing.handed_over_at:
            raise ValidationError("该班次已交班，不能再调整")
        return _update(existing, by=by, action="值班调整", fields=fields)
    return _create(DutyAssignment, by=by, action="值班安排", date=date, shift=shift, **fields)


@transaction.atomic
def duty_handover(*, duty: DutyAssignment, by: User, note: str) -> DutyAssignment:
    require(by, "emergency.hand_over")
    duty = DutyAssignment.objects.select_for_update().get(pk=duty.pk)
    if duty.handed_over_at:
        raise ValidationError("该班次已交班")
    if not note.strip():
        raise ValidationError({"note": "请填写交接班记录"})
    return _update(duty, by=by, action="交接班", fields={
        "handover_note": note.strip(), "handed_over_at": timezone.now(), "handed_over_by": by,
    })


@transaction.atomic
def event_record(*, by: User, **fields: Any) -> EventReport:
    require(by, "emergency.record_event")
    if fields.get("received_at") and fields["received_at"] > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"received_at": "接报时间不能晚于当前时间"})
    return _create(EventReport, by=by, action="接报登记", recorded_by=by, **fields)


@transaction.atomic
def event_update(*, event: EventReport, by: User, **fields: Any) -> EventReport:
    require(by, "emergency.change_event")
    return _update(event, by=by, action="接报处置更新", fields=fields)


@transaction.atomic
def event_to_accident(*, event: EventReport, by: User, **accident_fields: Any) -> Accident:
    """接报转事故: the accidents app registers the accident (首报 at the time the call was received);
    the event keeps the link and is closed."""
    require(by, "emergency.change_event")
    event = EventReport.objects.select_for_update().get(pk=event.pk)
    if event.accident_id:
        raise ValidationError("该接报已转为事故记录")
    accident_fields.setdefault("region", event.region)
    accident_fields.setdefault("enterprise", event.enterprise)
    accident_fields.setdefault("summary", event.content)
    accident = accident_report(
        by=by, reported_at=event.received_at, reporter_name=event.caller, **accident_fields,
    )
    event.accident, event.status = accident, EventStatus.CLOSED
    event.save(update_fields=["accident", "status"])
    audit_record(actor=by, action="接报转事故", obj=event, changes={"accident": [None, str(accident)]})
    return accident


# ---------------------------------------------------------------- 风险每月一报送


@transaction.atomic
def risk_report_file(
    *, by: User, month: dt.date, major_count: int, high_count: int, general_count: int, low_count: int,
    situation: str, measures: str = "",
) -> RiskMonthlyReport:
    """A street or department files its month; filing after the due day is recorded as late."""
    require(by, "emergency.file_risk_report")
    reporter = report_reporter(by)
    month = month_start(month)
    today = timezone.localdate()
    if month > month_start(today):
        raise ValidationError({"month": "不能报送未来月份"})
    exists = RiskMonthlyReport.objects.filter(month=month, **reporter).exists()
    if exists:
        raise ValidationError({"month": f"{month:%Y年%m月}已报送，不能重复报送"})
    due = report_due_date(month, settings.EMERGENCY_RISK_REPORT_DUE_DAY)
    return _create(
        RiskMonthlyReport, by=by, action="风险月报报送", month=month, major_count=major_count,
        high_count=high_count, general_count=general_count, low_count=low_count, situation=situation,
        measures=measures, filed_by=by, filed_at=timezone.now(), late=today > due, **reporter,
    )
