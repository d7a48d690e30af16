"""Redis down: pages keep working, and a task published while the broker is away is queued as
soon as it returns (kombu's publish retry); a worker that dies mid-task leaves the message
unacknowledged (acks_late), so it is delivered again. See README "Redis down"."""

from __future__ import annotations

import threading
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from kombu import pools

from accounts.tasks import heartbeat
from safety_platform.celery import app

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def redis_backed(settings, private_redis, monkeypatch):
    """Cache and Celery broker on the private Redis, exactly as production configures them."""
    # Celery reads CELERY_BROKER_URL / CELERY_RESULT_BACKEND from the environment before its own
    # configuration (CI sets them), so they must go for the private Redis to be used.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.delenv("CELERY_RESULT_BACKEND", raising=False)
    settings.CACHES = {"default": {
        "BACKEND": "safety_platform.cache.ResilientRedisCache", "LOCATION": f"{private_redis.url}/1",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }}
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=f"{private_redis.url}/0", result_backend=None, task_always_eager=False)
    _forget_result_backend()
    yield private_redis
    app.conf.update(saved)
    _forget_result_backend()


def _forget_result_backend() -> None:
    """Celery caches the result backend, the connection pool and the producer pool it built on
    first use; drop them so each test gets the broker and backend its configuration names."""
    pools.reset()  # kombu's process-wide connection and producer pools
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    vars(app._local).pop("backend", None)


def _pages(world) -> dict[str, tuple[Client, str]]:
    office, anon = world.client("office"), Client()
    return {
        "home": (office, reverse("home")),
        "cockpit (cached figures)": (office, reverse("cockpit:index")),
        "hazard ledger": (office, reverse("hazards:ledger")),
        "enterprise list": (office, reverse("enterprises:list")),
        "accident list": (office, reverse("accidents:list")),
        "public report form": (anon, reverse("reporting:public_new")),
        "health check": (anon, reverse("healthz")),
    }


def test_pages_render_and_the_public_report_posts_while_redis_is_down(world, redis_backed, monkeypatch):
    cache.set("probe", "up")
    assert cache.get("probe") == "up"  # really on the private Redis
    redis_backed.stop()
    assert not redis_backed.is_up()
    for label, (client, url) in _pages(world).items():
        started = time.monotonic()
        response = client.get(url)
        assert response.status_code == 200, f"{label}: {response.status_code} with Redis down"
        assert time.monotonic() - started < 15, f"{label} hung on the dead Redis"
    # The public report's per-IP rate limit lives in the cache: with Redis down it lets reports through.
    from hazards.reporting import captcha
    from hazards.reporting.models import PublicReport

    monkeypatch.setattr(captcha, "new_challenge", lambda: ("3 + 4 = ?", "7"))
    public = Client()
    public.get(reverse("reporting:public_captcha"))
    response = public.post(reverse("reporting:public_new"), {
        "category": "fire", "description": "仓库门口堆放大量易燃纸箱，堵住安全出口", "address": "钢铁大街 3 号", "captcha": "7"})
    assert response.status_code == 302 and PublicReport.objects.count() == 1, response.context["form"].errors
    # Redis returns: the cache is used again without a restart.
    redis_backed.start()
    cache.set("probe", "back")
    assert cache.get("probe") == "back"


def test_a_task_published_while_the_broker_is_down_is_queued_when_it_returns(redis_backed):
    redis_backed.stop()
    revive = threading.Timer(1.5, redis_backed.start)
    revive.start()
    try:
        started = time.monotonic()
        result = heartbeat.apply_async(retry=True, retry_policy={
            "max_retries": 30, "interval_start": 0.2, "interval_step": 0.2, "interval_max": 0.5})
        waited = time.monotonic() - started
    finally:
        revive.join()
    assert waited >= 1.0, "the publish should have waited for the broker"
    queued = redis.Redis.from_url(f"{redis_backed.url}/0").lrange("celery", 0, -1)
    assert any(result.id.encode() in message for message in queued), "the task is not in the broker's queue"


def test_beat_and_workers_retry_the_broker_connection_and_ack_late():
    """The settings the README's recovery story depends on."""
    assert app.conf.task_acks_late is True  # a killed worker's task is redelivered
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_connection_retry_on_startup is True
    assert app.conf.broker_connection_retry is not False  # reconnect after a lost connection (default True)
