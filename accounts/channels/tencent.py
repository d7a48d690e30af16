"""Tencent Cloud SMS (腾讯云短信, sms 2021-01-11) through its own SDK.

Settings: TENCENT_SMS_SECRET_ID, TENCENT_SMS_SECRET_KEY, TENCENT_SMS_APP_ID (SmsSdkAppId),
TENCENT_SMS_SIGN_NAME, TENCENT_SMS_TEMPLATES ({outbox template: TemplateId}, "default"),
TENCENT_SMS_REGION (ap-guangzhou), TENCENT_SMS_ENDPOINT (sms.tencentcloudapi.com),
TENCENT_SMS_PROTOCOL (https), SMS_TIMEOUT_MS.
"""

from __future__ import annotations

from django.conf import settings

from . import Channel, DeliveryError

# SendStatus codes that will not change by sending again.
PERMANENT_PREFIXES = ("FailedOperation.PhoneNumber", "InvalidParameterValue", "FailedOperation.TemplateIncorrect",
                      "FailedOperation.SignatureIncorrect", "UnauthorizedOperation", "FailedOperation.InsufficientBalance",
                      "FailedOperation.MissingTemplateToModify", "FailedOperation.ContainSensitiveWord")


def _permanent(code: str) -> bool:
    return code.startswith(PERMANENT_PREFIXES)


def _phone(address: str) -> str:
    return address if address.startswith("+") else f"+86{address}"


class TencentSmsChannel(Channel):
    name = "tencent"

    def __init__(self) -> None:
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import sms_client

        http = HttpProfile(
            protocol=settings.TENCENT_SMS_PROTOCOL,
            endpoint=settings.TENCENT_SMS_ENDPOINT,
            reqTimeout=max(1, settings.SMS_TIMEOUT_MS // 1000),
        )
        cred = credential.Credential(settings.TENCENT_SMS_SECRET_ID, settings.TENCENT_SMS_SECRET_KEY)
        self.client = sms_client.SmsClient(cred, settings.TENCENT_SMS_REGION, ClientProfile(httpProfile=http))

    def send(self, message) -> str:
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
        from tencentcloud.sms.v20210111 import models

        templates = settings.TENCENT_SMS_TEMPLATES
        template_id = templates.get(message.template or "default") or templates.get("default")
        if not template_id:
            raise DeliveryError(f"未配置腾讯云短信模板：{message.template or 'default'}", retry=False)
        params = list((message.params or {"text": message.text[:300]}).values())
        req = models.SendSmsRequest()
        req.SmsSdkAppId = settings.TENCENT_SMS_APP_ID
        req.SignName = settings.TENCENT_SMS_SIGN_NAME
        req.TemplateId = str(template_id)
        req.TemplateParamSet = [str(p) for p in params]
        req.PhoneNumberSet = [_phone(message.address)]
        req.SessionContext = str(message.pk)
        try:
            response = self.client.SendSms(req)
        except TencentCloudSDKException as exc:
            code = exc.get_code() or ""
            raise DeliveryError(f"腾讯云短信不可用：{code} {exc.get_message()}"[:480], retry=not _permanent(code)) from exc
        except Exception as exc:
            raise DeliveryError(f"腾讯云短信不可用：{type(exc).__name__} {exc}"[:480]) from exc
        status = response.SendStatusSet[0] if response.SendStatusSet else None
        if status is None or status.Code != "Ok":
            code = status.Code if status else "NoStatus"
            raise DeliveryError(f"腾讯云短信拒绝：{code} {status.Message if status else ''}"[:480],
                                retry=not _permanent(code))
        return status.SerialNo or response.RequestId or ""
