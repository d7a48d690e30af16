"""Per-IP limits on public report submissions, counted in the Django cache (Redis in production,
so every web worker shares the counts): REPORTING_RATE_PER_MINUTE and REPORTING_RATE_PER_DAY.
The address is ``safety_platform.http.client_ip`` (the same as the login lockout's)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _hit(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def take(ip: str) -> str | None:
    """Count one submission attempt from ``ip``; returns the refusal message when over a limit."""
    minute = int(time.time() // 60)
    day = timezone.localdate().isoformat()
    per_minute, per_day = settings.REPORTING_RATE_PER_MINUTE, settings.REPORTING_RATE_PER_DAY
    if _hit(f"reporting:rate:m:{ip}:{minute}", 90) > per_minute:
        return f"提交过于频繁：同一网络每分钟最多提交 {per_minute} 次，请稍等一分钟后再试。"
    if _hit(f"reporting:rate:d:{ip}:{day}", 86400 + 3600) > per_day:
        return f"今天从您所在的网络提交的举报已达 {per_day} 次上限，请明天再试，或拨打安全生产举报电话。"
    return None
