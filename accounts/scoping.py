"""The one scoping mechanism of the platform.

Every scoped model's manager is built from ``ScopedQuerySet`` and names, once, how its rows
reach a region, an enterprise and a department. ``Model.objects.for_user(user)`` is then what
HTML views, the API, exports and dashboards start from. Out of scope is simply absent (404).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from .choices import Role

NOTHING = Q(pk__in=[])


class ScopedQuerySet(models.QuerySet):
    """Subclass and set the lookups (``None`` = the model cannot be reached that way).

    scope_region:      lookup to a ``Region`` FK (属地) — used for grid and street officers
    scope_enterprise:  lookup to an ``Enterprise`` FK ("pk" on Enterprise itself) — enterprise users
    scope_department:  lookup from the row to a ``Department`` (FK or M2M) — department officers
    scope_owner:       lookup to a ``User`` FK that always sees its own rows (e.g. the reporter)
    """

    scope_region: str | None = None
    scope_enterprise: str | None = None
    scope_department: str | None = None
    scope_owner: str | None = None

    def for_user(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        q = scope_q(self, user)
        if self.scope_owner:
            q |= Q(**{self.scope_owner: user.pk})
        if self.scope_department and user.role == Role.DEPARTMENT:
            # M2M lookups may repeat rows: filter by a semi-join on pk instead of joining.
            return self.filter(pk__in=self.model._base_manager.filter(q).values("pk"))
        return self.filter(q)


def scope_q(qs: ScopedQuerySet, user) -> Q:
    role = user.role
    if role == Role.ENTERPRISE:
        if not (qs.scope_enterprise and user.enterprise_id):
            return NOTHING
        return Q(**{qs.scope_enterprise: user.enterprise_id})
    if role in (Role.GRID, Role.STREET):
        if not qs.scope_region:
            return NOTHING
        paths = user_region_paths(user)
        if not paths:
            return NOTHING
        return reduce(or_, (Q(**{f"{qs.scope_region}__path__startswith": p}) for p in paths))
    if role == Role.DEPARTMENT:
        if not (qs.scope_department and user.department_id):
            return NOTHING
        return Q(**{qs.scope_department: user.department_id})
    return NOTHING


def user_region_paths(user) -> list[str]:
    """Materialised paths of the regions a grid/street officer covers (cached on the user)."""
    cached = getattr(user, "_scope_region_paths", None)
    if cached is not None:
        return cached
    if user.role == Role.GRID:
        paths = list(user.grid_cells.values_list("path", flat=True))
    elif user.role == Role.STREET and user.region_id:
        paths = [user.region.path]
    else:
        paths = []
    user._scope_region_paths = paths
    return paths


class RegionQuerySet(ScopedQuerySet):
    """Regions a user may see: its own subtree (and for the office, all)."""

    scope_region = "self"

    def for_user(self, user) -> models.QuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        if user.sees_everything or user.role in (Role.DEPARTMENT, Role.EXPERT):
            return self.all()
        paths = user_region_paths(user)
        if not paths:
            return self.none()
        return self.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


class EnterpriseScopedQuerySet(ScopedQuerySet):
    """For rows that belong to one enterprise through an ``enterprise`` FK."""

    scope_region = "enterprise__region"
    scope_enterprise = "enterprise"
    scope_department = "enterprise__departments"


def people_q(user) -> Q:
    """The people a street or department officer manages (the office: everyone; others: nobody).

    A street: its own staff, the grid officers of its cells, the users of its enterprises.
    A department: its own staff and the users of the enterprises it supervises.
    Lookups through ``enterprise__`` are strings: accounts imports no domain app."""
    if user.role == Role.STREET and user.region_id:
        path = user.region.path
        return (Q(region__path__startswith=path) | Q(enterprise__region__path__startswith=path)
                | Q(grid_cells__path__startswith=path))
    if user.role == Role.DEPARTMENT and user.department_id:
        return Q(department_id=user.department_id) | Q(enterprise__departments=user.department_id)
    return NOTHING
