"""The outbox when things break: a provider down or slow, the broker gone, a worker killed
mid-send. No message is lost; none is sent twice unless the provider had already accepted it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts import outbox
from accounts.channels import reset_channels
from accounts.models import OutboundMessage
from accounts.notifications import notify
from tests.accounts.provider_server import ProviderServer
from tests.accounts.test_outbox import aliyun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = OutboundMessage.Status


class WorkerKilled(BaseException):
    """Stands in for SIGKILL."""


@pytest.fixture(autouse=True)
def fresh_channels():
    reset_channels()
    yield
    reset_channels()


def test_provider_down_then_back_every_message_is_sent_once(settings):
    with ProviderServer() as provider:
        aliyun(settings, provider)
        port = provider.port
    # The server is closed: connection refused on that port.
    messages = [OutboundMessage.objects.create(channel="sms", address=f"1380000000{i}", text="x", template="notice")
                for i in range(3)]
    counts = outbox.sweep()
    assert counts.get("pending") == 3
    assert all(m.status == Status.PENDING and m.attempts == 1 for m in OutboundMessage.objects.all())
    with ProviderServer() as provider:
        aliyun(settings, provider)
        reset_channels()
        for _ in messages:
            provider.answer({"Code": "OK", "BizId": "B", "RequestId": "R"})
        later = timezone.now() + dt.timedelta(minutes=5)
        outbox.sweep(now=later)
        outbox.sweep(now=later + dt.timedelta(minutes=5))
        assert sorted(r["query"]["PhoneNumbers"][0] for r in provider.requests) == sorted(m.address for m in messages)
    assert port  # the first server really existed
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {Status.SENT}


def test_provider_timeout_is_retried_not_lost(settings):
    with ProviderServer() as provider:
        aliyun(settings, provider)
        provider.answer({"Code": "OK"}, delay=2.5)  # longer than SMS_TIMEOUT_MS (1 s)
        message = OutboundMessage.objects.create(channel="sms", address="13800000009", text="x", template="notice")
        assert outbox.deliver(message.pk) == Status.PENDING
        message.refresh_from_db()
        assert message.attempts == 1 and message.error
        provider.answer({"Code": "OK", "BizId": "B2", "RequestId": "R"})
        assert outbox.deliver(message.pk, now=message.next_attempt_at) == Status.SENT


def test_broker_down_at_enqueue_leaves_the_row_for_the_sweep(monkeypatch, django_capture_on_commit_callbacks):
    from accounts import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis: connection refused")

    monkeypatch.setattr(tasks.outbox_deliver, "delay", broker_down)
    user = UserFactory(phone="13800000010")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], title="隐患逾期：甲企业", sms=True)
    message = OutboundMessage.objects.get()
    assert message.status == Status.PENDING
    assert outbox.sweep()["due"] == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_worker_killed_mid_send_is_sent_again_after_the_stale_delay(monkeypatch, settings):
    from accounts.channels.log import LogChannel

    sends: list[int] = []

    def dying_send(self, message):
        sends.append(message.pk)
        raise WorkerKilled

    message = OutboundMessage.objects.create(channel="sms", address="13800000011", text="x")
    monkeypatch.setattr(LogChannel, "send", dying_send)
    with pytest.raises(WorkerKilled):
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Status.SENDING
    monkeypatch.undo()
    assert outbox.sweep()["due"] == 0, "a message being sent is not sent again at once"
    later = timezone.now() + dt.timedelta(seconds=settings.OUTBOX_STALE_SECONDS + 1)
    counts = outbox.sweep(now=later)
    assert counts["requeued"] == 1 and counts.get(Status.SENT) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2 and sends == [message.pk]
