"""Self-check reminders (called by the weekly job)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from accounts.notifications import notify
from enterprises.models import Enterprise

from ..rules import (
    selfcheck_deadline_text,
    week_label,
)
from ._common import (
    _chunks,
    enterprise_users,
)

REMIND_CHUNK = 1000


def selfcheck_remind_enterprises(*, week_start: dt.date) -> int:
    """Before the deadline: remind each enterprise user whose enterprise has not filed (once per week)."""
    from ..selectors import nonfilers

    deadline = selfcheck_deadline_text(week_start)
    user_ids = list(
        enterprise_users(nonfilers(Enterprise.objects.all(), week_start).values("pk")).values_list("pk", flat=True)
    )
    sent = 0
    for chunk in _chunks(user_ids, REMIND_CHUNK):
        with transaction.atomic():  # one commit per chunk, not one per notification
            sent += len(notify(
                recipients=User.objects.filter(pk__in=chunk), category="selfcheck",
                title=f"请填报{week_label(week_start)}隐患自查周报",
                body=f"请于{deadline}提交本周自查。未发现隐患也请逐项确认后提交零报告。",
                url=reverse("hazards:selfcheck_week"), dedup_key=f"selfcheck-remind:{week_start:%Y%m%d}", sms=True,
            ))
    return sent


def selfcheck_notify_nonfilers(*, week_start: dt.date) -> int:
    """After the deadline: each grid officer and street officer gets the list of its non-filers (once)."""
    from accounts.models import Region

    from ..selectors import nonfilers

    rows = list(nonfilers(Enterprise.objects.all(), week_start).values_list("region_id", "region__path", "name"))
    if not rows:
        return 0
    by_user: dict[int, list[str]] = {}
    region_ids = {r for r, _, _ in rows}
    officers: dict[int, list[int]] = {}
    for rid, uid in Region.officers.through.objects.filter(region_id__in=region_ids).values_list("region_id", "user_id"):
        officers.setdefault(rid, []).append(uid)
    streets = list(User.objects.filter(role=Role.STREET, is_active=True, region__isnull=False).values_list("pk", "region__path"))
    for rid, path, name in rows:
        for uid in officers.get(rid, []):
            by_user.setdefault(uid, []).append(name)
        for uid, street_path in streets:
            if path.startswith(street_path):
                by_user.setdefault(uid, []).append(name)
    users = User.objects.in_bulk(list(by_user))
    url = reverse("hazards:filing_board") + f"?week={week_start:%Y-%m-%d}&status=missing"
    sent = 0
    with transaction.atomic():
        for uid, names in by_user.items():
            if not users[uid].is_active:
                continue
            sent += len(notify(
                recipients=[users[uid]], category="selfcheck",
                title=f"{week_label(week_start)}自查周报未报企业 {len(names)} 家",
                body="、".join(names[:100]) + (f" 等 {len(names)} 家" if len(names) > 100 else ""),
                url=url, dedup_key=f"selfcheck-nonfilers:{week_start:%Y%m%d}",
            ))
    return sent
