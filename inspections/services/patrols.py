"""网格巡查 — each step is saved server-side on the draft; only its grid officer fills it in
(inspections.permissions.PATROL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import require
from accounts.services import audit_record
from enterprises.models import Enterprise
from hazards.choices import CheckResult, HazardSource
from hazards.models import CheckItem, Hazard
from hazards.services import hazard_report
from safety_platform.uploads import validate_images

from ..choices import PatrolStatus, SignOff
from ..models import Patrol, PatrolAnswer, PatrolPhoto
from ..permissions import PATROL
from ..rules import haversine_m
from ._common import checklist_items, clean_answers, origin_hazards, require_enterprise_scope


def _lock_patrol(patrol: Patrol, by: User, action: str) -> Patrol:
    locked = Patrol.objects.select_for_update().select_related("enterprise").get(pk=patrol.pk)
    PATROL.require(by, action, locked)
    return locked


@transaction.atomic
def patrol_start(*, enterprise: Enterprise, by: User) -> Patrol:
    """Start a patrol, or resume this officer's unfinished draft at the enterprise (so that a
    reload or a second tap after a lost connection never opens a second visit)."""
    require(by, "inspections.patrol")
    require_enterprise_scope(by, enterprise)
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
    patrol = _lock_patrol(patrol, by, "locate")
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
    patrol = _lock_patrol(patrol, by, "answer")
    pairs = clean_answers(patrol.enterprise, answers)
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
    patrol = _lock_patrol(patrol, by, "photo")
    if not photos:
        raise ValidationError({"photos": "请拍摄或选择照片"})
    validate_images(photos)
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
    patrol = _lock_patrol(patrol, by, "hazard")
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
    patrol = _lock_patrol(patrol, by, "finish")
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
