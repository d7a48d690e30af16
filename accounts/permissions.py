"""Who may do what — the one authorization layer beside scoping.

Scoping (``Model.objects.for_user(user)``) answers *may see*; this module answers *may do this
action (on this object, now)*. Every action is a named permission defined once, in the app's
``permissions.py``, from the role predicates below and the app's own object predicates
(django-rules: predicates compose with ``&``, ``|``, ``~``)::

    # hazards/permissions.py
    define("hazards.verify", is_verifier & is_awaiting_verification, denied="您无权验收该隐患")

    # hazards/services.py — the service enforces it (PermissionDenied → 403 with the reason)
    require(by, "hazards.verify", hazard)

    # views: ``permission_required = "hazards.view_filing"`` (PermissionRequiredMixin);
    # templates: ``{% load permissions %}{% can "hazards.verify" hazard as ok %}``;
    # API: ``NamedPermission("hazards.report")`` or ``require`` inside ``call_service``.

The roles of a user are read here and only here; apps never compare ``user.role`` with a tuple.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from .choices import Role

# ---------------------------------------------------------------------------------------------
# Role predicates (the only place that knows the role names)


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def _role(role: str, label: str):
    @rules.predicate(name=label)
    def has_role(user) -> bool:
        return _active(user) and user.role == role

    return has_role


@rules.predicate
def is_authenticated(user) -> bool:
    return _active(user)


@rules.predicate
def is_office(user) -> bool:
    """安委办 and 管理员 (and superusers): they see and supervise the whole district."""
    return _active(user) and bool(user.sees_everything)


is_enterprise = _role(Role.ENTERPRISE, "is_enterprise")
is_grid = _role(Role.GRID, "is_grid")
is_street = _role(Role.STREET, "is_street")
is_department = _role(Role.DEPARTMENT, "is_department")
is_expert = _role(Role.EXPERT, "is_expert")
is_admin = _role(Role.ADMIN, "is_admin")

# 工作人员: the government side that works the ledger (not enterprises, not experts).
is_staff_member = is_grid | is_street | is_department | is_office
# Every signed-in person of the government side, experts included (reference pages).
is_official = is_staff_member | is_expert
# Units assessed at year end and reporting monthly: streets, departments (and the office).
is_unit_officer = is_street | is_department | is_office


def role_in(*roles: str) -> rules.Predicate:
    """Predicate for a set of roles — for tables keyed by role (e.g. which sources a role reports)."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"role_in_{'_'.join(sorted(wanted))}")
    def has_one(user) -> bool:
        return _active(user) and (user.role in wanted or (Role.OFFICE in wanted and bool(user.sees_everything)))

    return has_one


# ---------------------------------------------------------------------------------------------
# Named permissions

_REASONS: dict[str, str] = {}
_RULES = rules.RuleSet()


def define(name: str, predicate: rules.Predicate, *, denied: str) -> None:
    """Register a named permission with the Chinese reason shown when it is refused."""
    if _RULES.rule_exists(name):
        raise ValueError(f"permission {name} defined twice")
    _RULES.add_rule(name, predicate)
    _REASONS[name] = denied


def defined() -> list[str]:
    return sorted(_REASONS)


def reason(name: str) -> str:
    return _REASONS[name]


def can(user, name: str, obj: Any = None) -> bool:
    """May ``user`` do ``name`` (on ``obj``)? Unknown names are a programming error, not a 'no'."""
    if not _RULES.rule_exists(name):
        raise KeyError(f"permission {name} is not defined (see the app's permissions.py)")
    if not _active(user):
        return False
    return _RULES.test_rule(name, user, obj) if obj is not None else _RULES.test_rule(name, user)


def require(user, name: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (403, with the reason) unless ``user`` may do ``name``."""
    if not can(user, name, obj):
        raise PermissionDenied(_REASONS[name])


# ---------------------------------------------------------------------------------------------
# Readers of the layer: pages and the API ask the same named permissions


class PermissionRequiredMixin:
    """Page-level check for a class-based view: ``permission_required = "hazards.view_filing"``.

    Anonymous users go to the login page (LoginRequiredMixin); a signed-in user without the
    permission gets 403 with the permission's reason."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if self.permission_required:
            require(request.user, self.permission_required)
        return super().dispatch(request, *args, **kwargs)


def permission_required(name: str):
    """The same check for a function view."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, name)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def api_permission(name: str) -> type:
    """A DRF permission class for a named permission (no object: the object is checked by the service)."""
    from rest_framework.permissions import BasePermission

    class NamedPermission(BasePermission):
        message = _REASONS.get(name, "无权执行此操作")

        def has_permission(self, request, view) -> bool:
            return can(request.user, name)

    NamedPermission.__name__ = f"Can_{name.replace('.', '_')}"
    return NamedPermission
