"""Every write of the hazards app (HackSoft style: keyword-only, one transaction, audited).

The hazard lifecycle: reported → rectifying → submitted → closed (销号), or sent back to
rectifying. Each transition writes a ``HazardTransition`` row (the timeline) and an audit row;
an illegal transition raises ``ValidationError`` with a Chinese message; acting without the
authority raises ``PermissionDenied``.

Stable entry points used by other apps (inspections, public reports, cockpit):
``hazard_report(...)`` and ``hazard_verify(...)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.notifications import notify
from accounts.services import audit_record, model_changes
from enterprises.models import Enterprise
from safety_platform.uploads import validate_image

from .choices import (
    OPEN_STATUSES,
    CheckResult,
    ExtensionStatus,
    HazardGrade,
    HazardSource,
    HazardStatus,
    PhotoKind,
    SupervisionStatus,
    TransitionAction,
)
from .models import (
    CheckItem,
    CheckTemplate,
    ExtensionRequest,
    Hazard,
    HazardPhoto,
    HazardTransition,
    SelfCheck,
    SelfCheckAnswer,
    Supervision,
)
from .rules import (
    SOURCES_BY_ROLE,
    STAFF_ROLES,
    is_listed,
    may_amend_selfcheck,
    selfcheck_deadline,
    verifier_roles,
    verifier_text,
    week_label,
    week_start_of,
)
from .signals import hazard_transitioned

# ---------------------------------------------------------------------------------------------
# helpers


def _in_scope(user: User, hazard: Hazard) -> bool:
    return Hazard.objects.for_user(user).filter(pk=hazard.pk).exists()


def _require_scope(user: User | None, hazard: Hazard) -> None:
    if user is None or not _in_scope(user, hazard):
        raise PermissionDenied("该隐患不在您的管辖范围内")


def _require_actor(user: User | None, hazard: Hazard) -> None:
    """Rectification steps: the enterprise itself, or staff in scope acting for it."""
    _require_scope(user, hazard)
    if user.role not in (Role.ENTERPRISE, *STAFF_ROLES) and not user.is_superuser:
        raise PermissionDenied("您的角色不能办理隐患整改")


def _require_status(hazard: Hazard, allowed: Iterable[str], action: str) -> None:
    allowed = tuple(allowed)
    if hazard.status not in allowed:
        need = "、".join(HazardStatus(s).label for s in allowed)
        raise ValidationError(
            f"不能{action}：隐患当前状态为“{hazard.get_status_display()}”，只有“{need}”状态的隐患可以{action}"
        )


def _record(
    hazard: Hazard, *, by: User | None, action: str, from_status: str, note: str = "", level: int | None = None
) -> HazardTransition:
    row = HazardTransition.objects.create(
        hazard=hazard, by=by if by is not None and by.is_authenticated else None, action=action,
        from_status=from_status, to_status=hazard.status, escalation_level=level, note=note[:500],
    )
    audit_record(
        actor=by, action=f"隐患{TransitionAction(action).label}", obj=hazard,
        changes={"status": [from_status, hazard.status]} if from_status != hazard.status else {}, note=note,
    )
    # Other apps follow the lifecycle (hazards.reporting closes a public report with its hazard).
    hazard_transitioned.send(sender=Hazard, hazard=hazard, action=action, by=by)
    return row


def _lock(hazard: Hazard) -> Hazard:
    """Re-read the row under a lock so that two concurrent transitions cannot both pass the check."""
    locked = Hazard.objects.select_for_update().select_related("enterprise").get(pk=hazard.pk)
    hazard.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return hazard


def _save_photos(hazard: Hazard, *, by: User | None, kind: str, photos: Sequence[Any]) -> list[HazardPhoto]:
    errors = []
    for f in photos:
        try:
            validate_image(f)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"photos": errors})
    rows = []
    for f in photos:
        row = HazardPhoto(hazard=hazard, kind=kind, uploaded_by=by)
        row.image.save(getattr(f, "name", "photo.jpg").rsplit("/", 1)[-1], f, save=False)
        row.save()
        rows.append(row)
    return rows


def hazard_url(hazard: Hazard) -> str:
    return reverse("hazards:detail", kwargs={"pk": hazard.pk})


def department_users(enterprise: Enterprise) -> models.QuerySet:
    return User.objects.filter(
        role=Role.DEPARTMENT, is_active=True, department__in=enterprise.departments.values("pk")
    )


def office_users() -> models.QuerySet:
    return User.objects.filter(role=Role.OFFICE, is_active=True)


def enterprise_users(enterprise_ids) -> models.QuerySet:
    return User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise_id__in=enterprise_ids)


# ---------------------------------------------------------------------------------------------
# the lifecycle


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
    **extra: Any,
) -> Hazard:
    """Open a hazard in the one ledger. ``origin`` links what produced it (an inspection, a
    public report …); ``extra`` may carry ``department``, ``self_check``, ``reported_at``,
    ``note`` and the 五到位 fields (``plan_*``)."""
    if source not in HazardSource.values:
        raise ValidationError({"source": f"未知的隐患来源：{source}"})
    if grade not in HazardGrade.values:
        raise ValidationError({"grade": f"未知的隐患等级：{grade}"})
    if reporter is not None:
        if source not in SOURCES_BY_ROLE.get(reporter.role, ()) and not reporter.is_superuser:
            raise PermissionDenied(f"{reporter.get_role_display()}不能登记来源为“{HazardSource(source).label}”的隐患")
        if reporter.role not in (Role.OFFICE, Role.ADMIN, Role.EXPERT) and not reporter.is_superuser:
            if not Enterprise.objects.for_user(reporter).filter(pk=enterprise.pk).exists():
                raise PermissionDenied("该企业不在您的管辖范围内")
    errors = {}
    if not (description or "").strip():
        errors["description"] = "请填写隐患描述"
    if deadline is None:
        errors["deadline"] = "请填写整改期限"
    if errors:
        raise ValidationError(errors)
    note = extra.pop("note", "")
    department = extra.pop("department", None)
    if department is None and reporter is not None and reporter.role == Role.DEPARTMENT:
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
    _require_actor(by, hazard)
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
    """治理方案 五到位 (责任、措施、资金、时限、预案); may be filled in several goes."""
    _require_actor(by, hazard)
    _lock(hazard)
    _require_status(hazard, OPEN_STATUSES, "填报治理方案")
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
    _require_actor(by, hazard)
    _lock(hazard)
    _require_status(hazard, [HazardStatus.REPORTED], "开始整改")
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
    _require_actor(by, hazard)
    _lock(hazard)
    _require_status(hazard, [HazardStatus.RECTIFYING], "提交验收")
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
    return hazard


def can_verify(user: User | None, hazard: Hazard) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.role not in verifier_roles(hazard):
        return False
    if user.role == Role.DEPARTMENT and hazard.department_id and hazard.source in (
        HazardSource.ENFORCEMENT, HazardSource.RANDOM
    ):
        return user.department_id == hazard.department_id
    return _in_scope(user, hazard)


@transaction.atomic
def hazard_verify(*, hazard: Hazard, by: User, passed: bool, note: str = "") -> Hazard:
    """验收: passed → closed (销号); not passed → sent back to rectifying with the reason."""
    _lock(hazard)
    if not can_verify(by, hazard):
        raise PermissionDenied(f"您无权验收此隐患：应由{verifier_text(hazard)}验收")
    # The enterprise closes its own hazards only on submitted evidence; a staff verifier may also
    # verify on site (现场复查, e.g. an inspection's 复查) while the hazard is still open.
    _require_status(hazard, [HazardStatus.SUBMITTED] if by.role == Role.ENTERPRISE else OPEN_STATUSES, "验收")
    from_status = hazard.status
    if passed:
        hazard.status, hazard.closed_at, hazard.closed_by, hazard.is_overdue = (
            HazardStatus.CLOSED, timezone.now(), by, False
        )
        hazard.spot_check_due = by.role == Role.ENTERPRISE
        hazard.save(update_fields=["status", "closed_at", "closed_by", "is_overdue", "spot_check_due"])
        if is_listed(hazard):
            Supervision.objects.filter(hazard=hazard).update(status=SupervisionStatus.CLOSED, closed_at=timezone.now())
            note = f"{note}（挂牌督办摘牌）".strip()
        _record(hazard, by=by, action=TransitionAction.CLOSE, from_status=from_status, note=note)
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
    if by.role not in (Role.GRID, Role.STREET, Role.OFFICE, Role.ADMIN) or not _in_scope(by, hazard):
        raise PermissionDenied("只有属地网格员、街道或安委办可以抽查企业自行销号的隐患")
    _require_status(hazard, [HazardStatus.CLOSED], "抽查")
    if not hazard.spot_check_due:
        raise ValidationError("该隐患无需抽查（不是企业自行销号的隐患，或已抽查过）")
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


# ---------------------------------------------------------------------------------------------
# 挂牌督办 and 延期申请


@transaction.atomic
def hazard_supervise(*, hazard: Hazard, by: User, deadline: dt.date, reason: str = "", doc_no: str = "") -> Supervision:
    if by.role not in (Role.OFFICE, Role.ADMIN) and not by.is_superuser:
        raise PermissionDenied("只有安委办可以挂牌督办")
    _lock(hazard)
    if hazard.grade != HazardGrade.MAJOR:
        raise ValidationError("只有重大隐患可以挂牌督办")
    _require_status(hazard, OPEN_STATUSES, "挂牌督办")
    if Supervision.objects.filter(hazard=hazard).exists():
        raise ValidationError("该隐患已挂牌督办，不能重复挂牌")
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"deadline": "督办期限不能早于今天"})
    supervision = Supervision.objects.create(hazard=hazard, listed_by=by, deadline=deadline, reason=reason, doc_no=doc_no)
    old_deadline = hazard.deadline
    hazard.deadline = deadline
    hazard.is_overdue = False
    hazard.save(update_fields=["deadline", "is_overdue"])
    _record(hazard, by=by, action=TransitionAction.SUPERVISE, from_status=hazard.status,
            note=f"{doc_no} 督办期限 {deadline:%Y-%m-%d}（原整改期限 {old_deadline:%Y-%m-%d}）{reason}".strip())
    notify(recipients=[*enterprise_users([hazard.enterprise_id]), *department_users(hazard.enterprise)],
           category="hazard", title=f"重大隐患挂牌督办：{hazard.enterprise.name}",
           body=f"{hazard.number} 督办期限 {deadline:%Y-%m-%d}。{reason}", url=hazard_url(hazard),
           dedup_key=f"hazard-supervise:{hazard.pk}", sms=True)
    return supervision


@transaction.atomic
def extension_request(*, hazard: Hazard, by: User, new_deadline: dt.date, reason: str) -> ExtensionRequest:
    _require_scope(by, hazard)
    if by.role != Role.ENTERPRISE:
        raise PermissionDenied("延期申请由企业提出")
    _lock(hazard)
    if not is_listed(hazard):
        raise ValidationError("只有挂牌督办中的隐患需要申请延期")
    _require_status(hazard, OPEN_STATUSES, "申请延期")
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "请填写延期理由"
    if new_deadline is None or new_deadline <= hazard.deadline:
        errors["new_deadline"] = f"延期日期须晚于当前期限 {hazard.deadline:%Y-%m-%d}"
    if errors:
        raise ValidationError(errors)
    if hazard.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError("已有待审批的延期申请，请等待安委办审批")
    req = ExtensionRequest.objects.create(hazard=hazard, requested_by=by, new_deadline=new_deadline, reason=reason.strip())
    _record(hazard, by=by, action=TransitionAction.EXTENSION_REQUEST, from_status=hazard.status,
            note=f"申请延期至 {new_deadline:%Y-%m-%d}：{reason}")
    notify(recipients=office_users(), category="hazard", title=f"延期申请待审批：{hazard.enterprise.name}",
           body=f"{hazard.number} 申请延期至 {new_deadline:%Y-%m-%d}", url=hazard_url(hazard),
           dedup_key=f"hazard-extension:{req.pk}")
    return req


@transaction.atomic
def extension_decide(*, request: ExtensionRequest, by: User, approve: bool, note: str = "") -> ExtensionRequest:
    if by.role not in (Role.OFFICE, Role.ADMIN) and not by.is_superuser:
        raise PermissionDenied("延期申请由安委办审批")
    request = ExtensionRequest.objects.select_for_update().select_related("hazard").get(pk=request.pk)
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(f"该申请已{request.get_status_display()}，不能重复审批")
    if not approve and not (note or "").strip():
        raise ValidationError({"note": "驳回时请填写理由"})
    hazard = _lock(request.hazard)
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    request.decided_by, request.decided_at, request.decision_note = by, timezone.now(), note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        hazard.deadline = request.new_deadline
        hazard.is_overdue = hazard.deadline < timezone.localdate()
        hazard.save(update_fields=["deadline", "is_overdue"])
        Supervision.objects.filter(hazard=hazard).update(deadline=request.new_deadline)
    action = TransitionAction.EXTENSION_APPROVE if approve else TransitionAction.EXTENSION_REJECT
    _record(hazard, by=by, action=action, from_status=hazard.status,
            note=f"期限 {request.new_deadline:%Y-%m-%d}{'：' + note if note else ''}")
    notify(recipients=enterprise_users([hazard.enterprise_id]), category="hazard",
           title=f"延期申请{request.get_status_display()}：{hazard.number}", body=note, url=hazard_url(hazard),
           dedup_key=f"hazard-extension-decided:{request.pk}")
    return request


# ---------------------------------------------------------------------------------------------
# overdue marking and escalation (daily job; set-based, in batches)

BATCH = 2000
ESCALATION_NOTE = {
    1: "逾期未整改，向企业发出函告",
    2: "逾期未整改，通报属地网格员和街道",
    3: "逾期未整改，约谈企业，报行业监管部门和安委办",
}


def _chunks(ids: list[int], size: int = BATCH):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def hazards_mark_overdue(*, today: dt.date) -> int:
    """Flag open hazards past their deadline as overdue (and un-flag extended ones). Returns how many
    became overdue; each gets one 逾期 row on its timeline."""
    Hazard.objects.filter(is_overdue=True).exclude(status__in=OPEN_STATUSES, deadline__lt=today).update(is_overdue=False)
    ids = list(Hazard.objects.open().filter(deadline__lt=today, is_overdue=False).values_list("pk", flat=True))
    marked = 0
    now = timezone.now()
    for chunk in _chunks(ids):
        with transaction.atomic():
            rows = list(Hazard.objects.filter(pk__in=chunk, is_overdue=False).values_list("pk", "status", "deadline"))
            Hazard.objects.filter(pk__in=[r[0] for r in rows]).update(is_overdue=True)
            HazardTransition.objects.bulk_create([
                HazardTransition(hazard_id=pk, at=now, action=TransitionAction.OVERDUE, from_status=status,
                                 to_status=status, note=f"已超过整改期限 {deadline:%Y-%m-%d}")
                for pk, status, deadline in rows
            ])
            marked += len(rows)
    return marked


def _escalation_recipients(level: int, hazards: list[tuple[int, int, int]]) -> dict[int, list[int]]:
    """{user_id: [hazard ids]} for one level. hazards = (hazard id, enterprise id, region id)."""
    by_user: dict[int, list[int]] = {}

    def add(user_ids, hazard_id):
        for uid in user_ids:
            by_user.setdefault(uid, []).append(hazard_id)

    if level == 1:  # 函告 → the enterprise
        ent_users: dict[int, list[int]] = {}
        for uid, eid in enterprise_users({e for _, e, _ in hazards}).values_list("pk", "enterprise_id"):
            ent_users.setdefault(eid, []).append(uid)
        for hid, eid, _ in hazards:
            add(ent_users.get(eid, []), hid)
    elif level == 2:  # 通报 → the grid officers of the cell and the street officers above it
        from accounts.models import Region

        region_ids = {r for _, _, r in hazards}
        paths = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "path"))
        officers: dict[int, list[int]] = {}
        for rid, uid in Region.officers.through.objects.filter(region_id__in=region_ids).values_list(
            "region_id", "user_id"
        ):
            officers.setdefault(rid, []).append(uid)
        streets = list(
            User.objects.filter(role=Role.STREET, is_active=True, region__isnull=False).values_list("pk", "region__path")
        )
        for hid, _, rid in hazards:
            add(officers.get(rid, []), hid)
            add([uid for uid, p in streets if paths.get(rid, "").startswith(p)], hid)
    else:  # 约谈 → the supervising departments and the committee office
        ent_ids = {e for _, e, _ in hazards}
        dept_of: dict[int, list[int]] = {}
        for eid, did in Enterprise.departments.through.objects.filter(enterprise_id__in=ent_ids).values_list(
            "enterprise_id", "department_id"
        ):
            dept_of.setdefault(eid, []).append(did)
        dept_users: dict[int, list[int]] = {}
        for uid, did in User.objects.filter(role=Role.DEPARTMENT, is_active=True).values_list("pk", "department_id"):
            dept_users.setdefault(did, []).append(uid)
        office = list(office_users().values_list("pk", flat=True))
        for hid, eid, _ in hazards:
            add([u for d in dept_of.get(eid, []) for u in dept_users.get(d, [])] + office, hid)
    return by_user


def hazards_escalate(*, today: dt.date) -> dict[int, int]:
    """Raise overdue hazards one escalation level per run when the level's day offset is reached
    (函告 → 通报 → 约谈), each level once per hazard; record it and notify that level's recipients."""
    days = settings.HAZARD_ESCALATION_DAYS
    now = timezone.now()
    counts: dict[int, int] = {}
    # Highest level first, so a hazard climbs at most one level per run.
    for level in sorted(days, reverse=True):
        due_before = today - dt.timedelta(days=days[level])  # deadline + offset <= today
        ids = list(
            Hazard.objects.open()
            .filter(escalation_level=level - 1, deadline__lte=due_before)
            .values_list("pk", flat=True)
        )
        counts[level] = 0
        escalated: list[tuple[int, int, int]] = []
        for chunk in _chunks(ids):
            with transaction.atomic():
                rows = list(
                    Hazard.objects.select_for_update()
                    .filter(pk__in=chunk, escalation_level=level - 1)
                    .values_list("pk", "status", "enterprise_id", "region_id")
                )
                Hazard.objects.filter(pk__in=[r[0] for r in rows]).update(
                    escalation_level=level, escalated_at=now, is_overdue=True
                )
                HazardTransition.objects.bulk_create(
                    [
                        HazardTransition(hazard_id=pk, at=now, action=TransitionAction.ESCALATE, from_status=status,
                                         to_status=status, escalation_level=level, note=ESCALATION_NOTE[level])
                        for pk, status, _, _ in rows
                    ],
                    ignore_conflicts=True,
                )
                escalated += [(pk, eid, rid) for pk, _, eid, rid in rows]
                counts[level] += len(rows)
        _notify_escalation(level, escalated, today)
    return counts


