"""Backup and restore, tried: a seeded demo district is dumped with pg_dump (custom format) and
restored with pg_restore into a fresh database; the restored platform serves the same cockpit
numbers (enterprises, hazards open/overdue/escalated, self-check filing, accidents, expiring
licences) and every table has the same row count. The README's backup section gives the commands.

Uses its own databases (h_backup_src, h_backup_dst) on the local PostgreSQL and drops them after.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from tests.conftest import require_service

pytestmark = pytest.mark.services

PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
SRC, DST = "h_backup_src", "h_backup_dst"

PROBE = r"""
import datetime as dt, json
from django.apps import apps
from django.test import Client
from django.utils import timezone
from accidents.models import Accident
from cockpit import selectors as s
from accounts.models import User
from enterprises.models import Enterprise
from hazards.models import Hazard
from hazards.services import week_start_of

office = User.objects.get(username="anweiban")
today = timezone.localdate()
this_week = week_start_of(today)
weeks = [this_week - dt.timedelta(weeks=n) for n in range(4)]
enterprises = Enterprise.objects.for_user(office)
hazards = Hazard.objects.for_user(office)
tables = {m._meta.db_table: m._base_manager.count() for m in apps.get_models()}  # before the probe logs in
client = Client()
client.force_login(office)
print(json.dumps({
    "enterprises": enterprises.count(),
    "hazards_open": hazards.open().count(),
    "hazards_overdue": hazards.open().filter(is_overdue=True).count(),
    "hazard_overview": repr(s.combine_overview(s.open_hazards(hazards, today=today),
                                               s.hazard_trend(hazards, today=today))),
    "filing": repr(s.filing_weeks(s.filing_counts(enterprises, weeks))),
    "accidents": repr(s.accident_summary(Accident.objects.for_user(office), today=today)),
    "expiry": repr(s.expiry_summary(enterprises, today=today)),
    "cockpit_page": client.get("/cockpit/").status_code,
    "tables": tables,
}, default=str))
"""


def _pg_up() -> bool:
    if not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")):
        return False
    ok = subprocess.run(["pg_isready", "-h", PG["host"], "-p", PG["port"], "-q"], capture_output=True)
    return ok.returncode == 0


def _psql(sql: str) -> None:
    subprocess.run(["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-q", "-v", "ON_ERROR_STOP=1",
                    "-c", sql], check=True, capture_output=True, text=True)


def _manage(db: str, *args: str, timeout: int = 900) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")}
    env.update(DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{db}", COCKPIT_CACHE_SECONDS="0",
               DJANGO_SETTINGS_MODULE="safety_platform.settings", MEDIA_ROOT=str(settings.MEDIA_ROOT),
               STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage")
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"manage.py {' '.join(args[:1])} on {db}: {done.stderr[-2000:]}"
    return done.stdout


def _numbers(db: str) -> dict:
    out = _manage(db, "shell", "-c", PROBE, timeout=300)
    return json.loads(out.strip().splitlines()[-1])


def test_pg_dump_and_pg_restore_into_a_fresh_database_serve_the_same_cockpit_numbers(tmp_path):
    require_service(_pg_up(), "PostgreSQL at 127.0.0.1:5432 with pg_dump/pg_restore")
    dump = tmp_path / "anjian.dump"
    try:
        for db in (SRC, DST):
            _psql(f"DROP DATABASE IF EXISTS {db}")
        _psql(f"CREATE DATABASE {SRC}")
        _manage(SRC, "migrate", "-v0")
        _manage(SRC, "seed_demo")
        conn = ["-h", PG["host"], "-p", PG["port"], "-U", PG["user"]]
        subprocess.run(["pg_dump", *conn, "-Fc", "-f", str(dump), SRC], check=True, timeout=600)
        before = _numbers(SRC)  # counted before its own login writes a session and an audit row
        assert before["enterprises"] > 20 and before["hazards_open"] > 0 and before["cockpit_page"] == 200
        assert dump.stat().st_size > 10_000
        _psql(f"CREATE DATABASE {DST}")
        subprocess.run(["pg_restore", *conn, "-d", DST, "--no-owner", "--exit-on-error", str(dump)], check=True,
                       timeout=600)
        after = _numbers(DST)
    finally:
        for db in (SRC, DST):
            _psql(f"DROP DATABASE IF EXISTS {db}")
    tables_before, tables_after = before.pop("tables"), after.pop("tables")
    assert after == before
    differing = {t: (n, tables_after.get(t)) for t, n in tables_before.items() if tables_after.get(t) != n}
    assert not differing, f"row counts differ after restore (source, restored): {differing}"
