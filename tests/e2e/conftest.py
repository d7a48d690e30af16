"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

Every page load is watched: a console error or a request to any host other than the live server
fails the journey, and so does any Content-Security-Policy violation (a `securitypolicyviolation`
event or a console message about the policy, in any page of the journey's browser context), even
in a journey that never calls ``check()``. Screenshots go to artifacts/e2e/ (kept by CI).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import require_service

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(scope="session", autouse=True)
def _media_through_the_app():
    """Django's live server answers MEDIA_URL itself, from disk, with no login and no safe headers
    (django.test.testcases._MediaFilesHandler). Production has no such handler: /media/ goes through
    safety_platform.media.protected_media. Journeys must see what production serves."""
    from django.test import testcases

    original = testcases._MediaFilesHandler._should_handle
    testcases._MediaFilesHandler._should_handle = lambda self, path: False
    yield
    testcases._MediaFilesHandler._should_handle = original

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
PHONE = {"width": 390, "height": 844}
# Runs in every page before its own scripts (Playwright injects it past the page's CSP) and reports
# each violation to the test through an exposed binding.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at "
                        + e.sourceFile + ":" + e.lineNumber + " on " + document.location.pathname);
});
"""
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service(False, "playwright")
    require_service(bool(shutil.which(CHROMIUM) or Path(CHROMIUM).exists()), f"Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


class Journey:
    """A browser context with guards: console errors and foreign hosts are collected and asserted."""

    def __init__(self, browser, live_server, name: str, viewport: dict, **context_options):
        self.base = live_server.url
        self.host = urlparse(self.base).netloc
        self.name = name
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai",
                                           accept_downloads=True, **context_options)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.csp_violations: list[str] = []
        self.context.expose_function("__cspViolation", lambda text: self.csp_violations.append(f"event: {text}"))
        self.context.add_init_script(REPORT_CSP_VIOLATIONS)
        self.context.on("console", self._watch_csp_console)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.context.route("**/*", self._guard)
        self.shot_no = 0
        SHOTS.mkdir(parents=True, exist_ok=True)

    def _guard(self, route):
        url = route.request.url
        parsed = urlparse(url)
        # chrome:// and chrome-extension:// are the browser's own (its PDF viewer), not the network.
        if parsed.scheme in ("data", "blob", "chrome", "chrome-extension") or parsed.netloc == self.host:
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()

    def _watch_csp_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(f"console: {message.text}")

    def goto(self, path: str):
        return self.page.goto(self.base + path)

    def login(self, username: str, password: str):
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def shot(self, label: str) -> Path:
        self.shot_no += 1
        path = SHOTS / f"{self.name}-{self.shot_no:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def check(self):
        self.check_csp()
        assert not self.console_errors, f"browser console errors: {self.console_errors}"
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"

    def check_csp(self):
        assert not self.csp_violations, f"Content-Security-Policy violations: {self.csp_violations}"


@pytest.fixture
def journey(browser, live_server, request):
    journeys: list[Journey] = []

    def make(name: str, phone: bool = False, **context_options) -> Journey:
        j = Journey(browser, live_server, name, PHONE if phone else DESKTOP, **context_options)
        journeys.append(j)
        return j

    yield make
    for j in journeys:
        j.context.close()
    for j in journeys:  # every page a journey opened, whether or not the test called check()
        j.check_csp()
