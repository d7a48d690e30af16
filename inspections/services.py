"""Every write of the inspections app (keyword-only, one transaction, audited, state checked first).

Hazards found on the spot enter the one ledger through ``hazards.services.hazard_report`` (source
网格巡查 / 执法检查 / 双随机抽查, ``origin`` = the patrol or inspection); re-inspections close or
re-open them through ``hazards.services.hazard_verify``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Department, User
from accounts.notifications import notify
from accounts.services import audit_record, model_changes
from enterprises.models import Enterprise
from hazards.choices import OPEN_STATUSES, CheckResult, HazardSource, HazardStatus
from hazards.models import CheckItem, CheckTemplate, Hazard
from hazards.services import hazard_report, hazard_verify
from safety_platform.uploads import validate_image

from . import draws
from .choices import (
    DocumentKind,
    DrawStatus,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    PatrolStatus,
    PenaltyStatus,
    PlanStatus,
    ReinspectionConclusion,
    SignOff,
)
from .models import (
    Conflict,
    DocumentCounter,
    DrawItem,
    EnforcementDocument,
    EnforcementPlan,
    Inspection,
    InspectionAnswer,
    Patrol,
    PatrolAnswer,
    PatrolPhoto,
    Penalty,
    RandomDraw,
    Reinspection,
    ReinspectionResult,
)
from .rules import document_number, haversine_m, minor_violations
from .signals import penalty_decided

OFFICE_ROLES = (Role.OFFICE, Role.ADMIN)

# ---------------------------------------------------------------------------------------------
# helpers


def _is_office(user: User) -> bool:
    return user.is_superuser or user.role in OFFICE_ROLES


def _require_enterprise_scope(user: User, enterprise: Enterprise) -> None:
    if not Enterprise.objects.for_user(user).filter(pk=enterprise.pk).exists():
        raise PermissionDenied("该企业不在您的管辖范围内")


def checklist_items(enterprise: Enterprise) -> QuerySet[CheckItem]:
    """The enterprise's checklist: the items of every check template that applies to it."""
    return (
        CheckItem.objects.filter(template__in=CheckTemplate.objects.for_enterprise(enterprise))
        .select_related("template")
        .order_by("template__name", "template_id", "order", "id")
    )


def _clean_answers(enterprise: Enterprise, answers: Sequence[dict]) -> list[tuple[CheckItem, dict]]:
    items = {i.pk: i for i in checklist_items(enterprise)}
    errors, pairs = [], []
    for a in answers:
        raw = a.get("item")
        item_id = raw.pk if isinstance(raw, CheckItem) else int(raw or 0)
        if item_id not in items:
            errors.append(f"检查项 {item_id} 不属于该企业适用的检查表")
            continue
        if not a.get("result"):
            continue  # not answered yet: a draft may be partial
        if a["result"] not in CheckResult.values:
            errors.append(f"“{items[item_id].description}”：请选择合格、不合格或不涉及")
            continue
        pairs.append((items[item_id], a))
    if errors:
        raise ValidationError({"answers": errors})
    return pairs


def _validate_photos(photos: Sequence[Any]) -> None:
    errors = []
    for f in photos:
        try:
            validate_image(f)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"photos": errors})


def origin_hazards(obj) -> QuerySet[Hazard]:
    """The hazards a patrol or an inspection put into the ledger."""
    return Hazard.objects.filter(origin_type=ContentType.objects.get_for_model(obj), origin_id=str(obj.pk))


# ---------------------------------------------------------------------------------------------
# 网格巡查 — each step is saved server-side on the draft


def _lock_patrol(patrol: Patrol, by: User) -> Patrol:
    locked = Patrol.objects.select_for_update().select_related("enterprise").get(pk=patrol.pk)
    if locked.officer_id != by.pk and not by.is_superuser:
        raise PermissionDenied("只有开始这次巡查的网格员可以填写")
    if locked.status != PatrolStatus.DRAFT:
        raise ValidationError("这次巡查已完成，不能再修改")
    return locked


@transaction.atomic
def patrol_start(*, enterprise: Enterprise, by: User) -> Patrol:
    """Start a patrol, or resume this officer's unfinished draft at the enterprise (so that a
    reload or a second tap after a lost connection never opens a second visit)."""
    if by.role != Role.GRID and not by.is_superuser:
        raise PermissionDenied("网格巡查由网格员发起")
    _require_enterprise_scope(by, enterprise)
    draft = Patrol.objects.filter(enterprise=enterprise, officer=by, status=PatrolStatus.DRAFT).first()
    if draft is not None:
        return draft
    patrol = Patrol.objects.create(enterprise=enterprise, region_id=enterprise.region_id, officer=by)
    audit_record(actor=by, action="网格巡查开始", obj=patrol)
    return patrol


