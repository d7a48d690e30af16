"""Writes of the accounts app: audit trail, users."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import AuditLog, Region, User


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


@transaction.atomic
def user_create(*, by: User | None, username: str, password: str, role: str, **fields: Any) -> User:
    cells: list[Region] = fields.pop("grid_cells", [])
    user = User(username=username, role=role, **fields)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if cells:
        user.grid_cells.set(cells)
    audit_record(actor=by, action="用户创建", obj=user, changes={"role": role})
    return user
