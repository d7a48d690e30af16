"""Request helpers shared by every app: where a redirect may go, and who the client is."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str, *, param: str = "next") -> str:
    """The local URL named by ``param`` (POST, then GET), or ``default`` (a URL or URL name).

    The same test as Django's login view: another host (``https://evil.example/``, ``//evil.example/``,
    ``/\\evil.example``), another scheme (``javascript:``) or plain http on an https request falls back
    to ``default`` — a followed ``next`` never leaves the site (open redirect)."""
    candidate = (request.POST.get(param) or request.GET.get(param) or "").strip()
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the public-report rate limit, django-axes' login lockout
    (AXES_CLIENT_IP_CALLABLE) and the login audit all ask here.

    Without TRUST_PROXY_HEADERS it is REMOTE_ADDR, whatever X-Forwarded-For says (any client can send
    one). Behind the reverse proxy it is the entry TRUSTED_PROXY_COUNT hops from the right of
    X-Forwarded-For — what the trusted proxies wrote, never what the client put in front of it;
    REMOTE_ADDR when the header is missing or not an address; "" when there is no address at all
    (a request built in a test or a management command: stored as NULL, never as a bogus value)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if not settings.TRUST_PROXY_HEADERS:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if not hops:
        return remote
    candidate = hops[-min(max(settings.TRUSTED_PROXY_COUNT, 1), len(hops))]
    return _address(candidate) or remote


def _address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""
