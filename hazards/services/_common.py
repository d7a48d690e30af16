"""Helpers shared by the hazard services: who/status checks (hazards/permissions.py), the timeline record, row locks, photos, recipients."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.lifecycle import Transition
from accounts.models import User
from accounts.notifications import notify
from accounts.permissions import require
from accounts.services import audit_record
from enterprises.models import Enterprise
from safety_platform.uploads import validate_image

from ..choices import (
    HazardStatus,
    SupervisionStatus,
    TransitionAction,
)
from ..models import (
    Hazard,
    HazardPhoto,
    HazardTransition,
    Supervision,
)
from ..permissions import HAZARD
from ..rules import is_listed, major_close_missing
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


@transaction.atomic  # inside the caller's transaction (a savepoint): all of the closing or none of it
def close_hazard(hazard: Hazard, *, by: User | None, action: str, note: str = "",
                 spot_check_due: bool = False) -> Hazard:
    """The only write of 已销号 — 验收, 现场验收/复查, 误报撤销 all end here, so one rule holds for
    every path: a major hazard closes only on the review of its supervising department or the
    安委办 (hazards.close, 403), with its 五到位 plan and after-photos (400). Call it locked
    (``_lock``), after the action's own who/status checks."""
    require(by, "hazards.close", hazard)
    missing = major_close_missing(hazard)
    if missing:
        raise ValidationError(f"重大隐患 {hazard.number} 销号前须具备：{'；'.join(missing)}", code="major_evidence")
    from_status = hazard.status
    hazard.status, hazard.closed_at, hazard.closed_by, hazard.is_overdue = HazardStatus.CLOSED, timezone.now(), by, False
    hazard.spot_check_due = spot_check_due
    hazard.save(update_fields=["status", "closed_at", "closed_by", "is_overdue", "spot_check_due"])
    if is_listed(hazard):
        Supervision.objects.filter(hazard=hazard).update(status=SupervisionStatus.CLOSED, closed_at=timezone.now())
        note = f"{note}（挂牌督办摘牌）".strip()
    row = _record(hazard, by=by, action=action, from_status=from_status, note=note)
    if spot_check_due:  # the enterprise closed it itself: into the grid officers' 待抽查 inbox
        notify(recipients=grid_officers(hazard), category="hazard",
               title=f"企业自行销号待抽查：{hazard.enterprise.name}",
               body=f"{hazard.number}：{hazard.description[:80]}\n{TransitionAction(action).label}：{note or '—'}",
               url=hazard_url(hazard), dedup_key=f"hazard-spot-due:{row.pk}")
    return hazard


def verifier_users(hazard: Hazard) -> models.QuerySet:
    """Who is told that a hazard awaits 验收 (their 待验收 inbox; hazards.permissions.is_verifier):
    the office for a listed hazard, the supervising (or finding) department for a major or an
    enforcement finding, the grid officers of the cell otherwise; nobody when the enterprise
    closes it itself."""
    from ..choices import HazardGrade, HazardSource
    from ..rules import is_self_closable

    enforcement = hazard.source in (HazardSource.ENFORCEMENT, HazardSource.RANDOM) and hazard.department_id
    if is_listed(hazard):
        return office_users()
    if enforcement:
        return User.objects.filter(role=Role.DEPARTMENT, is_active=True, department_id=hazard.department_id)
    if hazard.grade == HazardGrade.MAJOR:
        return department_users(hazard.enterprise)
    if is_self_closable(hazard):
        return User.objects.none()
    return grid_officers(hazard)


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


def grid_officers(hazard: Hazard) -> models.QuerySet:
    """The grid officers of the hazard's cell (属地网格员)."""
    return User.objects.filter(role=Role.GRID, is_active=True, grid_cells=hazard.region_id)


def office_users() -> models.QuerySet:
    return User.objects.filter(role=Role.OFFICE, is_active=True)


def enterprise_users(enterprise_ids) -> models.QuerySet:
    return User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise_id__in=enterprise_ids)


BATCH = 2000


def _chunks(ids: list[int], size: int = BATCH):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
