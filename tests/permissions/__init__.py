"""The permission matrix: every named route × every role → expected HTTP status.

Each app has a module here (``tests/permissions/<app>.py``) with ``ROUTES = {name: Route}``.
``test_permission_matrix`` enumerates the whole URL conf and fails on any route that is not
listed, so a new endpoint cannot ship without its row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ROLES = ["anon", "ent_a", "ent_b", "grid_a", "street_a", "street_b", "dept", "dept_other", "office", "expert", "admin"]
STAFF_ALL = {"office": 200, "admin": 200}


@dataclass
class Route:
    expect: dict[str, int]
    default: int = 200
    kwargs: Callable | None = None  # (world) -> reverse kwargs
    query: str = ""
    method: str = "get"
    data: Callable | None = None  # (world) -> POST data

    def status_for(self, role: str) -> int:
        return self.expect.get(role, self.default)


def page(default: int = 200, kwargs: Callable | None = None, query: str = "", **expect: int) -> Route:
    """An HTML page: anonymous users are sent to the login page (302) unless said otherwise."""
    expect.setdefault("anon", 302)
    return Route(expect=expect, default=default, kwargs=kwargs, query=query)


def api(default: int = 200, kwargs: Callable | None = None, query: str = "", **expect: int) -> Route:
    """An API endpoint: anonymous requests are refused (403) unless said otherwise."""
    expect.setdefault("anon", 403)
    return Route(expect=expect, default=default, kwargs=kwargs, query=query)


def only(roles: dict[str, int], default: int = 404, anon: int = 302, kwargs: Callable | None = None, query: str = "") -> Route:
    """A route that returns ``roles`` for the listed roles and ``default`` for the others."""
    expect = {"anon": anon, **roles}
    return Route(expect=expect, default=default, kwargs=kwargs, query=query)


# Routes that are not the platform's own pages (Django admin has its own permission system).
EXEMPT_PREFIXES = ("admin:",)
EXEMPT = {"media"}
