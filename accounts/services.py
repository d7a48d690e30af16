"""Writes of the accounts app: audit trail, people (users, grid cells), passwords."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from .account_permissions import creatable_roles
from .choices import Role
from .models import AuditLog, CellAssignment, OutboundMessage, Region, User
from .permissions import require


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditLog:
    """Write one audit row. Call it inside the service's transaction."""
    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        note=note[:500],
    )


def model_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value changed (values as display strings)."""
    return {k: [_plain(before.get(k)), _plain(v)] for k, v in after.items() if before.get(k) != v}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        return sorted(_plain(v) for v in value)
    return str(value)


# ---- people ------------------------------------------------------------------------------------

# Initial passwords: no look-alike characters (0/O, 1/l/I), readable over the phone.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
EDITABLE_FIELDS = ("full_name", "phone", "email", "post", "region", "department", "enterprise",
                   "enforcement_cert_no", "wecom_userid")


def initial_password(length: int = 10) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def _check_role(by: User | None, role: str) -> None:
    if by is None:
        return
    if role not in creatable_roles(by):
        raise PermissionDenied(f"您无权设置角色：{Role(role).label}")


def _check_in_scope(by: User | None, user: User) -> None:
    if by is not None and not User.objects.for_user(by).filter(pk=user.pk).exists():
        raise ValidationError("该用户不在您的管辖范围内（请检查所属街道、部门或企业）")


@transaction.atomic
def user_create(*, by: User | None, username: str, role: str, password: str | None = None,
                must_change_password: bool | None = None, **fields: Any) -> User:
    """Create a user. ``by=None`` is the system (seed, onboarding job); a person needs
    ``accounts.manage_people`` and may only create within its scope. Without a password an initial
    one is generated; it must be changed at first login."""
    if by is not None:
        require(by, "accounts.manage_people")
        _check_role(by, role)
    cells: list[Region] = fields.pop("grid_cells", [])
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用"})
    user = User(username=username, role=role, **fields)
    if password is None:
        password = initial_password()
        must_change_password = True if must_change_password is None else must_change_password
    user.set_password(password)
    user.must_change_password = bool(must_change_password)
    user.full_clean(exclude=["password"])
    user.save()
    if cells:
        _assign_cells(user, cells, by=by, note="创建账号")
    if user.role == Role.ENTERPRISE and user.enterprise_id and not User.objects.filter(
        enterprise_id=user.enterprise_id, receives_reminders=True
    ).exclude(pk=user.pk).exists():
        User.objects.filter(pk=user.pk).update(receives_reminders=True)
        user.receives_reminders = True
    _check_in_scope(by, user)
    audit_record(actor=by, action="用户创建", obj=user, changes={"role": role})
    user.initial_password = password  # shown once to whoever created it, never stored in clear
    return user


@transaction.atomic
def user_update(*, by: User, user: User, **fields: Any) -> User:
    require(by, "accounts.manage_people", user)
    if "role" in fields and fields["role"] != user.role:
        _check_role(by, fields["role"])
    unknown = set(fields) - {*EDITABLE_FIELDS, "role"}
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    before = {k: getattr(user, k) for k in fields}
    for key, value in fields.items():
        setattr(user, key, value)
    user.full_clean(exclude=["password"])
    user.save()
    _check_in_scope(by, user)
    audit_record(actor=by, action="用户修改", obj=user, changes=model_changes(before, fields))
    return user


@transaction.atomic
def user_set_active(*, by: User, user: User, active: bool, note: str = "") -> User:
    require(by, "accounts.manage_people", user)
    if user.is_active == active:
        return user
    if not active and user.role == Role.GRID and user.grid_cells.exists():
        raise ValidationError("请先将该网格员的网格移交给他人，再停用账号")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(actor=by, action="用户启用" if active else "用户停用", obj=user, note=note)
    return user


@transaction.atomic
def user_reset_password(*, by: User, user: User, send_sms: bool = True) -> str:
    """Office reset: a new initial password, to be changed at the next login; sent by SMS to the
    registered phone when there is one. Returns the password (shown once to the officer)."""
    from .outbox import enqueue

    require(by, "accounts.manage_people", user)
    password = initial_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    if send_sms and user.phone:
        enqueue(channel=OutboundMessage.Channel.SMS, address=user.phone, recipient=user, template="account",
                params={"username": user.username, "password": password},
                text=f"【安监平台】您的账号 {user.username} 密码已重置为 {password}，登录后请立即修改。")
    audit_record(actor=by, action="重置密码", obj=user, note="已短信发送" if send_sms and user.phone else "")
    return password


def user_is_locked(user: User) -> bool:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=user.username,
                                        failures_since_start__gte=settings.AXES_FAILURE_LIMIT).exists()


@transaction.atomic
def user_unlock(*, by: User, user: User) -> int:
    """Lift an axes lock-out (too many failed logins) for this username, from every address."""
    from axes.utils import reset

    require(by, "accounts.manage_people", user)
    count = reset(username=user.username)
    audit_record(actor=by, action="解除锁定", obj=user, changes={"attempts": count})
    return count


@transaction.atomic
def user_set_reminder_contact(*, by: User, user: User) -> User:
    """Make ``user`` the one of its enterprise who receives the enterprise's reminders."""
    require(by, "accounts.manage_people", user)
    if user.role != Role.ENTERPRISE or not user.enterprise_id:
        raise ValidationError("只有企业用户可以接收本企业提醒")
    User.objects.filter(enterprise_id=user.enterprise_id).exclude(pk=user.pk).update(receives_reminders=False)
    User.objects.filter(pk=user.pk).update(receives_reminders=True)
    user.receives_reminders = True
    audit_record(actor=by, action="设为提醒接收人", obj=user)
    return user


