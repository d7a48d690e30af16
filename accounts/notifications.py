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
        inserted = insert_rows(
            Notification, ("recipient_id", "title", "body", "url", "category", "dedup_key", "created_at"),
            [(pk, title, body, url, category, dedup_key, now) for pk in recipients],
            ignore_conflicts=True, returning=("id", "recipient_id"),
        )
        created = [
            Notification(pk=nid, recipient=recipients[uid], title=title, body=body, url=url, category=category,
                         dedup_key=dedup_key, created_at=now)
            for nid, uid in inserted
        ]
        rows = _copies(created, email=email, sms=sms, wecom=wecom, now=now)
        if rows:
            pks = [pk for (pk,) in insert_rows(OutboundMessage, _MESSAGE_COLUMNS, rows, returning=("id",))]
            transaction.on_commit(lambda: dispatch_batch(pks), robust=True)
    return created


MAX_PARAMS = 30000  # per statement: under SQLite's 32,766 and PostgreSQL's 65,535


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple], *, ignore_conflicts: bool = False,
                returning: tuple[str, ...] = ()) -> list[tuple]:
    """INSERT ``rows`` (values in ``columns`` order) in as few statements as the parameter limit
    allows; with ``ignore_conflicts`` a row a unique constraint refuses is skipped (``ON CONFLICT DO
    NOTHING``). Returns the ``returning`` columns of the rows actually inserted. Django's
    ``bulk_create`` spends more time in Python than the database spends on the rows (and returns no
    ids with ``ignore_conflicts``); PostgreSQL and SQLite ≥ 3.35 both speak this SQL. Datetime and
    JSON values are adapted through the model's fields (once per distinct value)."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = [by_column[c] for c in columns]
    adapt = [i for i, f in enumerate(fields) if f.get_internal_type() in ("DateTimeField", "DateField", "JSONField")]
    if adapt:
        prepared: dict[tuple[int, str], object] = {}

        def prepare(row: tuple) -> tuple:
            row = list(row)
            for i in adapt:
                key = (i, repr(row[i]))
                if key not in prepared:
                    prepared[key] = fields[i].get_db_prep_save(row[i], connection)
                row[i] = prepared[key]
            return tuple(row)

        rows = [prepare(r) for r in rows]
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    tail = (" ON CONFLICT DO NOTHING" if ignore_conflicts else "") + (
        f" RETURNING {', '.join(quote(c) for c in returning)}" if returning else ""
    )
    size = max(1, MAX_PARAMS // len(columns))
    out: list[tuple] = []
    with connection.cursor() as cursor:
        for i in range(0, len(rows), size):
            batch = rows[i : i + size]
            cursor.execute(head + ", ".join([placeholder] * len(batch)) + tail, [v for row in batch for v in row])
            if returning:
                out += [tuple(r) for r in cursor.fetchall()]
    return out


_MESSAGE_COLUMNS = ("channel", "address", "subject", "text", "recipient_id", "notification_id", "template", "params",
                    "status", "attempts", "next_attempt_at", "provider", "provider_id", "error", "created_at")


def _copies(notifications: list[Notification], *, email: bool, sms: bool, wecom: bool, now) -> list[tuple]:
    """Outbox rows (in _MESSAGE_COLUMNS order) for the copies; they leave once the notifications are
    committed, so a job killed before its commit is re-run without anyone getting the same text twice."""
    rows: list[tuple] = []
    pending = OutboundMessage.Status.PENDING.value
    for n in notifications:
        user, title, body = n.recipient, n.title, n.body
        common = (user.pk, n.pk)
        if email and user.email:
            rows.append((Channel.EMAIL.value, user.email, title[:200], f"{body}\n{n.url}".strip(), *common, "", {},
                         pending, 0, now, "", "", "", now))
        if sms and user.phone:
            rows.append((Channel.SMS.value, user.phone, "", f"【安监平台】{title}", *common, "notice",
                         {"title": title[:35]}, pending, 0, now, "", "", "", now))
        # Staff with a 企业微信 account get the full text there (free, and read at work).
        if (wecom or sms) and user.wecom_userid:
            rows.append((Channel.WECOM.value, user.wecom_userid, title[:200], body or title, *common, "", {},
                         pending, 0, now, "", "", "", now))
    return rows


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