@transaction.atomic
def patrol_record_location(
    *, patrol: Patrol, by: User, lat: Decimal | float, lng: Decimal | float, accuracy_m: int | None = None
) -> Patrol:
    """Store the browser's position and its distance to the enterprise's registered lng/lat;
    farther than the setting is flagged (a warning, not a refusal: registered coordinates can be off)."""
    patrol = _lock_patrol(patrol, by)
    errors = {}
    if lat is None or not -90 <= float(lat) <= 90:
        errors["lat"] = "纬度无效"
    if lng is None or not -180 <= float(lng) <= 180:
        errors["lng"] = "经度无效"
    if errors:
        raise ValidationError(errors)
    ent = patrol.enterprise
    patrol.lat, patrol.lng = Decimal(str(round(float(lat), 6))), Decimal(str(round(float(lng), 6)))
    patrol.accuracy_m = int(accuracy_m) if accuracy_m is not None else None
    patrol.located_at = timezone.now()
    if ent.lat is not None and ent.lng is not None:
        patrol.distance_m = round(haversine_m(lat, lng, ent.lat, ent.lng))
        patrol.far_from_enterprise = patrol.distance_m > settings.INSPECTION_PATROL_MAX_DISTANCE_M
    else:
        patrol.distance_m, patrol.far_from_enterprise = None, False
    patrol.save()
    audit_record(actor=by, action="网格巡查定位", obj=patrol,
                 changes={"lat": str(patrol.lat), "lng": str(patrol.lng), "distance_m": patrol.distance_m})
    return patrol


@transaction.atomic
def patrol_save_answers(*, patrol: Patrol, by: User, answers: Sequence[dict]) -> Patrol:
    """Save (a part of) the checklist: [{item, result, note}]; unanswered items stay open."""
    patrol = _lock_patrol(patrol, by)
    pairs = _clean_answers(patrol.enterprise, answers)
    existing = {a.item_id: a for a in patrol.answers.all()}
    for item, a in pairs:
        row = existing.get(item.pk) or PatrolAnswer(patrol=patrol, item=item)
        row.result, row.note = a["result"], (a.get("note") or "").strip()[:300]
        if row.result != CheckResult.FAIL:
            row.hazard = None
        row.save()
    patrol.save(update_fields=["saved_at"])
    audit_record(actor=by, action="网格巡查检查表保存", obj=patrol, changes={"answered": len(pairs)})
    return patrol


@transaction.atomic
def patrol_add_photos(*, patrol: Patrol, by: User, photos: Sequence[Any], caption: str = "") -> list[PatrolPhoto]:
    patrol = _lock_patrol(patrol, by)
    if not photos:
        raise ValidationError({"photos": "请拍摄或选择照片"})
    _validate_photos(photos)
    rows = []
    for f in photos:
        row = PatrolPhoto(patrol=patrol, caption=caption.strip()[:100], uploaded_by=by)
        row.image.save(getattr(f, "name", "photo.jpg").rsplit("/", 1)[-1], f, save=False)
        row.save()
        rows.append(row)
    patrol.save(update_fields=["saved_at"])
    audit_record(actor=by, action="网格巡查照片", obj=patrol, changes={"count": len(rows)})
    return rows


@transaction.atomic
def patrol_record_hazard(
    *,
    patrol: Patrol,
    by: User,
    grade: str,
    description: str,
    deadline: dt.date,
    location: str = "",
    responsible: str = "",
    photos: Sequence[Any] = (),
    item: CheckItem | None = None,
) -> Hazard:
    """A hazard found on the spot goes straight into the one ledger (source 网格巡查); linked to a
    checklist item, that item is answered 不合格."""
    patrol = _lock_patrol(patrol, by)
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": "整改期限不能早于今天"})
    if item is not None and not checklist_items(patrol.enterprise).filter(pk=item.pk).exists():
        raise ValidationError({"item": "检查项不属于该企业适用的检查表"})
    hazard = hazard_report(
        enterprise=patrol.enterprise, reporter=by, source=HazardSource.GRID, grade=grade, description=description,
        deadline=deadline, location=location, responsible=responsible, photos=photos, origin=patrol,
        category=item.category if item is not None else "",
        note=f"网格巡查现场发现{'：' + item.description if item is not None else ''}",
    )
    if item is not None:
        PatrolAnswer.objects.update_or_create(
            patrol=patrol, item=item, defaults={"result": CheckResult.FAIL, "hazard": hazard}
        )
    patrol.save(update_fields=["saved_at"])
    return hazard


@transaction.atomic
def patrol_finish(
    *,
    patrol: Patrol,
    by: User,
    sign_off: str,
    signer_name: str = "",
    refusal_reason: str = "",
    summary: str = "",
    now: dt.datetime | None = None,
) -> Patrol:
    """Finish with the enterprise's sign-off (signer's name) or its recorded refusal. The whole
    checklist must be answered and every 不合格 item recorded as a hazard."""
    patrol = _lock_patrol(patrol, by)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    items = list(checklist_items(patrol.enterprise))
    answers = {a.item_id: a for a in patrol.answers.all()}
    missing = [i.description for i in items if i.pk not in answers]
    if missing:
        errors.setdefault("answers", []).append(
            f"检查表还有 {len(missing)} 项未填写：" + "；".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        )
    unrecorded = [i.description for i in items if i.pk in answers and answers[i.pk].result == CheckResult.FAIL
                  and answers[i.pk].hazard_id is None]
    if unrecorded:
        errors.setdefault("answers", []).append("以下不合格项尚未登记隐患：" + "；".join(unrecorded[:5]))
    if sign_off not in SignOff.values:
        errors["sign_off"] = ["请选择企业签字确认或拒绝签字"]
    elif sign_off == SignOff.SIGNED and not (signer_name or "").strip():
        errors["signer_name"] = ["企业签字确认时请填写签字人姓名"]
    elif sign_off == SignOff.REFUSED and not (refusal_reason or "").strip():
        errors["refusal_reason"] = ["企业拒绝签字时请记录拒签情况"]
    if errors:
        raise ValidationError(errors)
    patrol.status, patrol.finished_at, patrol.visit_date = PatrolStatus.FINISHED, now, timezone.localdate(now)
    patrol.sign_off = sign_off
    patrol.signer_name = signer_name.strip() if sign_off == SignOff.SIGNED else ""
    patrol.refusal_reason = refusal_reason.strip() if sign_off == SignOff.REFUSED else ""
    patrol.summary = (summary or "").strip()
    patrol.hazards_found = origin_hazards(patrol).count()
    patrol.save()
    audit_record(actor=by, action="网格巡查完成", obj=patrol,
                 changes={"sign_off": sign_off, "hazards": patrol.hazards_found, "distance_m": patrol.distance_m})
    return patrol


