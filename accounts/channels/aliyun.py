"""Aliyun SMS (阿里云短信服务, dysmsapi 2017-05-25) through its own SDK.

Settings: ALIYUN_SMS_ACCESS_KEY_ID, ALIYUN_SMS_ACCESS_KEY_SECRET, ALIYUN_SMS_SIGN_NAME,
ALIYUN_SMS_TEMPLATES ({outbox template: provider TemplateCode}, "default" for plain notices),
ALIYUN_SMS_ENDPOINT (default dysmsapi.aliyuncs.com), ALIYUN_SMS_PROTOCOL (https), SMS_TIMEOUT_MS.
"""

from __future__ import annotations

import json

from django.conf import settings

from . import Channel, DeliveryError

# Answers that will not change by sending again (https://help.aliyun.com/document_detail/101346.html).
PERMANENT = {
    "isv.MOBILE_NUMBER_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL",
    "isv.TEMPLATE_MISSING_PARAMETERS", "isv.INVALID_PARAMETERS", "isv.BLACK_KEY_CONTROL_LIMIT",
    "isv.AMOUNT_NOT_ENOUGH", "isv.ACCOUNT_NOT_EXISTS", "isv.ACCOUNT_ABNORMAL", "isv.MOBILE_COUNT_OVER_LIMIT",
}


class AliyunSmsChannel(Channel):
    name = "aliyun"

    def __init__(self) -> None:
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi import models as open_api_models

        config = open_api_models.Config(
            access_key_id=settings.ALIYUN_SMS_ACCESS_KEY_ID,
            access_key_secret=settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
            endpoint=settings.ALIYUN_SMS_ENDPOINT,
            protocol=settings.ALIYUN_SMS_PROTOCOL,
        )
        self.client = Client(config)

    def send(self, message) -> str:
        from alibabacloud_dysmsapi20170525 import models as sms_models
        from darabonba.runtime import RuntimeOptions

        templates = settings.ALIYUN_SMS_TEMPLATES
        code = templates.get(message.template or "default") or templates.get("default")
        if not code:
            raise DeliveryError(f"未配置阿里云短信模板：{message.template or 'default'}", retry=False)
        params = message.params or {"text": message.text[:300]}
        request = sms_models.SendSmsRequest(
            phone_numbers=message.address,
            sign_name=settings.ALIYUN_SMS_SIGN_NAME,
            template_code=code,
            template_param=json.dumps(params, ensure_ascii=False),
            out_id=str(message.pk),
        )
        timeout = settings.SMS_TIMEOUT_MS
        runtime = RuntimeOptions(connect_timeout=timeout, read_timeout=timeout, autoretry=False, max_attempts=0)
        try:
            response = self.client.send_sms_with_options(request, runtime)
        except Exception as exc:  # the SDK raises its own and the transport's errors alike
            code = getattr(exc, "code", "") or ""
            raise DeliveryError(f"阿里云短信不可用：{code or type(exc).__name__} {exc}"[:480],
                                retry=code not in PERMANENT) from exc
        body = response.body
        if body.code != "OK":
            raise DeliveryError(f"阿里云短信拒绝：{body.code} {body.message}"[:480], retry=body.code not in PERMANENT)
        return body.biz_id or body.request_id or ""
