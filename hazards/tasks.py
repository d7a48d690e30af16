"""Celery jobs of the hazards app (in the one beat schedule, safety_platform/celery.py).

They take dates as ISO strings (defaulting to now), call services, and are idempotent:
reminders carry a dedup_key, escalation raises a level only from the level below.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services
from .rules import selfcheck_deadline, week_start_of


@shared_task
def selfcheck_reminder(now: str | None = None) -> dict:
    """Before a week's deadline (within HAZARD_SELFCHECK_REMIND_HOURS) remind non-filing enterprises;
    after it, send each grid officer and street officer the list of its non-filers."""
    from django.conf import settings

    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    this_week = week_start_of(timezone.localdate(moment))
    result = {"reminded": 0, "listed": 0}
    for week in (this_week - dt.timedelta(weeks=1), this_week):
        deadline = selfcheck_deadline(week)
        if moment > deadline:
            result["listed"] += services.selfcheck_notify_nonfilers(week_start=week)
        elif moment >= deadline - dt.timedelta(hours=settings.HAZARD_SELFCHECK_REMIND_HOURS):
            result["reminded"] += services.selfcheck_remind_enterprises(week_start=week)
    return result


@shared_task
def overdue_escalation(today: str | None = None) -> dict:
    """Daily: flag hazards past their deadline overdue, then escalate 函告 → 通报 → 约谈 one step."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    marked = services.hazards_mark_overdue(today=day)
    levels = services.hazards_escalate(today=day)
    return {"overdue": marked, **{f"level{k}": v for k, v in levels.items()}}
