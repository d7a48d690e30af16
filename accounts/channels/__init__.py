"""Delivery channels of the outbox: one class per provider, chosen by settings.

``settings.OUTBOX_CHANNELS`` maps an outbox channel ("sms", "wecom", "email") to a dotted path;
the defaults (the log for SMS and 企业微信, Django's mail backend for e-mail) suit the demo.
A channel's ``send(message)`` returns the provider's message id or raises ``DeliveryError``:
``retry=True`` for a provider that is down, slow or throttling, ``False`` for an answer that
will not change (bad number, unknown template) — the outbox retries only the former.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_CHANNELS = {
    "sms": "accounts.channels.log.LogChannel",
    "wecom": "accounts.channels.log.LogChannel",
    "email": "accounts.channels.email.EmailChannel",
}

SHORT_NAMES = {
    "log": "accounts.channels.log.LogChannel",
    "aliyun": "accounts.channels.aliyun.AliyunSmsChannel",
    "tencent": "accounts.channels.tencent.TencentSmsChannel",
    "wecom": "accounts.channels.wecom.WeComChannel",
    "django": "accounts.channels.email.EmailChannel",
}


class DeliveryError(Exception):
    def __init__(self, message: str, *, retry: bool = True):
        super().__init__(message)
        self.retry = retry


class Channel:
    name = "base"

    def send(self, message) -> str:  # pragma: no cover - interface
        raise NotImplementedError


def channel_path(channel: str) -> str:
    configured = getattr(settings, "OUTBOX_CHANNELS", {}).get(channel) or DEFAULT_CHANNELS[channel]
    return SHORT_NAMES.get(configured, configured)


@cache
def _load(path: str) -> Channel:
    return import_string(path)()


def get_channel(channel: str) -> Channel:
    return _load(channel_path(channel))


def reset_channels() -> None:
    """Forget the instantiated channels (tests change the settings between cases)."""
    _load.cache_clear()
