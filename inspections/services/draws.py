"""双随机一公开: 回避申报, the draw (seed, snapshot, hash) and the publication of its results
(inspections.permissions.DRAW)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.notifications import notify
from accounts.permissions import require
from accounts.services import audit_record
from enterprises.models import Enterprise

from .. import draws as drawing
from ..choices import DrawStatus, InspectionStatus
from ..models import Conflict, DrawItem, RandomDraw
from ..permissions import DRAW


@transaction.atomic
def conflict_declare(*, by: User, inspector: User, enterprise: Enterprise, reason: str) -> Conflict:
    """回避申报: an officer declares for itself, or the office for anyone."""
    require(by, "inspections.declare_conflict", inspector)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写回避事由"})
    if Conflict.objects.filter(inspector=inspector, enterprise=enterprise).exists():
        raise ValidationError({"enterprise": f"{inspector} 已申报对该企业回避"})
    conflict = Conflict.objects.create(inspector=inspector, enterprise=enterprise, reason=reason.strip(), declared_by=by)
    audit_record(actor=by, action="回避申报", obj=conflict, note=reason)
    return conflict


@transaction.atomic
def draw_create(
    *,
    by: User,
    title: str,
    criteria: dict[str, Any],
    enterprise_count: int,
    inspectors_per_enterprise: int = 2,
    seed: int | None = None,
) -> RandomDraw:
    """Draw N enterprises from the pool and ≥ 2 inspectors for each, store seed, snapshot and hash."""
    require(by, "inspections.create_draw")
    department = by.department
    errors = {}
    if not (title or "").strip():
        errors["title"] = "请填写抽查任务名称"
    if inspectors_per_enterprise is None or inspectors_per_enterprise < 2:
        errors["inspectors_per_enterprise"] = "每家企业至少抽取 2 名执法人员"
    if enterprise_count is None or enterprise_count < 1:
        errors["enterprise_count"] = "抽取企业数至少为 1"
    if errors:
        raise ValidationError(errors)
    drawn_at = timezone.now()
    seed = seed if seed is not None else secrets.randbits(62)
    snapshot = drawing.build_snapshot(department=department, criteria=criteria, enterprise_count=enterprise_count,
                                    inspectors_per_enterprise=inspectors_per_enterprise, as_of=drawn_at)
    result = drawing.run_draw(snapshot, seed)
    draw = RandomDraw.objects.create(
        department=department, title=title.strip(), criteria=snapshot["criteria"], enterprise_count=enterprise_count,
        inspectors_per_enterprise=inspectors_per_enterprise, seed=seed, snapshot=snapshot,
        pool_hash=drawing.snapshot_hash(snapshot), drawn_at=drawn_at, drawn_by=by,
    )
    items = DrawItem.objects.bulk_create(
        [DrawItem(draw=draw, position=n, enterprise_id=eid) for n, (eid, _) in enumerate(result, 1)]
    )
    through = DrawItem.inspectors.through
    through.objects.bulk_create(
        [through(drawitem_id=item.pk, user_id=uid) for item, (_, uids) in zip(items, result) for uid in uids]
    )
    audit_record(actor=by, action="双随机抽取", obj=draw,
                 changes={"seed": str(seed), "pool_hash": draw.pool_hash, "pool_size": len(snapshot["enterprises"]),
                          "inspector_pool": len(snapshot["inspectors"]), "drawn": [eid for eid, _ in result]})
    return draw


@transaction.atomic
def draw_publish(*, draw: RandomDraw, by: User, now: dt.datetime | None = None) -> int:
    """Publish the results of the finished inspections of the draw (enterprise, date, result) on
    the public page. Returns how many were published now."""
    now = now or timezone.now()
    draw = RandomDraw.objects.select_for_update().get(pk=draw.pk)
    require(by, DRAW.step("publish").permission, draw)
    ready = list(draw.items.filter(published_at__isnull=True, inspection__status=InspectionStatus.FINISHED))
    if not ready:
        raise ValidationError("没有可公开的检查结果：抽取的企业尚未完成检查，或结果均已公开")
    DrawItem.objects.filter(pk__in=[i.pk for i in ready]).update(published_at=now)
    if not draw.items.filter(published_at__isnull=True).exists():
        draw.status = DrawStatus.PUBLISHED
        draw.save(update_fields=["status"])
    audit_record(actor=by, action="双随机结果公开", obj=draw, changes={"published": [i.enterprise_id for i in ready]})
    return len(ready)


def publications_flag_overdue(*, today: dt.date) -> int:
    """双随机 results not published within the working-day limit: tell the department's officers
    (and the office) once per draw and day. Returns how many overdue results were found."""
    from ..selectors import overdue_publications

    overdue = overdue_publications(DrawItem.objects.all(), today)
    by_draw: dict[int, list] = {}
    for row in overdue:
        by_draw.setdefault(row.item.draw_id, []).append(row)
    office = list(User.objects.filter(role=Role.OFFICE, is_active=True))
    for draw_id, rows in by_draw.items():
        draw = rows[0].item.draw
        notify(
            recipients=[*User.objects.filter(role=Role.DEPARTMENT, department_id=draw.department_id, is_active=True),
                        *office],
            category="inspection", title=f"双随机抽查结果逾期未公开：{draw.title}",
            body="、".join(f"{r.item.enterprise.name}（应于 {r.due:%Y-%m-%d} 前公开）" for r in rows),
            url=reverse("inspections:draw_detail", kwargs={"pk": draw_id}),
            dedup_key=f"draw-publication-overdue:{draw_id}:{today:%Y%m%d}",
        )
    return len(overdue)
