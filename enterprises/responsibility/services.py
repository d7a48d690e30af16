"""Every write to the 安全生产责任制 file: one transaction, checked, audited like the enterprise file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from accounts.models import User
from accounts.permissions import require
from accounts.services import audit_record, model_changes
from enterprises.models import Enterprise

from .models import ResponsibilityItem, SafetyInvestment, SafetyStaff

KEEP = object()  # ``voucher=KEEP``: leave the stored voucher as it is


def _check_owner(obj: models.Model | None, enterprise: Enterprise) -> None:
    if obj is not None and obj.enterprise_id != enterprise.pk:
        raise ValidationError("该记录不属于此企业")


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return model_to_dict(obj, exclude=["id", "enterprise", "recorded_by", "recorded_at", "voucher"]) if obj.pk else {}


def _not_after_today(day: dt.date | None, field: str, label: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


def _save(obj: models.Model, *, by: User | None, action: str, fields: dict[str, Any], check) -> models.Model:
    if by is not None:  # None: the system (demo data, imports)
        require(by, "responsibility.edit", obj.enterprise)
    before = _snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    check(obj)
    obj.full_clean(exclude=["recorded_by"])
    obj.save()
    changes = model_changes(before, _snapshot(obj))
    if changes:
        audit_record(actor=by, action=action, obj=obj, changes=changes)
    return obj


def _delete(obj: models.Model, *, by: User | None, action: str) -> None:
    if by is not None:
        require(by, "responsibility.edit", obj.enterprise)
    audit_record(actor=by, action=action, obj=obj.enterprise, note=str(obj))
    obj.delete()


# ---- 安全生产责任清单 ------------------------------------------------------------------------


def _check_item(item: ResponsibilityItem) -> None:
    _not_after_today(item.signed_on, "signed_on", "责任书签订日期")


@transaction.atomic
def responsibility_item_save(
    *, enterprise: Enterprise, by: User | None, item: ResponsibilityItem | None = None, **fields: Any
) -> ResponsibilityItem:
    _check_owner(item, enterprise)
    return _save(item or ResponsibilityItem(enterprise=enterprise), by=by, action="安全责任清单保存", fields=fields,
                 check=_check_item)


@transaction.atomic
def responsibility_item_delete(*, item: ResponsibilityItem, by: User | None) -> None:
    _delete(item, by=by, action="安全责任清单删除")


# ---- 安全管理人员及持证 ----------------------------------------------------------------------


def _check_staff(staff: SafetyStaff) -> None:
    _not_after_today(staff.issued_on, "issued_on", "发证日期")
    if staff.issued_on and staff.expires_on and staff.expires_on < staff.issued_on:
        raise ValidationError({"expires_on": "有效期至不能早于发证日期"})


@transaction.atomic
def safety_staff_save(
    *, enterprise: Enterprise, by: User | None, staff: SafetyStaff | None = None, **fields: Any
) -> SafetyStaff:
    _check_owner(staff, enterprise)
    return _save(staff or SafetyStaff(enterprise=enterprise), by=by, action="安全管理人员保存", fields=fields,
                 check=_check_staff)


@transaction.atomic
def safety_staff_delete(*, staff: SafetyStaff, by: User | None) -> None:
    _delete(staff, by=by, action="安全管理人员删除")


# ---- 安全投入台账 ----------------------------------------------------------------------------


def _check_investment(investment: SafetyInvestment) -> None:
    if investment.amount is not None and Decimal(investment.amount) <= 0:
        raise ValidationError({"amount": "金额必须大于 0 元"})
    _not_after_today(investment.spent_on, "spent_on", "投入日期")


def _drop_file_on_commit(field_file) -> None:
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def safety_investment_save(
    *,
    enterprise: Enterprise,
    by: User | None,
    investment: SafetyInvestment | None = None,
    voucher: Any = KEEP,
    **fields: Any,
) -> SafetyInvestment:
    """``voucher``: KEEP (default), a new file (already checked by ``uploads.validate_document``),
    or None to remove the stored one (the old file goes once the row is saved)."""
    _check_owner(investment, enterprise)
    investment = investment or SafetyInvestment(enterprise=enterprise, recorded_by=by)
    old_voucher = investment.voucher if investment.pk else None
    if voucher is not KEEP:
        investment.voucher = voucher or ""
    investment = _save(investment, by=by, action="安全投入保存", fields=fields, check=_check_investment)
    if voucher is not KEEP:
        if old_voucher and old_voucher.name != investment.voucher.name:
            _drop_file_on_commit(old_voucher)
        audit_record(actor=by, action="安全投入凭证" + ("上传" if voucher else "删除"), obj=investment,
                     changes={"voucher": investment.voucher.name})
    return investment


@transaction.atomic
def safety_investment_delete(*, investment: SafetyInvestment, by: User | None) -> None:
    voucher = investment.voucher
    _delete(investment, by=by, action="安全投入删除")
    _drop_file_on_commit(voucher)
