"""Celery jobs of the accidents app (idempotent: notify() deduplicates per key)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.notifications import notify

from .choices import AccidentStatus
from .models import Accident


@shared_task
def remind_rectification_evaluations(today: str | None = None) -> int:
    """事故整改评估: remind the office (and the enterprise) of evaluations due within N days, and
    once more when overdue. Runs daily; each (accident, due date, stage) is notified once."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    horizon = day + dt.timedelta(days=settings.ACCIDENT_EVALUATION_REMIND_DAYS)
    accidents = list(
        Accident.objects.filter(status=AccidentStatus.CLOSED, evaluated_on__isnull=True, evaluation_due__lte=horizon)
        .select_related("enterprise")
        .only("pk", "title", "evaluation_due", "enterprise_id", "enterprise__name")
    )
    if not accidents:
        return 0
    office = list(User.objects.filter(role=Role.OFFICE, is_active=True))
    enterprise_users: dict[int, list[User]] = {}
    for u in User.objects.filter(
        role=Role.ENTERPRISE, is_active=True, enterprise_id__in={a.enterprise_id for a in accidents if a.enterprise_id}
    ):
        enterprise_users.setdefault(u.enterprise_id, []).append(u)
    sent = 0
    for a in accidents:
        overdue = a.evaluation_due < day
        stage = "overdue" if overdue else "due"
        title = (f"事故整改评估已逾期：{a.title}（应于{a.evaluation_due:%Y-%m-%d}前完成）" if overdue
                 else f"事故整改评估即将到期：{a.title}（{a.evaluation_due:%Y-%m-%d}前完成）")
        sent += len(notify(
            recipients=office + enterprise_users.get(a.enterprise_id, []),
            title=title,
            body="结案一年后应对事故整改措施落实情况进行评估，请安委办组织评估并登记结论。",
            url=reverse("accidents:detail", args=[a.pk]),
            category="accident_evaluation",
            dedup_key=f"accident-eval:{a.pk}:{a.evaluation_due:%Y%m%d}:{stage}",
        ))
    return sent


# Every step of the chain is due within 1 + 2 + 2 hours of the accident; look back a little further.
OVERDUE_LOOKBACK = dt.timedelta(days=2)


@shared_task
def flag_overdue_reports(now: str | None = None) -> int:
    """迟报预警: accidents whose next report (1 h to the district, 2 h per level up) is past its deadline
    are notified once each (``Accident.overdue_alerted_at``). Runs every 5 minutes."""
    from .services import overdue_reports_flag

    at = dt.datetime.fromisoformat(now) if now else timezone.now()
    candidates = Accident.objects.filter(
        overdue_alerted_at__isnull=True, imported=False, occurred_at__gte=at - OVERDUE_LOOKBACK, occurred_at__lte=at,
    ).exclude(status=AccidentStatus.CLOSED).values_list("pk", flat=True)
    return sum(1 for pk in candidates if overdue_reports_flag(accident=Accident(pk=pk), now=at) is not None)
