"""Supplies (low-stock and expiry warnings for the depot's owner), teams, shelters, GeoJSON layers."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from emergency import services
from emergency.choices import OwnerKind
from emergency.models import SupplyItem
from emergency.selectors import supply_warning_items
from tests.emergency.factories import DepotFactory, ExpertFactory, ShelterFactory, SupplyFactory, TeamFactory


@pytest.fixture
def depot_items(world):
    today = timezone.localdate()
    depot = DepotFactory(enterprise=world.ent_a)
    items = {
        "ok": SupplyFactory(depot=depot, name="消防水带", quantity=30, min_stock=10, expiry=today + dt.timedelta(days=365)),
        "low": SupplyFactory(depot=depot, name="正压式空气呼吸器", quantity=2, min_stock=4),
        "expiring": SupplyFactory(depot=depot, name="急救药品箱", quantity=10, min_stock=5, expiry=today + dt.timedelta(days=30)),
        "expired": SupplyFactory(depot=depot, name="应急食品", quantity=100, min_stock=50, expiry=today - dt.timedelta(days=3)),
        "later": SupplyFactory(depot=depot, name="防化服", quantity=10, min_stock=5, expiry=today + dt.timedelta(days=31)),
    }
    return depot, items


def test_supplies_below_minimum_or_expiring_within_30_days_are_listed_for_the_depot_owner(world, depot_items):
    _, items = depot_items
    names = set(supply_warning_items(world.users["ent_a"], today=timezone.localdate()).values_list("name", flat=True))
    assert names == {"正压式空气呼吸器", "急救药品箱", "应急食品"}


def test_other_enterprises_do_not_see_the_warnings(world, depot_items):
    assert not supply_warning_items(world.users["ent_b"], today=timezone.localdate()).exists()
    assert supply_warning_items(world.users["dept"], today=timezone.localdate()).count() == 3
    assert not supply_warning_items(world.users["dept_other"], today=timezone.localdate()).exists()


def test_supply_warning_page_and_export(world, depot_items):
    c = world.client("ent_a")
    page = c.get("/emergency/supplies/?warning=any").content.decode()
    assert "低于最低库存" in page and "30天后到期" in page and "已过期" in page and "消防水带" not in page
    response = c.get("/emergency/supplies/?warning=low&export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "物资名称" and [r[0] for r in rows[1:]] == ["正压式空气呼吸器"]


def test_home_card_counts_supply_warnings(world, depot_items):
    page = world.client("ent_a").get("/").content.decode()
    assert "应急物资预警" in page


def test_supply_quantity_cannot_be_negative(world, depot_items):
    depot, _ = depot_items
    with pytest.raises(ValidationError) as exc:
        services.supply_save(depot=depot, by=world.users["ent_a"], name="沙袋", category="flood",
                             quantity=Decimal("-1"), unit="袋", min_stock=0)
    assert "quantity" in exc.value.message_dict


def test_only_the_owner_maintains_a_depot(world, depot_items):
    depot, _ = depot_items
    response = world.client("dept").post(f"/emergency/depots/{depot.pk}/items/new/", {
        "name": "沙袋", "category": "flood", "quantity": "10", "unit": "袋", "min_stock": "0"})
    assert response.status_code == 403
    response = world.client("ent_a").post(f"/emergency/depots/{depot.pk}/items/new/", {
        "name": "沙袋", "category": "flood", "quantity": "10", "unit": "袋", "min_stock": "0"})
    assert response.status_code == 302 and SupplyItem.objects.filter(name="沙袋", depot=depot).exists()


def test_team_member_certificate_expiry_is_flagged(world):
    team = TeamFactory(enterprise=world.ent_a)
    services.member_save(team=team, by=world.users["ent_a"], name="王强", phone="139", skills="破拆",
                         certificate="应急救援员", certificate_expiry=timezone.localdate() - dt.timedelta(days=1))
    page = world.client("ent_a").get(f"/emergency/teams/{team.pk}/").content.decode()
    assert "王强" in page and "已过期" in page


def test_street_registers_a_team_for_its_own_street(world):
    team = services.team_create(by=world.users["street_a"], owner_kind=OwnerKind.DEPARTMENT,
                                department=world.dept, name="甲街道应急分队", kind="volunteer", leader="李", phone="1")
    assert (team.owner_kind, team.region) == (OwnerKind.GOVERNMENT, world.street_a)
    assert world.client("street_b").get(f"/emergency/teams/{team.pk}/").status_code == 404


def test_geojson_layers_are_feature_collections_scoped_to_the_user(world):
    TeamFactory(enterprise=world.ent_a, name="甲企业消防队")
    TeamFactory(enterprise=world.ent_b, name="乙企业消防队")
    TeamFactory(enterprise=world.ent_b, name="无坐标队", lng=None, lat=None)
    data = world.client("ent_a").get("/api/v1/emergency/geo/teams/").json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in data["features"]] == ["甲企业消防队"]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [109.8, 40.65]}
    office = world.client("office").get("/api/v1/emergency/geo/teams/").json()
    assert {f["properties"]["name"] for f in office["features"]} == {"甲企业消防队", "乙企业消防队"}


def test_shelter_and_depot_layers(world):
    ShelterFactory(region=world.street_a, name="甲街道体育场避难场所", capacity=8000)
    DepotFactory(enterprise=world.ent_a, name="甲企业物资库")
    shelters = world.client("ent_b").get("/api/v1/emergency/geo/shelters/").json()
    assert shelters["features"][0]["properties"]["capacity"] == 8000  # shelters are public information
    assert world.client("ent_b").get("/api/v1/emergency/geo/depots/").json()["features"] == []
    assert len(world.client("dept").get("/api/v1/emergency/geo/depots/").json()["features"]) == 1


def test_expert_directory_is_for_staff_only(world):
    ExpertFactory(name="周工")
    assert world.client("ent_a").get("/api/v1/emergency/experts/").json()["count"] == 0
    assert world.client("grid_a").get("/api/v1/emergency/experts/").json()["count"] == 1
    assert world.client("ent_a").get("/emergency/experts/").status_code == 403


def test_street_maintains_shelters_of_its_own_street_only(world):
    shelter = ShelterFactory(region=world.street_b)
    response = world.client("street_a").post(f"/emergency/shelters/{shelter.pk}/", {"name": "x"})
    assert response.status_code == 403
    response = world.client("street_a").post("/emergency/shelters/new/", {
        "name": "甲街道广场", "kind": "outdoor", "address": "广场路", "capacity": "3000", "area_m2": "6000"})
    assert response.status_code == 302
    from emergency.models import Shelter

    assert Shelter.objects.get(name="甲街道广场").region == world.street_a
