"""City-scale benchmark of the whole platform: one command (README, "Benchmarks").

    bash tests/bench/run.sh [--scale 1.0] [--runs 30] [--regenerate] [--no-load-test]

1. Uses its own PostgreSQL database (anjian_bench on 127.0.0.1): creates, migrates and fills it with
   tests/bench/generate_city.py when it is absent or was generated at another scale.
2. Times every job of the Celery beat schedule (safety_platform/celery.py), called directly, plus the
   self-check reminder before the deadline and the computation of all assessment results (rolled back,
   so the next run measures the same work).
3. Starts gunicorn on a free 127.0.0.1 port with the real settings in production mode (DEBUG=0, Redis
   cache and broker on db 13, collected static files) plus bare baseline views (settings_bench.py), and
   measures p50/p95 of N requests per page and API list as the office, a street and a grid officer, each
   with the ratio to its baseline measured in the same run, alternating page and baseline requests.
4. Runs the locust load test (200 users, 2 minutes, four journeys) against that server.
5. Prints PASS/FAIL per target of the feature issues and the tables; writes tests/bench/results/latest.md.
Exit status 1 when a target fails or the load test had errors.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench import benchenv  # noqa: E402

PYTHON = Path(sys.executable)
BIN = PYTHON.parent


@dataclass
class Target:
    what: str
    limit: float  # seconds
    measured: float | None = None
    note: str = ""
    unit: str = "s"  # or "errors"

    def shown(self, value: float | None) -> str:
        return f"{value:.0f}" if self.unit == "errors" and value is not None else _fmt(value)

    @property
    def ok(self) -> bool:
        return self.measured is not None and self.measured < self.limit


@dataclass
class Report:
    scale: float
    generation: list[tuple[str, int, float]] = field(default_factory=list)
    generation_total: float | None = None
    jobs: list[tuple[str, float, str]] = field(default_factory=list)
    pages: list[tuple[str, str, float, float, float, float]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    load: list[dict] = field(default_factory=list)
    load_errors: int | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def target(self, what: str, limit: float, measured: float | None, note: str = "", unit: str = "s") -> None:
        self.targets.append(Target(what, limit, measured, note, unit))

    def markdown(self) -> str:
        out = [f"# City-scale benchmark — {dt.datetime.now():%Y-%m-%d %H:%M}, scale {self.scale}", ""]
        out += ["Data: " + ", ".join(f"{k} {v:,}" for k, v in self.counts.items()), ""]
        if self.generation:
            out += [f"## Generation ({self.generation_total:.0f} s)", "", "| table | rows | s |", "|---|---:|---:|"]
            out += [f"| {label} | {n:,} | {s:.1f} |" for label, n, s in self.generation] + [""]
        out += ["## Targets (pages: p50)", "", "| target | limit | measured | result |", "|---|---:|---:|---|"]
        out += [f"| {t.what} | < {t.shown(t.limit)} | {t.shown(t.measured)} | {'PASS' if t.ok else 'FAIL'}"
                f"{' — ' + t.note if t.note else ''} |" for t in self.targets] + [""]
        out += ["## Jobs (called directly)", "", "| job | time | result |", "|---|---:|---|"]
        out += [f"| {label} | {_fmt(s)} | {note} |" for label, s, note in self.jobs] + [""]
        out += ["## Pages through gunicorn + PostgreSQL + Redis, as a ratio to a bare Django view", "",
                "| page | user | p50 | p95 | baseline p50 | baseline p95 | ratio p50 |", "|---|---|---:|---:|---:|---:|---:|"]
        out += [f"| {label} | {who} | {_ms(p50)} | {_ms(p95)} | {_ms(b50)} | {_ms(b95)} | {p50 / b50:.1f}× |"
                for label, who, p50, p95, b50, b95 in self.pages] + [""]
        if self.load:
            out += [f"## Load test (locust, {self.load_errors} errors)", "",
                    "| request | count | failures | p50 | p95 | max |", "|---|---:|---:|---:|---:|---:|"]
            out += [f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} ms | {r['95%']} ms "
                    f"| {float(r['Max Response Time']):.0f} ms |" for r in self.load] + [""]
        return "\n".join(out)


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


# ---- the database ------------------------------------------------------------------------------------------


def admin_connection():
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    conn.autocommit = True
    return conn


def generated_scale() -> float | None:
    conn = admin_connection()
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [benchenv.DB_NAME])
        exists = cur.fetchone() is not None
    conn.close()
    if not exists:
        return None
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname=benchenv.DB_NAME)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT scale FROM bench_city WHERE finished_at IS NOT NULL")
            row = cur.fetchone()
            return row[0] if row else None
    except psycopg2.Error:
        return None
    finally:
        conn.close()


def recreate_database() -> None:
    conn = admin_connection()
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{benchenv.DB_NAME}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{benchenv.DB_NAME}"')
    conn.close()


def ensure_city(scale: float, regenerate: bool, report: Report) -> None:
    from django.core.management import call_command
    from django.db import connection

    found = generated_scale()
    if found == scale and not regenerate:
        print(f"city at scale {scale} found in {benchenv.DB_NAME}", flush=True)
        return
    print(f"(re)creating {benchenv.DB_NAME} (found scale: {found}) …", flush=True)
    connection.close()
    recreate_database()
    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"  migrated in {time.monotonic() - t0:.0f} s", flush=True)
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE bench_city (scale float, started_at timestamptz, finished_at timestamptz)")
        cur.execute("INSERT INTO bench_city VALUES (%s, now(), NULL)", [scale])
    from tests.bench.generate_city import generate

    timer = generate(scale)
    with connection.cursor() as cur:
        cur.execute("UPDATE bench_city SET finished_at = now()")
    report.generation, report.generation_total = timer.rows, timer.total


def collect_static() -> None:
    from django.core.management import call_command

    if not (benchenv.STATIC_ROOT / "staticfiles.json").exists():
        print("collecting static files for the production storage …", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)


def flush_cache() -> None:
    """Empty the benchmark's own Redis database (db 13: cache and broker), never another one."""
    import redis

    redis.Redis.from_url(benchenv.REDIS_URL).flushdb()