# ---------------------------------------------------------------------------------------------
# 年度执法计划


def _require_department_officer(by: User) -> Department:
    if by.role != Role.DEPARTMENT or not by.department_id:
        raise PermissionDenied("只有部门执法人员可以办理")
    return by.department


@transaction.atomic
def plan_save(
    *,
    by: User,
    year: int,
    q1: int,
    q2: int,
    q3: int,
    q4: int,
    key_enterprises: Iterable[Enterprise] = (),
    note: str = "",
    plan: EnforcementPlan | None = None,
) -> EnforcementPlan:
    department = _require_department_officer(by)
    creating = plan is None
    if plan is not None:
        plan = EnforcementPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.department_id != department.pk:
            raise PermissionDenied("只能编辑本部门的执法计划")
        if plan.status not in (PlanStatus.DRAFT, PlanStatus.REJECTED):
            raise ValidationError(f"计划已{plan.get_status_display()}，不能再修改")
    elif EnforcementPlan.objects.filter(department=department, year=year).exists():
        raise ValidationError({"year": f"本部门 {year} 年度执法计划已存在"})
    errors = {}
    for name, value in (("q1", q1), ("q2", q2), ("q3", q3), ("q4", q4)):
        if value is None or value < 0:
            errors[name] = "计划检查家次不能为负数"
    key_enterprises = list(key_enterprises)
    outside = [e.name for e in key_enterprises
               if not Enterprise.objects.for_user(by).filter(pk=e.pk).exists()]
    if outside:
        errors["key_enterprises"] = "以下企业不属于本部门监管：" + "、".join(outside)
    if errors:
        raise ValidationError(errors)
    plan = plan or EnforcementPlan(department=department, created_by=by)
    before = {"year": plan.year, "q": plan.quarters if not creating else None, "note": plan.note}
    plan.year, plan.q1, plan.q2, plan.q3, plan.q4, plan.note = year, q1, q2, q3, q4, note.strip()
    plan.full_clean(exclude=["department", "created_by", "decided_by"])
    plan.save()
    plan.key_enterprises.set(key_enterprises)
    audit_record(actor=by, action="执法计划新建" if creating else "执法计划修改", obj=plan,
                 changes=model_changes(before, {"year": plan.year, "q": plan.quarters, "note": plan.note})
                 | {"key_enterprises": len(key_enterprises)})
    return plan


@transaction.atomic
def plan_submit(*, plan: EnforcementPlan, by: User) -> EnforcementPlan:
    department = _require_department_officer(by)
    plan = EnforcementPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.department_id != department.pk:
        raise PermissionDenied("只能报批本部门的执法计划")
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.REJECTED):
        raise ValidationError(f"计划当前状态为“{plan.get_status_display()}”，不能报批")
    if plan.total <= 0:
        raise ValidationError({"q1": "请先填写各季度计划检查家次"})
    old = plan.status
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    plan.save(update_fields=["status", "submitted_at"])
    audit_record(actor=by, action="执法计划报批", obj=plan, changes={"status": [old, plan.status]})
    notify(recipients=User.objects.filter(role=Role.OFFICE, is_active=True), category="inspection",
           title=f"执法计划待审批：{plan}", url=reverse("inspections:plan_detail", kwargs={"pk": plan.pk}),
           dedup_key=f"plan-submit:{plan.pk}:{plan.submitted_at:%Y%m%d%H%M%S}")
    return plan


@transaction.atomic
def plan_decide(*, plan: EnforcementPlan, by: User, approve: bool, note: str = "") -> EnforcementPlan:
    if not _is_office(by):
        raise PermissionDenied("年度执法计划由安委办审批")
    plan = EnforcementPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(f"计划当前状态为“{plan.get_status_display()}”，不能审批")
    if not approve and not (note or "").strip():
        raise ValidationError({"note": "退回时请填写审批意见"})
    old = plan.status
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.REJECTED
    plan.decided_by, plan.decided_at, plan.decision_note = by, timezone.now(), (note or "").strip()
    plan.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=by, action="执法计划审批", obj=plan, changes={"status": [old, plan.status]}, note=note)
    notify(recipients=User.objects.filter(role=Role.DEPARTMENT, department_id=plan.department_id, is_active=True),
           category="inspection", title=f"{plan}{plan.get_status_display()}", body=note,
           url=reverse("inspections:plan_detail", kwargs={"pk": plan.pk}),
           dedup_key=f"plan-decided:{plan.pk}:{plan.decided_at:%Y%m%d%H%M%S}")
    return plan


