from decimal import Decimal

from accounts.models import AuditLog
from enterprises.models import Enterprise
from enterprises.services import licence_save, major_hazard_source_save, risk_point_save
from tests.factories import valid_uscc


def _payload(world, **overrides):
    data = {
        "name": "接口企业有限公司", "uscc": valid_uscc(321), "region": world.cell_a.pk, "industry": world.industry.pk,
        "address": "接口路1号", "legal_rep": "钱七",
    }
    data.update(overrides)
    return data


def test_office_creates_through_the_service_with_history(world):
    response = world.client("office").post("/api/v1/enterprises/", _payload(world), content_type="application/json")
    assert response.status_code == 201, response.content
    created = Enterprise.objects.get(uscc=valid_uscc(321))
    assert response.json()["departments"] == [world.dept.pk]
    assert AuditLog.objects.filter(action="企业建档", object_id=str(created.pk)).exists()


def test_street_officer_cannot_create_outside_its_street(world):
    response = world.client("street_a").post(
        "/api/v1/enterprises/", _payload(world, region=world.cell_b.pk), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["region"][0].startswith("属地（网格）：")


def test_grid_officer_and_enterprise_user_cannot_create(world):
    for role in ("grid_a", "ent_a", "expert"):
        response = world.client(role).post("/api/v1/enterprises/", _payload(world), content_type="application/json")
        assert response.status_code == 403, role


def test_enterprise_user_patches_basic_info_but_not_the_name(world):
    client = world.client("ent_a")
    url = f"/api/v1/enterprises/{world.ent_a.pk}/"
    ok = client.patch(url, {"safety_director": "周明"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["safety_director"] == "周明"
    refused = client.patch(url, {"name": "改名"}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["name"] == ["企业名称：企业用户只能修改本企业基本信息"]
    # Re-sending the whole file unchanged apart from a basic field is fine.
    whole = client.get(url).json()
    whole["address"] = "整改后地址"
    assert client.put(url, whole, content_type="application/json").status_code == 200
    world.ent_a.refresh_from_db()
    assert world.ent_a.address == "整改后地址" and world.ent_a.name == "甲企业有限公司"


def test_update_records_history(world):
    url = f"/api/v1/enterprises/{world.ent_a.pk}/"
    world.client("dept").patch(url, {"employees": 300, "flag_dust": True}, content_type="application/json")
    log = AuditLog.objects.get(action="企业信息变更")
    assert log.changes == {"employees": [0, 300], "flag_dust": [False, True]}


def test_nested_reads(world):
    risk_point_save(enterprise=world.ent_a, by=None, name="配电室", likelihood=3, exposure=6, consequence=7)
    licence_save(enterprise=world.ent_a, by=None, kind="安全生产许可证", number="X-1")
    major_hazard_source_save(
        enterprise=world.ent_a, by=None, name="罐区", alpha=Decimal(1),
        substances=[{"name": "液氯", "beta": Decimal(4), "quantity": Decimal(25), "critical": Decimal(5)}],
    )
    client = world.client("grid_a")
    base = f"/api/v1/enterprises/{world.ent_a.pk}"
    points = client.get(f"{base}/risk-points/").json()
    assert points[0]["d_value"] == "126.00" and points[0]["level"] == "general" and points[0]["colour"] == "#f5c400"
    assert client.get(f"{base}/licences/").json()[0]["number"] == "X-1"
    source = client.get(f"{base}/hazard-sources/").json()[0]
    assert source["r_value"] == "20.000" and source["grade"] == 3 and source["substances"][0]["name"] == "液氯"


def test_api_list_filters_with_the_same_filterset(world):
    world.ent_b.flag_crowded = True
    world.ent_b.save()
    data = world.client("office").get("/api/v1/enterprises/?flag=flag_crowded").json()
    assert [e["id"] for e in data["results"]] == [world.ent_b.pk]
    assert data["results"][0]["key_flags"] == ["人员密集场所"]


def test_department_cannot_hand_an_enterprise_away_through_the_api(world):
    response = world.client("dept").patch(
        f"/api/v1/enterprises/{world.ent_a.pk}/", {"departments": [world.dept_other.pk]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["departments"] == ["行业监管部门：须包含本部门，否则保存后您将无法查看该企业"]
    assert list(world.ent_a.departments.all()) == [world.dept]
