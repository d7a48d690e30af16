"""Helpers shared by the hazard services: who/status checks (hazards/permissions.py), the timeline record, row locks, photos, recipients."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from accounts.choices import Role
from accounts.lifecycle import Transition
from accounts.models import User
from accounts.permissions import require
from accounts.services import audit_record
from enterprises.models import Enterprise
from safety_platform.uploads import validate_image

from ..choices import (
    TransitionAction,
)
from ..models import (
    Hazard,
    HazardPhoto,
    HazardTransition,
)
from ..permissions import HAZARD
from ..signals import hazard_transitioned


def _who(by: User | None, name: str, hazard: Hazard) -> None:
    """Who may (hazards/permissions.py): PermissionDenied (403) with the reason."""
    require(by, name, hazard)


def _step(by: User | None, action: str, hazard: Hazard) -> Transition:
    """The hazard lifecycle table: the status allows the action (400) and ``by`` may take it (403)."""
    return HAZARD.require(by, action, hazard)


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


BATCH = 2000


def _chunks(ids: list[int], size: int = BATCH):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
