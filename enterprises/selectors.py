"""Reads of the enterprise registry that are more than a filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone

from accounts.choices import RegionKind
from accounts.models import AuditLog, Region

from .choices import EnterpriseStatus
from .models import Enterprise, EnterpriseAttachment, Licence, MajorHazardSource, RiskPoint


def with_street(qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Annotate ``street_name``: the 街道/镇 above the enterprise's region, in the same query.

    The street is the ancestor of kind "street" whose path is a prefix of the region's path,
    so the depth of the tree stays data.
    """
    street = Region.objects.filter(
        kind=RegionKind.STREET, path=Substr(OuterRef("region__path"), 1, Length("path"))
    ).values("name")[:1]
    return qs.annotate(street_name=Subquery(street))


def enterprise_list(qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """What the list, its export and the API list need: a constant number of queries per page."""
    return with_street(qs.select_related("region", "industry").prefetch_related("departments"))


# ---- 到期预警 ---------------------------------------------------------------------------

EXPIRY_KINDS = [("licence", "证照许可"), ("standardization", "安全生产标准化"), ("insurance", "安全生产责任险")]


@dataclass
class ExpiryItem:
    enterprise: Enterprise
    kind: str
    name: str
    number: str
    expires_on: dt.date
    today: dt.date

    @property
    def kind_label(self) -> str:
        return dict(EXPIRY_KINDS)[self.kind]

    @property
    def days_left(self) -> int:
        return (self.expires_on - self.today).days

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def state(self) -> str:
        return f"已过期 {-self.days_left} 天" if self.expired else f"剩余 {self.days_left} 天"


def warning_limit(today: dt.date | None = None, days: int | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    days = settings.EXPIRY_WARNING_DAYS if days is None else days
    return today, today + dt.timedelta(days=days)


def _active(enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return enterprises.exclude(status=EnterpriseStatus.CLOSED)


def expiring_items(
    enterprises: QuerySet[Enterprise], *, kind: str = "", today: dt.date | None = None, days: int | None = None
) -> list[ExpiryItem]:
    """Licences, 标准化 and 安责险 of ``enterprises`` expired or expiring within ``days`` (soonest first)."""
    today, limit = warning_limit(today, days)
    active = _active(enterprises)
    items: list[ExpiryItem] = []
    if kind in ("", "licence"):
        licences = Licence.objects.filter(enterprise__in=active.values("pk"), expires_on__lte=limit).select_related(
            "enterprise__region"
        )
        items += [ExpiryItem(lic.enterprise, "licence", lic.kind, lic.number, lic.expires_on, today) for lic in licences]
    if kind in ("", "standardization"):
        for e in active.filter(standardization_expiry__lte=limit).select_related("region"):
            items.append(ExpiryItem(
                e, "standardization", f"标准化{e.get_standardization_grade_display()}", "", e.standardization_expiry, today
            ))
    if kind in ("", "insurance"):
        for e in active.filter(insurance_expiry__lte=limit).select_related("region"):
            items.append(ExpiryItem(e, "insurance", "安全生产责任险", e.insurance_policy_no, e.insurance_expiry, today))
    items.sort(key=lambda i: (i.expires_on, i.enterprise.name, i.kind))
    return items


def expiring_count(enterprises: QuerySet[Enterprise], *, today: dt.date | None = None) -> int:
    today, limit = warning_limit(today)
    active = _active(enterprises)
    return (
        Licence.objects.filter(enterprise__in=active.values("pk"), expires_on__lte=limit).count()
        + active.filter(standardization_expiry__lte=limit).count()
        + active.filter(insurance_expiry__lte=limit).count()
    )


# ---- 变更历史 ---------------------------------------------------------------------------

# Models with an ``enterprise`` FK whose audit rows show on the file's 变更历史 tab; other apps add
# theirs with ``register_history_model`` (e.g. the 安全生产责任制 records).
HISTORY_MODELS: list[type] = [RiskPoint, MajorHazardSource, Licence, EnterpriseAttachment]


def register_history_model(model: type) -> None:
    if model not in HISTORY_MODELS:
        HISTORY_MODELS.append(model)


def enterprise_history(enterprise: Enterprise, limit: int = 200) -> QuerySet[AuditLog]:
    """Audit rows of the file itself and of its records (risk points, hazard sources, licences,
    attachments and what other apps registered)."""
    types = ContentType.objects.get_for_models(Enterprise, *HISTORY_MODELS)
    q = Q(content_type=types[Enterprise], object_id=str(enterprise.pk))
    for model in HISTORY_MODELS:
        ids = [str(pk) for pk in model.objects.filter(enterprise=enterprise).values_list("pk", flat=True)]
        if ids:
            q |= Q(content_type=types[model], object_id__in=ids)
    return AuditLog.objects.filter(q).select_related("actor", "content_type")[:limit]


def field_label(model: type, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # changes may carry computed keys ("D", "R") that are not fields
        return name
