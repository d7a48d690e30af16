"""Who is alerted when an accident is recorded, re-graded, followed up or reported late — and how.

Everything goes through ``accounts.notifications.notify`` (in-app row + SMS/企业微信 copies in the
outbox); a phone number that belongs to no account (the duty phone of the roster, a leader's
number from settings) gets an outbox SMS of its own (``accounts.outbox.enqueue``) — one delivery
path, the outbox.

Recipients (SPEC §5 "recording an accident alerts the duty officer, the office and the supervising
department at once"):
- the 安委办 (every active office account);
- the supervising department(s): the departments of the enterprise and those supervising the
  accident's industry — exactly the departments whose users see the accident (``for_user``);
- the duty officer(s) on shift, from the sources registered in ``DUTY_SOURCES`` (the emergency
  app's duty roster registers one from its ``AppConfig.ready``: accidents may not import it);
- 较大 and above: the leaders of ``settings.ACCIDENT_LEADER_USERNAMES`` / ``ACCIDENT_LEADER_PHONES``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Department, OutboundMessage, User
from accounts.notifications import notify
from accounts.outbox import enqueue

from .choices import AccidentGrade
from .models import Accident
from .rules import ReportStep, grading_deaths, next_open_step


@dataclass(frozen=True)
class DutyContact:
    """Someone on duty: an account (in-app + copies) and/or a bare phone number (SMS only)."""

    name: str
    phone: str = ""
    user: User | None = None


# Callables (at: datetime) -> list[DutyContact], registered by the apps that keep a duty roster.
DUTY_SOURCES: list[Callable[[dt.datetime], list[DutyContact]]] = []


def register_duty_source(source: Callable[[dt.datetime], list[DutyContact]]) -> None:
    if source not in DUTY_SOURCES:
        DUTY_SOURCES.append(source)


def duty_contacts(at: dt.datetime) -> list[DutyContact]:
    return [c for source in DUTY_SOURCES for c in source(at)]


def supervising_departments(accident: Accident) -> list[Department]:
    """The enterprise's departments and the departments supervising the industry (or its parent)."""
    q = Q(pk__in=[])
    if accident.enterprise_id:
        q |= Q(enterprises=accident.enterprise_id)
    if accident.industry_id:
        q |= Q(industries=accident.industry_id)
        if accident.industry.parent_id:
            q |= Q(industries=accident.industry.parent_id)
    return list(Department.objects.filter(q).distinct().order_by("pk"))


def _active(qs):
    return qs.filter(is_active=True)


def leaders() -> tuple[list[User], list[str]]:
    users = list(_active(User.objects.filter(username__in=settings.ACCIDENT_LEADER_USERNAMES)))
    known = {u.phone for u in users if u.phone}
    phones = [p for p in settings.ACCIDENT_LEADER_PHONES if p and p not in known]
    return users, phones


@dataclass
class Recipients:
    users: list[User]
    phones: list[str]  # numbers without an account: an outbox SMS each


def recipients(accident: Accident, *, at: dt.datetime | None = None, with_leaders: bool | None = None) -> Recipients:
    at = at or timezone.now()
    users: dict[int, User] = {u.pk: u for u in _active(User.objects.filter(role=Role.OFFICE))}
    departments = supervising_departments(accident)
    for u in _active(User.objects.filter(role=Role.DEPARTMENT, department__in=departments)):
        users[u.pk] = u
    phones: list[str] = []
    for contact in duty_contacts(at):
        if contact.user is not None and contact.user.is_active:
            users[contact.user.pk] = contact.user
        elif contact.phone:
            phones.append(contact.phone)
    if with_leaders if with_leaders is not None else accident.grade >= AccidentGrade.LARGER:
        leader_users, leader_phones = leaders()
        users.update({u.pk: u for u in leader_users})
        phones += leader_phones
    known = {u.phone for u in users.values() if u.phone}
    phones = list(dict.fromkeys(p for p in phones if p not in known))
    return Recipients(list(users.values()), phones)


def casualty_text(accident: Accident) -> str:
    parts = [f"死亡{accident.deaths}人"]
    if accident.missing:
        parts.append(f"失踪{accident.missing}人")
    parts.append(f"重伤{accident.serious_injuries}人")
    if accident.minor_injuries:
        parts.append(f"轻伤{accident.minor_injuries}人")
    return "，".join(parts)


