"""Pages, the 组织部 export, evidence upload and the API, as the users who use them."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from assessment import services
from assessment.choices import SchemeStatus
from assessment.models import AssessedUnit, Evidence, Score

from .helpers import add_hazards, make_street
from .test_flow import run_to_objection


@pytest.fixture
def published(world):
    streets = {}
    for key, insured, uninsured in (("s1", 4, 0), ("s2", 3, 1), ("s3", 4, 0)):
        streets[key] = make_street(world, f"{key}街道", insured=insured, uninsured=uninsured)
    add_hazards(streets["s1"][1][0], closed_on_time=10)
    add_hazards(streets["s2"][1][0], closed_on_time=8, open_late=2)
    add_hazards(streets["s3"][1][0], closed_on_time=9, open_major=1)
    scheme, ind, u1, u2, u3 = run_to_objection(world, streets)
    services.scheme_publish_results(scheme=scheme, by=world.users["office"])
    return scheme, ind, streets, (u1, u2, u3)


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_results_export_has_chinese_headers_and_the_page_numbers(world, published):
    scheme, ind, streets, units = published
    office = login(world.users["office"])
    page = office.get(reverse("assessment:results", args=[scheme.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    response = office.get(reverse("assessment:results", args=[scheme.pk]), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    assert "考核结果汇总表" in ws["A1"].value
    headers = [c.value for c in ws[2]]
    assert headers == ["序号", "单位类别", "被考核单位", "基础工作", "隐患治理", "总分", "考核等次", "同类排名", "一票否决原因"]
    rows = {r[2]: r for r in ws.iter_rows(min_row=3, max_row=5, values_only=True)}
    assert rows["s1街道"][3:8] == (68.0, 30.0, 98.0, "优秀", 1)
    assert rows["s2街道"][5:8] == (61.0, "合格", 2)
    assert rows["s3街道"][6:8] == ("不合格", 3) and "重大隐患未销号" in rows["s3街道"][8]
    for unit in AssessedUnit.objects.filter(scheme=scheme):
        assert f"{unit.total}" in html


def test_street_sees_only_its_own_unit_and_result(world, published):
    scheme, ind, streets, (u1, u2, u3) = published
    s1 = login(streets["s1"][2])
    assert s1.get(reverse("assessment:unit_detail", args=[u1.pk])).status_code == 200
    assert s1.get(reverse("assessment:unit_detail", args=[u2.pk])).status_code == 404
    results = s1.get(reverse("assessment:results", args=[scheme.pk])).content.decode()
    assert "s1街道" in results and "s2街道" not in results
    listing = s1.get(reverse("assessment:unit_list")).content.decode()
    assert "s1街道" in listing and "s3街道" not in listing
    assert s1.get(reverse("assessment:drilldown", args=[Score.objects.get(unit=u2, indicator=ind["insurance"]).pk])
                  ).status_code == 404
    api = s1.get(reverse("assessment-unit-list")).json()
    assert [u["name"] for u in api["results"]] == ["s1街道"]


def test_expert_sees_only_assigned_units(world, published):
    scheme, ind, streets, (u1, u2, u3) = published
    expert = login(world.users["expert"])
    assert expert.get(reverse("assessment:unit_detail", args=[u1.pk])).status_code == 200
    assert expert.get(reverse("assessment:unit_detail", args=[u2.pk])).status_code == 404


def test_drilldown_lists_the_records_behind_the_number(world, published):
    scheme, ind, streets, (u1, u2, u3) = published
    score = Score.objects.get(unit=u2, indicator=ind["insurance"])
    page = login(streets["s2"][2]).get(reverse("assessment:drilldown", args=[score.pk]))
    uninsured = [e for e in streets["s2"][1] if not e.insurance_policy_no][0]
    body = page.content.decode()
    assert uninsured.name in body and "冻结" in body
    insured = [e for e in streets["s2"][1] if e.insurance_policy_no][0]
    assert insured.name not in body


def test_unit_uploads_evidence_checked_by_content(world):
    office = world.users["office"]
    from .helpers import add_streets, build_scheme

    street, ents, officer = make_street(world, "上传街道", insured=1, uninsured=0)
    scheme, ind = build_scheme(office)
    unit = add_streets(scheme, office, [street])[street.pk]
    services.scheme_publish(scheme=scheme, by=office)
    c = login(officer)
    url = reverse("assessment:evidence_upload", args=[unit.pk])
    bad = c.post(url, {"title": "假PDF", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")}, follow=True)
    assert "文件（图片、PDF、Word/Excel）" in bad.content.decode() and not Evidence.objects.exists()
    ok = c.post(url, {"title": "责任清单", "indicator": ind["duty"].pk,
                      "file": SimpleUploadedFile("list.pdf", b"%PDF-1.4 list")})
    assert ok.status_code == 302
    ev = Evidence.objects.get()
    assert ev.indicator == ind["duty"] and ev.uploaded_by == officer
    assert c.get(reverse("assessment:evidence_download", args=[ev.pk])).status_code == 200
    other = login(world.users["street_b"])
    assert other.get(reverse("assessment:evidence_download", args=[ev.pk])).status_code == 404


def test_self_assessment_and_review_through_pages_and_api(world):
    office = world.users["office"]
    from .helpers import add_streets, build_scheme

    street, ents, officer = make_street(world, "接口街道", insured=1, uninsured=0)
    scheme, ind = build_scheme(office)
    unit = add_streets(scheme, office, [street])[street.pk]
    services.unit_set_reviewers(unit=unit, by=office, reviewers=[world.users["expert"]])
    services.scheme_publish(scheme=scheme, by=office)
    score = Score.objects.get(unit=unit, indicator=ind["duty"])
    c = login(officer)
    page = c.post(reverse("assessment:self_assess", args=[score.pk]), {"self_points": "99"}, follow=True)
    assert "自评分" in page.content.decode()  # names the field in the error
    r = c.post(reverse("assessment-score-self-assess", args=[score.pk]), {"self_points": "26", "self_comment": "落实"})
    assert r.status_code == 200 and r.json()["self_points"] == "26.00"
    services.scheme_start_review(scheme=scheme, by=office)
    expert = login(world.users["expert"])
    bad = expert.post(reverse("assessment-score-review", args=[score.pk]), {"points": "31"})
    assert bad.status_code == 400 and "points" in bad.json()
    r = expert.post(reverse("assessment-score-review", args=[score.pk]), {"points": "24", "comment": "良"})
    assert r.status_code == 200 and r.json()["points"] == "24.00"
    assert c.post(reverse("assessment-score-review", args=[score.pk]), {"points": "30"}).status_code == 403


def test_office_runs_the_flow_from_the_scheme_page(world):
    office_user = world.users["office"]
    c = login(office_user)
    r = c.post(reverse("assessment:scheme_create"), {"year": "2026", "name": "街道考核", "excellent_min": "90",
                                                     "good_min": "95", "pass_min": "60"})
    assert "良好线" in r.content.decode()  # thresholds out of order are named
    r = c.post(reverse("assessment:scheme_create"), {"year": "2026", "name": "街道考核", "excellent_min": "90",
                                                     "good_min": "80", "pass_min": "60"})
    scheme = services.Scheme.objects.get(name="街道考核")
    assert r.status_code == 302
    c.post(reverse("assessment:category_create", args=[scheme.pk]), {"name": "基础工作"})
    cat = scheme.categories.get()
    r = c.post(reverse("assessment:indicator_create", args=[scheme.pk]), {
        "category": cat.pk, "name": "整改率", "kind": "score", "source": "computed", "max_score": "20",
        "computer": "hazard_rectification_rate", "rule": "threshold", "steps": "90:20，80:10"})
    assert r.status_code == 302, r.content.decode()
    assert scheme.indicators.get().params == {"steps": [["90", "20"], ["80", "10"]], "lower_is_better": False}
    r = c.post(reverse("assessment:unit_add", args=[scheme.pk]), {"kind": "street", "all_of_kind": "on"})
    assert r.status_code == 302 and scheme.units.count() == 2
    c.post(reverse("assessment:scheme_action", args=[scheme.pk]), {"action": "publish"})
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.SELF and Score.objects.filter(unit__scheme=scheme).count() == 2
    detail = c.get(reverse("assessment:scheme_detail", args=[scheme.pk])).content.decode()
    assert "结束自评，进入评审" in detail
    street_page = login(world.users["street_a"]).get(reverse("assessment:unit_detail",
                                                             args=[scheme.units.get(region=world.street_a).pk]))
    assert "整改率" in street_page.content.decode()
    assert login(world.users["street_a"]).get(reverse("home")).status_code == 200


def test_unit_list_export(world, published):
    scheme, *_ = published
    r = login(world.users["office"]).get(reverse("assessment:unit_list"), {"export": "xlsx", "year": "2025"})
    ws = load_workbook(BytesIO(r.content)).active
    assert [c.value for c in ws[1]][:4] == ["年度", "方案", "类别", "被考核单位"] and ws.max_row == 4
    assert Decimal(str(ws.cell(row=2, column=7).value)) > 0
