"""Pure rules of the hazard domain: weeks and deadlines, self-closing, listing. Who may do what
(who reports which source, who verifies) lives in hazards/permissions.py."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .choices import HazardGrade, HazardSource, SupervisionStatus


def week_start_of(day: dt.date) -> dt.date:
    """Monday of the ISO week that contains ``day``."""
    return day - dt.timedelta(days=day.weekday())


def week_label(week_start: dt.date) -> str:
    year, week, _ = week_start.isocalendar()
    return f"{year}年第{week}周"


def selfcheck_due_at(week_start: dt.date) -> dt.datetime:
    """When the week's self-check is due (e.g. Sunday 24:00 Asia/Shanghai)."""
    monday = timezone.make_aware(dt.datetime.combine(week_start, dt.time.min))
    return monday + dt.timedelta(hours=settings.HAZARD_SELFCHECK_DUE_HOURS)


def selfcheck_deadline(week_start: dt.date) -> dt.datetime:
    """Due time plus grace: filings after this are late, amendments are closed."""
    return selfcheck_due_at(week_start) + dt.timedelta(hours=settings.HAZARD_SELFCHECK_GRACE_HOURS)


def is_self_closable(hazard) -> bool:
    """A self-found general hazard may be closed by the enterprise itself (setting)."""
    return (
        settings.HAZARD_SELF_CLOSE_GENERAL
        and hazard.source == HazardSource.SELF_CHECK
        and hazard.grade == HazardGrade.GENERAL
    )


def is_listed(hazard) -> bool:
    supervision = getattr(hazard, "supervision", None) if hazard.pk else None
    return supervision is not None and supervision.status == SupervisionStatus.LISTED
