import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hazards import services
from hazards.choices import HazardGrade, HazardSource, HazardStatus
from hazards.models import Hazard, SelfCheck
from hazards.rules import week_start_of

from .factories import CheckItemFactory, HazardFactory, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def hazards(world):
    a = HazardFactory(enterprise=world.ent_a, description="甲企业配电箱隐患")
    b = HazardFactory(enterprise=world.ent_b, description="乙企业消防通道堵塞")
    return a, b


def ledger_descriptions(client, query=""):
    response = client.get(reverse("hazards:ledger") + query)
    assert response.status_code == 200
    return {h.description for h in response.context["object_list"]}


def test_enterprise_sees_only_its_own_hazards_and_grid_officer_those_of_its_cells(world, hazards):
    assert ledger_descriptions(world.client("ent_a")) == {"甲企业配电箱隐患"}
    assert ledger_descriptions(world.client("ent_b")) == {"乙企业消防通道堵塞"}
    assert ledger_descriptions(world.client("grid_a")) == {"甲企业配电箱隐患"}
    assert ledger_descriptions(world.client("street_b")) == {"乙企业消防通道堵塞"}
    assert ledger_descriptions(world.client("dept")) == {"甲企业配电箱隐患"}
    assert ledger_descriptions(world.client("office")) == {"甲企业配电箱隐患", "乙企业消防通道堵塞"}
    assert world.client("ent_a").get(reverse("hazards:detail", kwargs={"pk": hazards[1].pk})).status_code == 404
    assert world.client("grid_a").get(f"/api/v1/hazards/{hazards[1].pk}/").status_code == 404


def test_ledger_filters_overdue_grade_and_export(world, hazards):
    late = HazardFactory(enterprise=world.ent_a, description="逾期隐患", grade=HazardGrade.MAJOR,
                         deadline=timezone.localdate() - dt.timedelta(days=3))
    client = world.client("office")
    assert ledger_descriptions(client, "?overdue=true") == {late.description}
    assert ledger_descriptions(client, "?grade=major") == {late.description}
    assert ledger_descriptions(client, f"?region={world.street_b.pk}") == {"乙企业消防通道堵塞"}
    assert ledger_descriptions(client, f"?department={world.dept.pk}") == {"甲企业配电箱隐患", "逾期隐患"}
    response = client.get(reverse("hazards:ledger") + "?overdue=true&export=xlsx")
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "隐患编号" and len(rows) == 2 and rows[1][7] == "逾期隐患"


def test_grid_officer_reports_a_hazard_with_photos_from_the_page(world):
    client = world.client("grid_a")
    response = client.post(reverse("hazards:report"), {
        "enterprise": world.ent_a.pk, "source": HazardSource.GRID, "grade": HazardGrade.GENERAL,
        "description": "灭火器过期", "deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "photos": [photo("a.jpg"), photo("b.jpg")],
    })
    h = Hazard.objects.get(description="灭火器过期")
    assert response.status_code == 302 and h.photos.count() == 2
    assert client.get(reverse("hazards:photo", kwargs={"pk": h.photos.first().pk})).status_code == 200
    assert world.client("ent_b").get(reverse("hazards:photo", kwargs={"pk": h.photos.first().pk})).status_code == 404


def test_report_form_names_the_bad_field(world):
    response = world.client("grid_a").post(reverse("hazards:report"), {
        "enterprise": world.ent_a.pk, "source": HazardSource.GRID, "grade": HazardGrade.GENERAL,
        "description": "x", "deadline": "2000-01-01", "photos": [photo("fake.jpg")],
    })
    assert response.status_code == 400
    text = response.content.decode()
    assert "整改期限不能早于今天" in text
    # nothing typed is lost: the chosen enterprise is still selected (the select is rendered by FastSelect)
    assert f'<option value="{world.ent_a.pk}" selected>' in text
    assert world.ent_b.name not in text  # and only enterprises in scope are offered


def test_start_major_hazard_from_the_page_shows_missing_plan_fields(world):
    h = HazardFactory(enterprise=world.ent_a, grade=HazardGrade.MAJOR)
    client = world.client("ent_a")
    response = client.post(reverse("hazards:start", kwargs={"pk": h.pk}), follow=True)
    text = response.content.decode()
    assert "责任、措施、资金、时限、预案" in text
    h.refresh_from_db()
    assert h.status == HazardStatus.REPORTED
    detail = client.get(reverse("hazards:detail", kwargs={"pk": h.pk})).content.decode()
    assert "开始整改</strong>" not in detail.split("处理记录")[1]


def test_enterprise_files_this_week_on_the_page_and_second_submit_is_refused(world):
    item = CheckItemFactory(template__industry=world.industry, description="防爆电气是否完好")
    client = world.client("ent_a")
    page = client.get(reverse("hazards:selfcheck_week"))
    assert page.status_code == 200 and "防爆电气是否完好" in page.content.decode()
    response = client.post(reverse("hazards:selfcheck_week"), {
        f"r_{item.pk}": "fail", f"p_{item.pk}": "电工 赵六", f"d_{item.pk}": "配电柜门未关闭",
        f"dl_{item.pk}": (timezone.localdate() + dt.timedelta(days=3)).isoformat(), f"f_{item.pk}": photo(),
    })
    assert response.status_code == 302
    sc = SelfCheck.objects.get(enterprise=world.ent_a)
    assert sc.week_start == week_start_of(timezone.localdate()) and sc.hazards_found == 1
    assert Hazard.objects.get(self_check=sc).photos.count() == 1
    again = client.post(reverse("hazards:selfcheck_week"), {"zero_report": "on"})
    assert again.status_code == 400 and "不能重复提交" in again.content.decode()