def _notify_escalation(level: int, escalated: list[tuple[int, int, int]], today: dt.date) -> None:
    from .choices import EscalationLevel

    if not escalated:
        return
    label = EscalationLevel(level).label
    recipients = _escalation_recipients(level, escalated)
    users = User.objects.in_bulk(list(recipients))
    uids = list(recipients)
    for chunk in _chunks(uids, 500):
        with transaction.atomic():  # one commit per chunk, not one per notification
            for uid in chunk:
                _notify_escalated(level, label, users[uid], recipients[uid], today)


def _notify_escalated(level: int, label: str, user: User, hazard_ids: list[int], today: dt.date) -> None:
    notify(
        recipients=[user], category="hazard-escalation",
        title=f"逾期隐患{label}：{len(hazard_ids)} 条",
        body=f"以下隐患已超过整改期限，按规定{label}：" + "、".join(f"#{h}" for h in hazard_ids[:50])
        + ("等" if len(hazard_ids) > 50 else ""),
        url=reverse("hazards:ledger") + f"?overdue=true&escalation_level={level}",
        dedup_key=f"hazard-escalation:{level}:{today:%Y%m%d}", sms=level >= 2,
    )


# ---------------------------------------------------------------------------------------------
# weekly self-check 周报


def _clean_answers(enterprise: Enterprise, answers: Sequence[dict], zero_report: bool, today: dt.date):
    """Validate answers against the enterprise's templates; returns [(item, answer dict)]."""
    items = {
        i.pk: i
        for i in CheckItem.objects.filter(template__in=CheckTemplate.objects.for_enterprise(enterprise)).select_related(
            "template"
        )
    }
    given: dict[int, dict] = {}
    errors: list[str] = []
    for a in answers:
        item_id = a["item"].pk if isinstance(a.get("item"), CheckItem) else int(a.get("item") or 0)
        if item_id not in items:
            errors.append(f"检查项 {item_id} 不属于本企业适用的检查表")
            continue
        if a.get("result") not in CheckResult.values:
            errors.append(f"“{items[item_id].description}”：请选择合格、不合格或不涉及")
            continue
        given[item_id] = a
    if zero_report and not answers:
        return [], errors
    missing = [i for pk, i in items.items() if pk not in given]
    if missing:
        errors.append("以下检查项未填写：" + "；".join(i.description for i in missing[:10]) + ("等" if len(missing) > 10 else ""))
    fails = [(items[pk], a) for pk, a in given.items() if a["result"] == CheckResult.FAIL]
    if zero_report and fails:
        errors.append("零报告不能包含“不合格”项；有隐患时请取消零报告")
    for item, a in fails:
        if not (a.get("responsible") or "").strip():
            errors.append(f"“{item.description}”不合格：请填写整改责任人")
        deadline = a.get("deadline")
        if deadline is not None and deadline < today:
            errors.append(f"“{item.description}”不合格：整改期限不能早于今天")
    return [(items[pk], a) for pk, a in given.items()], errors


