"""Self-check reminders (called by the weekly job)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

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


def reminder_recipients(enterprise_ids) -> list[int]:
    """Who is reminded for these enterprises: the user each enterprise named to receive its
    reminders (人员管理 · 接收提醒), or, where it named none, every active user of it."""
    users = enterprise_users(enterprise_ids)
    contacts = users.filter(receives_reminders=True)
    return list(contacts.values_list("pk", flat=True)) + list(
        users.exclude(enterprise_id__in=contacts.values("enterprise_id")).values_list("pk", flat=True)
    )


def selfcheck_remind_enterprises(*, week_start: dt.date) -> int:
    """Before the deadline: remind each enterprise that has not filed (once per week) — its reminder
    contact, or its users; an enterprise with no account yet gets an SMS at the phone on its file
    (安全负责人, else 法定代表人: seed 002 "通知到主要负责人")."""
    from ..selectors import nonfilers

    deadline = selfcheck_deadline_text(week_start)
    missing = nonfilers(Enterprise.objects.all(), week_start)
    user_ids = reminder_recipients(missing.values("pk"))
    sent = 0
    for chunk in _chunks(user_ids, REMIND_CHUNK):
        with transaction.atomic():  # one commit per chunk, not one per notification
            sent += len(notify(
                recipients=User.objects.filter(pk__in=chunk), category="selfcheck",
                title=f"请填报{week_label(week_start)}隐患自查周报",
                body=f"请于{deadline}提交本周自查。未发现隐患也请逐项确认后提交零报告。",
                url=reverse("hazards:selfcheck_week"), dedup_key=f"selfcheck-remind:{week_start:%Y%m%d}", sms=True,
            ))
    return sent + selfcheck_remind_by_file_phone(
        missing.exclude(pk__in=enterprise_users(missing.values("pk")).values("enterprise_id")),
        week_start=week_start, deadline=deadline,
    )


def selfcheck_remind_by_file_phone(enterprises, *, week_start: dt.date, deadline: str) -> int:
    """SMS to the phone on the enterprise file for enterprises without an account — through the
    outbox, once per enterprise and week (a rerun finds the week's key and sends nothing twice)."""
    from accounts.models import OutboundMessage
    from accounts.outbox import dispatch_batch

    rows = [
        (pk, (safety_phone or legal_phone).strip(),
         f"【安监平台】{name}：请于{deadline}填报{week_label(week_start)}隐患自查周报（未发现隐患也须逐项确认）。"
         "尚未开通账号请联系所在街道或网格员。")
        for pk, name, safety_phone, legal_phone in enterprises.values_list(
            "pk", "name", "safety_director_phone", "legal_rep_phone")
        if (safety_phone or legal_phone).strip()
    ]
    since = timezone.make_aware(dt.datetime.combine(week_start, dt.time()))
    sent = 0
    for chunk in _chunks(rows, REMIND_CHUNK):
        with transaction.atomic():
            # The same text to the same phone this week: already queued by an earlier run.
            done = set(OutboundMessage.objects.filter(
                channel=OutboundMessage.Channel.SMS, created_at__gte=since,
                address__in=[phone for _, phone, _ in chunk], text__in=[text for _, _, text in chunk],
            ).values_list("address", "text"))
            messages = OutboundMessage.objects.bulk_create([
                OutboundMessage(channel=OutboundMessage.Channel.SMS, address=phone, text=text, template="notice",
                                params={"title": text.removeprefix("【安监平台】")[:35]})
                for _, phone, text in chunk if (phone, text) not in done
            ])
            pks = [m.pk for m in messages]
            transaction.on_commit(lambda pks=pks: dispatch_batch(pks), robust=True)
            sent += len(pks)
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
