"""Production settings (the environment .ci/run uses for ``check --deploy``) secure the session and
CSRF cookies and turn HSTS on; every HTML form that posts carries a CSRF token, and a post without
one is refused."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import ROUTES

# The same values as .ci/run's check --deploy step.
PRODUCTION_ENV = {
    "DEBUG": "0", "SECRET_KEY": "ci-" + "x7Qp2Lm9" * 8 + "-production-like-secret-value",
    "ALLOWED_HOSTS": "anjian.example.gov.cn", "SESSION_COOKIE_SECURE": "1", "CSRF_COOKIE_SECURE": "1",
    "SECURE_SSL_REDIRECT": "1", "SECURE_HSTS_SECONDS": "31536000", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
    "for k in ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
    "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'X_FRAME_OPTIONS']}))"
)


def _production(*args: str) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does.
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="safety_platform.settings")
    return subprocess.run([sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=120)


def test_production_environment_secures_cookies_and_turns_on_hsts():
    probe = _production("-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    values = json.loads(probe.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True and values["X_FRAME_OPTIONS"] == "DENY"


def test_check_deploy_is_clean_in_the_production_environment():
    check = _production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stdout + check.stderr


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "ent_a", "grid_a", "street_a", "dept", "expert"])
def test_every_post_form_on_every_page_carries_a_csrf_token(world, role):
    client = world.client(role)
    pages = forms = 0
    missing = []
    for name, route in sorted(ROUTES.items()):
        if route.method != "get" or route.status_for(role) != 200 or name.startswith("api") or "-" in name:
            continue
        try:
            with transaction.atomic():  # the matrix helpers assume a fresh world; skip one that clashes
                url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
        except ValidationError:
            continue
        response = client.get(f"{url}?{route.query}" if route.query else url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        for attrs, body in FORM.findall(response.content.decode()):
            if re.search(r"method\s*=\s*[\"']?post", attrs, re.I):
                forms += 1
                if "csrfmiddlewaretoken" not in body:
                    missing.append(f"{name} ({url})")
    assert pages >= 20 and forms >= 5, (pages, forms)
    assert not missing, f"POST forms without a CSRF token: {missing}"


@pytest.mark.django_db
def test_a_form_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["grid_a"])
    response = client.post(reverse("hazards:report"), {"enterprise": world.ent_a.pk, "description": "x"})
    assert response.status_code == 403
    from hazards.models import Hazard

    assert not Hazard.objects.exists()