# ---- jobs ----------------------------------------------------------------------------------------------------


def time_jobs(report: Report, today: dt.date) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Notification, User
    from assessment import services as assessment
    from assessment.models import Scheme
    from hazards.rules import week_start_of
    from safety_platform.celery import app
    from tests.bench.bench_hazards import reset_escalation

    Notification.objects.all().delete()  # earlier runs' reminders: every run reminds the same people
    reset_escalation(today)  # steady state: yesterday's escalation run done, today's to do

    def job(label: str, fn, limit: float | None = None) -> None:
        t0 = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - t0
        report.jobs.append((label, seconds, str(result)[:80]))
        print(f"  {label:<58} {_fmt(seconds):>9}  {str(result)[:60]}", flush=True)
        if limit is not None:
            report.target(label, limit, seconds)

    for entry in app.conf.beat_schedule.values():  # register the tasks (autodiscovery is lazy)
        import_module(entry["task"].rsplit(".", 1)[0])
    last_week = week_start_of(today) - dt.timedelta(weeks=1)
    saturday = timezone.make_aware(dt.datetime.combine(last_week + dt.timedelta(days=5), dt.time(10))).isoformat()
    reminder = app.tasks["hazards.tasks.selfcheck_reminder"]
    job("hazards reminder, Saturday before the deadline (issue 4)", lambda: reminder.apply(args=[saturday]).get(), 30)
    job("hazards reminder rerun (reminds nobody twice)", lambda: reminder.apply(args=[saturday]).get())
    for name, entry in app.conf.beat_schedule.items():
        task = app.tasks[entry["task"]]
        limit = 30 if entry["task"] in ("hazards.tasks.selfcheck_reminder", "hazards.tasks.overdue_escalation") else None
        label = f"beat {name} ({entry['task'].rsplit('.', 1)[-1]})" + (" (issue 4)" if limit else "")
        job(label, lambda task=task: task.apply().get(), limit)

    office = User.objects.get(username="bench-office")
    scheme = Scheme.objects.get(name="基准考核", year=today.year)

    def compute_results() -> str:
        class Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                assessment.scheme_compute_results(scheme=Scheme.objects.get(pk=scheme.pk), by=office)
                done = scheme.units.filter(total__isnull=False).count()
                raise Rollback(f"{done} units with totals, grades and ranks (rolled back)")
        except Rollback as exc:
            return str(exc)

    job("assessment: computing all results (issue 8)", compute_results, 60)


