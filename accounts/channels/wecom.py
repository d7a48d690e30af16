"""企业微信 application messages (应用消息) for staff, through its HTTP API.

Settings: WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET (the application's Secret),
WECOM_API_BASE (default https://qyapi.weixin.qq.com), SMS_TIMEOUT_MS.
The access token (2 h) is cached and fetched again when the API says it expired (42001/40014).
No SDK: the maintained Python ones wrap these two calls and pin old dependencies.
"""

from __future__ import annotations

import requests
from django.conf import settings
from django.core.cache import cache

from . import Channel, DeliveryError

TOKEN_KEY = "wecom-access-token"
TOKEN_INVALID = {40014, 42001, 41001}
# errcodes worth retrying: system busy, API frequency limits.
RETRYABLE = {-1, 45009, 45033, 45011}


class WeComChannel(Channel):
    name = "wecom"

    def __init__(self) -> None:
        self.base = settings.WECOM_API_BASE.rstrip("/")
        self.timeout = settings.SMS_TIMEOUT_MS / 1000

    def _get(self, path: str, **params) -> dict:
        try:
            response = requests.get(f"{self.base}{path}", params=params, timeout=self.timeout)
            return response.json()
        except (requests.RequestException, ValueError) as exc:
            raise DeliveryError(f"企业微信不可用：{type(exc).__name__}") from exc

    def token(self, *, fresh: bool = False) -> str:
        token = None if fresh else cache.get(TOKEN_KEY)
        if token:
            return token
        data = self._get("/cgi-bin/gettoken", corpid=settings.WECOM_CORP_ID, corpsecret=settings.WECOM_SECRET)
        if data.get("errcode", 0) != 0:
            raise DeliveryError(f"企业微信取 token 失败：{data.get('errcode')} {data.get('errmsg')}",
                                retry=data.get("errcode") in RETRYABLE)
        cache.set(TOKEN_KEY, data["access_token"], timeout=max(60, int(data.get("expires_in", 7200)) - 300))
        return data["access_token"]

    def send(self, message) -> str:
        body = {
            "touser": message.address,
            "msgtype": "text",
            "agentid": int(settings.WECOM_AGENT_ID),
            "text": {"content": f"{message.subject}\n{message.text}".strip() if message.subject else message.text},
        }
        for fresh in (False, True):
            token = self.token(fresh=fresh)
            try:
                response = requests.post(f"{self.base}/cgi-bin/message/send", params={"access_token": token},
                                         json=body, timeout=self.timeout)
                data = response.json()
            except (requests.RequestException, ValueError) as exc:
                raise DeliveryError(f"企业微信不可用：{type(exc).__name__}") from exc
            code = data.get("errcode", 0)
            if code in TOKEN_INVALID and not fresh:
                continue
            if code != 0:
                raise DeliveryError(f"企业微信拒绝：{code} {data.get('errmsg')}"[:480], retry=code in RETRYABLE)
            if data.get("invaliduser"):
                raise DeliveryError(f"企业微信账号无效：{data['invaliduser']}", retry=False)
            return data.get("msgid", "")
        raise DeliveryError("企业微信 token 无效", retry=True)
