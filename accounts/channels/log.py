"""The demo channel: the message goes to the log, nowhere else (nothing kept in memory)."""

from __future__ import annotations

import logging

from . import Channel

log = logging.getLogger("accounts.outbox")


class LogChannel(Channel):
    name = "log"

    def send(self, message) -> str:
        log.info("%s to %s: %s", message.channel, message.address, message.text)
        return f"log-{message.pk}"
