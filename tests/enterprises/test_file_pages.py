"""The enterprise file: edit rights, history, records, attachments, tabs."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditLog
from enterprises.models import EnterpriseAttachment, MajorHazardSource, RiskPoint
from enterprises.services import enterprise_update
from enterprises.tabs import _TABS, register_tab


def _edit_data(world, **overrides):
    e = world.ent_a
    data = {
        "name": e.name, "uscc": e.uscc, "status": e.status, "scale": e.scale, "region": e.region_id,
        "industry": e.industry_id, "departments": [world.dept.pk], "address": e.address, "lng": "109.8",
        "lat": "40.65", "legal_rep": e.legal_rep, "employees": 5,
    }
    data.update(overrides)
    return data


def test_an_edit_leaves_history_rows_with_who_and_what(world):
    client = world.client("street_a")
    response = client.post(f"/enterprises/{world.ent_a.pk}/edit/", _edit_data(world, legal_rep="李四", employees=80))
    assert response.status_code == 302
    log = AuditLog.objects.get(action="企业信息变更", object_id=str(world.ent_a.pk))
    assert log.actor == world.users["street_a"]
    assert log.changes["legal_rep"] == ["张三", "李四"]
    assert log.changes["employees"] == [0, 80]
    page = client.get(f"/enterprises/{world.ent_a.pk}/?tab=history").content.decode()
    assert "从业人数" in page and "李四" in page


def test_enterprise_user_edits_only_its_basic_info(world):
    client = world.client("ent_a")
    form = client.get(f"/enterprises/{world.ent_a.pk}/edit/").context["form"]
    assert "name" not in form.fields and "uscc" not in form.fields and "address" in form.fields
    response = client.post(
        f"/enterprises/{world.ent_a.pk}/edit/",
        {"address": "新地址8号", "legal_rep": "张三", "employees": 12, "name": "改名企业"},
    )
    assert response.status_code == 302
    world.ent_a.refresh_from_db()
    assert world.ent_a.address == "新地址8号"
    assert world.ent_a.name == "甲企业有限公司"  # not a field of its form, ignored


def test_enterprise_user_cannot_change_supervisor_fields_through_the_service(world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        enterprise_update(enterprise=world.ent_a, by=world.users["ent_a"], name="改名企业")
    assert "name" in exc.value.message_dict


def test_grid_officer_reads_but_cannot_edit(world):
    client = world.client("grid_a")
    assert client.get(f"/enterprises/{world.ent_a.pk}/").status_code == 200
    assert client.get(f"/enterprises/{world.ent_a.pk}/edit/").status_code == 403
    assert client.post(f"/enterprises/{world.ent_a.pk}/risk-points/new/", {}).status_code == 403


def test_department_must_keep_itself_among_the_supervisors(world):
    response = world.client("dept").post(
        f"/enterprises/{world.ent_a.pk}/edit/", _edit_data(world, departments=[world.dept_other.pk])
    )
    assert response.status_code == 200
    assert "行业监管部门：须包含本部门" in response.content.decode()


def test_risk_point_form_computes_level_and_the_tab_colours_it(world):
    client = world.client("ent_a")
    response = client.post(
        f"/enterprises/{world.ent_a.pk}/risk-points/new/",
        {"name": "液氨车间", "location": "一车间", "likelihood": "6.0", "exposure": "6.0", "consequence": "15.0"},
    )
    assert response.status_code == 302
    point = RiskPoint.objects.get(name="液氨车间")
    assert point.d_value == Decimal("540") and point.level == "major"
    page = client.get(f"/enterprises/{world.ent_a.pk}/?tab=risk").content.decode()
    assert "background: #d9261c" in page and "重大风险（红）" in page


def test_risk_point_form_names_a_missing_field(world):
    response = world.client("office").post(
        f"/enterprises/{world.ent_a.pk}/risk-points/new/", {"name": "x", "likelihood": "6.0", "exposure": "6.0"}
    )
    assert "C 发生事故产生的后果：该字段是必填项。" in response.content.decode()


def test_hazard_source_form_saves_substances_and_grade(world):
    data = {
        "name": "液氨储罐区", "alpha": "1.5", "filing_no": "", "filed_on": "",
        "s-TOTAL_FORMS": "3", "s-INITIAL_FORMS": "0", "s-MIN_NUM_FORMS": "1", "s-MAX_NUM_FORMS": "1000",
        "s-0-name": "液氨", "s-0-beta": "2", "s-0-quantity": "50", "s-0-critical": "10",
        "s-1-name": "甲醇", "s-1-beta": "1", "s-1-quantity": "500", "s-1-critical": "500",
        "s-2-beta": "1",  # the untouched extra row, as a browser sends it
    }
    response = world.client("office").post(f"/enterprises/{world.ent_a.pk}/hazard-sources/new/", data)
    assert response.status_code == 302
    source = MajorHazardSource.objects.get(name="液氨储罐区")
    assert source.r_value == Decimal("16.5") and source.grade == 3  # 1.5 × (10 + 1)
    page = world.client("ent_a").get(f"/enterprises/{world.ent_a.pk}/?tab=hazard_sources").content.decode()
    assert "三级重大危险源" in page and "甲醇" in page


def test_hazard_source_form_needs_one_substance(world):
    data = {
        "name": "空罐区", "alpha": "1",
        "s-TOTAL_FORMS": "1", "s-INITIAL_FORMS": "0", "s-MIN_NUM_FORMS": "1", "s-MAX_NUM_FORMS": "1000",
    }
    response = world.client("office").post(f"/enterprises/{world.ent_a.pk}/hazard-sources/new/", data)
    assert response.status_code == 200
    assert not MajorHazardSource.objects.exists()


def test_licence_dates_are_checked_with_the_field_named(world):
    response = world.client("ent_a").post(
        f"/enterprises/{world.ent_a.pk}/licences/new/",
        {"kind": "安全生产许可证", "number": "001", "issued_on": "2026-05-01", "expires_on": "2026-01-01"},
    )
    assert "有效期至：有效期至不能早于发证日期" in response.content.decode()


def test_attachment_upload_checks_content_and_downloads_within_scope(world):
    client = world.client("ent_a")
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(f"/enterprises/{world.ent_a.pk}/attachments/new/", {"title": "预案", "file": fake})
    assert response.status_code == 200 and "文件：文件“plan.pdf”类型不允许" in response.content.decode()
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%test\n")
    assert client.post(f"/enterprises/{world.ent_a.pk}/attachments/new/", {"title": "预案", "file": pdf}).status_code == 302
    attachment = EnterpriseAttachment.objects.get()
    url = f"/enterprises/{world.ent_a.pk}/attachments/{attachment.pk}/"
    assert b"".join(client.get(url).streaming_content).startswith(b"%PDF")
    assert world.client("ent_b").get(url).status_code == 404


def test_deleting_a_record_is_recorded_on_the_file(world):
    from enterprises.services import licence_save

    licence = licence_save(enterprise=world.ent_a, by=None, kind="危险化学品经营许可证", number="WH-9")
    client = world.client("office")
    assert client.post(f"/enterprises/{world.ent_a.pk}/licences/{licence.pk}/delete/").status_code == 302
    assert not world.ent_a.licences.exists()
    assert AuditLog.objects.filter(action="证照删除", object_id=str(world.ent_a.pk)).exists()
    # A record of another enterprise cannot be reached through ent_a's URL.
    other = licence_save(enterprise=world.ent_b, by=None, kind="许可证", number="B-1")
    assert client.post(f"/enterprises/{world.ent_a.pk}/licences/{other.pk}/delete/").status_code == 404


def test_another_app_can_add_a_tab(world, settings, tmp_path):
    (tmp_path / "extra_tab.html").write_text("<p>附加页签：{{ tab.count }}</p>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    register_tab("extra", "附加", "extra_tab.html", lambda request, e: {"count": e.pk}, order=55)
    try:
        page = world.client("office").get(f"/enterprises/{world.ent_a.pk}/?tab=extra").content.decode()
        assert "附加</a>" in page and f"附加页签：{world.ent_a.pk}" in page
    finally:
        _TABS.pop("extra")
