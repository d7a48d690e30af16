"""Content-Security-Policy on every page, and no inline script anywhere (issue 15).

Every GET route of the permission matrix is requested as a role that may see it (or, for a route
nobody may GET, as the first role, so that its refusal is checked too), with a browser's
``Accept`` header so that the API answers with DRF's browsable HTML. Every response carries the
policy (a served file may carry the stricter one of ``safety_platform.media``); every HTML body is free of inline script: no ``<script>`` without ``src`` (a JSON data
block is fine), no ``on…=`` handler attribute and no ``javascript:`` URL. The third-party pages
(Django admin, Swagger UI, error pages) are checked the same way. Because the walk only sees what
the matrix world renders, every project template and script file is also read as text: no inline
script in a branch the walk did not reach, no eval-like call in our JavaScript.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.permissions import ROLES
from tests.test_permission_matrix import ROUTES

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# Who is asked first: a role that sees the most (office, admin), then the others, anonymous last.
ROLE_ORDER = ["office", "admin", "street_a", "grid_a", "dept", "ent_a", "expert", "street_b", "dept_other",
              "ent_b", "anon"]
assert set(ROLE_ORDER) == set(ROLES)
REQUIRED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "object-src": {"'none'"},
    "frame-ancestors": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


@pytest.fixture(autouse=True)
def _cold_cache(settings):
    """The walk opens the cockpit and the rate-limited public pages: cache nothing, leave nothing behind
    (the test database reuses ids, so a cached cockpit scope would leak into the next test)."""
    settings.COCKPIT_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def parse_policy(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = words[1:]
    return policy


def is_locked_file_policy(policy: dict[str, list[str]]) -> bool:
    """The stricter policy safety_platform.media puts on served files: nothing may run or be embedded."""
    default = policy.get("default-src", [])
    return (policy.get("script-src", default) == ["'none'"] and policy.get("object-src", default) == ["'none'"]
            and "frame-ancestors" in policy)


def policy_problems(response) -> list[str]:
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return ["no Content-Security-Policy header"]
    policy = parse_policy(header)
    if not is_html(response) and is_locked_file_policy(policy):
        return []
    problems = []
    for directive, values in REQUIRED.items():
        if set(policy.get(directive, [])) != values:
            problems.append(f"{directive} is {policy.get(directive)!r}, expected {sorted(values)}")
    script_src = policy.get("script-src", policy.get("default-src", []))
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        if loose in script_src:
            problems.append(f"script-src allows {loose}")
    return problems


class InlineScriptFinder(HTMLParser):
    """Collects inline scripts, inline event handlers and javascript: URLs of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_inline_script = False
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> inline event handler")
            if (name in URL_ATTRIBUTES and value
                    and "".join(value.split()).lower().startswith(("javascript:", "vbscript:"))):
                self.problems.append(f"<{tag} {name}={value[:40]!r}> script URL")
        if tag == "script" and not attributes.get("src"):
            kind = (attributes.get("type") or "").split(";")[0].strip().lower()
            if kind not in DATA_SCRIPT_TYPES:
                self._in_inline_script = True
                self._script_text = []

    def handle_data(self, data):
        if self._in_inline_script:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_inline_script:
            self._in_inline_script = False
            text = " ".join("".join(self._script_text).split())
            self.problems.append(f"inline <script>: {text[:60]!r}")


def inline_script_problems(html: str) -> list[str]:
    finder = InlineScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def is_html(response) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")


def check_response(response) -> list[str]:
    problems = policy_problems(response)
    if is_html(response) and not response.streaming:
        problems += inline_script_problems(response.content.decode(response.charset or "utf-8", "replace"))
    return problems


def test_the_checker_finds_what_it_should():
    html = ('<script>alert(1)</script><script src="/static/a.js"></script>'
            '<script type="application/json" id="d">{"a": 1}</script>'
            '<button onclick="x()">b</button><form onsubmit="return confirm(1)"></form>'
            '<a href=" JavaScript:alert(1)">x</a><a href="/ok">ok</a>')
    problems = inline_script_problems(html)
    assert len(problems) == 4, problems
    assert policy_problems(type("R", (), {"headers": {}})()) == ["no Content-Security-Policy header"]


def _get_role(route) -> str:
    if route.method != "get":
        return ROLE_ORDER[0]
    return next((r for r in ROLE_ORDER if route.status_for(r) == 200), ROLE_ORDER[0])


def test_every_page_of_the_permission_matrix_has_the_policy_and_no_inline_script(world):
    clients = {}
    failures = []
    checked_html = 0
    for name in sorted(ROUTES):
        route = ROUTES[name]
        role = _get_role(route)
        client = clients.setdefault(role, world.client(role))
        with transaction.atomic():  # each route's objects are made and dropped on their own
            url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
            if route.query:
                url = f"{url}?{route.query}"
            response = client.get(url, HTTP_ACCEPT=BROWSER_ACCEPT)
            problems = check_response(response)
            transaction.set_rollback(True)
        if is_html(response):
            checked_html += 1
        failures += [f"{name} ({role} GET {url} → {response.status_code}): {p}" for p in problems]
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
    assert checked_html > 100  # the walk really saw the pages, not only redirects


@pytest.mark.parametrize("path", [
    "/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/hazards/hazard/",
    "/api/docs/", "/api/v1/", "/api/v1/enterprises/", "/accounts/login/", "/reports/new/",
    "/no-such-page/",
])
def test_third_party_and_error_pages_have_the_policy_and_no_inline_script(world, path):
    response = world.client("admin").get(path, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code in (200, 404), (path, response.status_code)
    assert not check_response(response), check_response(response)


def test_login_page_and_refusals_have_the_policy():
    client = Client()
    for path in ("/accounts/login/", "/", "/cockpit/", "/api/v1/enterprises/"):
        response = client.get(path, HTTP_ACCEPT=BROWSER_ACCEPT)
        assert not check_response(response), (path, check_response(response))


def test_swagger_ui_script_is_served_from_the_same_origin(world):
    client = world.client("office")
    page = client.get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script=' in page or "<script src=\"/api/docs/?script=" in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def project_files(suffix: str) -> list[Path]:
    skip = {".venv", "node_modules", "staticfiles", "artifacts", "media", "tests", "__pycache__"}
    found = []
    for root, dirs, files in os.walk(BASE_DIR):
        dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")]
        found += [Path(root) / f for f in files if f.endswith(suffix)]
    return sorted(found)


@pytest.mark.django_db(False)
def test_no_template_has_inline_script():
    templates = [f for f in project_files(".html") if "templates" in f.parts]
    assert len(templates) > 100
    failures = []
    for template in templates:
        text = template.read_text(encoding="utf-8")
        # Template tags can sit inside a tag ("{% if x %}selected{% endif %}"); neutralise them first.
        text = re.sub(r"{%.*?%}", " ", re.sub(r"{{.*?}}", "x", text, flags=re.S), flags=re.S)
        failures += [f"{template.relative_to(BASE_DIR)}: {p}" for p in inline_script_problems(text)]
    assert not failures, "\n".join(failures)


@pytest.mark.django_db(False)
def test_our_javascript_needs_no_eval():
    scripts = [f for f in project_files(".js") if "static" in f.parts and "vendor" not in f.parts]
    assert len(scripts) >= 4
    forbidden = re.compile(r"\beval\(|new Function\b|setTimeout\(\s*['\"]|setAttribute\(\s*['\"]on|javascript:")
    failures = [f"{f.relative_to(BASE_DIR)}:{n}: {line.strip()}" for f in scripts
                for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if forbidden.search(line)]
    assert not failures, "\n".join(failures)
