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


# ---------------------------------------------------------------------------------------------
# Writes (issue 16): every POST/PUT/PATCH/DELETE route and DRF write action × every role.
#
# Each app module ends with ``WRITES = [write(...), api_action(...)]``: the roles that may take the
# action (``allowed``) and those for which the object is out of scope (``hidden``, 404). Every other
# role must be refused: 403, or the login page (302) for an anonymous visitor of a page.
# ``test_write_matrix`` posts a minimal (by default empty) body as every role, each request in a
# rolled-back savepoint: an allowed role gets anything but 403/404/405 (200, 302, 400 …).

WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class Write:
    name: str
    allowed: frozenset[str]
    hidden: frozenset[str] = frozenset()
    method: str = "post"
    kwargs: Callable | None = None  # (world) -> reverse kwargs; default: the read row's kwargs
    data: Callable | None = None  # (world) -> body; default: empty
    is_api: bool = False
    marks: tuple = ()  # e.g. pytest.mark.xfail(strict=True, reason=...) for a recorded inconsistency

    @property
    def key(self) -> str:
        return f"{self.name} {self.method.upper()}"

    def expected(self, role: str) -> str:
        """'allowed', or the exact status a refused role must get."""
        if role in self.allowed:
            return "allowed"
        if role in self.hidden:
            return "404"
        if role == "anon" and not self.is_api:
            return "302"
        return "403"


def write(name: str, allowed: set[str] | frozenset[str], *, hidden: set[str] = frozenset(), method: str = "post",
          kwargs: Callable | None = None, data: Callable | None = None, marks: tuple = ()) -> Write:
    """A page that accepts a write (a form post)."""
    return Write(name, frozenset(allowed), frozenset(hidden), method, kwargs, data, False, tuple(marks))


def api_action(name: str, allowed: set[str] | frozenset[str], *, hidden: set[str] = frozenset(), method: str = "post",
              kwargs: Callable | None = None, data: Callable | None = None, marks: tuple = ()) -> Write:
    """A DRF write action (create/update/partial_update/destroy or an ``@action`` with POST)."""
    return Write(name, frozenset(allowed), frozenset(hidden), method, kwargs, data, True, tuple(marks))


EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anon"}
OFFICE = frozenset({"office", "admin"})
# Who sees the objects of enterprise A (cell A, street A, department ``dept``) — and who does not (404).
SEES_A = frozenset({"ent_a", "grid_a", "street_a", "dept", "office", "admin"})
BLIND_TO_A = frozenset({"ent_b", "street_b", "dept_other", "expert"})


def xfail(reason: str):
    """A recorded inconsistency: the row states the intended answer, main fails it today; the fix in
    the app makes it XPASS (strict), which is how we notice and drop the mark."""
    import pytest

    return pytest.mark.xfail(strict=True, reason=reason)


def form_first(who: str, rule: str, got: str = "302") -> object:
    """A page that validates its form before the service's role check answers a forbidden role's
    empty post with form errors instead of 403."""
    verb = "get" if ("," in who or " and " in who) else "gets"
    return xfail(f"{who} {verb} {got} with form errors (form checked before the role check) where the service "
                 f"refuses them with 403 ({rule})")


def body_first(who: str, rule: str) -> object:
    """An API action that validates the body before the service's role check answers 400, not 403."""
    return xfail(f"{who} get 400 for an empty body (serializer before the role check) where the service "
                 f"refuses them with 403 ({rule})")
