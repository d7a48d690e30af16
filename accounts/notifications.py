"""The one service that sends notifications: in-app row, plus e-mail and SMS copies.

``notify(recipients=..., title=..., dedup_key=...)`` is idempotent per (recipient, dedup_key):
a job that runs twice notifies once. SMS goes through a pluggable backend (settings.SMS_BACKEND,
a dotted path to a class with ``send(phone, text)``); the default only logs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from .models import Notification, User

log = logging.getLogger(__name__)


class LogSmsBackend:
    """Default SMS backend: writes the message to the log (no gateway in the demo)."""

    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", phone, text)
        self.sent.append((phone, text))


def sms_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "accounts.notifications.LogSmsBackend"))()


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
                created.append(
                    Notification.objects.create(
                        recipient=user, title=title, body=body, url=url, category=category, dedup_key=dedup_key
                    )
                )
        except IntegrityError:  # a concurrent run sent it first
            continue
    # E-mail and SMS leave only once the rows are committed: a job killed before its commit is
    # re-run without anyone getting the same text twice (the rows, and so the dedup, were rolled back).
    if email:
        messages = [(title, f"{body}\n{url}".strip(), None, [n.recipient.email]) for n in created if n.recipient.email]
        if messages:
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True), robust=True)
    if sms:
        phones = [n.recipient.phone for n in created if n.recipient.phone]
        if phones:
            transaction.on_commit(lambda: _send_sms(phones, f"【安监平台】{title}"), robust=True)
    return created


def _send_sms(phones: list[str], text: str) -> None:
    backend = sms_backend()
    for phone in phones:
        backend.send(phone, text)


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
