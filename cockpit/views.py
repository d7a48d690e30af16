"""Thin views: the cockpit, the risk map (page + compact data layers) and the 晾晒通报 league table."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.permissions import PermissionRequiredMixin
from emergency.models import Depot, RescueTeam, Shelter
from enterprises.choices import RISK_COLOURS, RISK_ORDER, RiskLevel
from hazards.rules import week_label, week_start_of
from safety_platform.excel import xlsx_response

from . import exports, panels, selectors
from .forms import LeagueForm


class CockpitView(PermissionRequiredMixin, View):
    """安委办驾驶舱 — for a street or a department the same page over its own scope."""

    permission_required = "cockpit.view"

    def get(self, request):
        ctx = panels.cockpit(request.user, today=timezone.localdate())  # its sections run under analytics()
        return render(request, "cockpit/cockpit.html", ctx)


class RiskMapView(PermissionRequiredMixin, View):
    permission_required = "cockpit.view_map"

    def get(self, request):
        levels = [{"key": level, "label": RiskLevel(level).label, "colour": RISK_COLOURS[level]} for level in RISK_ORDER]
        config = {
            "tiles": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "levels": levels,
            "data": {layer: reverse("cockpit:map_data", kwargs={"layer": layer}) for layer in LAYERS},
            "enterprise_url": reverse("enterprises:detail", kwargs={"pk": 0}),
            "hazard_url": reverse("hazards:detail", kwargs={"pk": 0}),
        }
        return render(request, "cockpit/map.html", {"config": config})


def _enterprises(user, today):
    return {"fields": ["id", "lng", "lat", "risk", "name"], "rows": selectors.map_enterprises(user)}


def _sources(user, today):
    return {"fields": ["enterprise", "lng", "lat", "grade", "name", "enterprise_name"],
            "rows": selectors.map_hazard_sources(user)}


def _hazards(user, today):
    return {"fields": ["id", "lng", "lat", "enterprise", "enterprise_name", "description", "overdue", "supervised"],
            "rows": selectors.map_major_hazards(user, today=today)}


def _shelters(user, today):
    return {"fields": ["id", "lng", "lat", "name", "capacity", "address"],
            "rows": selectors.map_points(Shelter.objects.for_user(user), "name", "capacity", "address")}


def _teams(user, today):
    return {"fields": ["id", "lng", "lat", "name", "leader", "phone"],
            "rows": selectors.map_points(RescueTeam.objects.for_user(user), "name", "leader", "phone")}


def _depots(user, today):
    return {"fields": ["id", "lng", "lat", "name", "manager", "phone"],
            "rows": selectors.map_points(Depot.objects.for_user(user), "name", "manager", "phone")}


def _regions(user, today):
    return selectors.map_regions(user)


LAYERS = {
    "regions": _regions,
    "enterprises": _enterprises,
    "sources": _sources,
    "hazards": _hazards,
    "shelters": _shelters,
    "teams": _teams,
    "depots": _depots,
}


class MapDataView(PermissionRequiredMixin, View):
    """One map layer as compact JSON (rows of values, field names once) or GeoJSON (regions)."""

    permission_required = "cockpit.view_map"

    def get(self, request, layer: str):
        build = LAYERS.get(layer)
        if build is None:
            raise Http404("没有这个图层")
        today = timezone.localdate()
        with selectors.analytics():
            data = selectors.cached(request.user, f"map-{layer}", lambda: build(request.user, today), today)
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Cache-Control"] = "private, max-age=60"
        return response


class LeagueView(PermissionRequiredMixin, View):
    """晾晒通报: streets and departments ranked by filing rate, rectification rate, overdue hazards."""

    permission_required = "cockpit.view_league"

    def get(self, request):
        today = timezone.localdate()
        default_week = week_start_of(today) - dt.timedelta(weeks=1)
        form = LeagueForm(request.GET or None, initial={"week": default_week, "year": today.year})
        if form.is_bound and not form.is_valid():
            return render(request, "cockpit/league.html", {"form": form}, status=400)
        data = form.cleaned_data if form.is_bound else {}
        week = week_start_of(data.get("week") or default_week)
        year = data.get("year") or today.year
        order = data.get("order") or "filing"
        with selectors.analytics():
            tables = selectors.cached(
                request.user, "league",
                lambda: selectors.league(user=request.user, week_start=week, year=year, today=today), today, week, year,
            )
        for rows in tables.values():
            rows.sort(key=lambda r: (getattr(r, f"rank_{order}"), r.name))
        title = f"安全生产晾晒通报（{week_label(week)}填报，{year}年整改）"
        if request.GET.get("export") == "xlsx":
            rows = [exports.league_row(r) for r in tables["streets"] + tables["departments"]]
            return xlsx_response(title, exports.LEAGUE_COLUMNS, rows)
        query = request.GET.copy()
        query.pop("export", None)
        links = LeagueLinks(week, year)
        return render(request, "cockpit/league.html", {
            "form": form, "title": title, "week": week, "week_label_text": week_label(week), "year": year,
            "order": order, "today": today,
            "streets": [(r, links.for_row(r)) for r in tables["streets"]],
            "departments": [(r, links.for_row(r)) for r in tables["departments"]],
            "querystring": query.urlencode(),
        })


class LeagueLinks:
    """The drill-down URLs of a league row: each number links to the list it counts."""

    def __init__(self, week: dt.date, year: int):
        self.week, self.jan1 = week, dt.date(year, 1, 1)

    def for_row(self, row) -> dict[str, str]:
        key = "region" if row.kind == "street" else "department"
        return {
            "enterprises": panels.board(self.week, **{key: row.pk}),
            "missing": panels.board(self.week, status="missing", **{key: row.pk}),
            "found": panels.ledger(reported_from=self.jan1, **{key: row.pk}),
            "closed": panels.ledger(reported_from=self.jan1, status="closed", **{key: row.pk}),
            "overdue": panels.ledger(overdue="true", **{key: row.pk}),
        }