# ---------------------------------------------------------------------------------------------
# 执法文书 numbers: a counter row locked in the creating transaction (no gaps, no duplicates)


def _next_sequence(department: Department, kind: str, year: int) -> int:
    lookup = {"department": department, "kind": kind, "year": year}
    counter = DocumentCounter.objects.select_for_update().filter(**lookup).first()
    if counter is None:
        try:
            with transaction.atomic():  # a savepoint: a concurrent first number may win the insert
                DocumentCounter.objects.create(**lookup)
        except IntegrityError:
            pass
        counter = DocumentCounter.objects.select_for_update().get(**lookup)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def document_issue(
    *,
    inspection: Inspection,
    kind: str,
    by: User | None,
    body: str,
    issued_on: dt.date | None = None,
    deadline: dt.date | None = None,
    order: EnforcementDocument | None = None,
    hazards: Iterable[Hazard] = (),
) -> EnforcementDocument:
    """Number and store a document of the inspection's department (文号 per department, year, kind)."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": f"未知的文书类型：{kind}"})
    issued_on = issued_on or timezone.localdate()
    department = inspection.department
    sequence = _next_sequence(department, kind, issued_on.year)
    doc = EnforcementDocument.objects.create(
        department=department, kind=kind, year=issued_on.year, sequence=sequence,
        number=document_number(department.short_name or department.name, kind, issued_on.year, sequence),
        enterprise_id=inspection.enterprise_id, region_id=inspection.region_id, inspection=inspection,
        order=order, body=body, deadline=deadline, issued_on=issued_on, issued_by=by,
    )
    hazards = list(hazards)
    if hazards:
        doc.hazards.set(hazards)
    audit_record(actor=by, action=f"签发{doc.get_kind_display()}", obj=doc, changes={"number": doc.number})
    return doc


# ---------------------------------------------------------------------------------------------
# 执法检查


def clean_inspectors(inspectors: Iterable[User], department: Department | None = None) -> list[User]:
    """≥ 2 distinct enforcement officers, each with an 执法证号 (行政处罚法 art. 42)."""
    people = list({u.pk: u for u in inspectors}.values())
    if len(people) < 2:
        raise ValidationError({"inspectors": "执法检查须由 2 名以上执法人员实施，请选择至少 2 名执法人员"})
    uncertified = [str(u) for u in people if not (u.enforcement_cert_no or "").strip()]
    if uncertified:
        raise ValidationError({"inspectors": "以下人员未登记执法证号，不能实施执法检查：" + "、".join(uncertified)})
    not_officers = [str(u) for u in people if u.role != Role.DEPARTMENT or not u.is_active]
    if not_officers:
        raise ValidationError({"inspectors": "以下人员不是在职部门执法人员：" + "、".join(not_officers)})
    if department is not None:
        others = [str(u) for u in people if u.department_id != department.pk]
        if others:
            raise ValidationError({"inspectors": "以下人员不属于本部门：" + "、".join(others)})
    return people


@transaction.atomic
def inspection_start(
    *,
    by: User,
    enterprise: Enterprise | None = None,
    inspected_on: dt.date,
    inspectors: Iterable[User] = (),
    place: str = "",
    draw_item: DrawItem | None = None,
) -> Inspection:
    """Open an inspection record (a draft until finished). From a 双随机 draw item, the drawn
    enterprise and inspectors are used."""
    department = _require_department_officer(by)
    kind = InspectionKind.ENFORCEMENT
    if draw_item is not None:
        draw_item = DrawItem.objects.select_for_update().select_related("draw").get(pk=draw_item.pk)
        if draw_item.draw.department_id != department.pk:
            raise PermissionDenied("该抽取结果不属于本部门")
        if Inspection.objects.filter(draw_item=draw_item).exists():
            raise ValidationError("该抽取结果已建立检查记录")
        enterprise, kind = draw_item.enterprise, InspectionKind.RANDOM
        inspectors = list(draw_item.inspectors.all())
    if enterprise is None:
        raise ValidationError({"enterprise": "请选择被检查单位"})
    _require_enterprise_scope(by, enterprise)
    if inspected_on is None:
        raise ValidationError({"inspected_on": "请填写检查日期"})
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": "检查日期不能晚于今天"})
    people = clean_inspectors(inspectors, department)
    inspection = Inspection.objects.create(
        department=department, enterprise=enterprise, region_id=enterprise.region_id, kind=kind,
        inspected_on=inspected_on, place=place.strip() or enterprise.address, draw_item=draw_item, created_by=by,
    )
    inspection.inspectors.set(people)
    audit_record(actor=by, action="执法检查开始", obj=inspection,
                 changes={"inspectors": [f"{u}（{u.enforcement_cert_no}）" for u in people], "kind": kind})
    return inspection


def _lock_inspection(inspection: Inspection, by: User, *, draft: bool = True) -> Inspection:
    department = _require_department_officer(by)
    locked = Inspection.objects.select_for_update().select_related("enterprise", "department").get(pk=inspection.pk)
    if locked.department_id != department.pk:
        raise PermissionDenied("只能办理本部门的执法检查")
    if draft and locked.status != InspectionStatus.DRAFT:
        raise ValidationError("检查已完成，不能再修改检查内容")
    return locked


@transaction.atomic
def inspection_save_answers(*, inspection: Inspection, by: User, answers: Sequence[dict]) -> Inspection:
    inspection = _lock_inspection(inspection, by)
    pairs = _clean_answers(inspection.enterprise, answers)
    for item, a in pairs:
        InspectionAnswer.objects.update_or_create(
            inspection=inspection, item=item,
            defaults={"result": a["result"], "note": (a.get("note") or "").strip()[:300]},
        )
    audit_record(actor=by, action="执法检查检查表保存", obj=inspection, changes={"answered": len(pairs)})
    return inspection


@transaction.atomic
def inspection_record_hazard(
    *,
    inspection: Inspection,
    by: User,
    grade: str,
    description: str,
    deadline: dt.date,
    location: str = "",
    category: str = "",
    photos: Sequence[Any] = (),
) -> Hazard:
    """A finding becomes a hazard in the one ledger, verified later by this department."""
    inspection = _lock_inspection(inspection, by)
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": "整改期限不能早于今天"})
    source = HazardSource.RANDOM if inspection.kind == InspectionKind.RANDOM else HazardSource.ENFORCEMENT
    return hazard_report(
        enterprise=inspection.enterprise, reporter=by, source=source, grade=grade, description=description,
        deadline=deadline, location=location, category=category, photos=photos, origin=inspection,
        department=inspection.department, note=f"{inspection.get_kind_display()}发现（{inspection.inspected_on:%Y-%m-%d}）",
    )


def _record_body(inspection: Inspection, hazards: list[Hazard]) -> str:
    names = "、".join(f"{u}（执法证号 {u.enforcement_cert_no}）" for u in inspection.inspectors.order_by("pk"))
    fails = [a for a in inspection.answers.select_related("item") if a.result == CheckResult.FAIL]
    lines = [
        f"被检查单位：{inspection.enterprise.name}",
        f"地址：{inspection.enterprise.address}",
        f"法定代表人：{inspection.enterprise.legal_rep}",
        f"检查场所：{inspection.place}",
        f"检查时间：{inspection.inspected_on:%Y年%m月%d日}",
        f"执法人员：{names}",
        "我们是区安全生产监管执法人员，已出示执法证件，依法对你单位进行现场检查。",
        f"检查情况：{inspection.summary or '—'}",
    ]
    if fails:
        lines.append("检查表不合格项：")
        lines += [f"  {n}. {a.item.description}{'（' + a.note + '）' if a.note else ''}" for n, a in enumerate(fails, 1)]
    if hazards:
        lines.append("发现的事故隐患：")
        lines += [f"  {n}. {h.description}（{h.get_grade_display()}，整改期限 {h.deadline:%Y-%m-%d}）"
                  for n, h in enumerate(hazards, 1)]
    else:
        lines.append("本次检查未发现事故隐患。")
    return "\n".join(lines)


@transaction.atomic
def inspection_finish(*, inspection: Inspection, by: User, summary: str, now: dt.datetime | None = None) -> Inspection:
    """Close the on-site part: the checklist complete, the 现场检查记录 numbered and stored."""
    inspection = _lock_inspection(inspection, by)
    now = now or timezone.now()
    errors = {}
    if not (summary or "").strip():
        errors["summary"] = "请填写检查情况"
    answered = set(inspection.answers.values_list("item_id", flat=True))
    missing = [i.description for i in checklist_items(inspection.enterprise) if i.pk not in answered]
    if missing:
        errors["answers"] = f"检查表还有 {len(missing)} 项未填写：" + "；".join(missing[:5])
    if errors:
        raise ValidationError(errors)
    hazards = list(origin_hazards(inspection).order_by("pk"))
    inspection.summary = summary.strip()
    inspection.status, inspection.finished_at = InspectionStatus.FINISHED, now
    inspection.result = _result_of(inspection, hazards)
    inspection.save()
    document_issue(inspection=inspection, kind=DocumentKind.RECORD, by=by, body=_record_body(inspection, hazards),
                   issued_on=inspection.inspected_on)
    audit_record(actor=by, action="执法检查完成", obj=inspection,
                 changes={"result": inspection.result, "hazards": len(hazards)})
    return inspection


def _result_of(inspection: Inspection, hazards: list[Hazard]) -> str:
    if inspection.penalties.exclude(status=PenaltyStatus.EXEMPT).exists():
        return InspectionResult.PENALTY
    if hazards or inspection.penalties.exists():
        return InspectionResult.RECTIFY
    return InspectionResult.NO_ISSUE


@transaction.atomic
def inspection_issue_order(
    *, inspection: Inspection, by: User, hazards: Iterable[Hazard], deadline: dt.date, requirement: str = ""
) -> EnforcementDocument:
    """责令限期整改指令书 for hazards this inspection found (each hazard in one order only)."""
    inspection = _lock_inspection(inspection, by, draft=False)
    hazards = list(hazards)
    errors = {}
    if not hazards:
        errors["hazards"] = "请选择需要限期整改的隐患"
    own = set(origin_hazards(inspection).values_list("pk", flat=True))
    if any(h.pk not in own for h in hazards):
        errors["hazards"] = "只能对本次检查发现的隐患签发整改指令"
    closed = [h.number for h in hazards if h.status not in OPEN_STATUSES]
    if closed:
        errors["hazards"] = "以下隐患已销号：" + "、".join(closed)
    already = EnforcementDocument.objects.filter(kind=DocumentKind.ORDER, hazards__in=hazards).values_list("number", flat=True)
    if already:
        errors["hazards"] = "所选隐患已包含在整改指令书 " + "、".join(sorted(set(already))) + " 中"
    if deadline is None or deadline < timezone.localdate():
        errors["deadline"] = "整改期限不能早于今天"
    if errors:
        raise ValidationError(errors)
    lines = [f"{inspection.enterprise.name}：",
             f"经查，你单位存在下列问题（{inspection.inspected_on:%Y年%m月%d日}现场检查）："]
    lines += [f"  {n}. {h.description}" for n, h in enumerate(hazards, 1)]
    lines.append(f"依据《中华人民共和国安全生产法》第六十五条的规定，责令你单位于 {deadline:%Y年%m月%d日} 前整改完毕，"
                 "达到有关法律法规规章和标准规定的要求。")
    if requirement.strip():
        lines.append(f"整改要求：{requirement.strip()}")
    lines.append("整改期间，你单位应当采取措施，确保安全生产。对安全生产监管执法部门的此项决定不服的，"
                 "可以依法申请行政复议或者提起行政诉讼。")
    return document_issue(inspection=inspection, kind=DocumentKind.ORDER, by=by, body="\n".join(lines),
                          deadline=deadline, hazards=hazards)


def is_first_minor_violation(*, enterprise: Enterprise, violation_code: str, on: dt.date) -> bool:
    """首违不罚: the violation is on the list and the enterprise has no record of it in the window."""
    if violation_code not in minor_violations():
        return False
    since = on - dt.timedelta(days=settings.INSPECTION_REPEAT_WINDOW_DAYS)
    return not Penalty.objects.filter(
        enterprise=enterprise, violation_code=violation_code, decided_on__gte=since, decided_on__lte=on
    ).exists()


@transaction.atomic
def violation_handle(
    *,
    inspection: Inspection,
    by: User,
    violation_code: str,
    violation: str,
    legal_basis: str = "",
    amount: Decimal | None = None,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> Penalty:
    """Decide the path for a violation: a listed minor first violation gets a 责令限期整改指令书
    (首违不罚, no fine); anything else — or a repeat within the window — a 行政处罚决定书."""
    inspection = _lock_inspection(inspection, by, draft=False)
    today = today or timezone.localdate()
    Enterprise.objects.select_for_update().filter(pk=inspection.enterprise_id).first()  # one decision at a time
    errors = {}
    if not (violation or "").strip():
        errors["violation"] = "请填写违法事实"
    if not (violation_code or "").strip():
        errors["violation_code"] = "请选择违法行为类别"
    if errors:
        raise ValidationError(errors)
    minor = minor_violations()
    label = minor.get(violation_code, "其他违法行为")
    exempt = is_first_minor_violation(enterprise=inspection.enterprise, violation_code=violation_code, on=today)
    ent = inspection.enterprise
    if exempt:
        if deadline is None or deadline < today:
            raise ValidationError({"deadline": "首违不罚须责令限期改正：请填写改正期限（不早于今天）"})
        body = "\n".join([
            f"{ent.name}：",
            f"经查，你单位存在下列违法行为：{violation.strip()}（{label}）。",
            "鉴于你单位系初次违法且危害后果轻微，依据《中华人民共和国行政处罚法》第三十三条第一款，"
            "决定不予行政处罚（首违不罚）。",
            f"责令你单位于 {deadline:%Y年%m月%d日} 前改正。逾期未改正或再次发生同类违法行为的，将依法予以处罚。",
        ])
        doc = document_issue(inspection=inspection, kind=DocumentKind.ORDER, by=by, body=body, deadline=deadline,
                             issued_on=today)
        status, amount = PenaltyStatus.EXEMPT, None
    else:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": "处罚决定须填写罚款金额（大于 0）"
                                   + ("：该违法行为在时限内再次发生，不适用首违不罚" if violation_code in minor else "")})
        if not (legal_basis or "").strip():
            raise ValidationError({"legal_basis": "请填写处罚依据（法律条款）"})
        repeat = violation_code in minor
        body = "\n".join([
            f"当事人：{ent.name}　统一社会信用代码：{ent.uscc}",
            f"地址：{ent.address}　法定代表人：{ent.legal_rep}",
            f"违法事实：{violation.strip()}（{label}）。" + ("该违法行为系再次发生，不适用首违不罚。" if repeat else ""),
            f"处罚依据：{legal_basis.strip()}",
            f"处罚决定：罚款人民币 {amount:,.2f} 元。",
            "当事人应当自收到本决定书之日起十五日内缴纳罚款。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。",
            "当事人对本决定不服的，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。",
        ])
        doc = document_issue(inspection=inspection, kind=DocumentKind.PENALTY, by=by, body=body, issued_on=today)
        status = PenaltyStatus.DECIDED
    penalty = Penalty.objects.create(
        inspection=inspection, enterprise=ent, region_id=inspection.region_id, department_id=inspection.department_id,
        violation_code=violation_code, violation=violation.strip(), legal_basis=(legal_basis or "").strip(),
        amount=amount, status=status, document=doc, decided_on=today, decided_by=by,
    )
    if status == PenaltyStatus.DECIDED:  # e.g. the 严重违法失信名单 records it as a new violation
        penalty_decided.send(sender=Penalty, penalty=penalty, description=f"{label}：{violation.strip()}"[:300])
    if inspection.status == InspectionStatus.FINISHED:
        inspection.result = _result_of(inspection, list(origin_hazards(inspection)))
        inspection.save(update_fields=["result"])
    audit_record(actor=by, action="违法行为处理", obj=penalty,
                 changes={"status": status, "amount": str(amount) if amount else None, "document": doc.number})
    return penalty


@transaction.atomic
def penalty_mark_paid(*, penalty: Penalty, by: User, paid_on: dt.date) -> Penalty:
    department = _require_department_officer(by)
    penalty = Penalty.objects.select_for_update().get(pk=penalty.pk)
    if penalty.department_id != department.pk:
        raise PermissionDenied("只能办理本部门的处罚")
    if penalty.status != PenaltyStatus.DECIDED:
        raise ValidationError(f"处罚当前状态为“{penalty.get_status_display()}”，不能登记缴纳")
    if paid_on is None or paid_on < penalty.decided_on or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "缴纳日期应在决定日期和今天之间"})
    penalty.status, penalty.paid_on = PenaltyStatus.PAID, paid_on
    penalty.save(update_fields=["status", "paid_on"])
    audit_record(actor=by, action="罚款缴纳登记", obj=penalty, changes={"status": [PenaltyStatus.DECIDED, penalty.status]})
    return penalty


@transaction.atomic
def reinspection_record(
    *,
    order: EnforcementDocument,
    by: User,
    inspected_on: dt.date,
    inspectors: Iterable[User],
    results: dict[int, tuple[bool, str]],
    note: str = "",
    rectified: bool | None = None,
) -> Reinspection:
    """复查 of an order. Each hazard of the order: rectified → verified closed (销号) through
    ``hazard_verify`` (on site, whether or not the enterprise submitted it); not rectified → sent back
    to rectification (re-opened) with the reason on its timeline. An order without hazards (首违不罚) takes ``rectified`` for the whole."""
    department = _require_department_officer(by)
    order = EnforcementDocument.objects.select_for_update().select_related("inspection", "enterprise").get(pk=order.pk)
    if order.kind != DocumentKind.ORDER:
        raise ValidationError("只能对责令限期整改指令书进行复查")
    if order.department_id != department.pk:
        raise PermissionDenied("只能复查本部门签发的整改指令")
    if order.reinspections.filter(conclusion=ReinspectionConclusion.PASSED).exists():
        raise ValidationError("该整改指令已复查合格，无需再次复查")
    if inspected_on is None or inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": "复查日期不能晚于今天"})
    people = clean_inspectors(inspectors, department)
    hazards = list(order.hazards.order_by("pk"))
    errors = []
    missing = [h.number for h in hazards if h.pk not in results]
    if missing:
        errors.append("请对每条隐患给出复查结论：" + "、".join(missing))
    for h in hazards:
        passed, _ = results.get(h.pk, (False, ""))
        if not passed and h.status == HazardStatus.CLOSED:
            errors.append(f"隐患 {h.number} 已销号，复查不能判定为未整改")
    if not hazards and rectified is None:
        errors.append("请选择复查结论")
    if errors:
        raise ValidationError({"results": errors})
    all_passed = all(results[h.pk][0] for h in hazards) if hazards else bool(rectified)
    conclusion = ReinspectionConclusion.PASSED if all_passed else ReinspectionConclusion.FAILED
    for h in hazards:
        passed, text = results[h.pk]
        if h.status in OPEN_STATUSES:  # verified on site (现场复查), submitted or not
            hazard_verify(hazard=h, by=by, passed=passed,
                          note=f"复查（{order.number}）：{text or ('已整改' if passed else '未整改到位')}")
    lines = [f"{order.enterprise.name}：",
             f"本部门于 {inspected_on:%Y年%m月%d日} 对你单位执行《责令限期整改指令书》（{order.number}）的情况进行了复查，"
             "复查情况如下："]
    lines += [f"  {n}. {h.description}：{'已整改' if results[h.pk][0] else '未整改到位'}"
              f"{'（' + results[h.pk][1] + '）' if results[h.pk][1] else ''}" for n, h in enumerate(hazards, 1)]
    lines.append(f"复查结论：{ReinspectionConclusion(conclusion).label}。" + (note.strip() if note else ""))
    if conclusion == ReinspectionConclusion.FAILED:
        lines.append("对未整改到位的问题，本部门将依法处理。")
    doc = document_issue(inspection=order.inspection, kind=DocumentKind.REVIEW, by=by, body="\n".join(lines),
                         issued_on=inspected_on, order=order, hazards=hazards)
    rec = Reinspection.objects.create(order=order, inspected_on=inspected_on, conclusion=conclusion,
                                     note=(note or "").strip(), document=doc, created_by=by)
    rec.inspectors.set(people)
    ReinspectionResult.objects.bulk_create([
        ReinspectionResult(reinspection=rec, hazard=h, passed=results[h.pk][0], note=results[h.pk][1][:300])
        for h in hazards
    ])
    audit_record(actor=by, action="整改复查", obj=rec, changes={"conclusion": conclusion, "document": doc.number})
    return rec


# ---------------------------------------------------------------------------------------------
# 双随机一公开


@transaction.atomic
def conflict_declare(*, by: User, inspector: User, enterprise: Enterprise, reason: str) -> Conflict:
    """回避申报: an officer declares for itself, or the office for anyone."""
    if not _is_office(by):
        department = _require_department_officer(by)
        if inspector.department_id != department.pk:
            raise PermissionDenied("只能为本部门人员申报回避")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写回避事由"})
    if Conflict.objects.filter(inspector=inspector, enterprise=enterprise).exists():
        raise ValidationError({"enterprise": f"{inspector} 已申报对该企业回避"})
    conflict = Conflict.objects.create(inspector=inspector, enterprise=enterprise, reason=reason.strip(), declared_by=by)
    audit_record(actor=by, action="回避申报", obj=conflict, note=reason)
    return conflict


@transaction.atomic
def draw_create(
    *,
    by: User,
    title: str,
    criteria: dict[str, Any],
    enterprise_count: int,
    inspectors_per_enterprise: int = 2,
    seed: int | None = None,
) -> RandomDraw:
    """Draw N enterprises from the pool and ≥ 2 inspectors for each, store seed, snapshot and hash."""
    department = _require_department_officer(by)
    errors = {}
    if not (title or "").strip():
        errors["title"] = "请填写抽查任务名称"
    if inspectors_per_enterprise is None or inspectors_per_enterprise < 2:
        errors["inspectors_per_enterprise"] = "每家企业至少抽取 2 名执法人员"
    if enterprise_count is None or enterprise_count < 1:
        errors["enterprise_count"] = "抽取企业数至少为 1"
    if errors:
        raise ValidationError(errors)
    drawn_at = timezone.now()
    seed = seed if seed is not None else secrets.randbits(62)
    snapshot = draws.build_snapshot(department=department, criteria=criteria, enterprise_count=enterprise_count,
                                    inspectors_per_enterprise=inspectors_per_enterprise, as_of=drawn_at)
    result = draws.run_draw(snapshot, seed)
    draw = RandomDraw.objects.create(
        department=department, title=title.strip(), criteria=snapshot["criteria"], enterprise_count=enterprise_count,
        inspectors_per_enterprise=inspectors_per_enterprise, seed=seed, snapshot=snapshot,
        pool_hash=draws.snapshot_hash(snapshot), drawn_at=drawn_at, drawn_by=by,
    )
    items = DrawItem.objects.bulk_create(
        [DrawItem(draw=draw, position=n, enterprise_id=eid) for n, (eid, _) in enumerate(result, 1)]
    )
    through = DrawItem.inspectors.through
    through.objects.bulk_create(
        [through(drawitem_id=item.pk, user_id=uid) for item, (_, uids) in zip(items, result) for uid in uids]
    )
    audit_record(actor=by, action="双随机抽取", obj=draw,
                 changes={"seed": str(seed), "pool_hash": draw.pool_hash, "pool_size": len(snapshot["enterprises"]),
                          "inspector_pool": len(snapshot["inspectors"]), "drawn": [eid for eid, _ in result]})
    return draw


@transaction.atomic
def draw_publish(*, draw: RandomDraw, by: User, now: dt.datetime | None = None) -> int:
    """Publish the results of the finished inspections of the draw (enterprise, date, result) on
    the public page. Returns how many were published now."""
    now = now or timezone.now()
    draw = RandomDraw.objects.select_for_update().get(pk=draw.pk)
    if not _is_office(by):
        department = _require_department_officer(by)
        if draw.department_id != department.pk:
            raise PermissionDenied("只能公开本部门的抽查结果")
    ready = list(draw.items.filter(published_at__isnull=True, inspection__status=InspectionStatus.FINISHED))
    if not ready:
        raise ValidationError("没有可公开的检查结果：抽取的企业尚未完成检查，或结果均已公开")
    DrawItem.objects.filter(pk__in=[i.pk for i in ready]).update(published_at=now)
    if not draw.items.filter(published_at__isnull=True).exists():
        draw.status = DrawStatus.PUBLISHED
        draw.save(update_fields=["status"])
    audit_record(actor=by, action="双随机结果公开", obj=draw, changes={"published": [i.enterprise_id for i in ready]})
    return len(ready)


def publications_flag_overdue(*, today: dt.date) -> int:
    """双随机 results not published within the working-day limit: tell the department's officers
    (and the office) once per draw and day. Returns how many overdue results were found."""
    from .selectors import overdue_publications

    overdue = overdue_publications(DrawItem.objects.all(), today)
    by_draw: dict[int, list] = {}
    for row in overdue:
        by_draw.setdefault(row.item.draw_id, []).append(row)
    office = list(User.objects.filter(role=Role.OFFICE, is_active=True))
    for draw_id, rows in by_draw.items():
        draw = rows[0].item.draw
        notify(
            recipients=[*User.objects.filter(role=Role.DEPARTMENT, department_id=draw.department_id, is_active=True),
                        *office],
            category="inspection", title=f"双随机抽查结果逾期未公开：{draw.title}",
            body="、".join(f"{r.item.enterprise.name}（应于 {r.due:%Y-%m-%d} 前公开）" for r in rows),
            url=reverse("inspections:draw_detail", kwargs={"pk": draw_id}),
            dedup_key=f"draw-publication-overdue:{draw_id}:{today:%Y%m%d}",
        )
    return len(overdue)
