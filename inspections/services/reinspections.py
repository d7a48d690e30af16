"""整改复查 of a 责令限期整改指令书: each hazard verified on site, a numbered 整改复查意见书."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import require
from accounts.services import audit_record
from hazards.choices import OPEN_STATUSES, HazardStatus
from hazards.services import hazard_verify

from ..choices import DocumentKind, ReinspectionConclusion
from ..models import EnforcementDocument, Reinspection, ReinspectionResult
from .documents import document_issue
from .inspections import clean_inspectors


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
    order = EnforcementDocument.objects.select_for_update().select_related("inspection", "enterprise").get(pk=order.pk)
    if order.kind != DocumentKind.ORDER:
        raise ValidationError("只能对责令限期整改指令书进行复查")
    require(by, "inspections.reinspect", order)
    department = by.department
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
