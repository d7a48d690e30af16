"""Pure rules of the hazard domain: weeks and deadlines, who may report and who verifies."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from accounts.choices import Role

from .choices import HazardGrade, HazardSource, SupervisionStatus

# Which sources each role may report (公众举报 becomes a hazard when a staff member verifies it).
SOURCES_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.ENTERPRISE: (HazardSource.SELF_CHECK,),
    Role.GRID: (HazardSource.GRID, HazardSource.PUBLIC),
    Role.STREET: (HazardSource.GRID, HazardSource.PUBLIC),
    Role.DEPARTMENT: (HazardSource.ENFORCEMENT, HazardSource.RANDOM, HazardSource.EXPERT, HazardSource.PUBLIC),
    Role.EXPERT: (HazardSource.EXPERT,),
    Role.OFFICE: tuple(HazardSource.values),
    Role.ADMIN: tuple(HazardSource.values),
}
STAFF_ROLES = (Role.GRID, Role.STREET, Role.DEPARTMENT, Role.OFFICE, Role.ADMIN)


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


def may_amend_selfcheck(user, self_check) -> bool:
    """Only the enterprise's own users correct its filed self-check (staff see it, never rewrite it)."""
    return (
        user is not None
        and user.role == Role.ENTERPRISE
        and user.enterprise_id is not None
        and user.enterprise_id == self_check.enterprise_id
    )


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


def verifier_roles(hazard) -> tuple[str, ...]:
    """The roles whose in-scope users verify (验收) this hazard — the source's authority."""
    if is_listed(hazard):
        return (Role.OFFICE, Role.ADMIN)  # only the listing authority closes a 挂牌督办 hazard
    by_source = {
        HazardSource.SELF_CHECK: (Role.GRID, Role.STREET),
        HazardSource.GRID: (Role.GRID, Role.STREET),
        HazardSource.PUBLIC: (Role.GRID, Role.STREET),
        HazardSource.ENFORCEMENT: (Role.DEPARTMENT,),
        HazardSource.RANDOM: (Role.DEPARTMENT,),
        HazardSource.EXPERT: (Role.DEPARTMENT, Role.GRID, Role.STREET),
    }
    roles = by_source[hazard.source] + (Role.OFFICE, Role.ADMIN)
    if is_self_closable(hazard):
        roles = (Role.ENTERPRISE,) + roles
    return roles


def verifier_text(hazard) -> str:
    if is_listed(hazard):
        return "安委办（挂牌督办单位）"
    names = {Role.ENTERPRISE: "企业（自查一般隐患，网格员抽查）", Role.GRID: "网格员", Role.STREET: "街道/镇",
             Role.DEPARTMENT: hazard.department.name if hazard.department_id else "行业监管部门"}
    return "、".join(names[r] for r in verifier_roles(hazard) if r in names) + "或安委办"
