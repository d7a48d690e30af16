"""Benchmark: 批量开通 of N enterprises in one job (not in the default run).

    .venv/bin/python tests/bench/bench_onboarding.py --count 50000

Builds a throw-away SQLite database under /tmp (set DATABASE_URL to use another), loads one
district with 8 streets / 400 grid cells and ``--count`` enterprises with a safety officer's phone,
then times the steps of the office's run: the registry selection (``plan_registry``), the draft
job, and the Celery job itself (``onboarding.run``: users, audit rows, outbox SMS rows, in chunks).
Hand-off of the SMS to the worker is not timed (the worker sends them at SMS_RATE_PER_MINUTE).
It also prints the cost of one password hash with Django's default PBKDF2 and with the initial
hasher, which is what makes the difference between minutes and hours. Exit 1 if the job exceeds
``--limit`` seconds (default 600, the issue's 10 minutes).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
DB = Path(tempfile.mkdtemp(prefix="bench-onboarding-")) / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_platform.settings")
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()


def build(count: int):
    from django.core.management import call_command

    from accounts.choices import RegionKind, Role
    from accounts.models import Industry, Region, User
    from enterprises.models import Enterprise
    from tests.factories import valid_uscc

    call_command("migrate", verbosity=0)
    district = Region.objects.create(code="BD", name="基准区", kind=RegionKind.DISTRICT)
    cells = []
    for s in range(8):
        street = Region.objects.create(code=f"B{s}", name=f"基准街道{s}", kind=RegionKind.STREET, parent=district)
        for c in range(50):
            cells.append(Region.objects.create(code=f"B{s}-{c}", name=f"网格{s}-{c}", kind=RegionKind.GRID, parent=street))
    industry = Industry.objects.create(code="C", name="制造业")
    Enterprise.objects.bulk_create([
        Enterprise(name=f"基准企业{i}有限公司", uscc=valid_uscc(i + 1000), address="基准路", region=cells[i % len(cells)],
                   industry=industry, legal_rep=f"法人{i}", safety_director=f"安全员{i}",
                   safety_director_phone=f"13{i:09d}" if i % 10 else "")
        for i in range(count)
    ], batch_size=2000)
    return User.objects.create(username="bench-office", role=Role.OFFICE)


def hash_cost() -> tuple[float, float]:
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from accounts.hashers import InitialPasswordHasher

    out = []
    for hasher in (PBKDF2PasswordHasher(), InitialPasswordHasher()):
        start = time.perf_counter()
        for _ in range(3):
            hasher.encode("Abcdefgh23", hasher.salt())
        out.append((time.perf_counter() - start) / 3 * 1000)
    return out[0], out[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--limit", type=float, default=600.0)
    args = parser.parse_args()

    from accounts import onboarding
    from accounts.models import OutboundMessage, User

    start = time.perf_counter()
    office = build(args.count)
    from django.db import connection

    where = DB if connection.vendor == "sqlite" else f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(f"loaded {args.count} enterprises in {time.perf_counter() - start:.1f} s ({where})")
    default_ms, initial_ms = hash_cost()
    print(f"one password hash: default PBKDF2 {default_ms:.1f} ms, initial hasher {initial_ms:.2f} ms "
          f"→ {args.count} hashes ≈ {default_ms * args.count / 60000:.0f} min vs {initial_ms * args.count / 1000:.0f} s")

    onboarding.dispatch_many = lambda ids: None  # production hands these to the worker
    t0 = time.perf_counter()
    rows = onboarding.plan_registry(by=office, street=None)
    t1 = time.perf_counter()
    job = onboarding.job_create(by=office, source="bench", rows=rows, delivery="sms")
    job.status = "queued"
    job.save()
    t2 = time.perf_counter()
    job = onboarding.run(job.pk)
    t3 = time.perf_counter()
    users = User.objects.filter(role="enterprise").count()
    sms = OutboundMessage.objects.count()
    print(f"plan_registry {t1 - t0:.1f} s · draft job {t2 - t1:.1f} s · run {t3 - t2:.1f} s "
          f"({job.done / (t3 - t2):.0f} accounts/s) · users {users} · SMS rows {sms} · "
          f"letters {sum(len(v) for v in job.letters.values())}")
    ok = job.done == args.count and users == args.count and (t3 - t2) < args.limit
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
