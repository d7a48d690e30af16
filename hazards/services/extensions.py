"""挂牌督办 (listing a major hazard) and its 延期申请 (extension requests decided by the office)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.notifications import notify
from accounts.permissions import require

from ..choices import (
    ExtensionStatus,
    HazardGrade,
    TransitionAction,
)
from ..models import (
    ExtensionRequest,
    Hazard,
    Supervision,
)
from ..permissions import EXTENSION, HAZARD
from ..rules import (
    is_listed,
)
from ._common import (
    _lock,
    _record,
    _step,
    _who,
    department_users,
    enterprise_users,
    hazard_url,
    office_users,
)


@transaction.atomic
def hazard_supervise(*, hazard: Hazard, by: User, deadline: dt.date, reason: str = "", doc_no: str = "") -> Supervision:
    _who(by, "hazards.supervisor", hazard)
    _lock(hazard)
    if hazard.grade != HazardGrade.MAJOR:
        raise ValidationError("只有重大隐患可以挂牌督办")
    HAZARD.check_status("supervise", hazard)
    if Supervision.objects.filter(hazard=hazard).exists():
        raise ValidationError("该隐患已挂牌督办，不能重复挂牌")
    _step(by, "supervise", hazard)
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
    _who(by, "hazards.extension_requester", hazard)
    _lock(hazard)
    if not is_listed(hazard):
        raise ValidationError("只有挂牌督办中的隐患需要申请延期")
    HAZARD.check_status("request_extension", hazard)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "请填写延期理由"
    if new_deadline is None or new_deadline <= hazard.deadline:
        errors["new_deadline"] = f"延期日期须晚于当前期限 {hazard.deadline:%Y-%m-%d}"
    if errors:
        raise ValidationError(errors)
    if hazard.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError("已有待审批的延期申请，请等待安委办审批")
    _step(by, "request_extension", hazard)
    req = ExtensionRequest.objects.create(hazard=hazard, requested_by=by, new_deadline=new_deadline, reason=reason.strip())
    _record(hazard, by=by, action=TransitionAction.EXTENSION_REQUEST, from_status=hazard.status,
            note=f"申请延期至 {new_deadline:%Y-%m-%d}：{reason}")
    notify(recipients=office_users(), category="hazard", title=f"延期申请待审批：{hazard.enterprise.name}",
           body=f"{hazard.number} 申请延期至 {new_deadline:%Y-%m-%d}", url=hazard_url(hazard),
           dedup_key=f"hazard-extension:{req.pk}")
    return req


@transaction.atomic
def extension_decide(*, request: ExtensionRequest, by: User, approve: bool, note: str = "") -> ExtensionRequest:
    require(by, "hazards.decide_extension", request)
    request = ExtensionRequest.objects.select_for_update().select_related("hazard").get(pk=request.pk)
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(f"该申请已{request.get_status_display()}，不能重复审批")
    EXTENSION.require(by, "decide", request)
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