def _open_self_check_hazards(sc: SelfCheck, by: User | None, pairs, today: dt.date) -> int:
    opened = 0
    for item, a in pairs:
        if a["result"] != CheckResult.FAIL or a.get("hazard_id"):
            continue
        hazard = hazard_report(
            enterprise=sc.enterprise, reporter=by, source=HazardSource.SELF_CHECK,
            grade=HazardGrade.MAJOR if item.major_by_definition else HazardGrade.GENERAL,
            description=(a.get("description") or "").strip() or item.description,
            deadline=a.get("deadline") or today + dt.timedelta(days=settings.HAZARD_DEFAULT_DEADLINE_DAYS),
            location=a.get("location", ""), category=item.category, responsible=a.get("responsible", "").strip(),
            photos=[p for p in [a.get("photo")] if p], self_check=sc,
            note=f"{sc.week_label}自查不合格项：{item.description}（依据：{item.basis or '—'}）",
        )
        a["hazard_id"] = hazard.pk
        opened += 1
    return opened


@transaction.atomic
def selfcheck_submit(
    *,
    enterprise: Enterprise,
    by: User | None,
    week_start: dt.date,
    answers: Sequence[dict] = (),
    zero_report: bool = False,
    note: str = "",
    now: dt.datetime | None = None,
) -> SelfCheck:
    """File the week's self-check. ``answers``: [{item, result, note, description, deadline,
    responsible, location, photo}]; every 不合格 opens a hazard. Late filing is accepted, marked late."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    week_start = week_start_of(week_start)
    if by is not None and by.role == Role.ENTERPRISE and by.enterprise_id != enterprise.pk:
        raise PermissionDenied("只能填报本企业的自查周报")
    if week_start > week_start_of(today):
        raise ValidationError({"week_start": "不能提前填报未来周次的自查"})
    existing = SelfCheck.objects.filter(enterprise=enterprise, week_start=week_start).first()
    if existing is not None:
        raise ValidationError(
            f"{week_label(week_start)}的自查已于 {timezone.localtime(existing.submitted_at):%Y-%m-%d %H:%M} 提交，"
            "不能重复提交；如需更正，请在截止前使用“修改”",
            code="duplicate",
        )
    pairs, errors = _clean_answers(enterprise, answers, zero_report, today)
    fails = sum(1 for _, a in pairs if a["result"] == CheckResult.FAIL)
    if not zero_report and fails == 0:
        errors.append("没有“不合格”项：请勾选“本周未发现隐患（零报告）”予以确认")
    if errors:
        raise ValidationError(errors)
    sc = SelfCheck.objects.create(
        enterprise=enterprise, region_id=enterprise.region_id, week_start=week_start, is_zero=fails == 0,
        is_late=now > selfcheck_deadline(week_start), submitted_at=now, submitted_by=by, note=note,
    )
    sc.hazards_found = _open_self_check_hazards(sc, by, pairs, today)
    sc.save(update_fields=["hazards_found"])
    SelfCheckAnswer.objects.bulk_create([
        SelfCheckAnswer(self_check=sc, item=item, result=a["result"], note=a.get("note", ""), hazard_id=a.get("hazard_id"))
        for item, a in pairs
    ])
    audit_record(actor=by, action="自查周报提交", obj=sc,
                 changes={"week": week_label(week_start), "zero": sc.is_zero, "late": sc.is_late, "hazards": fails})
    return sc


@transaction.atomic
def selfcheck_amend(
    *,
    self_check: SelfCheck,
    by: User,
    answers: Sequence[dict] = (),
    zero_report: bool = False,
    note: str = "",
    now: dt.datetime | None = None,
) -> SelfCheck:
    """Correct a filed self-check before the deadline; recorded (count, time, audit changes).
    Only the enterprise's own users may amend (staff who see the filing get PermissionDenied → 403).
    Hazards already opened keep their own lifecycle; newly failed items open new hazards."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sc = SelfCheck.objects.select_for_update().select_related("enterprise").get(pk=self_check.pk)
    if not may_amend_selfcheck(by, sc):
        raise PermissionDenied("自查周报只能由本企业用户修改")
    if now > selfcheck_deadline(sc.week_start):
        raise ValidationError(
            f"{sc.week_label}的填报已于 {timezone.localtime(selfcheck_deadline(sc.week_start)):%Y-%m-%d %H:%M} 截止，不能再修改"
        )
    pairs, errors = _clean_answers(sc.enterprise, answers, zero_report, today)
    if not zero_report and not any(a["result"] == CheckResult.FAIL for _, a in pairs):
        errors.append("没有“不合格”项：请勾选“本周未发现隐患（零报告）”予以确认")
    if errors:
        raise ValidationError(errors)
    previous = {a.item_id: a for a in sc.answers.all()}
    before = {pk: a.result for pk, a in previous.items()}
    for item, a in pairs:
        old = previous.get(item.pk)
        if old is not None and old.hazard_id and a["result"] == CheckResult.FAIL:
            a["hazard_id"] = old.hazard_id
    opened = _open_self_check_hazards(sc, by, pairs, today)
    sc.answers.all().delete()
    SelfCheckAnswer.objects.bulk_create([
        SelfCheckAnswer(self_check=sc, item=item, result=a["result"], note=a.get("note", ""), hazard_id=a.get("hazard_id"))
        for item, a in pairs
    ])
    fails = sum(1 for _, a in pairs if a["result"] == CheckResult.FAIL)
    sc.is_zero = fails == 0
    sc.hazards_found += opened
    sc.amended_at, sc.amend_count, sc.note = now, sc.amend_count + 1, note or sc.note
    sc.save(update_fields=["is_zero", "hazards_found", "amended_at", "amend_count", "note"])
    after = {item.pk: a["result"] for item, a in pairs}
    audit_record(actor=by, action="自查周报修改", obj=sc,
                 changes={str(k): [before.get(k), v] for k, v in after.items() if before.get(k) != v}
                 | ({"zero": [not sc.is_zero, sc.is_zero]} if zero_report else {}),
                 note=f"第 {sc.amend_count} 次修改，新增隐患 {opened} 条")
    return sc