def _assign_cells(officer: User, cells: list[Region], *, by: User | None, note: str) -> None:
    officer.grid_cells.add(*cells)
    CellAssignment.objects.bulk_create([CellAssignment(cell=c, officer=officer, by=by, note=note) for c in cells])


@transaction.atomic
def grid_hand_over(*, by: User, cells: list[Region], to: User, note: str = "") -> list[CellAssignment]:
    """网格交接: ``cells`` pass to ``to``; their previous officers' assignments end (history kept)."""
    require(by, "accounts.hand_over_cells")
    if to.role != Role.GRID or not to.is_active:
        raise ValidationError({"to": "只能移交给在岗的网格员"})
    visible = set(Region.objects.for_user(by).filter(pk__in=[c.pk for c in cells]).values_list("pk", flat=True))
    if not cells or visible != {c.pk for c in cells}:
        raise ValidationError({"cells": "请选择您辖区内的网格"})
    require(by, "accounts.manage_people", to)
    now = timezone.now()
    for cell in cells:
        previous = list(cell.officers.exclude(pk=to.pk))
        cell.officers.remove(*previous)
        CellAssignment.objects.filter(cell=cell, ended_at__isnull=True).exclude(officer=to).update(ended_at=now)
        for officer in previous:
            audit_record(actor=by, action="网格移出", obj=officer, changes={"cell": cell.name, "to": str(to)}, note=note)
    new = [c for c in cells if not CellAssignment.objects.filter(cell=c, officer=to, ended_at__isnull=True).exists()]
    _assign_cells(to, new, by=by, note=note or "网格交接")
    audit_record(actor=by, action="网格交接", obj=to, changes={"cells": sorted(c.name for c in cells)}, note=note)
    return list(CellAssignment.objects.filter(officer=to, cell__in=cells, ended_at__isnull=True))


# ---- passwords --------------------------------------------------------------------------------


@transaction.atomic
def password_changed(*, user: User) -> None:
    """After the user set a password of its own: the forced change is done."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
    audit_record(actor=user, action="修改密码", obj=user)


def check_new_password(password: str, user: User) -> None:
    validate_password(password, user)
