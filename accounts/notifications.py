"""The one service that sends notifications: in-app row, plus e-mail, SMS and 企业微信 copies.

``notify(recipients=..., title=..., dedup_key=...)`` is idempotent per (recipient, dedup_key):
a job that runs twice notifies once. Copies are rows of the delivery outbox (accounts.outbox),
written in the same transaction as the notification and sent by a worker afterwards; the
channel behind each (log, Aliyun, Tencent, 企业微信) is chosen by settings.OUTBOX_CHANNELS.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .models import Notification, OutboundMessage, User
from .outbox import enqueue

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
    """Create one notification per recipient (skipping those already sent with ``dedup_key``)."""
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
    created: list[Notification] = []
    for user in recipients.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user, title=title, body=body, url=url, category=category, dedup_key=dedup_key
                )
                _copies(notification, user, email=email, sms=sms, wecom=wecom)
        except IntegrityError:  # a concurrent run sent it first
            continue
        created.append(notification)
    return created


def _copies(notification: Notification, user: User, *, email: bool, sms: bool, wecom: bool) -> None:
    """Outbox rows for the copies; they leave once the notification is committed, so a job killed
    before its commit is re-run without anyone getting the same text twice."""
    title, body = notification.title, notification.body
    if email and user.email:
        enqueue(channel=Channel.EMAIL, address=user.email, subject=title, text=f"{body}\n{notification.url}".strip(),
                recipient=user, notification=notification)
    if sms and user.phone:
        enqueue(channel=Channel.SMS, address=user.phone, text=f"【安监平台】{title}", recipient=user,
                notification=notification, template="notice", params={"title": title[:35]})
    # Staff with a 企业微信 account get the full text there (free, and read at work).
    if (wecom or sms) and user.wecom_userid:
        enqueue(channel=Channel.WECOM, address=user.wecom_userid, subject=title, text=body or title,
                recipient=user, notification=notification)


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
