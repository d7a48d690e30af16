"""违法行为处理 (首违不罚 or 行政处罚决定书) and the payment of fines (inspections.permissions.PENALTY)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from enterprises.models import Enterprise

from ..choices import DocumentKind, PenaltyStatus
from ..models import Inspection, Penalty
from ..permissions import PENALTY
from ..rules import minor_violations
from ..signals import penalty_decided
from ._common import origin_hazards
from .documents import document_issue
from .inspections import lock_inspection, result_of


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
    inspection = lock_inspection(inspection, by, "violation")
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
    inspection.result = result_of(inspection, list(origin_hazards(inspection)))
    inspection.save(update_fields=["result"])
    audit_record(actor=by, action="违法行为处理", obj=penalty,
                 changes={"status": status, "amount": str(amount) if amount else None, "document": doc.number})
    return penalty


@transaction.atomic
def penalty_mark_paid(*, penalty: Penalty, by: User, paid_on: dt.date) -> Penalty:
    penalty = Penalty.objects.select_for_update().get(pk=penalty.pk)
    PENALTY.require(by, "pay", penalty)
    if paid_on is None or paid_on < penalty.decided_on or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "缴纳日期应在决定日期和今天之间"})
    penalty.status, penalty.paid_on = PenaltyStatus.PAID, paid_on
    penalty.save(update_fields=["status", "paid_on"])
    audit_record(actor=by, action="罚款缴纳登记", obj=penalty, changes={"status": [PenaltyStatus.DECIDED, penalty.status]})
    return penalty
