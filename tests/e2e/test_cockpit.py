"""The cockpit and the risk map in headless Chromium: they render (charts drawn, layers loaded)
without console errors and without any request to another host, on a desktop and on a phone."""

import datetime as dt

import pytest
from django.utils import timezone

from hazards.models import Supervision
from tests.factories import PASSWORD, EnterpriseFactory
from tests.hazards.factories import HazardFactory, SelfCheckFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def square(x0, y0, size=0.05):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size],
                                                [x0, y0]]]}


@pytest.fixture
def district(world):
    world.district.boundary = square(109.75, 40.60, 0.10)
    world.district.save()
    world.street_a.boundary = square(109.75, 40.60)
    world.street_a.save()
    world.street_b.boundary = square(109.80, 40.60)
    world.street_b.save()
    today = timezone.localdate()
    levels = ["major", "high", "general", "low"]
    for i in range(120):  # enough points to cluster
        region = world.cell_a if i % 2 else world.cell_b
        e = EnterpriseFactory(region=region, industry=world.industry, lng=109.75 + (i % 12) * 0.008,
                              lat=40.60 + (i // 12) * 0.005)
        e.risk_level = levels[i % 4]
        e.save(update_fields=["risk_level"])
    major = HazardFactory(enterprise=world.ent_a, grade="major", deadline=today - dt.timedelta(days=3))
    Supervision.objects.create(hazard=major, deadline=today + dt.timedelta(days=20), listed_by=world.users["office"])
    HazardFactory(enterprise=world.ent_b)
    SelfCheckFactory(enterprise=world.ent_a)
    return world


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_office_cockpit_draws_its_charts_without_errors_or_foreign_requests(journey, district, phone):
    j = journey(f"cockpit-{'phone' if phone else 'desktop'}", phone=phone)
    j.login(district.users["office"].username, PASSWORD)
    j.goto("/cockpit/")
    j.page.wait_for_selector("#chart-trend canvas")
    assert j.page.locator("h1").first.inner_text().startswith("安委办驾驶舱")
    assert j.page.locator("#chart-deaths canvas").count() == 1
    assert j.page.locator("#chart-industries canvas").count() == 1
    assert j.page.locator("#chart-filing canvas").count() == 1
    assert j.page.locator("a.cockpit-figure").count() >= 25
    j.shot("cockpit")
    j.check()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_risk_map_loads_its_layers_offline_without_errors(journey, district, phone):
    j = journey(f"riskmap-{'phone' if phone else 'desktop'}", phone=phone)
    j.login(district.users["office"].username, PASSWORD)
    j.goto("/cockpit/map/")
    j.page.wait_for_selector("#risk-map[data-loaded=true]", timeout=20000)
    status = j.page.locator("#map-status").inner_text()
    assert "已加载企业 122 家" in status and "失败" not in status
    assert j.page.locator(".map-cluster").count() >= 1  # clustered
    assert j.page.locator(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas").count() >= 1  # outlines
    labels = j.page.locator(".leaflet-control-layers-overlays").inner_text()
    for label in ("企业·重大风险（红）", "重大隐患（未销号）（1）", "避难场所", "救援队伍", "物资储备库", "街道边界"):
        assert label in labels
    j.shot("map")
    j.check()


def test_street_officers_map_popup_links_to_the_enterprise_file(journey, district):
    j = journey("riskmap-street")
    j.login(district.users["street_a"].username, PASSWORD)
    j.goto("/cockpit/map/")
    j.page.wait_for_selector("#risk-map[data-loaded=true]", timeout=20000)
    assert "重大隐患 1 条" in j.page.locator("#map-status").inner_text()
    j.page.locator(".map-symbol", has_text="隐").first.click()
    popup = j.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert district.ent_a.name in popup.inner_text()
    assert popup.locator(f'a[href="/enterprises/{district.ent_a.pk}/"]').count() == 1
    j.shot("popup")
    j.check()
