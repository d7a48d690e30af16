"""The one service that sends notifications: in-app row, plus e-mail, SMS and 企业微信 copies.

``notify(recipients=..., title=..., dedup_key=...)`` is idempotent per (recipient, dedup_key):
a job that runs twice notifies once. Copies are rows of the delivery outbox (accounts.outbox),
written in the same transaction as the notification and sent by a worker afterwards; the
channel behind each (log, Aliyun, Tencent, 企业微信) is chosen by settings.OUTBOX_CHANNELS.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction
from django.utils import timezone

from .models import Notification, OutboundMessage, User
from .outbox import dispatch_batch

Channel = OutboundMessage.Channel


def notify(
    *,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    category: str = "",
    dedup_key: str = "",
    email: bool = False,
    sms: bool = False,
    wecom: bool = False,
) -> list[Notification]:
    """Create one notification per recipient (skipping those already sent with ``dedup_key``).

    Set-based: one INSERT … ON CONFLICT DO NOTHING for the notifications (the unique
    (recipient, dedup_key) constraint drops those a concurrent or earlier run wrote), one bulk
    INSERT for their outbox copies, and one dispatch of the batch after the commit."""
    recipients = {u.pk: u for u in recipients if u is not None}
    if not recipients:
        return []
    if dedup_key:
        already = set(
            Notification.objects.filter(recipient_id__in=recipients, dedup_key=dedup_key).values_list(
                "recipient_id", flat=True
            )
        )
        for pk in already:
            recipients.pop(pk)
    if not recipients:
        return []
    now = timezone.now()
    with transaction.atomic():
        inserted = _insert_ignoring_duplicates(
            [(pk, title, body, url, category, dedup_key) for pk in recipients], now=now
        )
        created = [
            Notification(pk=nid, recipient=recipients[uid], title=title, body=body, url=url, category=category,
                         dedup_key=dedup_key, created_at=now)
            for nid, uid in inserted
        ]
        messages = [m for n in created for m in _copies(n, n.recipient, email=email, sms=sms, wecom=wecom)]
        if messages:
            messages = OutboundMessage.objects.bulk_create(messages)
            pks = [m.pk for m in messages]
            transaction.on_commit(lambda: dispatch_batch(pks), robust=True)
    return created


INSERT_BATCH = 1000  # rows per INSERT statement (7 parameters each: well under SQLite's 32,766)
_COLUMNS = ("recipient_id", "title", "body", "url", "category", "dedup_key", "created_at")


def _insert_ignoring_duplicates(rows: list[tuple], *, now) -> list[tuple[int, int]]:
    """INSERT the rows in one statement, skipping any the unique (recipient, dedup_key) constraint
    refuses; returns (id, recipient_id) of those inserted. PostgreSQL and SQLite ≥ 3.35 both speak
    ``ON CONFLICT DO NOTHING … RETURNING``."""
    connection = connections[router.db_for_write(Notification)]
    quote = connection.ops.quote_name
    created_at = connection.ops.adapt_datetimefield_value(now)
    placeholders = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    inserted: list[tuple[int, int]] = []
    for i in range(0, len(rows), INSERT_BATCH):
        batch = rows[i : i + INSERT_BATCH]
        sql = (
            f"INSERT INTO {quote(Notification._meta.db_table)} ({', '.join(quote(c) for c in _COLUMNS)}) "
            f"VALUES {', '.join([placeholders] * len(batch))} "
            f"ON CONFLICT DO NOTHING RETURNING {quote('id')}, {quote('recipient_id')}"
        )
        params = [value for row in batch for value in (*row, created_at)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            inserted += [(int(nid), int(uid)) for nid, uid in cursor.fetchall()]
    return inserted


def _copies(notification: Notification, user: User, *, email: bool, sms: bool, wecom: bool) -> list[OutboundMessage]:
    """Outbox rows (unsaved) for the copies; they leave once the notification is committed, so a job
    killed before its commit is re-run without anyone getting the same text twice."""
    title, body = notification.title, notification.body
    out: list[OutboundMessage] = []
    if email and user.email:
        out.append(OutboundMessage(channel=Channel.EMAIL, address=user.email, subject=title[:200],
                                   text=f"{body}\n{notification.url}".strip(), recipient=user,
                                   notification=notification))
    if sms and user.phone:
        out.append(OutboundMessage(channel=Channel.SMS, address=user.phone, text=f"【安监平台】{title}", recipient=user,
                                   notification=notification, template="notice", params={"title": title[:35]}))
    # Staff with a 企业微信 account get the full text there (free, and read at work).
    if (wecom or sms) and user.wecom_userid:
        out.append(OutboundMessage(channel=Channel.WECOM, address=user.wecom_userid, subject=title[:200],
                                   text=body or title, recipient=user, notification=notification))
    return out


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
