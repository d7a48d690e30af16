"""Load test of the four journeys against the benchmark's own server (run by tests/bench/run_bench.py).

    locust -f tests/bench/locustfile.py --headless -u 200 -r 20 -t 2m --host http://127.0.0.1:PORT

The users are already logged in: run_bench.py writes one session cookie per simulated person of the
generated city into BENCH_SESSIONS (a JSON file), so the run measures the pages, not 200 password hashes.
Journeys, mixed by weight:
  * an enterprise files this week's self-check (zero report) once, then looks at its hazards;
  * a grid officer looks at the missing filers of its cells, its enterprises to patrol and its patrols;
  * the office opens the cockpit, drills down to the overdue hazards and exports them to Excel;
  * a street officer looks at its assessment page.
Only 127.0.0.1 is ever targeted: any other host stops the run.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

with open(os.environ["BENCH_SESSIONS"], encoding="utf-8") as fh:
    SESSIONS = json.load(fh)  # {"last_week": "YYYY-MM-DD", "journeys": {journey: [{"session": …, …}, …]}}
_pools = {journey: itertools.cycle(people) for journey, people in SESSIONS["journeys"].items()}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.test_start.add_listener
def only_loopback(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"refusing to load-test {host!r}: only 127.0.0.1")


class Person(HttpUser):
    abstract = True
    journey = ""
    wait_time = between(3, 10)  # reading the page, filling the form

    def on_start(self):
        self.me = next(_pools[self.journey])
        self.client.cookies.set("sessionid", self.me["session"], domain="127.0.0.1")

    def page(self, url: str, name: str | None = None, **kwargs):
        with self.client.get(url, name=name or url, catch_response=True, allow_redirects=False, **kwargs) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")
            return r


class EnterpriseUser(Person):
    weight = 60
    journey = "enterprise"
    filed = False

    @task
    def self_check_and_hazards(self):
        form = self.page("/hazards/self-check/")
        if not self.filed and 'name="zero_report"' in form.text and 'name="amend"' not in form.text:
            token = CSRF.search(form.text)
            with self.client.post("/hazards/self-check/", name="/hazards/self-check/ [POST zero report]",
                                  data={"csrfmiddlewaretoken": token.group(1) if token else "", "zero_report": "on",
                                        "note": "本周自查未发现隐患"},
                                  headers={"Referer": f"{self.host}/hazards/self-check/"},
                                  allow_redirects=False, catch_response=True) as r:
                if r.status_code != 302:
                    r.failure(f"self-check not filed: {r.status_code}")
            self.filed = True
        self.page("/hazards/", name="/hazards/ (own)")
        self.page("/hazards/self-check/history/")


class GridOfficer(Person):
    weight = 20
    journey = "grid"

    @task
    def missing_filers_and_patrols(self):
        self.page(f"/hazards/filing/?status=missing&week={SESSIONS['last_week']}", name="/hazards/filing/?status=missing")
        self.page("/inspections/patrols/mine/")
        self.page("/inspections/patrols/")


class Office(Person):
    weight = 4
    journey = "office"

    @task
    def cockpit_overdue_export(self):
        self.page("/cockpit/")
        self.page("/hazards/?overdue=true", name="/hazards/?overdue=true")
        # Up to EXPORT_ASYNC_ROWS rows the file comes at once; above, the page answers with a redirect to
        # the export job (我的导出) and a Celery worker writes the file (timed by tests/bench/bench_exports.py).
        with self.client.get("/hazards/?overdue=true&export=xlsx", name="/hazards/?overdue=true&export=xlsx",
                             catch_response=True, allow_redirects=False) as r:
            queued = r.status_code == 302 and "/exports/" in r.headers.get("Location", "")
            if not queued and (r.status_code != 200 or not r.content.startswith(b"PK")):
                r.failure(f"export failed: {r.status_code}")


class StreetOfficer(Person):
    weight = 16
    journey = "street"

    @task
    def assessment_page(self):
        self.page("/assessment/")
        self.page(f"/assessment/units/{self.me['unit']}/", name="/assessment/units/<own>/")
