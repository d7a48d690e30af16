"""The cockpit over the small ``world``: scope (a street officer sees only its street), the cache
keyed by scope, figures equal to their lists, the map layers, the league table and its export."""

import datetime as dt
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import RegionKind
from cockpit import selectors
from enterprises.models import MajorHazardSource
from hazards.models import Supervision
from tests.factories import EnterpriseFactory, RegionFactory
from tests.hazards.factories import HazardFactory, SelfCheckFactory

from .drilldown import figures, mismatches

pytestmark = pytest.mark.django_db

def today() -> dt.date:
    """Read at each use: a module constant goes stale when a run crosses midnight in Shanghai (16:00 UTC)."""
    return timezone.localdate()
LONG_AGO = today() - dt.timedelta(days=30)


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.COCKPIT_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture
def hazards(world):
    """Street A: 3 open (1 overdue, 1 major under 挂牌督办), 1 closed. Street B: 2 overdue."""
    a, b = world.ent_a, world.ent_b
    HazardFactory(enterprise=a)
    HazardFactory(enterprise=a, deadline=LONG_AGO)
    major = HazardFactory(enterprise=a, grade="major")
    Supervision.objects.create(hazard=major, deadline=today() + dt.timedelta(days=10), listed_by=world.users["office"])
    HazardFactory(enterprise=a, status="closed", closed_at=timezone.now())
    HazardFactory(enterprise=b, deadline=LONG_AGO)
    HazardFactory(enterprise=b, deadline=LONG_AGO, grade="major")


def card(response, title_start):
    return next(c for c in response.context["cards"] if c.title.startswith(title_start))


def test_street_officer_sees_only_its_street(world, hazards):
    a = world.client("street_a").get("/cockpit/")
    b = world.client("street_b").get("/cockpit/")
    office = world.client("office").get("/cockpit/")
    assert card(a, "未销号隐患").main.value == 3
    assert card(b, "未销号隐患").main.value == 2
    assert card(office, "未销号隐患").main.value == 5
    assert card(a, "逾期隐患").main.value == 1
    assert card(a, "挂牌督办").main.value == 1
    assert card(b, "挂牌督办").main.value == 0
    assert [f.label for f in a.context["tables"]["streets"]] == ["甲街道"]
    assert [f.label for f in office.context["tables"]["streets"]] == ["乙街道", "甲街道"]  # 2 overdue, then 1
    assert "乙街道" not in a.content.decode()
    assert a.context["scope_label"] == "甲街道"


def test_street_officer_map_layers_hold_only_its_street(world, hazards):
    world.ent_b.lng, world.ent_b.lat = 109.9, 40.7
    world.ent_b.save()
    data = json.loads(world.client("street_a").get("/cockpit/map/data/enterprises.json").content)
    assert [row[0] for row in data["rows"]] == [world.ent_a.pk]
    office = json.loads(world.client("office").get("/cockpit/map/data/enterprises.json").content)
    assert sorted(row[0] for row in office["rows"]) == sorted([world.ent_a.pk, world.ent_b.pk])
    major = json.loads(world.client("street_a").get("/cockpit/map/data/hazards.json").content)
    assert len(major["rows"]) == 1 and major["rows"][0][3] == world.ent_a.pk
    assert dict(zip(major["fields"], major["rows"][0], strict=True))["supervised"] is True


def test_cached_figures_are_kept_per_scope(world, hazards, settings):
    settings.COCKPIT_CACHE_SECONDS = 60
    assert card(world.client("office").get("/cockpit/"), "未销号隐患").main.value == 5
    assert card(world.client("street_a").get("/cockpit/"), "未销号隐患").main.value == 3
    assert card(world.client("street_b").get("/cockpit/"), "未销号隐患").main.value == 2


def test_department_cockpit_counts_its_supervised_enterprises(world, hazards):
    response = world.client("dept").get("/cockpit/")
    assert card(response, "未销号隐患").main.value == 3  # ent_a is supervised by dept
    assert response.context["scope_label"] == f"{world.dept.name}监管行业"


def test_every_figure_links_to_a_list_with_the_same_count(world, hazards):
    SelfCheckFactory(enterprise=world.ent_a)
    for role in ("office", "street_a", "dept"):
        client = world.client(role)
        page = client.get("/cockpit/").content.decode()
        checked, wrong = mismatches(client, page)
        assert not wrong, f"{role}: {wrong}"
        assert checked >= 20


