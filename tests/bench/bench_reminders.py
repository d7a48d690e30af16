"""Benchmark: the weekly self-check reminder job over N enterprises (not in the default run).

    .venv/bin/python tests/bench/bench_reminders.py --count 50000

Builds a throw-away SQLite database under /tmp (or set DATABASE_URL to an empty database of your
own, e.g. postgres://…/anjian_perf_bench — never the CI one), loads one
district with 8 streets / 400 grid cells, ``--count`` enterprises with one enterprise user each
(every user has a phone, a tenth a 企业微信 account), a tenth of them having filed this week, then
times ``selfcheck_remind_enterprises`` — the body of the beat task ``hazards-selfcheck-reminder``:
the non-filer selection, the notifications (one INSERT … ON CONFLICT DO NOTHING per chunk), their
SMS / 企业微信 outbox rows (one bulk INSERT per chunk) and the hand-off of the batches to the
worker (counted, not sent: the worker sends them at the channel's rate). A second run times the
idempotent rerun (it must remind nobody). Exit 1 if the first run exceeds ``--limit`` seconds
(default 30, the beat-job budget of issue 21).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
DB = Path(tempfile.mkdtemp(prefix="bench-reminders-")) / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_platform.settings")
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()


def build(count: int, week):
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.choices import RegionKind, Role
    from accounts.models import Industry, Region, User
    from enterprises.models import Enterprise
    from hazards.models import SelfCheck
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
                   industry=industry, legal_rep=f"法人{i}", safety_director=f"安全员{i}")
        for i in range(count)
    ], batch_size=2000)
    rows = list(Enterprise.objects.order_by("pk").values_list("pk", "region_id"))
    ids = [pk for pk, _ in rows]
    User.objects.bulk_create([
        User(username=f"ent{i}", role=Role.ENTERPRISE, enterprise_id=eid, phone=f"13{i:09d}",
             wecom_userid=f"wx{i}" if i % 10 == 1 else "", password="!")
        for i, eid in enumerate(ids)
    ], batch_size=2000)
    filed = rows[::10]
    now = timezone.now()
    SelfCheck.objects.bulk_create([
        SelfCheck(enterprise_id=eid, region_id=rid, week_start=week, is_zero=True, submitted_at=now)
        for eid, rid in filed
    ], batch_size=2000)
    return count - len(filed)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--limit", type=float, default=30.0)
    args = parser.parse_args()

    from django.utils import timezone

    from accounts import outbox
    from accounts.models import Notification, OutboundMessage
    from hazards.rules import week_start_of
    from hazards.services import reminders

    week = week_start_of(timezone.localdate())
    start = time.perf_counter()
    expected = build(args.count, week)
    from django.db import connection

    where = connection.settings_dict["NAME"]
    print(f"loaded {args.count} enterprises, {expected} non-filers, in {time.perf_counter() - start:.1f} s ({where})")

    from django.urls import reverse

    reverse("home")  # a running worker has imported the URLconf long ago; do not time that here
    batches: list[int] = []
    outbox.dispatch_many = lambda pks: batches.append(len(pks))  # production hands these to the worker
    t0 = time.perf_counter()
    sent = reminders.selfcheck_remind_enterprises(week_start=week)
    t1 = time.perf_counter()
    again = reminders.selfcheck_remind_enterprises(week_start=week)
    t2 = time.perf_counter()
    notes = Notification.objects.count()
    messages = OutboundMessage.objects.count()
    print(f"first run {t1 - t0:.1f} s: {sent} notifications ({sent / (t1 - t0):.0f}/s), {messages} outbox rows "
          f"handed over in {len(batches)} batches · rerun {t2 - t1:.1f} s: {again} notifications")
    ok = sent == expected == notes and again == 0 and sum(batches) == messages and (t1 - t0) < args.limit
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
