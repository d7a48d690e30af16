"""Celery tasks of the inspections app (take dates, call services, idempotent)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def flag_overdue_publications(day: str | None = None) -> int:
    """Daily: 双随机 results past the publication limit are flagged to their department (once a day)."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return services.publications_flag_overdue(today=today)