# ---------------------------------------------------------------------------------------------
# check templates (maintained by the committee office)


def _require_office(by: User) -> None:
    if by.role not in (Role.OFFICE, Role.ADMIN) and not by.is_superuser:
        raise PermissionDenied("检查表由安委办维护")


@transaction.atomic
def template_save(*, by: User, template: CheckTemplate | None = None, **fields: Any) -> CheckTemplate:
    _require_office(by)
    creating = template is None
    template = template or CheckTemplate()
    before = {k: getattr(template, k) for k in fields}
    for k, v in fields.items():
        setattr(template, k, v)
    if template.industry_id and template.key_flag:
        raise ValidationError({"key_flag": "适用行业和重点监管标识只能二选一"})
    template.full_clean()
    template.save()
    audit_record(actor=by, action="检查表新建" if creating else "检查表修改", obj=template,
                 changes=model_changes(before, {k: getattr(template, k) for k in fields}))
    return template


@transaction.atomic
def item_save(*, by: User, template: CheckTemplate, item: CheckItem | None = None, **fields: Any) -> CheckItem:
    _require_office(by)
    creating = item is None
    item = item or CheckItem(template=template)
    if item.template_id != template.pk:
        raise ValidationError("检查项不属于该检查表")
    before = {k: getattr(item, k) for k in fields}
    for k, v in fields.items():
        setattr(item, k, v)
    if creating and not fields.get("order"):
        item.order = (template.items.aggregate(m=models.Max("order"))["m"] or 0) + 1
    item.full_clean()
    item.save()
    audit_record(actor=by, action="检查项新增" if creating else "检查项修改", obj=template,
                 changes=model_changes(before, {k: getattr(item, k) for k in fields}), note=item.description)
    return item


