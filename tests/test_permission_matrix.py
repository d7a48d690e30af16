"""Every role × every route. A route missing from tests/permissions/<app>.py fails the build.

Reads: ``ROUTES`` rows, one GET (or the row's method) per role with the exact expected status.
Writes (below ``# --- writes``): every route whose view accepts POST/PUT/PATCH/DELETE and every DRF
write action is discovered from the URL conf and must have a ``WRITES`` row."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
import sys
import textwrap

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import permissions
from tests.permissions import EXEMPT, EXEMPT_PREFIXES, ROLES, WRITE_METHODS, Route, Write

ROUTES: dict[str, Route] = {}
WRITES: dict[str, Write] = {}
for mod in pkgutil.iter_modules(permissions.__path__):
    module = importlib.import_module(f"tests.permissions.{mod.name}")
    for name, route in module.ROUTES.items():
        assert name not in ROUTES, f"route {name} listed twice"
        ROUTES[name] = route
    for row in getattr(module, "WRITES", ()):
        assert row.key not in WRITES, f"write {row.key} listed twice"
        WRITES[row.key] = row


def _walk(patterns, namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if ns.startswith(EXEMPT_PREFIXES):
                continue
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}{p.name}" if p.name else None), p


def all_route_names() -> set[str]:
    names = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if name is None:
            if "format" in str(pattern.pattern):  # DRF's format-suffix twin of a named route
                continue
            raise AssertionError(f"unnamed route {pattern.pattern}: give it a name and a matrix row")
        if name.startswith(EXEMPT_PREFIXES) or name in EXEMPT:
            continue
        names.add(name)
    return names


def test_every_route_is_in_the_permission_matrix():
    missing = sorted(all_route_names() - set(ROUTES))
    assert not missing, f"routes without a permission-matrix row (add them to tests/permissions/<app>.py): {missing}"
    stale = sorted(set(ROUTES) - all_route_names())
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_permission_matrix(world, name):
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
    if route.query:
        url = f"{url}?{route.query}"
    failures = []
    for role in ROLES:
        client = world.client(role)
        if route.method == "post":
            response = client.post(url, route.data(world) if route.data else {})
        else:
            response = client.get(url)
        expected = route.status_for(role)
        if response.status_code != expected:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not failures, f"{name} ({url}): " + "; ".join(failures)


# --- writes -------------------------------------------------------------------------------------
# A route accepts writes when its view says so:
# * a DRF viewset route: the HTTP methods of its ``actions`` map (create, update, partial_update,
#   destroy, ``@action(methods=["post"])``); a plain APIView: the write handlers it defines;
# * a class-based view: ``post`` (FormView, UpdateView, DeleteView …), and ``put``/``patch``/
#   ``delete`` when the project defines them (Django's own aliases of ``post`` do not count), always
#   within the view's ``http_method_names``;
# * a function view: its source — or that of a function of its module it calls, one level down —
#   reads ``request.POST``/``request.FILES``/``request.method`` or is decorated ``require_POST``/
#   ``require_http_methods``.

WRITE_MARKERS = re.compile(r"request\.(POST|FILES|method)\b|require_POST|require_http_methods")
FRAMEWORKS = ("django.", "rest_framework.")


def _defined_by_project(cls, attr: str) -> bool:
    owner = next((k for k in cls.__mro__ if attr in vars(k)), None)
    return owner is not None and not owner.__module__.startswith(FRAMEWORKS)


def _function_writes(fn, depth: int = 1) -> bool:
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):
        return False
    if WRITE_MARKERS.search(source):
        return True
    if depth == 0:
        return False
    module = sys.modules.get(fn.__module__)
    called = {n.func.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    helpers = [getattr(module, name, None) for name in called]
    return any(inspect.isfunction(h) and h.__module__ == fn.__module__ and _function_writes(h, depth - 1)
               for h in helpers)


def write_methods(pattern: URLPattern) -> set[str]:
    callback = pattern.callback
    if getattr(callback, "actions", None):  # DRF viewset route
        return {m for m in callback.actions if m in WRITE_METHODS}
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None:
        methods = {m for m in ("put", "patch", "delete") if _defined_by_project(cls, m)}
        if hasattr(cls, "post") and (not hasattr(callback, "cls") or _defined_by_project(cls, "post")):
            methods.add("post")
        return methods & set(cls.http_method_names)
    return {"post"} if _function_writes(inspect.unwrap(callback)) else set()


def all_write_keys() -> set[str]:
    keys = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if name is None or name.startswith(EXEMPT_PREFIXES) or name in EXEMPT:
            continue
        keys |= {f"{name} {m.upper()}" for m in write_methods(pattern)}
    return keys


def test_every_write_is_in_the_permission_matrix():
    discovered = all_write_keys()
    missing = sorted(discovered - set(WRITES))
    assert not missing, f"write routes/actions without a WRITES row (add them to tests/permissions/<app>.py): {missing}"
    stale = sorted(set(WRITES) - discovered)
    assert not stale, f"WRITES rows for writes that no longer exist (or no longer accept that method): {stale}"


def _write_param(key: str):
    return pytest.param(key, marks=WRITES[key].marks, id=key)


def _signed_in(world, role: str, settings) -> Client:
    """``world.client(role)`` without the database: the session lives in a signed cookie and no login
    signal runs (audit row, last_login) — eleven logins per row were half of the matrix's time."""
    client = Client()
    if role != "anon":
        user = world.users[role]
        session = SessionStore()
        session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.mark.parametrize("key", [_write_param(k) for k in sorted(WRITES)])
def test_write_matrix(world, key, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    row = WRITES[key]
    kwargs_of = row.kwargs or (ROUTES[row.name].kwargs if row.name in ROUTES else None)
    url = reverse(row.name, kwargs=kwargs_of(world) if kwargs_of else None)
    failures = []
    for role in ROLES:
        client = _signed_in(world, role, settings)
        body = row.data(world) if row.data else {}
        cache.clear()  # rate limits (the public report) count every role's attempt otherwise
        with transaction.atomic():  # every attempt is undone: the next role meets the same object
            if row.method == "post":
                response = client.post(url, body)
            else:
                response = getattr(client, row.method)(url, json.dumps(body), content_type="application/json")
            transaction.set_rollback(True)
        status, expected = response.status_code, row.expected(role)
        if expected == "allowed":
            if status in (403, 404, 405) or status >= 500:
                failures.append(f"{role}: allowed, got {status}")
        elif str(status) != expected:
            failures.append(f"{role}: expected {expected}, got {status}")
    assert not failures, f"{key} ({url}): " + "; ".join(failures)


def test_write_discovery_finds_every_kind_of_write_and_no_read():
    keys = all_write_keys()
    assert {
        "hazards:verify POST",  # class-based view with post
        "accidents:close POST",  # function view, @require_POST
        "assessment:indicator_create POST",  # function view whose helper reads request.POST
        "hazard-verify POST",  # DRF @action(methods=["post"])
        "hazard-list POST",  # DRF create
        "enterprise-detail PATCH",  # DRF partial_update
    } <= keys
    assert not {k for k in keys if k.split()[0] in {"hazards:ledger", "hazards:detail", "hazard-detail", "healthz"}}
    # Django's DeletionMixin.delete is not a route's write when the view allows only POST
    assert "responsibility:item_delete DELETE" not in keys and "responsibility:item_delete POST" in keys
