"""The delivery outbox: every e-mail, SMS and 企业微信 message is a row before it is a request.

``enqueue(...)`` writes an ``OutboundMessage`` in the caller's transaction (so a notification and
its SMS commit or roll back together) and, once committed, asks a worker to send it
(``accounts.tasks.outbox_deliver``). ``deliver(pk)`` claims the row with one conditional UPDATE
(two workers never both send it), calls the channel, and records the provider's id or the error.
A provider that is down or slow is retried with exponential back-off up to OUTBOX_MAX_ATTEMPTS;
a permanent refusal (bad number, unknown template) fails at once; the office sees both.

At-least-once: ``outbox_sweep`` (beat, every minute) sends what is due — messages whose dispatch
was lost because the broker was down, retries whose back-off has passed — and puts back a row left
"sending" by a worker killed mid-send (after OUTBOX_STALE_SECONDS). Such a message may reach its
recipient twice if the provider had accepted it before the worker died; none is ever lost.
Per-channel rate limits (per minute) and a daily cap defer messages rather than drop them.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .channels import DeliveryError, get_channel
from .models import Notification, OutboundMessage, User

log = logging.getLogger(__name__)
Status = OutboundMessage.Status


def _setting(name: str, default):
    return getattr(settings, name, default)


def enqueue(
    *,
    channel: str,
    address: str,
    text: str,
    recipient: User | None = None,
    notification: Notification | None = None,
    subject: str = "",
    template: str = "",
    params: dict | None = None,
) -> OutboundMessage:
    """Store one message to send; it leaves after the surrounding transaction commits."""
    message = OutboundMessage.objects.create(
        channel=channel, address=address, text=text, recipient=recipient, notification=notification,
        subject=subject[:200], template=template, params=params or {},
    )
    transaction.on_commit(lambda: dispatch(message.pk), robust=True)
    return message


def dispatch(pk: int) -> None:
    """Hand one message to a worker. If the broker is unreachable the row simply waits for the sweep."""
    from .tasks import outbox_deliver

    try:
        outbox_deliver.delay(pk)
    except Exception as exc:  # broker down (or an eager run failed): the sweep delivers it later
        log.warning("outbox: message %s not dispatched now (%s); the sweep will send it", pk, exc)


def dispatch_many(pks: list[int]) -> None:
    """Hand a batch (a bulk onboarding chunk) to one worker task."""
    from .tasks import outbox_deliver_many

    if not pks:
        return
    try:
        outbox_deliver_many.delay(pks)
    except Exception as exc:
        log.warning("outbox: %s messages not dispatched now (%s); the sweep will send them", len(pks), exc)


def dispatch_batch(pks: list[int]) -> None:
    """Hand the messages one transaction wrote to the workers: one task per batch of
    OUTBOX_DISPATCH_BATCH (a single message keeps its own task)."""
    if len(pks) == 1:
        dispatch(pks[0])
        return
    size = _setting("OUTBOX_DISPATCH_BATCH", 200)
    for i in range(0, len(pks), size):
        dispatch_many(pks[i : i + size])


def backoff(attempts: int) -> dt.timedelta:
    base = _setting("OUTBOX_BACKOFF_SECONDS", 30)
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _deferral(channel: str, now: dt.datetime) -> dt.datetime | None:
    """When a message of ``channel`` may go, if not now (rate limit per minute, daily cap)."""
    per_minute = _setting("OUTBOX_RATE_PER_MINUTE", {}).get(channel)
    busy = OutboundMessage.objects.filter(channel=channel).filter(
        Q(status=Status.SENDING) | Q(status=Status.SENT, sent_at__gte=now - dt.timedelta(minutes=1))
    )
    if per_minute and busy.count() >= per_minute:
        return now + dt.timedelta(minutes=1)
    cap = _setting("OUTBOX_DAILY_CAP", {}).get(channel)
    if cap:
        local = timezone.localtime(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if OutboundMessage.objects.filter(channel=channel, sent_at__gte=midnight).count() >= cap:
            return midnight + dt.timedelta(days=1)
    return None


def deliver(pk: int, *, now: dt.datetime | None = None) -> str:
    """Send one due message; returns its status afterwards ("skipped" if it was not ours to send)."""
    now = now or timezone.now()
    message = OutboundMessage.objects.filter(pk=pk).first()
    if message is None or message.status != Status.PENDING or message.next_attempt_at > now:
        return "skipped"
    later = _deferral(message.channel, now)
    if later is not None:
        OutboundMessage.objects.filter(pk=pk, status=Status.PENDING).update(next_attempt_at=later)
        return "deferred"
    claimed = OutboundMessage.objects.filter(pk=pk, status=Status.PENDING, next_attempt_at__lte=now).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    message.refresh_from_db()
    try:
        channel = get_channel(message.channel)
        provider_id = channel.send(message)
    except DeliveryError as exc:
        return _failed(message, str(exc), retry=exc.retry, now=now)
    except Exception as exc:  # a bug or an unexpected SDK error: keep the message, retry later
        log.exception("outbox: message %s", pk)
        return _failed(message, f"{type(exc).__name__}: {exc}", retry=True, now=now)
    OutboundMessage.objects.filter(pk=pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), provider=channel.name, provider_id=str(provider_id)[:100], error=""
    )
    return Status.SENT


def _failed(message: OutboundMessage, error: str, *, retry: bool, now: dt.datetime) -> str:
    final = not retry or message.attempts >= _setting("OUTBOX_MAX_ATTEMPTS", 6)
    status = Status.FAILED if final else Status.PENDING
    OutboundMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=status, error=error[:500], next_attempt_at=now + backoff(message.attempts)
    )
    log.warning("outbox: message %s attempt %s failed (%s): %s", message.pk, message.attempts, status, error)
    return status


def sweep(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Requeue messages stuck in 'sending' and send every due one (beat, every minute)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=_setting("OUTBOX_STALE_SECONDS", 300))
    requeued = OutboundMessage.objects.filter(status=Status.SENDING, claimed_at__lt=stale).update(
        status=Status.PENDING, next_attempt_at=now, error="发送中断（工作进程退出），重新发送"
    )
    due = list(
        OutboundMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
    counts = {"requeued": requeued, "due": len(due)}
    for pk in due:
        result = deliver(pk, now=now)
        counts[result] = counts.get(result, 0) + 1
    return counts


@transaction.atomic
def outbox_retry(*, message: OutboundMessage, by: User) -> OutboundMessage:
    """The office sends a failed message again (after fixing the number or the provider)."""
    from django.core.exceptions import ValidationError

    from .permissions import require
    from .services import audit_record

    require(by, "accounts.view_outbox")
    if message.status != Status.FAILED:
        raise ValidationError("只有发送失败的消息可以重发")
    message.status, message.next_attempt_at, message.attempts = Status.PENDING, timezone.now(), 0
    message.save(update_fields=["status", "next_attempt_at", "attempts"])
    audit_record(actor=by, action="消息重发", obj=message, note=message.error)
    transaction.on_commit(lambda: dispatch(message.pk), robust=True)
    return message
