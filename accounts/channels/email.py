"""E-mail through Django's configured backend (EMAIL_BACKEND / EMAIL_HOST…)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from . import Channel, DeliveryError


class EmailChannel(Channel):
    name = "email"

    def send(self, message) -> str:
        mail = EmailMessage(message.subject or "安监平台通知", message.text, settings.DEFAULT_FROM_EMAIL, [message.address])
        try:
            mail.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"收件人被拒绝：{exc}", retry=False) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"邮件服务器不可用：{exc}") from exc
        return f"email-{message.pk}"