def test_filing_rate_counts_filed_weeks_of_operating_enterprises(world):
    SelfCheckFactory(enterprise=world.ent_a)
    response = world.client("office").get("/cockpit/")
    this_week = card(response, "本周自查填报")
    assert this_week.main.value == 50  # 1 of 2 enterprises
    assert [(f.label, f.value) for f in this_week.parts] == [("应报", 2), ("已报", 0), ("零报告", 1), ("补报", 0), ("未报", 1),
                                                                 ("其中代报", 0)]


def test_proxy_filings_are_counted_beside_the_statuses_and_match_the_board(world, hazards):
    """Issue 17 item 4: a week filed as 代报 counts as reported (its status) and in 其中代报."""
    SelfCheckFactory(enterprise=world.ent_a)
    SelfCheckFactory(enterprise=world.ent_b, is_proxy=True, proxy_reason="企业无智能手机",
                     submitted_by=world.users["street_b"])
    client = world.client("office")
    response = client.get("/cockpit/")
    parts = dict((f.label, f.value) for f in card(response, "本周自查填报").parts)
    assert parts["未报"] == 0 and parts["其中代报"] == 1
    checked, wrong = mismatches(client, response.content.decode())
    assert not wrong and checked >= 20


def test_roles_without_a_cockpit_are_refused_but_grid_officers_get_the_map(world):
    assert world.client("grid_a").get("/cockpit/").status_code == 403
    assert world.client("ent_a").get("/cockpit/").status_code == 403
    assert world.client("grid_a").get("/cockpit/map/").status_code == 200
    assert world.client("expert").get("/cockpit/map/data/enterprises.json").status_code == 403


def test_unknown_map_layer_is_404(world):
    assert world.client("office").get("/cockpit/map/data/nothing.json").status_code == 404


def test_map_layers_are_compact_rows_with_constant_queries(world):
    client = world.client("office")
    client.get("/cockpit/map/data/enterprises.json")  # session, user
    with CaptureQueriesContext(connection) as few:
        small = json.loads(client.get("/cockpit/map/data/enterprises.json").content)
    EnterpriseFactory.create_batch(30, region=world.cell_a, industry=world.industry)
    with CaptureQueriesContext(connection) as many:
        large = json.loads(client.get("/cockpit/map/data/enterprises.json").content)
    assert len(large["rows"]) == len(small["rows"]) + 30
    assert len(many.captured_queries) == len(few.captured_queries)
    assert large["fields"] == ["id", "lng", "lat", "risk", "name"]
    assert all(len(row) == 5 and isinstance(row[1], float) for row in large["rows"])


def test_hazard_source_layer_places_sources_at_their_enterprise(world):
    MajorHazardSource.objects.create(enterprise=world.ent_a, name="液氨储罐区")
    data = json.loads(world.client("office").get("/cockpit/map/data/sources.json").content)
    assert data["rows"] == [[world.ent_a.pk, 109.8, 40.65, 4, "液氨储罐区", world.ent_a.name]]
    assert json.loads(world.client("street_b").get("/cockpit/map/data/sources.json").content)["rows"] == []


def test_region_outlines_are_the_offline_base_layer(world):
    world.street_a.boundary = {"type": "Polygon", "coordinates": [[[109, 40], [110, 40], [110, 41], [109, 40]]]}
    world.street_a.save()
    geo = json.loads(world.client("street_a").get("/cockpit/map/data/regions.json").content)
    assert [f["properties"]["name"] for f in geo["features"]] == ["甲街道"]
    page = world.client("office").get("/cockpit/map/")
    config = page.context["config"]
    assert config["tiles"] == ""
    assert "离线模式" in page.content.decode()


def test_map_uses_the_configured_tile_server(world, settings):
    settings.MAP_TILE_URL = "https://tiles.intranet.example/{z}/{x}/{y}.png"
    page = world.client("office").get("/cockpit/map/")
    assert page.context["config"]["tiles"] == settings.MAP_TILE_URL


def test_streets_at_different_depths_are_grouped_by_their_own_path(world):
    """Depth is data: a street under an intermediate level (片区) still gets its hazards."""
    area = RegionFactory(kind=RegionKind.COMMUNITY, name="片区", parent=world.district)
    deep_street = RegionFactory(kind=RegionKind.STREET, name="丙镇", parent=area)
    cell = RegionFactory(kind=RegionKind.GRID, name="丙网格", parent=deep_street)
    ent = EnterpriseFactory(region=cell, industry=world.industry)
    HazardFactory(enterprise=ent, deadline=LONG_AGO)
    HazardFactory(enterprise=world.ent_a, deadline=LONG_AGO)
    office = world.users["office"]
    from hazards.models import Hazard

    streets = selectors.streets_in(office)
    rows = selectors.overdue_by_street(Hazard.objects.for_user(office), streets, selectors.street_of_regions(streets),
                                       today=today())
    assert {(r.name, r.value) for r in rows} == {("丙镇", 1), ("甲街道", 1)}