# ---------------------------------------------------------------------------------------------
# reminders (called by the weekly job)

REMIND_CHUNK = 1000


def selfcheck_remind_enterprises(*, week_start: dt.date) -> int:
    """Before the deadline: remind each enterprise user whose enterprise has not filed (once per week)."""
    from .selectors import nonfilers

    deadline = timezone.localtime(selfcheck_deadline(week_start))
    user_ids = list(
        enterprise_users(nonfilers(Enterprise.objects.all(), week_start).values("pk")).values_list("pk", flat=True)
    )
    sent = 0
    for chunk in _chunks(user_ids, REMIND_CHUNK):
        with transaction.atomic():  # one commit per chunk, not one per notification
            sent += len(notify(
                recipients=User.objects.filter(pk__in=chunk), category="selfcheck",
                title=f"请填报{week_label(week_start)}隐患自查周报",
                body=f"本周自查截止时间：{deadline:%m月%d日 %H:%M}。未发现隐患也请提交零报告。",
                url=reverse("hazards:selfcheck_week"), dedup_key=f"selfcheck-remind:{week_start:%Y%m%d}", sms=True,
            ))
    return sent


def selfcheck_notify_nonfilers(*, week_start: dt.date) -> int:
    """After the deadline: each grid officer and street officer gets the list of its non-filers (once)."""
    from accounts.models import Region

    from .selectors import nonfilers

    rows = list(nonfilers(Enterprise.objects.all(), week_start).values_list("region_id", "region__path", "name"))
    if not rows:
        return 0
    by_user: dict[int, list[str]] = {}
    region_ids = {r for r, _, _ in rows}
    officers: dict[int, list[int]] = {}
    for rid, uid in Region.officers.through.objects.filter(region_id__in=region_ids).values_list("region_id", "user_id"):
        officers.setdefault(rid, []).append(uid)
    streets = list(User.objects.filter(role=Role.STREET, is_active=True, region__isnull=False).values_list("pk", "region__path"))
    for rid, path, name in rows:
        for uid in officers.get(rid, []):
            by_user.setdefault(uid, []).append(name)
        for uid, street_path in streets:
            if path.startswith(street_path):
                by_user.setdefault(uid, []).append(name)
    users = User.objects.in_bulk(list(by_user))
    url = reverse("hazards:filing_board") + f"?week={week_start:%Y-%m-%d}&status=missing"
    sent = 0
    with transaction.atomic():
        for uid, names in by_user.items():
            if not users[uid].is_active:
                continue
            sent += len(notify(
                recipients=[users[uid]], category="selfcheck",
                title=f"{week_label(week_start)}自查周报未报企业 {len(names)} 家",
                body="、".join(names[:100]) + (f" 等 {len(names)} 家" if len(names) > 100 else ""),
                url=url, dedup_key=f"selfcheck-nonfilers:{week_start:%Y%m%d}",
            ))
    return sent
