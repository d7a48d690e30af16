"""The hazard lifecycle in the one ledger: report, photos, 五到位 plan, start, submit, verify (验收), spot check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.notifications import notify
from accounts.permissions import can, require
from accounts.services import audit_record, model_changes
from enterprises.models import Enterprise

from ..choices import (
    HazardGrade,
    HazardSource,
    HazardStatus,
    PhotoKind,
    TransitionAction,
)
from ..models import (
    Hazard,
    HazardPhoto,
    HazardTransition,
)
from ..permissions import HAZARD, is_department, is_enterprise, verifier_text
from ._common import (
    _lock,
    _record,
    _save_photos,
    _step,
    _who,
    close_hazard,
    department_users,
    enterprise_users,
    hazard_url,
    verifier_users,
)


@transaction.atomic
def hazard_report(
    *,
    enterprise: Enterprise,
    reporter: User | None,
    source: str,
    grade: str,
    description: str,
    deadline: dt.date,
    location: str = "",
    category: str = "",
    photos: Sequence[Any] = (),
    responsible: str = "",
    origin: models.Model | None = None,
    on_behalf: bool = False,
    **extra: Any,
) -> Hazard:
    """Open a hazard in the one ledger. ``origin`` links what produced it (an inspection, a
    public report …); ``extra`` may carry ``department``, ``self_check``, ``reported_at``,
    ``note`` and the 五到位 fields (``plan_*``). ``on_behalf``: a self-check filed as 代报 by a grid
    officer or street (hazards.file_selfcheck_for instead of the reporter's own sources)."""
    if source not in HazardSource.values:
        raise ValidationError({"source": f"未知的隐患来源：{source}"})
    if grade not in HazardGrade.values:
        raise ValidationError({"grade": f"未知的隐患等级：{grade}"})
    if reporter is not None and on_behalf:
        # 代报: the officer filing the enterprise's self-check opens its findings in its name
        require(reporter, "hazards.file_selfcheck_for", enterprise)
    elif reporter is not None:
        if not can(reporter, "hazards.report_source", source):
            raise PermissionDenied(f"{reporter.get_role_display()}不能登记来源为“{HazardSource(source).label}”的隐患")
        require(reporter, "hazards.report_for", enterprise)
    errors = {}
    if not (description or "").strip():
        errors["description"] = "请填写隐患描述"
    if deadline is None:
        errors["deadline"] = "请填写整改期限"
    if errors:
        raise ValidationError(errors)
    note = extra.pop("note", "")
    department = extra.pop("department", None)
    if department is None and reporter is not None and is_department(reporter):
        department = reporter.department
    hazard = Hazard(
        enterprise=enterprise, region_id=enterprise.region_id, source=source, grade=grade,
        description=description.strip(), location=location, category=category, deadline=deadline,
        responsible=responsible, reporter=reporter, department=department, **extra,
    )
    if origin is not None:
        hazard.origin_type = ContentType.objects.get_for_model(origin)
        hazard.origin_id = str(origin.pk)
    hazard.full_clean(exclude=["region", "enterprise", "reporter", "department", "self_check"])
    hazard.save()
    _save_photos(hazard, by=reporter, kind=PhotoKind.BEFORE, photos=photos)
    _record(hazard, by=reporter, action=TransitionAction.REPORT, from_status="",
            note=note or f"{hazard.get_source_display()}发现，整改期限 {deadline:%Y-%m-%d}")
    if grade == HazardGrade.MAJOR:
        _report_major(hazard)
    return hazard


def _report_major(hazard: Hazard) -> None:
    """安全生产法 art. 41: a major hazard is reported to the supervising department."""
    notify(
        recipients=department_users(hazard.enterprise), category="hazard",
        title=f"重大隐患报告：{hazard.enterprise.name}",
        body=f"{hazard.number}：{hazard.description[:120]}\n整改期限：{hazard.deadline:%Y-%m-%d}",
        url=hazard_url(hazard), dedup_key=f"hazard-major:{hazard.pk}", sms=True,
    )


@transaction.atomic
def hazard_add_photos(*, hazard: Hazard, by: User, kind: str, photos: Sequence[Any]) -> list[HazardPhoto]:
    _who(by, "hazards.add_photos", hazard)
    _lock(hazard)
    _step(by, "photos", hazard)  # open hazards only: a closed hazard's record is final
    if not photos:
        raise ValidationError({"photos": "请选择照片"})
    rows = _save_photos(hazard, by=by, kind=kind, photos=photos)
    audit_record(actor=by, action="隐患照片上传", obj=hazard, changes={"kind": kind, "count": len(rows)})
    return rows


PLAN_FIELDS = {
    "responsibility": "plan_responsibility",
    "measures": "plan_measures",
    "funds": "plan_funds",
    "deadline": "plan_deadline",
    "emergency": "plan_emergency",
}


@transaction.atomic
def hazard_set_plan(
    *,
    hazard: Hazard,
    by: User,
    responsibility: str = "",
    measures: str = "",
    funds: Decimal | None = None,
    deadline: dt.date | None = None,
    emergency: str = "",
) -> Hazard:
    """治理方案 五到位 (责任、措施、资金、时限、预案) of a major hazard; may be filled in several goes."""
    _who(by, "hazards.act", hazard)
    _lock(hazard)
    if hazard.grade != HazardGrade.MAJOR:
        raise ValidationError("只有重大隐患需要填报“五到位”治理方案", code="not_major")
    _step(by, "plan", hazard)
    if funds is not None and funds < 0:
        raise ValidationError({"funds": "资金不能为负数"})
    before = {f: getattr(hazard, f) for f in PLAN_FIELDS.values()}
    values = {"responsibility": responsibility, "measures": measures, "funds": funds,
              "deadline": deadline, "emergency": emergency}
    for key, value in values.items():
        setattr(hazard, PLAN_FIELDS[key], value.strip() if isinstance(value, str) else value)
    hazard.save(update_fields=list(PLAN_FIELDS.values()))
    changes = model_changes(before, {f: getattr(hazard, f) for f in PLAN_FIELDS.values()})
    missing = hazard.plan_missing
    HazardTransition.objects.create(
        hazard=hazard, by=by, action=TransitionAction.PLAN, from_status=hazard.status, to_status=hazard.status,
        note="五到位已全部落实" if not missing else f"尚缺：{'、'.join(missing)}",
    )
    audit_record(actor=by, action="隐患治理方案", obj=hazard, changes=changes)
    return hazard


@transaction.atomic
def hazard_start_rectification(*, hazard: Hazard, by: User, note: str = "") -> Hazard:
    _who(by, "hazards.start", hazard)
    _lock(hazard)
    _step(by, "start", hazard)
    if hazard.grade == HazardGrade.MAJOR and hazard.plan_missing:
        raise ValidationError(
            f"重大隐患须先落实“五到位”治理方案方可开始整改，尚缺：{'、'.join(hazard.plan_missing)}",
            code="plan_missing",
        )
    from_status = hazard.status
    hazard.status, hazard.rectifying_at = HazardStatus.RECTIFYING, timezone.now()
    hazard.save(update_fields=["status", "rectifying_at"])
    _record(hazard, by=by, action=TransitionAction.START, from_status=from_status, note=note)
    return hazard


@transaction.atomic
def hazard_submit(*, hazard: Hazard, by: User, note: str, photos: Sequence[Any] = ()) -> Hazard:
    """Rectification done: after-photos and a description, sent to the verifier."""
    _who(by, "hazards.submit", hazard)
    _lock(hazard)
    _step(by, "submit", hazard)
    errors = {}
    if not (note or "").strip():
        errors["note"] = "请填写整改情况说明"
    if not photos and not hazard.photos.filter(kind=PhotoKind.AFTER).exists():
        errors["photos"] = "请上传至少一张整改后照片"
    if errors:
        raise ValidationError(errors)
    _save_photos(hazard, by=by, kind=PhotoKind.AFTER, photos=photos)
    from_status = hazard.status
    hazard.status, hazard.submitted_at, hazard.rectification_note = HazardStatus.SUBMITTED, timezone.now(), note.strip()
    hazard.save(update_fields=["status", "submitted_at", "rectification_note"])
    _record(hazard, by=by, action=TransitionAction.SUBMIT, from_status=from_status, note=note)
    notify(recipients=verifier_users(hazard), category="hazard", title=f"隐患待验收：{hazard.enterprise.name}",
           body=f"{hazard.number}：{hazard.description[:80]}\n整改情况：{hazard.rectification_note[:120]}",
           url=hazard_url(hazard), dedup_key=f"hazard-submitted:{hazard.pk}:{hazard.submitted_at:%Y%m%d%H%M%S}")
    return hazard


def can_verify(user: User | None, hazard: Hazard) -> bool:
    """May ``user`` verify (验收) this hazard, whatever its status (hazards.permissions.is_verifier)."""
    return can(user, "hazards.verify", hazard)


@transaction.atomic
def hazard_verify(*, hazard: Hazard, by: User, passed: bool, note: str = "") -> Hazard:
    """验收: passed → closed (销号); not passed → sent back to rectifying with the reason."""
    _lock(hazard)
    if not can_verify(by, hazard):
        raise PermissionDenied(f"您无权验收此隐患：应由{verifier_text(hazard)}验收")
    # The enterprise closes its own hazards only on submitted evidence; a staff verifier may also
    # verify on site (现场复查, e.g. an inspection's 复查) while the hazard is still open.
    by_enterprise = is_enterprise(by)
    _step(by, "verify" if by_enterprise or hazard.status == HazardStatus.SUBMITTED else "verify_on_site", hazard)
    from_status = hazard.status
    if passed:
        close_hazard(hazard, by=by, action=TransitionAction.CLOSE, note=note, spot_check_due=by_enterprise)
    else:
        if not (note or "").strip():
            raise ValidationError({"note": "退回时请填写退回理由"})
        if hazard.status == HazardStatus.SUBMITTED:
            hazard.status = HazardStatus.RECTIFYING
            hazard.save(update_fields=["status"])
        _record(hazard, by=by, action=TransitionAction.SEND_BACK, from_status=from_status, note=note)
        notify(recipients=enterprise_users([hazard.enterprise_id]), category="hazard",
               title=f"隐患验收未通过：{hazard.number}", body=note, url=hazard_url(hazard))
    return hazard


@transaction.atomic
def hazard_spot_check(*, hazard: Hazard, by: User, passed: bool, note: str = "") -> Hazard:
    """网格员抽查 a hazard the enterprise closed itself: failing reopens it."""
    _lock(hazard)
    _who(by, "hazards.spot_checker", hazard)
    HAZARD.check_status("spot_check", hazard)
    if not hazard.spot_check_due:
        raise ValidationError("该隐患无需抽查（不是企业自行销号的隐患，或已抽查过）")
    _step(by, "spot_check", hazard)
    from_status = hazard.status
    hazard.spot_check_due = False
    if passed:
        hazard.save(update_fields=["spot_check_due"])
        _record(hazard, by=by, action=TransitionAction.SPOT_OK, from_status=from_status, note=note)
    else:
        if not (note or "").strip():
            raise ValidationError({"note": "抽查不合格时请填写原因"})
        hazard.status, hazard.closed_at, hazard.closed_by = HazardStatus.RECTIFYING, None, None
        hazard.save(update_fields=["spot_check_due", "status", "closed_at", "closed_by"])
        _record(hazard, by=by, action=TransitionAction.SPOT_FAIL, from_status=from_status, note=note)
        notify(recipients=enterprise_users([hazard.enterprise_id]), category="hazard",
               title=f"自行销号的隐患抽查不合格：{hazard.number}", body=note, url=hazard_url(hazard))
    return hazard


@transaction.atomic
def hazard_withdraw(*, hazard: Hazard, by: User, reason: str) -> Hazard:
    """误报撤销: the enterprise closes a general hazard its self-check opened by mistake — with the
    reason on the timeline, through the one closing rule, and put before the grid officer (抽查:
    failing it reopens the hazard). An amended self-check never deletes a hazard; this is how a
    wrong one ends."""
    _who(by, "hazards.withdraw", hazard)
    _lock(hazard)
    _step(by, "withdraw", hazard)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写撤销理由（为什么不是隐患）"})
    return close_hazard(hazard, by=by, action=TransitionAction.WITHDRAW, note=reason.strip(), spot_check_due=True)
