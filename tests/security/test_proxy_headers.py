"""Proxy headers are trusted only when TRUST_PROXY_HEADERS says a reverse proxy sits in front.

Off (the default): a client's forged X-Forwarded-For changes neither its rate-limit bucket nor its
login-lockout address, and a forged X-Forwarded-Proto does not make the request "secure". On: the
address the trusted proxy wrote (the last hop, or TRUSTED_PROXY_COUNT hops from the right) is the
client for the public-report rate limit, django-axes and the login audit alike.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import AuditLog
from safety_platform.http import client_ip
from tests.factories import PASSWORD

PROXY = "10.0.0.2"  # the reverse proxy as the app sees it (REMOTE_ADDR)
NEW = reverse("reporting:public_new")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_proxy(settings):
    settings.TRUST_PROXY_HEADERS = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


@pytest.fixture
def fixed_captcha(monkeypatch):
    from hazards.reporting import captcha

    monkeypatch.setattr(captcha, "new_challenge", lambda: ("7K3PX", "7K3PX"))


def settings_in_a_fresh_process(**env: str) -> dict:
    probe = ("import json, django; django.setup(); from django.conf import settings as s; "
             "print(json.dumps({k: getattr(s, k) for k in "
             "['SECURE_PROXY_SSL_HEADER', 'TRUST_PROXY_HEADERS', 'TRUSTED_PROXY_COUNT', 'AXES_CLIENT_IP_CALLABLE']}))")
    clean = {k: v for k, v in os.environ.items() if k not in ("TRUST_PROXY_HEADERS", "TRUSTED_PROXY_COUNT")}
    done = subprocess.run([sys.executable, "-c", probe], cwd=django_settings.BASE_DIR, capture_output=True, text=True,
                          env={**clean, "DJANGO_SETTINGS_MODULE": "safety_platform.settings", **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_proxy_headers_are_off_unless_the_environment_turns_them_on():
    off = settings_in_a_fresh_process()
    assert off["TRUST_PROXY_HEADERS"] is False and off["SECURE_PROXY_SSL_HEADER"] is None
    on = settings_in_a_fresh_process(TRUST_PROXY_HEADERS="1", TRUSTED_PROXY_COUNT="2")
    assert on["TRUST_PROXY_HEADERS"] is True and on["TRUSTED_PROXY_COUNT"] == 2
    assert on["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert on["AXES_CLIENT_IP_CALLABLE"] == off["AXES_CLIENT_IP_CALLABLE"] == "safety_platform.http.client_ip"


def test_without_a_trusted_proxy_forged_headers_change_nothing():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4",
                                   HTTP_X_FORWARDED_PROTO="https")
    assert client_ip(request) == "203.0.113.7"
    assert request.is_secure() is False


def test_behind_the_proxy_its_last_hop_is_the_client_and_its_scheme_is_believed(behind_proxy):
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.1", HTTP_X_FORWARDED_PROTO="https")
    assert client_ip(request) == "192.0.2.1" and request.is_secure() is True
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY  # a request that did not pass the proxy
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="<script>")) == PROXY
    behind_proxy.TRUSTED_PROXY_COUNT = 2  # e.g. a CDN, then nginx, each appending
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.9, 198.51.100.1")) \
        == "192.0.2.9"


def report(client: Client, **headers):
    client.get(reverse("reporting:public_captcha"))
    return client.post(NEW, {"category": "fire", "description": "饭店后厨液化气钢瓶放在地下室，安全出口堵死",
                             "address": "钢铁大街 12 号", "captcha": "7K3PX"}, **headers)


def test_rate_limit_forged_forwarded_for_does_not_open_a_new_bucket(world, fixed_captcha, settings):
    settings.REPORTING_RATE_PER_MINUTE = 1
    client = Client()
    assert report(client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert report(client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_rate_limit_behind_the_proxy_counts_each_client_on_its_own(world, fixed_captcha, behind_proxy):
    behind_proxy.REPORTING_RATE_PER_MINUTE = 1
    client = Client()
    assert report(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.1").status_code == 302
    assert report(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302
    # the same client again, with a different forged first entry: still its own (spent) bucket
    assert report(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 192.0.2.1").status_code == 429


def fail_login(username: str, **headers):
    return Client().post("/accounts/login/", {"username": username, "password": "wrong"}, **headers)


def test_login_lockout_ignores_a_forged_forwarded_for_without_a_proxy(world):
    user = world.users["ent_a"]
    for i in range(5):
        fail_login(user.username, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    locked = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD},
                           REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="8.8.8.8")
    assert locked.status_code == 429


def test_login_lockout_behind_the_proxy_locks_the_client_not_the_proxy(world, behind_proxy):
    user = world.users["ent_a"]
    for _ in range(5):
        fail_login(user.username, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.1"}
    assert AuditLog.objects.filter(action="登录失败", note__endswith="192.0.2.1").count() == 5
    attacker = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD},
                             REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert attacker.status_code == 429
    owner = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD},
                          REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.50")
    assert owner.status_code == 302  # another client behind the same proxy is not locked out
