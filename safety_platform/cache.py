"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Production keeps the cache (cockpit figures, public-report rate limits, the worker heartbeat) in
the same Redis as the Celery broker. Django's RedisCache raises on a lost connection, which would
turn every page that touches the cache into a 500. Here a connection error is logged and treated
as a miss (reads return the default, writes are dropped, ``incr`` reports a missing key), so the
pages keep working on PostgreSQL alone until Redis returns; nothing needs restarting afterwards.
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def _degrade(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                log.warning("cache unavailable (%s): %s treated as a miss", exc.__class__.__name__, method.__name__)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _missing_key(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (cache unavailable)")


class ResilientRedisCache(RedisCache):
    add = _degrade(lambda *a, **k: False)(RedisCache.add)
    get = _degrade(lambda key, default=None, *a, **k: default)(RedisCache.get)
    set = _degrade(lambda *a, **k: None)(RedisCache.set)
    touch = _degrade(lambda *a, **k: False)(RedisCache.touch)
    delete = _degrade(lambda *a, **k: False)(RedisCache.delete)
    get_many = _degrade(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _degrade(lambda *a, **k: False)(RedisCache.has_key)
    incr = _degrade(_missing_key)(RedisCache.incr)
    set_many = _degrade(lambda data, *a, **k: list(data))(RedisCache.set_many)
    delete_many = _degrade(lambda *a, **k: None)(RedisCache.delete_many)
    clear = _degrade(lambda *a, **k: False)(RedisCache.clear)
