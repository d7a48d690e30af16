import os

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.core.cache import cache

from accounts.tasks import HEARTBEAT_KEY, heartbeat
from safety_platform.celery import app
from tests.conftest import require_service

BROKER = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/14"


def _redis_up(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.services
def test_task_travels_through_the_redis_broker_to_a_worker_and_back():
    require_service(_redis_up(BROKER), f"Redis broker at {BROKER}")
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=BROKER, result_backend=BROKER, task_always_eager=False)
    _forget_cached_backend()  # an earlier eager .delay() may have cached a disabled backend
    cache.delete(HEARTBEAT_KEY)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
            result = heartbeat.delay()
            stamp = result.get(timeout=30)
        assert result.successful()
        assert cache.get(HEARTBEAT_KEY) == stamp  # the worker (a thread here) really ran it
        assert not isinstance(result, EagerResult)
        assert redis.Redis.from_url(BROKER).exists(f"celery-task-meta-{result.id}")  # result stored in Redis
    finally:
        app.conf.update(saved)
        _forget_cached_backend()


def _forget_cached_backend() -> None:
    if hasattr(app._local, "backend"):
        del app._local.backend
