"""Every link works for everyone who sees it (issue 22): as each demo role, over the seeded demo
district, follow every same-origin link from the home page outward and fail on any 4xx/5xx.

Bounded so it stays a CI test: links are grouped by their route (URL name), and at most
``PER_ROUTE`` distinct URLs of one route are opened per role (the 300th hazard's page links to the
same kinds of pages as the first). Exports and downloads (files, not pages), logout and the admin
are not followed; POST buttons are forms, not links, and are not followed either.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import User

pytestmark = pytest.mark.django_db

ROLES = ("admin", "anweiban", "jiedao", "wangge", "yingji", "zhujian", "qiye", "qiye2", "zhuanjia")
PER_ROUTE = 2
MAX_PAGES = 400  # per role; a safety net, the route bound ends the crawl long before
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#][^"]*)"', re.I)
SKIP_PREFIXES = ("/admin/", "/media/", "/static/", "/api/", "/logout")
# Files rather than pages: followed by users, but checked by the export/download tests.
FILE_HINTS = ("export", "download", "template", ".xlsx", ".csv", ".pdf", ".docx", "print", "photo", "file")


@pytest.fixture
def demo(settings):
    settings.COCKPIT_CACHE_SECONDS = 0
    call_command("seed_demo", enterprises=120, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(html: str) -> list[str]:
    out = []
    for raw in HREF.findall(html):
        href = urldefrag(unescape(raw))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue  # other origins, tel:, mailto:, relative oddities
        if href.startswith(SKIP_PREFIXES) or any(h in parts.path.lower() for h in FILE_HINTS):
            continue
        out.append(href)
    return out


def crawl(client: Client) -> tuple[dict[str, int], list[str]]:
    seen_urls: set[str] = set()
    per_route: Counter[str] = Counter()
    broken: list[str] = []
    queue = deque([("/", "（起点）")])
    opened = 0
    while queue and opened < MAX_PAGES:
        url, source = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        route = _route(urlsplit(url).path)
        key = route or url
        if per_route[key] >= PER_ROUTE:
            continue
        per_route[key] += 1
        response = client.get(url)
        opened += 1
        if response.status_code in (301, 302):
            location = response.headers["Location"]
            if location.startswith("/") and not location.startswith("/accounts/login"):
                queue.appendleft((location, url))
            elif location.startswith("/accounts/login"):
                broken.append(f"{url} (linked from {source}) → redirected to the login")
            continue
        if response.status_code >= 400:
            broken.append(f"{url} (linked from {source}) → {response.status_code}")
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            if link not in seen_urls:
                queue.append((link, url))
    return dict(per_route), broken


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_sees_works(demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    routes, broken = crawl(client)
    assert not broken, f"{username}: links that answer an error:\n" + "\n".join(broken)
    assert len(routes) >= 8, f"{username}: the crawl reached only {sorted(routes)}"
