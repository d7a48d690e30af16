"""Pieces shared by the inspections services: scope, checklists, the hazards a visit found and the
lifecycle step check (who first — 403 with the reason —, then from which status — 400)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from accounts.models import User
from enterprises.models import Enterprise
from hazards.choices import CheckResult
from hazards.models import CheckItem, CheckTemplate, Hazard


def require_enterprise_scope(user: User, enterprise: Enterprise) -> None:
    if not Enterprise.objects.for_user(user).filter(pk=enterprise.pk).exists():
        raise PermissionDenied("该企业不在您的管辖范围内")


def checklist_items(enterprise: Enterprise) -> QuerySet[CheckItem]:
    """The enterprise's checklist: the items of every check template that applies to it."""
    return (
        CheckItem.objects.filter(template__in=CheckTemplate.objects.for_enterprise(enterprise))
        .select_related("template")
        .order_by("template__name", "template_id", "order", "id")
    )


def clean_answers(enterprise: Enterprise, answers: Sequence[dict]) -> list[tuple[CheckItem, dict]]:
    items = {i.pk: i for i in checklist_items(enterprise)}
    errors, pairs = [], []
    for a in answers:
        raw = a.get("item")
        item_id = raw.pk if isinstance(raw, CheckItem) else int(raw or 0)
        if item_id not in items:
            errors.append(f"检查项 {item_id} 不属于该企业适用的检查表")
            continue
        if not a.get("result"):
            continue  # not answered yet: a draft may be partial
        if a["result"] not in CheckResult.values:
            errors.append(f"“{items[item_id].description}”：请选择合格、不合格或不涉及")
            continue
        pairs.append((items[item_id], a))
    if errors:
        raise ValidationError({"answers": errors})
    return pairs


def origin_hazards(obj) -> QuerySet[Hazard]:
    """The hazards a patrol or an inspection put into the ledger."""
    return Hazard.objects.filter(origin_type=ContentType.objects.get_for_model(obj), origin_id=str(obj.pk))
