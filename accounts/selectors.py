"""Read-side queries of accounts shared by every app."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from .models import AuditLog


def audit_history(obj: Model, limit: int = 50) -> QuerySet[AuditLog]:
    """The audit rows of one object, newest first (the '操作记录' panel of every detail page)."""
    ct = ContentType.objects.get_for_model(obj)
    return AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")[:limit]
