"""Benchmark of the hazards app on PostgreSQL (not in the default run; tests/bench is ignored by pytest).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench .venv/bin/python tests/bench/bench_hazards.py [--keepdb] [--scale 0.2]

It creates its own throw-away database (Django's test database for that name: test_h_bench), migrates and
loads 8 streets / 350 grid cells, 50,000 enterprises each with a user, one year of weekly self-checks
(~2.6 M rows: 98.5 % filing, 80 % in the bench week) and 500,000 hazards (a year of them, ~5 % of the
past-deadline ones still open and overdue). ``--scale`` shrinks everything proportionally.

Then it times, against the issue's limits:
  * the weekly reminder job (before the deadline: every non-filer's user; the previous week's
    non-filer lists to grid officers and streets), and its rerun (must send nothing);
  * the daily escalation job, in steady state (yesterday's run done) and from a backlog (first run ever);
  * the filing-status board and the ledger's first page (office, street, department) through the full
    Django stack, each against a bare Django view listing the same rows, with the ratio.
Exit status 1 when a job takes ≥ 30 s or a page ≥ 300 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_platform.settings")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.html import escape  # noqa: E402

WEEK = dt.date(2026, 11, 16)  # the bench week (Monday); "today" is the Monday after
TODAY = dt.date(2026, 11, 23)
JOB_LIMIT_S = 30.0
PAGE_LIMIT_MS = 300.0


def scale() -> float:
    if "--scale" in sys.argv:
        return float(sys.argv[sys.argv.index("--scale") + 1])
    return 1.0


def build(n_enterprises: int) -> None:
    from django.contrib.auth.hashers import make_password

    from accounts.choices import RegionKind, Role
    from accounts.models import Department, Industry, Region, User
    from enterprises.models import Enterprise
    from tests.factories import valid_uscc

    t0 = time.monotonic()
    district = Region.objects.create(code="HB", name="基准区", kind=RegionKind.DISTRICT)
    grids, streets = [], []
    for s in range(8):
        street = Region.objects.create(code=f"HB{s}", name=f"街道{s}", kind=RegionKind.STREET, parent=district)
        streets.append(street)
        for c in range(6 + s % 2):
            comm = Region.objects.create(code=f"HB{s}-{c}", name=f"社区{s}-{c}", kind=RegionKind.COMMUNITY, parent=street)
            for g in range(7):
                grids.append(Region.objects.create(code=f"HB{s}-{c}-{g}", name=f"网格{s}-{c}-{g}",
                                                   kind=RegionKind.GRID, parent=comm))
    industries = [Industry.objects.create(code=f"HI{i}", name=f"行业{i}") for i in range(12)]
    depts = []
    for d in range(6):
        dept = Department.objects.create(code=f"HD{d}", name=f"部门{d}")
        dept.industries.set(industries[2 * d: 2 * d + 2])
        depts.append(dept)
    pw = make_password("bench-pass")
    User.objects.create(username="bench-office", password=pw, role=Role.OFFICE)
    for i, street in enumerate(streets):
        User.objects.create(username=f"bench-street{i}", password=pw, role=Role.STREET, region=street)
    for i, dept in enumerate(depts):
        User.objects.create(username=f"bench-dept{i}", password=pw, role=Role.DEPARTMENT, department=dept)
    officers = User.objects.bulk_create([User(username=f"bench-grid{i}", password=pw, role=Role.GRID)
                                         for i in range(len(grids))])
    Region.officers.through.objects.bulk_create([Region.officers.through(region_id=g.pk, user_id=u.pk)
                                                 for g, u in zip(grids, officers)])
    print(f"  organisation: {len(grids)} grid cells, {time.monotonic() - t0:.1f}s", flush=True)

    t0 = time.monotonic()
    for start in range(0, n_enterprises, 5000):
        Enterprise.objects.bulk_create([
            Enterprise(name=f"基准企业{i:06d}有限公司", uscc=valid_uscc(10_000_000 + i), address="基准路1号",
                       region=grids[i % len(grids)], industry=industries[i % len(industries)], legal_rep="张三",
                       status="operating" if i % 33 else "suspended", flag_dust=i % 7 == 0)
            for i in range(start, min(start + 5000, n_enterprises))
        ])
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO enterprises_enterprise_departments (enterprise_id, department_id)
            SELECT e.id, di.department_id FROM enterprises_enterprise e
            JOIN accounts_department_industries di ON di.industry_id = e.industry_id""")
        cur.execute("""
            INSERT INTO accounts_user (password, last_login, is_superuser, username, first_name, last_name, email,
                is_staff, is_active, date_joined, role, full_name, phone, region_id, department_id, enterprise_id,
                enforcement_cert_no)
            SELECT %s, NULL, false, 'bench-ent' || e.id, '', '', '', false, true, now(), 'enterprise', '安全员', '',
                NULL, NULL, e.id, '' FROM enterprises_enterprise e""", [pw])
    print(f"  {n_enterprises} enterprises with their users: {time.monotonic() - t0:.1f}s", flush=True)

    t0 = time.monotonic()
    n_sc = load_self_checks(WEEK)
    print(f"  {n_sc:,} self-checks: {time.monotonic() - t0:.1f}s", flush=True)


