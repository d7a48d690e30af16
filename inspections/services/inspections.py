"""执法检查: ≥ 2 certified officers of one department, the checklist and findings on site, the
numbered 现场检查记录, then 责令限期整改指令书 (inspections.permissions.INSPECTION)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Department, User
from accounts.permissions import require
from accounts.services import audit_record
from enterprises.models import Enterprise
from hazards.choices import OPEN_STATUSES, CheckResult, HazardSource
from hazards.models import Hazard
from hazards.services import hazard_report

from ..choices import DocumentKind, InspectionKind, InspectionResult, InspectionStatus, PenaltyStatus
from ..models import DrawItem, EnforcementDocument, Inspection, InspectionAnswer
from ..permissions import INSPECTION
from ._common import checklist_items, clean_answers, origin_hazards, require_enterprise_scope
from .documents import document_issue


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
    require(by, "inspections.create_inspection")
    department = by.department
    kind = InspectionKind.ENFORCEMENT
    if draw_item is not None:
        draw_item = DrawItem.objects.select_for_update().select_related("draw").get(pk=draw_item.pk)
        require(by, "inspections.start_draw_item", draw_item)
        if Inspection.objects.filter(draw_item=draw_item).exists():
            raise ValidationError("该抽取结果已建立检查记录")
        enterprise, kind = draw_item.enterprise, InspectionKind.RANDOM
        inspectors = list(draw_item.inspectors.all())
    if enterprise is None:
        raise ValidationError({"enterprise": "请选择被检查单位"})
    require_enterprise_scope(by, enterprise)
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


def lock_inspection(inspection: Inspection, by: User, action: str) -> Inspection:
    """The inspection locked for one step of its lifecycle: the checklist and hazards while on site,
    orders and violations once the 现场检查记录 is finished."""
    locked = Inspection.objects.select_for_update().select_related("enterprise", "department").get(pk=inspection.pk)
    INSPECTION.require(by, action, locked)
    return locked


@transaction.atomic
def inspection_save_answers(*, inspection: Inspection, by: User, answers: Sequence[dict]) -> Inspection:
    inspection = lock_inspection(inspection, by, "answer")
    pairs = clean_answers(inspection.enterprise, answers)
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
    inspection = lock_inspection(inspection, by, "hazard")
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
    inspection = lock_inspection(inspection, by, "finish")
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
    inspection.result = result_of(inspection, hazards)
    inspection.save()
    document_issue(inspection=inspection, kind=DocumentKind.RECORD, by=by, body=_record_body(inspection, hazards),
                   issued_on=inspection.inspected_on)
    audit_record(actor=by, action="执法检查完成", obj=inspection,
                 changes={"result": inspection.result, "hazards": len(hazards)})
    return inspection


def result_of(inspection: Inspection, hazards: list[Hazard]) -> str:
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
    inspection = lock_inspection(inspection, by, "order")
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
