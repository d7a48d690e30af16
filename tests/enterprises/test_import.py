"""Excel import of the enterprise ledger: preview with row errors, all-or-nothing commit, re-import."""

from accounts.models import AuditLog
from enterprises.models import Enterprise
from enterprises.views import IMPORT_SESSION_KEY
from tests.factories import valid_uscc

from .helpers import import_row, xlsx_upload


def _bad_check_digit(code: str) -> str:
    return code[:17] + ("0" if code[17] != "0" else "1")


def test_one_bad_row_among_500_writes_nothing_and_names_row_and_field(world):
    rows = [import_row(world, i) for i in range(500)]
    rows[250]["统一社会信用代码"] = _bad_check_digit(rows[250]["统一社会信用代码"])
    before = Enterprise.objects.count()
    client = world.client("office")
    response = client.post("/enterprises/import/", {"file": xlsx_upload(rows)})
    assert response.status_code == 200
    report = response.context["report"]
    assert [(e.row, e.field) for e in report.errors] == [(252, "统一社会信用代码")]  # header is row 1
    page = response.content.decode()
    assert "第252行 统一社会信用代码：校验位错误" in page
    assert "确认导入" not in page
    # Nothing pending, so a confirm cannot commit anything either.
    assert IMPORT_SESSION_KEY not in client.session
    response = client.post("/enterprises/import/confirm/")
    assert response.status_code == 302
    assert Enterprise.objects.count() == before


def test_valid_file_previews_then_imports_every_row(world):
    rows = [import_row(world, i) for i in range(25)]
    rows[3]["危化品"] = "是"
    rows[4]["标准化等级"] = "二级"
    rows[4]["标准化达标日期"] = "2025-01-15"
    client = world.client("office")
    preview = client.post("/enterprises/import/", {"file": xlsx_upload(rows)})
    assert preview.context["report"].ok
    assert Enterprise.objects.filter(name__startswith="导入测试").count() == 0  # preview writes nothing
    response = client.post("/enterprises/import/confirm/")
    assert response.status_code == 302
    imported = Enterprise.objects.filter(name__startswith="导入测试")
    assert imported.count() == 25
    assert imported.get(name="导入测试3有限公司").flag_hazchem is True
    graded = imported.get(name="导入测试4有限公司")
    assert graded.standardization_grade == "2" and str(graded.standardization_expiry) == "2028-01-15"
    assert imported.first().departments.filter(pk=world.dept.pk).exists()
    assert AuditLog.objects.filter(action="企业建档", actor=world.users["office"]).count() == 25
    assert IMPORT_SESSION_KEY not in client.session


def test_reimport_updates_by_uscc_and_keeps_history(world):
    rows = [import_row(world, 1, 统一社会信用代码=world.ent_a.uscc, 企业名称=world.ent_a.name, 法定代表人="新法人")]
    client = world.client("office")
    preview = client.post("/enterprises/import/", {"file": xlsx_upload(rows)})
    assert preview.context["report"].ok and "更新" in preview.content.decode()
    client.post("/enterprises/import/confirm/")
    world.ent_a.refresh_from_db()
    assert world.ent_a.legal_rep == "新法人"
    log = AuditLog.objects.get(action="企业信息变更", object_id=str(world.ent_a.pk))
    assert log.changes["legal_rep"] == ["张三", "新法人"]
    assert Enterprise.objects.filter(uscc=world.ent_a.uscc).count() == 1
    history = client.get(f"/enterprises/{world.ent_a.pk}/?tab=history").content.decode()
    assert "法定代表人" in history and "新法人" in history


def test_preview_reports_duplicates_unknown_codes_and_bad_cells(world):
    dup = valid_uscc(555)
    rows = [
        import_row(world, 1, 统一社会信用代码=dup),
        import_row(world, 2, 统一社会信用代码=dup),
        import_row(world, 3, 属地网格编码="NOPE"),
        import_row(world, 4, 行业代码="Z99"),
        import_row(world, 5, 经度="东经109", 危化品="可能"),
        import_row(world, 6, 企业名称=""),
    ]
    report = world.client("office").post("/enterprises/import/", {"file": xlsx_upload(rows)}).context["report"]
    found = {(e.row, e.field): e.message for e in report.errors}
    assert found[(3, "统一社会信用代码")] == "与第2行重复（同一文件中信用代码不能重复）"
    assert (2, "统一社会信用代码") not in found
    assert "未知的网格编码“NOPE”" == found[(4, "属地网格编码")]
    assert "未知的行业代码“Z99”" == found[(5, "行业代码")]
    assert "不是数字" in found[(6, "经度")] and "是”或“否" in found[(6, "危化品")]
    assert found[(7, "企业名称")] == "必填"


def test_street_officer_cannot_import_into_another_street(world):
    rows = [import_row(world, 1), import_row(world, 2, 属地网格编码=world.cell_b.code)]
    report = world.client("street_a").post("/enterprises/import/", {"file": xlsx_upload(rows)}).context["report"]
    assert [(e.row, e.field) for e in report.errors] == [(3, "属地网格编码")]
    assert "不在您的管辖范围内" in report.errors[0].message


def test_street_officer_cannot_update_another_streets_enterprise_by_uscc(world):
    rows = [import_row(world, 1, 统一社会信用代码=world.ent_b.uscc)]
    report = world.client("street_a").post("/enterprises/import/", {"file": xlsx_upload(rows)}).context["report"]
    assert [(e.row, e.field) for e in report.errors] == [(2, "统一社会信用代码")]


def test_confirm_uses_the_stored_file_not_posted_data(world):
    client = world.client("office")
    client.post("/enterprises/import/", {"file": xlsx_upload([import_row(world, 1)])})
    client.post("/enterprises/import/confirm/", {"rows": "伪造", "token": "../../etc/passwd"})
    assert list(Enterprise.objects.filter(name__startswith="导入测试").values_list("name", flat=True)) == [
        "导入测试1有限公司"
    ]


def test_a_non_excel_file_is_refused_with_a_message(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.xlsx", b"not a workbook")
    response = world.client("office").post("/enterprises/import/", {"file": upload})
    assert "企业台账 Excel 文件：文件无法读取" in response.content.decode()


def test_template_downloads_with_the_chinese_headers(world):
    from io import BytesIO

    from openpyxl import load_workbook

    response = world.client("street_a").get("/enterprises/import/template/")
    ws = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["统一社会信用代码", "企业名称", "属地网格编码", "行业代码"]
    assert ws.cell(row=2, column=3).value == world.cell_a.code  # an example the street officer may use


def test_exported_list_can_be_imported_back_unchanged(world):
    client = world.client("office")
    exported = client.get("/enterprises/?export=xlsx")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("export.xlsx", exported.content)
    report = client.post("/enterprises/import/", {"file": upload}).context["report"]
    assert report.ok, report.errors
    client.post("/enterprises/import/confirm/")
    assert not AuditLog.objects.filter(action="企业信息变更").exists()  # nothing changed, nothing recorded
