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


WEEKDAYS = "一二三四五六日"


def deadline_text(moment: dt.datetime) -> str:
    """A deadline nobody can misread: midnight is the end of the day before ("12月6日（周日）24:00前"),
    not "12月07日 00:00"; other times keep their day ("11月23日（周一）12:00前")."""
    local = timezone.localtime(moment)
    day, clock = local.date(), f"{local:%H:%M}"
    if local.time() == dt.time.min:
        day, clock = day - dt.timedelta(days=1), "24:00"
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）{clock}前"


def selfcheck_deadline_text(week_start: dt.date) -> str:
    return deadline_text(selfcheck_deadline(week_start))


def is_self_closable(hazard) -> bool:
    """A self-found general hazard may be closed by the enterprise itself (setting)."""
    return (
        settings.HAZARD_SELF_CLOSE_GENERAL
        and hazard.source == HazardSource.SELF_CHECK
        and hazard.grade == HazardGrade.GENERAL
    )


def major_close_missing(hazard) -> list[str]:
    """What a major hazard still lacks before it may be closed (销号): its 五到位 plan and the
    after-photos of the rectification (seed 002: 部门审核把关销号). Empty for a general hazard."""
    from .choices import PhotoKind

    if hazard.grade != HazardGrade.MAJOR:
        return []
    missing = []
    if hazard.plan_missing:
        missing.append(f"“五到位”治理方案（尚缺：{'、'.join(hazard.plan_missing)}）")
    if not hazard.photos.filter(kind=PhotoKind.AFTER).exists():
        missing.append("整改后照片")
    return missing


def is_listed(hazard) -> bool:
    supervision = getattr(hazard, "supervision", None) if hazard.pk else None
    return supervision is not None and supervision.status == SupervisionStatus.LISTED
