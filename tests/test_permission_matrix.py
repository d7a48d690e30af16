"""Every role × every route. A route missing from tests/permissions/<app>.py fails the build."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import permissions
from tests.permissions import EXEMPT, EXEMPT_PREFIXES, ROLES, Route

ROUTES: dict[str, Route] = {}
for mod in pkgutil.iter_modules(permissions.__path__):
    module = importlib.import_module(f"tests.permissions.{mod.name}")
    for name, route in module.ROUTES.items():
        assert name not in ROUTES, f"route {name} listed twice"
        ROUTES[name] = route


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
