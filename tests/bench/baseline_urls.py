"""Bare Django views the benchmark compares every measured page with (loaded only by settings_bench).

Each baseline returns the same number of rows from the same table, in the same scope (``for_user``) and
order as the page it stands for, through nothing but a queryset and an HttpResponse: no template, no
filter form, no pagination count. The page's time divided by its baseline's is the price of the
framework and the features on top of the bare query.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.urls import include, path
from django.utils.html import escape

from accidents.models import Accident
from assessment.models import AssessedUnit
from enterprises.models import Enterprise
from hazards.models import Hazard
from inspections.models import Inspection, Patrol


def _table(rows) -> HttpResponse:
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row.values()) + "</tr>" for row in rows)
    return HttpResponse(f"<!doctype html><table>{body}</table>")


def _json(rows) -> HttpResponse:
    return HttpResponse(json.dumps(list(rows), ensure_ascii=False, default=str), content_type="application/json")


ENTERPRISE_FIELDS = ("id", "name", "uscc", "region__name", "industry__name", "status", "risk_level")
HAZARD_FIELDS = ("id", "enterprise__name", "description", "status", "grade", "deadline", "region__name")
PATROL_FIELDS = ("id", "enterprise__name", "officer__username", "status", "visit_date", "hazards_found")
INSPECTION_FIELDS = ("id", "enterprise__name", "department__name", "status", "inspected_on", "result")

# name → (queryset for the user, fields, rows, html or json)
LISTS = {
    "enterprises": (lambda u: Enterprise.objects.for_user(u).order_by("name", "id"), ENTERPRISE_FIELDS, 30, _table),
    "filing": (lambda u: Enterprise.objects.for_user(u).order_by("region__path", "name", "id"),
               ("id", "name", "region__name", "industry__name"), 50, _table),
    "hazards": (lambda u: Hazard.objects.for_user(u).order_by("-reported_at", "-id"), HAZARD_FIELDS, 30, _table),
    "overdue": (lambda u: Hazard.objects.for_user(u).filter(is_overdue=True).order_by("-reported_at", "-id"),
                HAZARD_FIELDS, 30, _table),
    "patrols": (lambda u: Patrol.objects.for_user(u).order_by("-started_at", "-id"), PATROL_FIELDS, 30, _table),
    "inspections": (lambda u: Inspection.objects.for_user(u).order_by("-inspected_on", "-id"),
                    INSPECTION_FIELDS, 30, _table),
    "api-enterprises": (lambda u: Enterprise.objects.for_user(u).order_by("name", "id"), ENTERPRISE_FIELDS, 50, _json),
    "api-hazards": (lambda u: Hazard.objects.for_user(u).order_by("-reported_at", "-id"), HAZARD_FIELDS, 50, _json),
    "api-patrols": (lambda u: Patrol.objects.for_user(u).order_by("-started_at", "-id"), PATROL_FIELDS, 50, _json),
    "api-inspections": (lambda u: Inspection.objects.for_user(u).order_by("-inspected_on", "-id"),
                        INSPECTION_FIELDS, 50, _json),
}


def _cockpit(user):
    """The cockpit's headline table: hazards in scope counted by status (one aggregate)."""
    return _table(Hazard.objects.for_user(user).order_by().values("status").annotate(n=Count("id")))


def _map(user):
    """Every enterprise point in scope: the same columns as the map's enterprise layer."""
    rows = Enterprise.objects.for_user(user).order_by().values_list("id", "lng", "lat", "risk_level", "name")
    return _json([[pk, float(x), float(y), risk, name] for pk, x, y, risk, name in rows if x is not None])


def _indicators(user):
    """Accidents and deaths in scope per year (the rows the indicator table is built from)."""
    return _table(Accident.objects.for_user(user).order_by("year").values("year")
                  .annotate(n=Count("id"), deaths=Sum("deaths")))


def _assessment(user):
    """The ranked units of the benchmark's scheme."""
    return _table(AssessedUnit.objects.for_user(user).filter(scheme__name="基准考核")
                  .order_by("rank", "name").values("name", "kind", "total", "rank"))


AGGREGATES = {"cockpit": _cockpit, "map": _map, "indicators": _indicators, "assessment": _assessment}


@login_required
def baseline(request, name: str) -> HttpResponse:
    if name in AGGREGATES:
        return AGGREGATES[name](request.user)
    if name not in LISTS:
        raise Http404(name)
    queryset, fields, rows, render = LISTS[name]
    return render(queryset(request.user).values(*fields)[:rows])


urlpatterns = [
    path("bench-baseline/<slug:name>/", baseline),
    path("", include("safety_platform.urls")),
]
