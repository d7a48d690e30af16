"""Celery job of the credit list (in the one beat schedule)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def propose_credit_removals(today: str | None = None) -> int:
    """Daily: propose the removal of listings in force for CREDIT_REMOVAL_YEARS with no violation
    since; the office confirms. Idempotent: a proposed listing is not proposed again."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return len(services.removals_propose(today=day))