def build_hazards(n_hazards: int) -> None:
    t0 = time.monotonic()
    load_hazards(n_hazards, TODAY)
    print(f"  {n_hazards:,} hazards: {time.monotonic() - t0:.1f}s", flush=True)


def load_self_checks(week: dt.date, *, share_last: float = 0.80) -> int:
    """One year of weeks ending with ``week``: 98.5 % filed (4 % late, 95 % zero reports); ``week`` itself
    only ``share_last`` filed so that the reminder has work. Also used by tests/bench/generate_city.py."""
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO hazards_selfcheck (enterprise_id, region_id, week_start, is_zero, is_late, hazards_found,
                submitted_at, submitted_by_id, amended_at, amend_count, note)
            SELECT e.id, e.region_id, w.week, r.x > 0.05, r.x < 0.04, CASE WHEN r.x > 0.05 THEN 0 ELSE 1 END,
                   w.week + interval '2 days' + r.x * interval '4 days', NULL, NULL, 0, ''
            FROM enterprises_enterprise e
            CROSS JOIN (SELECT (%s::date - 7 * i) AS week FROM generate_series(0, 51) i) w
            -- random() must depend on both sides, or the planner evaluates it once per week/enterprise
            CROSS JOIN LATERAL (SELECT random() + e.id * 0 + (w.week - w.week) AS x,
                                       random() + e.id * 0 + (w.week - w.week) AS y) r
            WHERE e.status = 'operating' AND r.y < CASE WHEN w.week = %s::date THEN %s ELSE 0.985 END
            ORDER BY w.week, e.id  -- as filed in real life: week after week
        """, [week, week, share_last])
        return cur.rowcount


def load_hazards(n_hazards: int, today: dt.date) -> None:
    """A year of hazards before ``today`` over every enterprise (ids contiguous); steady escalation state."""
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), count(*) FROM enterprises_enterprise")
        min_id, count = cur.fetchone()
        # A year of hazards; those past their deadline are 95 % closed, the rest in every state.
        # Steady state: the escalation job ran yesterday (levels as of yesterday, 1/8/15 days).
        cur.execute("""
            INSERT INTO hazards_hazard (enterprise_id, region_id, source, grade, status, description, location,
                category, deadline, responsible, reporter_id, department_id, reported_at, rectifying_at, submitted_at,
                closed_at, closed_by_id, rectification_note, plan_responsibility, plan_measures, plan_funds,
                plan_deadline, plan_emergency, is_overdue, escalation_level, escalated_at, spot_check_due,
                self_check_id, origin_type_id, origin_id)
            SELECT s.eid, s.rid, s.source, s.grade, s.status, '基准隐患描述 ' || s.g, '车间', '电气安全', s.deadline,
                '李四', NULL, NULL, s.reported_at, NULL, NULL,
                CASE WHEN s.status = 'closed' THEN s.reported_at + interval '5 days' END, NULL, '', '', '', NULL,
                NULL, '', s.status <> 'closed' AND s.deadline < %(yesterday)s,
                CASE WHEN s.status = 'closed' OR s.deadline >= %(yesterday)s THEN 0
                     WHEN s.deadline > %(yesterday)s::date - 8 THEN 1
                     WHEN s.deadline > %(yesterday)s::date - 15 THEN 2 ELSE 3 END,
                NULL, false, NULL, NULL, ''
            FROM (
                SELECT g, e.id AS eid, e.region_id AS rid, t.reported_at, t.deadline,
                    (ARRAY['self','self','self','grid','grid','enforcement','random','expert','public'])[1 + (g %% 9)] AS source,
                    CASE WHEN g %% 31 = 0 THEN 'major' ELSE 'general' END AS grade,
                    CASE WHEN t.deadline < %(today)s THEN
                            CASE WHEN t.r < 0.95 THEN 'closed' WHEN t.r < 0.975 THEN 'rectifying'
                                 WHEN t.r < 0.99 THEN 'reported' ELSE 'submitted' END
                         WHEN t.r < 0.45 THEN 'rectifying' WHEN t.r < 0.65 THEN 'reported'
                         WHEN t.r < 0.8 THEN 'submitted' ELSE 'closed' END AS status
                FROM generate_series(0, %(n)s - 1) g
                JOIN enterprises_enterprise e ON e.id = %(min_id)s + (g::bigint * 7919) %% %(count)s
                CROSS JOIN LATERAL (
                    SELECT ts AS reported_at, (ts::date + 7 + (g %% 24)) AS deadline, random() + g * 0 AS r
                    FROM (SELECT %(today)s::timestamptz - (random() + g * 0) * interval '365 days' AS ts) x
                ) t
            ) s
        """, {"n": n_hazards, "min_id": min_id, "count": count, "today": today,
              "yesterday": today - dt.timedelta(days=1)})


def reset_escalation(today: dt.date = TODAY) -> None:
    """Steady state: as if the escalation job ran yesterday (levels at 1/8/15 days past the deadline)."""
    yesterday = today - dt.timedelta(days=1)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM hazards_hazardtransition")
        # Only the rows whose state differs are written: rewriting all 500,000 would leave as many dead
        # tuples, and every later count would read the heap instead of the index (no autovacuum yet).
        cur.execute("""
            UPDATE hazards_hazard h SET is_overdue = t.is_overdue, escalation_level = t.level
            FROM (SELECT id, status <> 'closed' AND deadline < %(y)s AS is_overdue,
                         CASE WHEN status = 'closed' OR deadline >= %(y)s THEN 0
                              WHEN deadline > %(y)s::date - 8 THEN 1 WHEN deadline > %(y)s::date - 15 THEN 2 ELSE 3 END
                         AS level FROM hazards_hazard) t
            WHERE h.id = t.id AND (h.is_overdue, h.escalation_level) IS DISTINCT FROM (t.is_overdue, t.level)
        """, {"y": yesterday})


def analyze() -> None:
    old = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    connection.set_autocommit(old)


# ---- bare views: the same rows, no framework beyond a queryset and an HttpResponse


def bare_ledger(request):
    from hazards.models import Hazard

    rows = Hazard.objects.for_user(request.user).select_related("enterprise", "region").order_by("-reported_at", "-id")[:30]
    return HttpResponse("<table>" + "".join(
        f"<tr><td>{h.pk}</td><td>{escape(h.enterprise.name)}</td><td>{escape(h.description)}</td>"
        f"<td>{h.status}</td><td>{h.deadline}</td><td>{escape(h.region.name)}</td></tr>" for h in rows) + "</table>")


def bare_board(request):
    from enterprises.models import Enterprise
    from hazards.selectors import filing_rows

    rows = filing_rows(Enterprise.objects.for_user(request.user), WEEK).select_related("region", "industry").order_by(
        "region__path", "name", "pk")[:50]
    return HttpResponse("<table>" + "".join(
        f"<tr><td>{escape(e.name)}</td><td>{escape(e.region.name)}</td><td>{escape(e.industry.name)}</td>"
        f"<td>{e.filing}</td></tr>" for e in rows) + "</table>")


bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [
    path("bare/ledger/", bare_ledger),
    path("bare/board/", bare_board),
    path("", include("safety_platform.urls")),
]


def timed_page(client: Client, url: str, runs: int = 7) -> float:
    client.get(url)  # warm-up (template compilation, caches)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> int:
    if connection.vendor != "postgresql":
        print("this benchmark needs PostgreSQL (set DATABASE_URL)")
        return 2
    from accounts.models import Notification, User
    from hazards import tasks
    from hazards.models import Hazard, SelfCheck

    k = scale()
    n_ent, n_haz = int(50_000 * k), int(500_000 * k)
    keep = "--keepdb" in sys.argv
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
    rows: list[tuple[str, float, str]] = []
    failures: list[str] = []
    try:
        from enterprises.models import Enterprise

        if not (keep and Enterprise.objects.count() == n_ent):
            if keep:  # a kept database of another scale: empty it first
                from django.core.management import call_command

                call_command("flush", interactive=False, verbosity=0)
            print(f"loading (scale {k}) …", flush=True)
            build(n_ent)
        if not SelfCheck.objects.exists():
            t0 = time.monotonic()
            print(f"  {load_self_checks(WEEK):,} self-checks: {time.monotonic() - t0:.1f}s", flush=True)
        if Hazard.objects.count() != n_haz:
            with connection.cursor() as cur:
                cur.execute("TRUNCATE hazards_hazard CASCADE")
            build_hazards(n_haz)
            analyze()
        print(f"data: {User.objects.filter(role='enterprise').count():,} enterprise users, "
              f"{SelfCheck.objects.count():,} self-checks, {Hazard.objects.count():,} hazards", flush=True)
        Notification.objects.all().delete()
        reset_escalation()

        def job(label: str, fn) -> dict:
            t0 = time.perf_counter()
            result = fn()
            s = time.perf_counter() - t0
            rows.append((label, s * 1000, str(result)))
            if s >= JOB_LIMIT_S:
                failures.append(f"{label}: {s:.1f}s")
            return result

        saturday = timezone.make_aware(dt.datetime.combine(WEEK + dt.timedelta(days=5), dt.time(10))).isoformat()
        job("reminder job (remind + lists)", lambda: tasks.selfcheck_reminder.apply(args=[saturday]).get())
        job("reminder job rerun (sends nothing)", lambda: tasks.selfcheck_reminder.apply(args=[saturday]).get())
        job("escalation job, steady state", lambda: tasks.overdue_escalation.apply(args=[TODAY.isoformat()]).get())
        Hazard.objects.update(escalation_level=0, is_overdue=False)
        job("escalation job, backlog (first run)", lambda: tasks.overdue_escalation.apply(args=[TODAY.isoformat()]).get())
        analyze()

        with override_settings(ROOT_URLCONF=bench_urls, DEBUG=False):
            for username, who in (("bench-office", "office"), ("bench-street0", "street"), ("bench-dept0", "department")):
                client = Client()
                client.force_login(User.objects.get(username=username))
                for label, url, bare in (
                    ("filing board", f"/hazards/filing/?week={WEEK}", "/bare/board/"),
                    ("ledger first page", "/hazards/", "/bare/ledger/"),
                ):
                    page_ms = timed_page(client, url)
                    bare_ms = timed_page(client, bare)
                    rows.append((f"{label} ({who})", page_ms, f"bare {bare_ms:.1f} ms, ratio {page_ms / bare_ms:.1f}×"))
                    if page_ms >= PAGE_LIMIT_MS:
                        failures.append(f"{label} ({who}): {page_ms:.0f} ms")
    finally:
        if keep:
            connection.close()
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"\n{'what':<40} {'time':>10}  notes")
    for label, ms, note in rows:
        shown = f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms"
        print(f"{label:<40} {shown:>10}  {note}")
    print("OK" if not failures else "FAILED: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
