"""Pages, imports, exports, API and the reminder job, as the users see them."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accidents.exports import ACCIDENT_IMPORT_COLUMNS, YEAR_DATA_IMPORT_COLUMNS
from accidents.models import Accident, RegionYearData
from accidents.services import accident_close, investigation_record
from accidents.tasks import remind_rectification_evaluations
from accounts.models import Notification

from .factories import report_accident


def xlsx(columns, rows) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(columns)
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "data.xlsx"
    return buf


def test_enterprise_reports_an_accident_on_the_page_and_sees_it_graded(world):
    client = world.client("ent_a")
    occurred = timezone.localtime() - dt.timedelta(minutes=20)
    response = client.post("/accidents/new/", {
        "title": "甲企业“今日”触电事故", "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"), "category": "industrial",
        "accident_type": "electric", "deaths": 0, "missing": 0, "serious_injuries": 10, "minor_injuries": 1,
        "direct_loss": "12.5", "summary": "临时用电线路漏电", "place": "二车间",
    })
    a = Accident.objects.get()
    assert response.status_code == 302 and response.url == f"/accidents/{a.pk}/"
    assert a.enterprise == world.ent_a and a.get_grade_display() == "较大事故" and not a.late_reported
    assert "较大事故" in client.get(response.url).content.decode()


def test_report_form_names_the_bad_field(world):
    response = world.client("office").post("/accidents/new/", {
        "title": "x", "occurred_at": "不是时间", "category": "industrial", "accident_type": "fall", "deaths": -1,
        "missing": 0, "serious_injuries": 0, "minor_injuries": 0, "direct_loss": 0, "summary": "s",
    })
    page = response.content.decode()
    assert response.status_code == 200 and "发生时间：" in page and "死亡人数：" in page and "事发地（属地）：" in page
    assert not Accident.objects.exists()


def test_accident_list_and_export_are_scoped(world):
    report_accident(world, enterprise="ent_a", title="甲的事故")
    report_accident(world, enterprise="ent_b", title="乙的事故")
    page = world.client("street_a").get("/accidents/").content.decode()
    assert "甲的事故" in page and "乙的事故" not in page
    export = world.client("ent_b").get("/accidents/?export=xlsx")
    ws = load_workbook(BytesIO(export.content)).active
    assert ws["A1"].value == "事故名称" and ws["N1"].value == "事故等级"
    assert [c.value for c in ws["A"]][1:] == ["乙的事故"]


def test_office_revises_casualties_on_the_page_and_errors_name_the_field(world):
    a = report_accident(world, deaths=2, days_ago=3)
    client = world.client("office")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    bad = client.post(f"/accidents/{a.pk}/revise/", {"deaths": 3, "missing": 0, "serious_injuries": 0,
                                                      "minor_injuries": 0, "direct_loss": "10", "at": now, "reason": ""})
    assert bad.status_code == 400 and "补报原因：" in bad.content.decode()
    ok = client.post(f"/accidents/{a.pk}/revise/", {"deaths": 3, "missing": 0, "serious_injuries": 0,
                                                     "minor_injuries": 0, "direct_loss": "10", "at": now,
                                                     "reason": "伤者死亡"})
    assert ok.status_code == 302
    a.refresh_from_db()
    assert a.get_grade_display() == "较大事故"
    assert "一般事故 → 较大事故" in client.get(f"/accidents/{a.pk}/").content.decode()


def test_actions_are_404_out_of_scope_and_403_for_non_office(world):
    a = report_accident(world, enterprise="ent_a")
    data = {"irregularity": "concealed", "irregularity_note": "瞒报"}
    assert world.client("ent_b").post(f"/accidents/{a.pk}/irregularity/", data).status_code == 404
    assert world.client("ent_a").post(f"/accidents/{a.pk}/irregularity/", data).status_code == 403
    assert world.client("office").post(f"/accidents/{a.pk}/irregularity/", data).status_code == 302
    pdf = BytesIO(b"%PDF-1.4\n%%EOF\n")
    pdf.name = "整改报告.pdf"
    r = world.client("ent_a").post(f"/accidents/{a.pk}/attachments/", {"kind": "rectification", "title": "", "file": pdf})
    assert r.status_code == 302 and a.attachments.count() == 1
    att = a.attachments.get()
    assert world.client("ent_a").get(f"/accidents/attachments/{att.pk}/").status_code == 200
    assert world.client("ent_b").get(f"/accidents/attachments/{att.pk}/").status_code == 404


def test_historical_ledger_import_is_all_or_nothing_with_row_errors(world):
    client = world.client("office")
    good = ["历史事故一", "2019-06-12 09:30", world.cell_a.code, world.ent_a.uscc, "C33", "工矿商贸", "否", "机械伤害",
            1, 0, 0, 0, 85.5, "车间", "设备误启动", "2019-09-30"]
    bad = ["历史事故二", "2019-13-40", "NOPE", "", "", "飞行", "否", "机械伤害", "x", 0, 0, 0, -1, "", "", ""]
    r = client.post("/accidents/import/", {"file": xlsx(ACCIDENT_IMPORT_COLUMNS, [good, bad])})
    page = r.content.decode()
    assert "第 3 行" in page and "发生时间" in page and "区划代码" in page and "统计类别" in page and "死亡人数" in page
    assert not Accident.objects.exists()
    r = client.post("/accidents/import/", {"file": xlsx(ACCIDENT_IMPORT_COLUMNS, [good])})
    assert "确认导入 1 行" in r.content.decode() and not Accident.objects.exists()
    token = client.session["accidents-import-ledger"]
    r = client.post("/accidents/import/", {"commit": "1", "token": token})
    assert r.status_code == 302
    a = Accident.objects.get()
    assert a.imported and a.status == "closed" and a.year == 2019 and a.enterprise == world.ent_a
    assert a.closed_on == dt.date(2019, 9, 30) and a.evaluation_due is None
    again = client.post("/accidents/import/", {"file": xlsx(ACCIDENT_IMPORT_COLUMNS, [good])})
    assert "请勿重复导入" in again.content.decode()


def test_import_template_has_chinese_headers(world):
    r = world.client("office").get("/accidents/import/template/")
    ws = load_workbook(BytesIO(r.content)).active
    assert [c.value for c in ws[1]] == ACCIDENT_IMPORT_COLUMNS


def test_reference_data_import_and_form(world):
    client = world.client("office")
    rows = [[world.district.code, 2024, 300.5, 500000, 90000, 120000, "", "公报"],
            [world.street_a.code, 2024, "", "", "", "", "", ""]]
    r = client.post("/accidents/reference-data/import/", {"file": xlsx(YEAR_DATA_IMPORT_COLUMNS, rows)})
    assert "确认导入 2 行" in r.content.decode()
    client.post("/accidents/reference-data/import/", {"commit": "1", "token": client.session["accidents-import-yeardata"]})
    row = RegionYearData.objects.get(region=world.district, year=2024)
    assert row.gdp == Decimal("300.5") and row.coal_output is None
    r = client.post("/accidents/reference-data/new/", {"region": world.district.pk, "year": 2024, "gdp": "-3"})
    assert "地区生产总值（亿元）：" in r.content.decode()
    r = client.post("/accidents/reference-data/new/", {"region": world.district.pk, "year": 2024, "gdp": "310"})
    assert r.status_code == 302 and RegionYearData.objects.get(region=world.district, year=2024).gdp == 310


def test_indicator_and_statistics_exports_have_chinese_headers(world):
    report_accident(world, deaths=1, occurred_at=dt.datetime(2025, 6, 1, 2, 0, tzinfo=dt.UTC))
    client = world.client("office")
    ws = load_workbook(BytesIO(client.get("/accidents/indicators/?from_year=2024&to_year=2025&export=xlsx").content)).active
    assert [c.value for c in ws[1]] == ["指标", "2024年", "2025年"]
    assert [c.value for c in ws[3]] == ["生产安全事故死亡人数（人）", 0, 1]
    r = client.get("/accidents/statistics/?from_year=2025&to_year=2025&dimension=category&export=xlsx")
    ws = load_workbook(BytesIO(r.content)).active
    assert ws["A1"].value == "分组" and ws["B1"].value == "2025年起数"
    page = client.get("/accidents/statistics/?from_year=2025&to_year=2025&dimension=type").content.decode()
    assert "vendor/echarts/echarts.min.js" in page and "cdn" not in page.lower()


def test_api_lists_scoped_accidents_and_creates_through_the_service(world):
    report_accident(world, enterprise="ent_b", title="乙的事故")
    client = world.client("ent_a")
    assert client.get("/api/v1/accidents/").json()["count"] == 0
    occurred = (timezone.now() - dt.timedelta(hours=3)).isoformat()
    r = client.post("/api/v1/accidents/", {"title": "API 首报", "occurred_at": occurred, "category": "industrial",
                                           "accident_type": "fall", "deaths": 3}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["grade_display"] == "较大事故" and body["late_reported"] is True
    assert body["enterprise"] == world.ent_a.pk
    r = client.post("/api/v1/accidents/", {"title": "冒名", "occurred_at": occurred, "category": "industrial",
                                           "accident_type": "fall", "enterprise": world.ent_b.pk},
                    content_type="application/json")
    assert r.status_code == 400
    assert world.client("grid_a").post("/api/v1/accidents/", {}, content_type="application/json").status_code == 403


def test_api_indicators(world):
    report_accident(world, deaths=2, occurred_at=dt.datetime(2025, 6, 1, 2, 0, tzinfo=dt.UTC))
    RegionYearData.objects.create(region=world.district, year=2025, gdp=Decimal("200"))
    r = world.client("office").get(f"/api/v1/accident-indicators/?region={world.district.pk}&from_year=2025&to_year=2025")
    item = r.json()[0]
    assert item["deaths"] == 2 and Decimal(item["gdp_rate"]) == Decimal("0.01")
    assert world.client("street_b").get(f"/api/v1/accident-indicators/?region={world.street_a.pk}").status_code == 404


def test_evaluation_reminder_runs_twice_notifies_once(world):
    office = world.users["office"]
    a = report_accident(world, days_ago=400)
    investigation_record(accident=a, by=office, cause="c", investigation_report="r", responsibility="p", measures="m")
    closed_on = timezone.localdate() - dt.timedelta(days=350)
    accident_close(accident=a, by=office, closed_on=closed_on)
    assert remind_rectification_evaluations.delay().get() == 2  # office + enterprise user of A
    assert remind_rectification_evaluations.delay().get() == 0
    assert Notification.objects.filter(recipient=office, title__contains="即将到期").count() == 1
    later = (a.evaluation_due + dt.timedelta(days=1)).isoformat()
    assert remind_rectification_evaluations(today=later) == 2
    assert Notification.objects.filter(recipient=world.users["ent_a"], title__contains="已逾期").count() == 1
    assert not Notification.objects.filter(recipient=world.users["ent_b"]).exists()


def test_home_shows_this_years_accidents_in_scope(world):
    report_accident(world, enterprise="ent_a", deaths=1, days_ago=0.01, report_after_minutes=5)
    page = world.client("street_a").get("/").content.decode()
    assert f"{timezone.localdate().year}年生产安全事故" in page and "1起 / 1人" in page
    assert "1起 / 1人" not in world.client("street_b").get("/").content.decode()