def test_league_ranks_streets_and_departments_and_exports(world, hazards):
    SelfCheckFactory(enterprise=world.ent_a, week_start=today() - dt.timedelta(days=today().weekday() + 7))
    client = world.client("office")
    page = client.get("/cockpit/league/?order=overdue")
    assert page.status_code == 200
    streets = [row for row, _ in page.context["streets"]]
    assert [(r.name, r.overdue, r.rank_overdue) for r in streets] == [("甲街道", 1, 1), ("乙街道", 2, 2)]
    a = streets[0]
    assert (a.enterprises, a.missing, a.filing_rate, a.found, a.closed) == (1, 0, 100, 4, 1)
    assert a.rank_filing == 1 and streets[1].rank_filing == 2
    checked, wrong = mismatches(client, page.content.decode())
    assert not wrong and checked == 5 * (2 + 2)
    html = page.content.decode()
    assert "data-print" in html and "cockpit/cockpit.css" in html  # print button wired by static/js/app.js (CSP)
    export = client.get("/cockpit/league/?order=overdue&export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("类别", "单位", "在营企业")
    assert [r[1] for r in rows[1:]] == ["甲街道", "乙街道", world.dept.name, world.dept_other.name]


def test_league_is_the_offices_and_rejects_a_bad_week(world):
    assert world.client("street_a").get("/cockpit/league/").status_code == 403
    response = world.client("office").get("/cockpit/league/?week=notadate")
    assert response.status_code == 400
    assert "填报周次" in response.content.decode()


def test_ranks_share_places_on_ties_and_put_missing_rates_last():
    rows = [selectors.LeagueRow("street", i, n, enterprises=e, missing=m, overdue=o)
            for i, (n, e, m, o) in enumerate([("甲", 10, 0, 3), ("乙", 10, 0, 1), ("丙", 0, 0, 1), ("丁", 10, 5, 0)])]
    selectors._rank(rows)
    assert [(r.name, r.rank_filing) for r in rows] == [("甲", 1), ("乙", 1), ("丙", 4), ("丁", 3)]
    assert [(r.name, r.rank_overdue) for r in rows] == [("甲", 4), ("乙", 2), ("丙", 2), ("丁", 1)]


def test_office_home_leads_to_the_cockpit(world):
    office_home = world.client("office").get("/").context["cards"]
    assert office_home[0]["url"] == "/cockpit/"
    assert all(c["url"] != "/cockpit/" for c in world.client("ent_a").get("/").context["cards"])


def test_figures_helper_reads_every_figure_link():
    html = ('<a class="cockpit-figure" href="/x/?a=1&amp;b=2" data-check="count" data-value="7" title="t">7</a>'
            '<a class="cockpit-figure" href="/y/" data-check="count">3</a>')
    assert figures(html) == [("/x/?a=1&b=2", "count", "7"), ("/y/", "count", "3")]


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_sections_computed_in_threads_equal_the_sequential_ones(world, hazards, settings):
    """Outside a transaction the cockpit's sections run in COCKPIT_THREADS threads on their own
    connections: the page must be the same as when they run one after the other."""
    if connection.vendor != "postgresql":
        pytest.skip("the cockpit computes its sections in threads only on PostgreSQL")
    import threading

    from cockpit import panels

    def where():
        return threading.current_thread().name

    for role in ("office", "street_a"):
        user = world.users[role]
        settings.COCKPIT_THREADS = 1
        one = panels.cockpit(user, today=today())
        assert selectors.compute_sections(user, {"w": where}, today())["w"] == threading.current_thread().name
        settings.COCKPIT_THREADS = 3
        threaded = panels.cockpit(user, today=today())
        assert selectors.compute_sections(user, {"w": where}, today())["w"].startswith("cockpit")
        for key in ("cards", "tables", "closure", "charts"):
            assert repr(threaded[key]) == repr(one[key]), key
    settings.COCKPIT_THREADS = 3
    with pytest.raises(ZeroDivisionError):  # a section's error reaches the request, not a silent gap
        selectors.compute_sections(world.users["office"], {"ok": lambda: 1, "boom": lambda: 1 / 0}, today())
