"""Benchmark: the overdue-hazards export as an export job, in the worker (not in the default run).

    .venv/bin/python tests/bench/bench_exports.py --rows 24000

Builds a throw-away SQLite database under /tmp (or set DATABASE_URL to an empty database of your
own, e.g. postgres://…/anjian_perf_bench — never the CI one): one district with 8 streets / 400
grid cells, 5,000 enterprises and ``--rows`` overdue hazards (plus as many closed ones the filter
must skip), reported by grid officers, descriptions written like users write them (one in ten
starting with "=", which must stay text). Then the office asks for ``/hazards/?overdue=true&export=xlsx``
through the test client: the page must answer with a redirect to the job (timed: the request),
and the job is run as the worker runs it (``accounts.export_jobs.export_job_run``: re-run the
page as the user, stream the write-only workbook to a file, store it, notify; timed: the worker).
The file is read back and its rows counted. Exit 1 if the worker exceeds ``--limit`` seconds
(default 10, issue 21).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
TMP = Path(tempfile.mkdtemp(prefix="bench-exports-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_platform.settings")
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()


def build(rows: int):
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.choices import RegionKind, Role
    from accounts.models import Industry, Region, User
    from enterprises.models import Enterprise
    from hazards.choices import HazardSource, HazardStatus
    from hazards.models import Hazard
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
        for i in range(5000)
    ], batch_size=2000)
    enterprises = list(Enterprise.objects.values_list("pk", "region_id"))
    officers = User.objects.bulk_create([User(username=f"grid{i}", role=Role.GRID, full_name=f"网格员{i}", password="!")
                                         for i in range(400)])
    today = timezone.localdate()
    now = timezone.now()
    hazards = []
    for i in range(rows * 2):
        eid, rid = enterprises[i % len(enterprises)]
        closed = i % 2 == 1
        text = f"=HYPERLINK(\"http://x\",\"隐患{i}\")" if i % 10 == 0 else f"第{i}号隐患：配电箱未接地，消防通道堵塞"
        hazards.append(Hazard(
            enterprise_id=eid, region_id=rid, source=HazardSource.GRID, description=text, location="车间",
            category="电气", deadline=today - dt.timedelta(days=1 + i % 30), responsible="张三",
            reporter_id=officers[i % len(officers)].pk, reported_at=now - dt.timedelta(days=30 + i % 60),
            status=HazardStatus.CLOSED if closed else HazardStatus.REPORTED, closed_at=now if closed else None,
        ))
    Hazard.objects.bulk_create(hazards, batch_size=2000)
    return User.objects.create(username="bench-office", role=Role.OFFICE)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=24_000)
    parser.add_argument("--limit", type=float, default=10.0)
    args = parser.parse_args()

    from io import BytesIO

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from openpyxl import load_workbook

    from accounts import export_jobs
    from accounts.models import ExportJob

    settings.MEDIA_ROOT = TMP / "media"
    settings.ALLOWED_HOSTS = ["*"]
    start = time.perf_counter()
    office = build(args.rows)
    print(f"loaded {args.rows} overdue hazards (+{args.rows} closed) in {time.perf_counter() - start:.1f} s "
          f"({connection.settings_dict['NAME']})")

    queued: list[int] = []
    export_jobs._dispatch = queued.append  # the worker is run below, timed on its own
    client = Client()
    client.force_login(office)
    from django.urls import reverse

    reverse("home")  # a running server has imported the URLconf long ago
    t0 = time.perf_counter()
    response = client.get("/hazards/?overdue=true&export=xlsx")
    t1 = time.perf_counter()
    assert response.status_code == 302, response.status_code

    job_id = queued[0]
    t2 = time.perf_counter()
    job = export_jobs.export_job_run(job_id)
    t3 = time.perf_counter()
    job = ExportJob.objects.get(pk=job_id)
    with job.file.open("rb") as f:
        data = f.read()
    count = sum(1 for _ in load_workbook(BytesIO(data), read_only=True).active.iter_rows()) - 1
    print(f"request {1000 * (t1 - t0):.0f} ms (redirect to the job) · worker {t3 - t2:.1f} s for {job.total} rows "
          f"({job.total / (t3 - t2):.0f} rows/s) · file {len(data) / 1e6:.1f} MB, {count} rows · {job.status}")
    ok = job.status == "done" and count == job.total == args.rows and (t3 - t2) < args.limit
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