def place_text(accident: Accident) -> str:
    return f"{accident.region.name}{(' ' + accident.place) if accident.place else ''}"


def deadline_text(step: ReportStep | None) -> str:
    if step is None:
        return "各级报告均已登记"
    return f"{step.label}须于{timezone.localtime(step.deadline):%m-%d %H:%M}前报告（{step.hours}小时内）"


def _send(accident: Accident, *, title: str, body: str, key: str, at: dt.datetime, sms: bool = True,
          with_leaders: bool | None = None, category: str = "accident_alert") -> int:
    who = recipients(accident, at=at, with_leaders=with_leaders)
    title = title[:200]  # Notification.title; the SMS template takes the first 35 characters
    sent = notify(
        recipients=who.users, title=title, body=body, url=reverse("accidents:detail", args=[accident.pk]),
        category=category, dedup_key=key, sms=sms, wecom=True,
    )
    if sms and (sent or not who.users):
        # Bare numbers have no notification row to deduplicate on: they follow the accounts' first send.
        for phone in who.phones:
            enqueue(channel=OutboundMessage.Channel.SMS, address=phone, text=f"【安监平台】{title}",
                    template="notice", params={"title": title[:35]})
    return len(sent) + (len(who.phones) if sms and (sent or not who.users) else 0)


def alert_recorded(accident: Accident, *, steps: list[ReportStep], by: User | None = None) -> int:
    """事故快报: everyone at once — grade, place, casualties, the next reporting deadline."""
    step = next_open_step(steps)
    counted = grading_deaths(deaths=accident.deaths, missing=accident.missing)
    # Most telling first: an SMS template carries only the first 35 characters of the title.
    due = (f"{step.label} {timezone.localtime(step.deadline):%H:%M}前（{step.hours}小时内）" if step
           else "各级报告已登记")
    title = f"【{accident.get_grade_display()}】{place_text(accident)} 死亡（含失踪）{counted}人，{due}：{accident.title}"
    body = "\n".join([
        f"事故：{accident.title}",
        f"等级：{accident.get_grade_display()}（按493号令，死亡含失踪{counted}人）",
        f"时间：{timezone.localtime(accident.occurred_at):%Y-%m-%d %H:%M}",
        f"地点：{accident.region.full_name}{(' ' + accident.place) if accident.place else ''}",
        f"事故单位：{accident.enterprise.name if accident.enterprise_id else '无'}",
        f"伤亡：{casualty_text(accident)}；直接经济损失{accident.direct_loss}万元",
        f"报告时限：{deadline_text(step)}",
        f"登记人：{by}" if by else "",
    ]).strip()
    return _send(accident, title=title, body=body, key=f"accident-alert:{accident.pk}", at=accident.created_at)


def alert_regraded(accident: Accident, *, grade_before: int, reason: str) -> int:
    """The grade rose (伤亡补报, 续报): alert again, leaders included once it is 较大 or above."""
    title = (f"【事故升级】{AccidentGrade(grade_before).label}→{accident.get_grade_display()}，"
             f"{casualty_text(accident)}：{accident.title}")
    body = f"{title}\n地点：{accident.region.full_name}\n原因：{reason}"
    return _send(accident, title=title, body=body, key=f"accident-grade:{accident.pk}:{accident.grade}",
                 at=timezone.now())


def alert_follow_up(accident: Accident, *, content: str, by: User) -> int:
    """续报: in-app (and 企业微信) for the office and departments; no SMS unless the grade rose."""
    title = f"【事故续报】{accident.title}：{casualty_text(accident)}"[:200]
    who = recipients(accident, with_leaders=False)
    return len(notify(
        recipients=[u for u in who.users if u.pk != by.pk], title=title, body=content,
        url=reverse("accidents:detail", args=[accident.pk]), category="accident_follow_up", wecom=True,
    ))


def alert_overdue(accident: Accident, *, step: ReportStep) -> int:
    """A report past its deadline: once per accident (the beat task runs every few minutes)."""
    title = (f"【迟报预警】{step.label}超时未报（时限{timezone.localtime(step.deadline):%m-%d %H:%M}）："
             f"{accident.title}")
    body = f"{title}\n依据：{step.basis}\n请立即报告并在平台登记报告时间。"
    return _send(accident, title=title, body=body, key=f"accident-overdue:{accident.pk}", at=timezone.now(),
                 with_leaders=False, category="accident_overdue")
