"""The benchmark's own environment: its PostgreSQL database, Redis db 13, the real settings in production mode.

Imported first by generate_city.py, run_bench.py and (through DJANGO_SETTINGS_MODULE) by gunicorn.
Every address is 127.0.0.1: the benchmark never reaches another host.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"

DB_NAME = os.environ.get("BENCH_DB_NAME", "anjian_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/13"
CACHE_URL = "rediscache://127.0.0.1:6379/13"
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/anjian_bench_static"))
PASSWORD = "bench-pass-2026"  # every generated user's password (a throw-away local database)

# What the platform process (gunicorn) and this process see: the real settings module, DEBUG off,
# PostgreSQL, the Redis cache and broker; the baseline routes come from tests/bench/settings_bench.py.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.bench.settings_bench",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "CELERY_RESULT_BACKEND": REDIS_URL,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
    "BENCH_STATIC_ROOT": str(STATIC_ROOT),
}


def setup() -> None:
    """Point this process at the benchmark database and settings, then django.setup()."""
    sys.path.insert(0, str(ROOT))
    for key, value in SERVER_ENV.items():
        os.environ[key] = value
    os.environ.pop("STATICFILES_BACKEND", None)
    import django

    django.setup()