def test_filing_board_counts_and_exports_non_filers(world):
    week = week_start_of(timezone.localdate())
    services.selfcheck_submit(enterprise=world.ent_a, by=world.users["ent_a"], week_start=week, zero_report=True)
    client = world.client("office")
    response = client.get(reverse("hazards:filing_board"))
    assert response.context["counts"]["missing"] == 1 and response.context["counts"]["zero"] == 1
    export = client.get(reverse("hazards:filing_board") + "?export=xlsx")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == [world.ent_b.name]
    grid = world.client("grid_a").get(reverse("hazards:filing_board"))
    assert grid.context["counts"]["total"] == 1  # only the enterprise of its cell


def test_statistics_page_and_export(world, hazards):
    Hazard.objects.filter(pk=hazards[0].pk).update(status=HazardStatus.CLOSED, closed_at=timezone.now())
    today = timezone.localdate()
    client = world.client("office")
    response = client.get(reverse("hazards:statistics") + f"?year={today.year}")
    total = response.context["total"]
    assert total.found == 2 and total.closed == 1 and total.rate == 50
    by_industry = client.get(reverse("hazards:statistics") + f"?year={today.year}&by=industry")
    assert {r.name for r in by_industry.context["rows"]} == {"金属制品业", "住宿和餐饮业"}
    export = client.get(reverse("hazards:statistics") + f"?year={today.year}&export=xlsx")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][1] == 2
    street = world.client("street_a").get(reverse("hazards:statistics") + f"?year={today.year}")
    assert street.context["total"].found == 1


def test_api_lifecycle_and_errors(world):
    client = world.client("grid_a")
    deadline = (timezone.localdate() + dt.timedelta(days=4)).isoformat()
    created = client.post("/api/v1/hazards/", {"enterprise": world.ent_a.pk, "source": "grid", "grade": "major",
                                                 "description": "液氨管道腐蚀", "deadline": deadline})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    ent = world.client("ent_a")
    refused = ent.post(f"/api/v1/hazards/{pk}/start/", {}, content_type="application/json")
    assert refused.status_code == 400 and "资金" in str(refused.json())
    assert world.client("ent_b").post(f"/api/v1/hazards/{pk}/start/", {}).status_code == 404
    plan = {"responsibility": "厂长", "measures": "更换管道", "funds": "20", "deadline": deadline, "emergency": "疏散预案"}
    assert ent.post(f"/api/v1/hazards/{pk}/plan/", plan, content_type="application/json").status_code == 200
    assert ent.post(f"/api/v1/hazards/{pk}/start/", {}, content_type="application/json").json()["status"] == "rectifying"
    sub = ent.post(f"/api/v1/hazards/{pk}/submit/", {"note": "已更换", "photos": [photo()]})
    assert sub.status_code == 200, sub.content
    assert ent.post(f"/api/v1/hazards/{pk}/verify/", {"passed": True}, content_type="application/json").status_code == 403
    # a major hazard: the grid officer who found it cannot close it; the supervising department reviews (issue 18)
    assert client.post(f"/api/v1/hazards/{pk}/verify/", {"passed": True}, content_type="application/json").status_code == 403
    done = world.client("dept").post(f"/api/v1/hazards/{pk}/verify/", {"passed": True}, content_type="application/json")
    assert done.json()["status"] == "closed" and len(done.json()["transitions"]) >= 4
    outside = world.client("grid_a").post("/api/v1/hazards/", {"enterprise": world.ent_b.pk, "source": "grid",
                                                                 "description": "x", "deadline": deadline})
    assert outside.status_code == 400  # enterprise B is not a valid choice for grid A


def test_api_self_check_submit_and_duplicate(world):
    client = world.client("ent_a")
    week = week_start_of(timezone.localdate()).isoformat()
    first = client.post("/api/v1/self-checks/", {"week_start": week, "zero_report": True}, content_type="application/json")
    assert first.status_code == 201 and first.json()["is_zero"]
    second = client.post("/api/v1/self-checks/", {"week_start": week, "zero_report": True}, content_type="application/json")
    assert second.status_code == 400 and "不能重复提交" in str(second.json())
    assert world.client("grid_a").post("/api/v1/self-checks/", {"week_start": week}).status_code == 403
    assert [r["enterprise"] for r in world.client("street_b").get("/api/v1/self-checks/").json()["results"]] == []


def test_office_maintains_templates_and_others_cannot(world):
    client = world.client("office")
    response = client.post(reverse("hazards:template_create"), {"name": "有限空间作业检查表", "key_flag": "flag_confined",
                                                                 "is_active": "on"})
    assert response.status_code == 302
    from hazards.models import CheckTemplate
    t = CheckTemplate.objects.get(name="有限空间作业检查表")
    client.post(reverse("hazards:template_detail", kwargs={"pk": t.pk}),
                {"description": "作业前是否检测氧含量", "basis": "GB 30871-2022", "major_by_definition": "on"})
    assert t.items.get().major_by_definition
    denied = world.client("dept").post(reverse("hazards:template_detail", kwargs={"pk": t.pk}), {"description": "x"})
    assert denied.status_code == 403
    both = client.post(reverse("hazards:template_create"), {"name": "x", "industry": world.industry.pk,
                                                             "key_flag": "flag_dust"})
    assert both.status_code == 400 and "二选一" in both.content.decode()


def test_home_cards_show_open_overdue_and_weekly_filing(world, hazards):
    response = world.client("ent_a").get(reverse("home"))
    titles = {c["title"]: c["value"] for c in response.context["cards"]}
    assert titles["未销号隐患"] == 1
    assert any(t.startswith("本周自查") and v == "未填报" for t, v in titles.items())
    office = {c["title"]: c["value"] for c in world.client("office").get(reverse("home")).context["cards"]}
    assert office["未销号隐患"] == 2
