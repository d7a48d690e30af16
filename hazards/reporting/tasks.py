"""Celery job of 群众举报 (in the one beat schedule): daily escalation of overdue handling."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def escalate_overdue_reports(today: str | None = None) -> dict:
    """Daily: reports whose on-site verification is past its deadline climb 函告 → 通报 → 约谈 with the
    hazards' day offsets (HAZARD_ESCALATION_DAYS); each level once per report. Safe to run twice."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return {str(level): n for level, n in services.reports_escalate(today=day).items()}
