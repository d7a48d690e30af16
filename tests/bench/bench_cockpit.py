"""Benchmark of the cockpit on PostgreSQL (not in the default run; tests/bench is ignored by pytest).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_cockpit_bench .venv/bin/python tests/bench/bench_cockpit.py [--keepdb] [--scale 0.2]

It creates its own throw-away database (Django's test database for that name), loads the hazards
benchmark's district (tests/bench/bench_hazards.py: 50,000 enterprises, a year of weekly self-checks,
500,000 hazards) and gives every enterprise coordinates and a risk level. Then, with the cockpit's
cache emptied before every request ("cold"), it times through the full Django stack:
  * the cockpit page for the office, a street and a department (limit 500 ms);
  * the risk map's enterprise layer: 50,000 points as compact JSON (limit 1 s);
  * the other map layers and the 晾晒通报 league table (reported, no limit).
Exit status 1 when a limit is exceeded.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_cockpit_bench")

import bench_hazards  # noqa: E402  (sets up Django; its generator builds the district)
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

COCKPIT_LIMIT_MS = 500.0
MAP_LIMIT_MS = 1000.0


def place_enterprises() -> None:
    """Coordinates inside the demo bounding box and a risk level for every enterprise."""
    with connection.cursor() as cur:
        cur.execute("""
            UPDATE enterprises_enterprise SET lng = 109.74 + random() * 0.16, lat = 40.60 + random() * 0.12,
                risk_level = (ARRAY['major','high','general','general','low','low','low'])[1 + floor(random() * 7)::int]
        """)


def timed(client: Client, url: str, runs: int = 5) -> tuple[float, float, bytes]:
    """(first cold request ms, median of cold requests ms, body) — the cache is emptied before each."""
    times, body = [], b""
    for _ in range(runs):
        cache.clear()
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        body = response.content
    return times[0], statistics.median(times), body


def main() -> int:
    if connection.vendor != "postgresql":
        print("this benchmark needs PostgreSQL (set DATABASE_URL)")
        return 2
    from accounts.models import User
    from hazards.models import Hazard

    k = bench_hazards.scale()
    n_ent, n_haz = int(50_000 * k), int(500_000 * k)
    keep = "--keepdb" in sys.argv
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
    rows: list[tuple[str, float, float, str]] = []
    failures: list[str] = []
    try:
        if not (keep and Hazard.objects.count() == n_haz):
            if keep:
                from django.core.management import call_command

                call_command("flush", interactive=False, verbosity=0)
            print(f"loading (scale {k}) …", flush=True)
            bench_hazards.build(n_ent)
            bench_hazards.build_hazards(n_haz)
            place_enterprises()
            bench_hazards.analyze()
        print(f"data: {n_ent:,} enterprises, {Hazard.objects.count():,} hazards", flush=True)
        with override_settings(DEBUG=False, COCKPIT_CACHE_SECONDS=30, ALLOWED_HOSTS=["testserver"]):
            for username, who in (("bench-office", "office"), ("bench-street0", "street"), ("bench-dept0", "department")):
                client = Client()
                client.force_login(User.objects.get(username=username))
                first, median, _ = timed(client, "/cockpit/")
                rows.append((f"cockpit ({who})", first, median, ""))
                if median >= COCKPIT_LIMIT_MS or first >= COCKPIT_LIMIT_MS:
                    failures.append(f"cockpit ({who}): {first:.0f}/{median:.0f} ms")
                first, median, body = timed(client, "/cockpit/map/data/enterprises.json")
                points = len(json.loads(body)["rows"])
                rows.append((f"map enterprises ({who})", first, median, f"{points:,} points, {len(body) / 1e6:.1f} MB"))
                if who == "office" and (median >= MAP_LIMIT_MS or first >= MAP_LIMIT_MS):
                    failures.append(f"map enterprises ({who}): {first:.0f}/{median:.0f} ms")
                if who == "office":
                    assert points == n_ent, f"{points} points for {n_ent} enterprises"
                    for layer in ("hazards", "sources", "regions"):
                        first, median, body = timed(client, f"/cockpit/map/data/{layer}.json", runs=3)
                        rows.append((f"map {layer} ({who})", first, median, f"{len(body) / 1e3:.0f} kB"))
                    first, median, _ = timed(client, "/cockpit/league/", runs=3)
                    rows.append(("league table (office)", first, median, ""))
    finally:
        if keep:
            connection.close()
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"\n{'what':<32} {'first':>10} {'median':>10}  notes")
    for label, first, median, note in rows:
        print(f"{label:<32} {first:>7.0f} ms {median:>7.0f} ms  {note}")
    print("OK" if not failures else "FAILED: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
