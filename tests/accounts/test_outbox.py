"""The delivery outbox and its channels, each provider's SDK talking to a local HTTP server."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from accounts import outbox
from accounts.channels import reset_channels
from accounts.models import OutboundMessage
from accounts.notifications import notify
from tests.factories import UserFactory

from .provider_server import ProviderServer

Status = OutboundMessage.Status


@pytest.fixture(autouse=True)
def fresh_channels():
    reset_channels()
    yield
    reset_channels()


@pytest.fixture
def provider():
    with ProviderServer() as server:
        yield server


def aliyun(settings, provider):
    settings.OUTBOX_CHANNELS = {"sms": "aliyun"}
    settings.ALIYUN_SMS_ACCESS_KEY_ID = "ak-test"
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "secret-test"
    settings.ALIYUN_SMS_SIGN_NAME = "安监平台"
    settings.ALIYUN_SMS_ENDPOINT = provider.host
    settings.ALIYUN_SMS_PROTOCOL = "http"
    settings.ALIYUN_SMS_TEMPLATES = {"notice": "SMS_100", "default": "SMS_100"}
    settings.SMS_TIMEOUT_MS = 1000


def tencent(settings, provider):
    settings.OUTBOX_CHANNELS = {"sms": "tencent"}
    settings.TENCENT_SMS_SECRET_ID = "sid-test"
    settings.TENCENT_SMS_SECRET_KEY = "skey-test"
    settings.TENCENT_SMS_APP_ID = "1400000001"
    settings.TENCENT_SMS_SIGN_NAME = "安监平台"
    settings.TENCENT_SMS_ENDPOINT = provider.host
    settings.TENCENT_SMS_PROTOCOL = "http"
    settings.TENCENT_SMS_TEMPLATES = {"notice": "2001", "default": "2001"}
    settings.SMS_TIMEOUT_MS = 1000


def wecom(settings, provider):
    settings.OUTBOX_CHANNELS = {"wecom": "wecom"}
    settings.WECOM_API_BASE = f"http://{provider.host}"
    settings.WECOM_CORP_ID = "ww-corp"
    settings.WECOM_AGENT_ID = "1000002"
    settings.WECOM_SECRET = "app-secret"
    settings.SMS_TIMEOUT_MS = 1000


def sms(phone="13800000001", pk_text="周报提醒"):
    return OutboundMessage.objects.create(channel="sms", address=phone, text=f"【安监平台】{pk_text}",
                                          template="notice", params={"title": pk_text})


@pytest.mark.django_db
def test_notify_writes_outbox_rows_and_the_log_channel_sends_them(django_capture_on_commit_callbacks):
    user = UserFactory(phone="13800000002", email="a@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], title="本周自查未报", body="请于周日前填报", sms=True, email=True)
    rows = {m.channel: m for m in OutboundMessage.objects.all()}
    assert set(rows) == {"sms", "email"}
    assert rows["sms"].status == Status.SENT and rows["sms"].provider == "log"
    assert rows["sms"].address == "13800000002" and rows["sms"].notification.title == "本周自查未报"
    assert rows["email"].status == Status.SENT


@pytest.mark.django_db
def test_notify_rolled_back_leaves_no_message():
    from django.db import transaction

    user = UserFactory(phone="13800000003")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[user], title="x", sms=True)
        raise RuntimeError
    assert not OutboundMessage.objects.exists()


@pytest.mark.django_db
def test_aliyun_sends_the_sdk_request_and_records_the_biz_id(settings, provider):
    aliyun(settings, provider)
    provider.answer({"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "F655A8D5"})
    message = sms()
    assert outbox.deliver(message.pk) == Status.SENT
    message.refresh_from_db()
    assert message.provider_id == "900619746936498440^0" and message.provider == "aliyun"
    request = provider.requests[0]
    fields = {**request["query"], **parse_qs(request["body"])}
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["x-acs-action"] == "SendSms" and headers["x-acs-version"] == "2017-05-25"
    assert fields["PhoneNumbers"] == ["13800000001"] and fields["OutId"] == [str(message.pk)]
    assert fields["SignName"] == ["安监平台"] and fields["TemplateCode"] == ["SMS_100"]
    assert json.loads(fields["TemplateParam"][0]) == {"title": "周报提醒"}
    assert "Credential=ak-test" in headers["authorization"]


@pytest.mark.django_db
def test_aliyun_permanent_refusal_fails_at_once(settings, provider):
    aliyun(settings, provider)
    provider.answer({"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": "x"})
    message = sms(phone="123")
    assert outbox.deliver(message.pk) == Status.FAILED
    message.refresh_from_db()
    assert "isv.MOBILE_NUMBER_ILLEGAL" in message.error and message.attempts == 1


@pytest.mark.django_db
def test_aliyun_throttling_is_retried_later(settings, provider):
    aliyun(settings, provider)
    provider.answer({"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控", "RequestId": "x"})
    message = sms()
    assert outbox.deliver(message.pk) == Status.PENDING
    message.refresh_from_db()
    assert message.next_attempt_at > timezone.now() and "BUSINESS_LIMIT_CONTROL" in message.error


@pytest.mark.django_db
def test_tencent_sends_the_sdk_request_and_records_the_serial_no(settings, provider):
    tencent(settings, provider)
    provider.answer({"Response": {"SendStatusSet": [{"SerialNo": "2028:f825e6b16e23f73f4123", "PhoneNumber": "+8613800000001",
                                                     "Fee": 1, "SessionContext": "", "Code": "Ok", "Message": "send success",
                                                     "IsoCode": "CN"}], "RequestId": "a0aabda6"}})
    message = sms()
    assert outbox.deliver(message.pk) == Status.SENT
    message.refresh_from_db()
    assert message.provider_id == "2028:f825e6b16e23f73f4123"
    request = provider.requests[0]
    body = json.loads(request["body"])
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["x-tc-action"] == "SendSms" and "TC3-HMAC-SHA256" in headers["authorization"]
    assert body["PhoneNumberSet"] == ["+8613800000001"] and body["TemplateId"] == "2001"
    assert body["SmsSdkAppId"] == "1400000001" and body["TemplateParamSet"] == ["周报提醒"]


@pytest.mark.django_db
def test_tencent_error_answer_is_permanent_or_retried(settings, provider):
    tencent(settings, provider)
    provider.answer({"Response": {"Error": {"Code": "InvalidParameterValue.IncorrectPhoneNumber", "Message": "bad"},
                                  "RequestId": "r1"}})
    provider.answer({"Response": {"Error": {"Code": "LimitExceeded.PhoneNumberDailyLimit", "Message": "limit"},
                                  "RequestId": "r2"}})
    bad, limited = sms(phone="1"), sms()
    assert outbox.deliver(bad.pk) == Status.FAILED
    assert outbox.deliver(limited.pk) == Status.PENDING


@pytest.mark.django_db
def test_wecom_fetches_a_token_then_sends_the_app_message(settings, provider):
    wecom(settings, provider)
    provider.answer({"errcode": 0, "errmsg": "ok", "access_token": "TOKEN1", "expires_in": 7200})
    provider.answer({"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": "MSG-1"})
    message = OutboundMessage.objects.create(channel="wecom", address="zhangsan", subject="隐患逾期", text="甲企业：请今日整改")
    assert outbox.deliver(message.pk) == Status.SENT
    token, send = provider.requests
    assert token["path"] == "/cgi-bin/gettoken" and token["query"]["corpsecret"] == ["app-secret"]
    assert send["path"] == "/cgi-bin/message/send" and send["query"]["access_token"] == ["TOKEN1"]
    body = json.loads(send["body"])
    assert body["touser"] == "zhangsan" and body["agentid"] == 1000002 and "甲企业" in body["text"]["content"]
    message.refresh_from_db()
    assert message.provider_id == "MSG-1"


@pytest.mark.django_db
def test_wecom_expired_token_is_fetched_again(settings, provider):
    from django.core.cache import cache

    wecom(settings, provider)
    cache.set("wecom-access-token", "OLD")
    provider.answer({"errcode": 42001, "errmsg": "access_token expired"})
    provider.answer({"errcode": 0, "access_token": "NEW", "expires_in": 7200})
    provider.answer({"errcode": 0, "msgid": "MSG-2"})
    message = OutboundMessage.objects.create(channel="wecom", address="lisi", text="x")
    assert outbox.deliver(message.pk) == Status.SENT
    assert provider.requests[-1]["query"]["access_token"] == ["NEW"]


@pytest.mark.django_db
def test_retries_back_off_then_fail_after_the_last_attempt(settings, provider):
    aliyun(settings, provider)
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = sms()
    now = timezone.now()
    for attempt in range(3):
        provider.answer({}, status=503)
        outbox.sweep(now=now)
        message.refresh_from_db()
        assert message.attempts == attempt + 1
        now = message.next_attempt_at + dt.timedelta(seconds=1)
    assert message.status == Status.FAILED
    assert outbox.backoff(2) == 2 * outbox.backoff(1)


@pytest.mark.django_db
def test_daily_cap_defers_to_tomorrow(settings):
    settings.OUTBOX_DAILY_CAP = {"sms": 1}
    first, second = sms(), sms()
    assert outbox.deliver(first.pk) == Status.SENT
    assert outbox.deliver(second.pk) == "deferred"
    second.refresh_from_db()
    assert second.status == Status.PENDING and timezone.localtime(second.next_attempt_at).hour == 0


@pytest.mark.django_db
def test_a_message_is_claimed_once(settings):
    message = sms()
    assert outbox.deliver(message.pk) == Status.SENT
    assert outbox.deliver(message.pk) == "skipped"


@pytest.mark.django_db
def test_office_sees_failures_and_sends_one_again(world, django_capture_on_commit_callbacks):
    from django.urls import reverse

    failed = OutboundMessage.objects.create(channel="sms", address="123", text="x", status=Status.FAILED,
                                            attempts=6, error="isv.MOBILE_NUMBER_ILLEGAL 非法手机号")
    office = world.client("office")
    page = office.get(reverse("outbox"), {"status": "failed"}).content.decode()
    assert "isv.MOBILE_NUMBER_ILLEGAL" in page
    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("outbox_retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == Status.SENT  # the log channel accepts anything
    assert world.client("street_a").post(reverse("outbox_retry", args=[failed.pk])).status_code == 403