def time_indicator_query(report: Report, today: dt.date) -> None:
    """Issue 6 states the indicator query itself (in-process), for the district and one year."""
    from accidents.selectors import region_indicators
    from accounts.models import Region, User

    office = User.objects.get(username="bench-office")
    district = Region.objects.get(code="CITY")
    year = today.year - 1
    region_indicators(user=office, region=district, years=[year])
    times = []
    for _ in range(9):
        t0 = time.perf_counter()
        region_indicators(user=office, region=district, years=[year])
        times.append(time.perf_counter() - t0)
    ten = time.perf_counter()
    region_indicators(user=office, region=district, years=list(range(year - 9, year + 1)))
    ten = time.perf_counter() - ten
    median = statistics.median(times)
    report.jobs.append(("accident indicator query, district, 1 year (median of 9)", median, ""))
    report.jobs.append(("accident indicator query, district, 10 years", ten, ""))
    report.target("accident indicator query, district, 1 year (issue 6)", 0.2, median)
    print(f"  indicator query: 1 year {_fmt(median)}, 10 years {_fmt(ten)}", flush=True)


# ---- sessions and the server ---------------------------------------------------------------------------------


def session_for(user) -> str:
    """A logged-in session (what django.contrib.auth.login stores) without hashing a password."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with the benchmark's environment; stopped by its own process group."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.log = benchenv.RESULTS_DIR / "gunicorn.log"

    def __enter__(self) -> Server:
        env = {**os.environ, **benchenv.SERVER_ENV}
        env.pop("STATICFILES_BACKEND", None)
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "safety_platform.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--timeout", "120", "--error-logfile", str(self.log)],
            cwd=benchenv.ROOT, env=env, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = get(self.port, "/healthz")
                if status == 200:
                    print(f"gunicorn ({self.workers} workers) on 127.0.0.1:{self.port}", flush=True)
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.__exit__(None, None, None)
        raise SystemExit(f"gunicorn did not start, see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def get(port: int, path: str, session: str | None = None) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": f"sessionid={session}"} if session else {})
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def measure_pages(report: Report, port: int, runs: int, today: dt.date) -> None:
    from accounts.models import Region, User
    from assessment.models import AssessedUnit, Scheme
    from hazards.rules import week_start_of

    last_week = week_start_of(today) - dt.timedelta(weeks=1)
    office = User.objects.get(username="bench-office")
    street = User.objects.get(username="bench-street01")
    grid = User.objects.get(username="bench-grid0001")
    dept = User.objects.get(username="bench-dept01-1")
    sessions = {u.username: session_for(u) for u in (office, street, grid, dept)}
    district = Region.objects.get(code="CITY")
    scheme = Scheme.objects.get(name="基准考核", year=today.year)
    unit = AssessedUnit.objects.get(scheme=scheme, region=street.region)
    board = f"/hazards/filing/?week={last_week}"
    indicators = f"/accidents/indicators/?region={district.pk}"
    # (label, user, url, baseline, limit in s, cold cache)
    plan = [
        ("enterprise list", office, "/enterprises/", "enterprises", None, False),
        ("hazard ledger, first page", office, "/hazards/", "hazards", 0.3, False),
        ("filing-status board", office, board, "filing", 0.3, False),
        ("cockpit (cold cache)", office, "/cockpit/", "cockpit", 0.5, True),
        ("cockpit (warm cache)", office, "/cockpit/", "cockpit", None, False),
        ("map data, enterprises layer (cold)", office, "/cockpit/map/data/enterprises.json", "map", 1.0, True),
        ("overdue hazards (cockpit drill-down)", office, "/hazards/?overdue=true", "overdue", None, False),
        ("accident indicators page", office, indicators, "indicators", None, False),
        ("accident indicators API", office, f"/api/v1/accident-indicators/?region={district.pk}", "indicators", None, False),
        ("assessment results", office, f"/assessment/schemes/{scheme.pk}/results/", "assessment", None, False),
        ("patrol list", office, "/inspections/patrols/", "patrols", None, False),
        ("inspection records", office, "/inspections/records/", "inspections", None, False),
        ("API enterprises", office, "/api/v1/enterprises/", "api-enterprises", None, False),
        ("API hazards", office, "/api/v1/hazards/", "api-hazards", None, False),
        ("API patrols", office, "/api/v1/patrols/", "api-patrols", None, False),
        ("API inspections", office, "/api/v1/inspections/", "api-inspections", None, False),
        ("enterprise list", street, "/enterprises/", "enterprises", None, False),
        ("hazard ledger, first page", street, "/hazards/", "hazards", 0.3, False),
        ("filing-status board", street, board, "filing", 0.3, False),
        ("cockpit (cold cache)", street, "/cockpit/", "cockpit", 0.5, True),
        ("cockpit (cold cache)", dept, "/cockpit/", "cockpit", 0.5, True),
        ("assessment unit page", street, f"/assessment/units/{unit.pk}/", "assessment", None, False),
        ("filing-status board, missing filers", grid, board + "&status=missing", "filing", None, False),
        ("patrol list", grid, "/inspections/patrols/", "patrols", None, False),
    ]

    def timed(path: str, session: str, cold: bool) -> float:
        if cold:
            flush_cache()
        t0 = time.perf_counter()
        status, size = get(port, path, session)
        seconds = time.perf_counter() - t0
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        return seconds

    for label, user, path, baseline, limit, cold in plan:
        session = sessions[user.username]
        base_path = f"/bench-baseline/{baseline}/"
        for _ in range(2):  # warm-up: worker imports, template compilation, plans
            timed(path, session, cold)
            timed(base_path, session, cold)
        page_t, base_t = [], []
        for _ in range(runs):
            page_t.append(timed(path, session, cold))
            base_t.append(timed(base_path, session, cold))
        p50, p95 = _percentile(page_t, 50), _percentile(page_t, 95)
        b50, b95 = _percentile(base_t, 50), _percentile(base_t, 95)
        who = user.get_role_display()
        report.pages.append((label, who, p50, p95, b50, b95))
        print(f"  {label:<40} {who:<6} p50 {_ms(p50):>8} p95 {_ms(p95):>8}  baseline {_ms(b50):>7}  "
              f"ratio {p50 / b50:5.1f}×", flush=True)
        if limit is not None:
            report.target(f"{label} ({who})", limit, p50, f"p95 {_ms(p95)}")


def _percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ---- load test ------------------------------------------------------------------------------------------------


def load_sessions(today: dt.date, path: Path) -> None:
    """Session cookies for the simulated people: enterprises that have not filed this week, grid officers
    with cells, the office, every street (with its assessment unit)."""
    from accounts.models import User
    from assessment.models import AssessedUnit
    from hazards.models import SelfCheck
    from hazards.rules import week_start_of

    week = week_start_of(today)
    filed = SelfCheck.objects.filter(week_start=week).values("enterprise_id")
    enterprises = (User.objects.filter(role="enterprise", enterprise__status="operating")
                   .exclude(enterprise_id__in=filed).order_by("?")[:250])
    grids = User.objects.filter(role="grid", grid_cells__isnull=False).order_by("?")[:60]
    units = {u.region_id: u.pk for u in AssessedUnit.objects.filter(scheme__name="基准考核", scheme__year=today.year,
                                                                      region__isnull=False)}
    streets = User.objects.filter(role="street", region_id__in=list(units)).order_by("username")
    office = User.objects.get(username="bench-office")
    data = {
        "last_week": str(week - dt.timedelta(weeks=1)),
        "journeys": {
            "enterprise": [{"session": session_for(u)} for u in enterprises],
            "grid": [{"session": session_for(u)} for u in grids],
            "office": [{"session": session_for(office)} for _ in range(10)],
            "street": [{"session": session_for(u), "unit": units[u.region_id]} for u in streets],
        },
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def load_test(report: Report, port: int, args, today: dt.date) -> None:
    sessions = benchenv.RESULTS_DIR / "locust_sessions.json"
    load_sessions(today, sessions)
    prefix = benchenv.RESULTS_DIR / "locust"
    cmd = [str(BIN / "locust"), "-f", str(benchenv.BENCH_DIR / "locustfile.py"), "--headless",
           "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.duration,
           "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--stop-timeout", "30",
           "--exit-code-on-error", "0"]
    print(f"load test: {' '.join(cmd[3:])}", flush=True)
    subprocess.run(cmd, cwd=benchenv.ROOT, env={**os.environ, "BENCH_SESSIONS": str(sessions)}, check=False)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    report.load = rows
    aggregated = next(r for r in rows if r["Name"] == "Aggregated")
    report.load_errors = int(aggregated["Failure Count"])
    report.target(f"load test: {args.users} users, {args.duration}, no errors", 1, float(report.load_errors),
                  f"p95 {aggregated['95%']} ms over {aggregated['Request Count']} requests", unit="errors")


# ---- main ------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="City-scale benchmark (see the module docstring)")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 50,000 enterprises, 500,000 hazards …")
    parser.add_argument("--runs", type=int, default=30, help="requests per page (and per baseline)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the city even if present")
    parser.add_argument("--no-load-test", action="store_true")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    args = parser.parse_args()

    benchenv.RESULTS_DIR.mkdir(exist_ok=True)
    benchenv.setup()
    from django.utils import timezone

    report = Report(scale=args.scale)
    ensure_city(args.scale, args.regenerate, report)
    today = timezone.localdate()
    from accidents.models import Accident
    from enterprises.models import Enterprise
    from hazards.models import Hazard, SelfCheck
    from inspections.models import Inspection, Patrol

    report.counts = {"enterprises": Enterprise.objects.count(), "self-checks": SelfCheck.objects.count(),
                     "hazards": Hazard.objects.count(), "patrols": Patrol.objects.count(),
                     "inspections": Inspection.objects.count(), "accidents": Accident.objects.count()}
    print("data: " + ", ".join(f"{k} {v:,}" for k, v in report.counts.items()), flush=True)
    collect_static()
    flush_cache()
    print("jobs:", flush=True)
    time_jobs(report, today)
    time_indicator_query(report, today)
    from django.db import connection

    # The jobs (and the rolled-back assessment computation) leave dead rows behind; in production
    # autovacuum clears them within minutes. Vacuum the tables they wrote so the pages are measured
    # in that steady state rather than right after a bulk rewrite.
    connection.set_autocommit(True)
    with connection.cursor() as cur:
        for table in ("hazards_hazard", "hazards_hazardtransition", "accounts_notification", "assessment_assessedunit",
                      "assessment_score"):
            cur.execute("SELECT to_regclass(%s)", [table])
            if cur.fetchone()[0]:
                cur.execute(f"VACUUM ANALYZE {table}")

    connection.close()  # the server's workers get the database to themselves
    flush_cache()
    with Server(args.workers) as server:
        print(f"pages ({args.runs} requests each, alternating with the baseline):", flush=True)
        measure_pages(report, server.port, args.runs, today)
        if not args.no_load_test:
            load_test(report, server.port, args, today)
    flush_cache()

    text = report.markdown()
    (benchenv.RESULTS_DIR / "latest.md").write_text(text + "\n", encoding="utf-8")
    print("\n" + text)
    for t in report.targets:
        print(f"{'PASS' if t.ok else 'FAIL'}  {t.what}: {t.shown(t.measured)} (limit < {t.shown(t.limit)})")
    failed = [t for t in report.targets if not t.ok]
    print(f"written to {benchenv.RESULTS_DIR / 'latest.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
