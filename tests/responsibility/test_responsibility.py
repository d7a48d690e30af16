"""安全生产责任制: the enterprise keeps its own file; supervisors read it within their scope."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import AuditLog
from enterprises.responsibility import services
from enterprises.responsibility.models import ResponsibilityItem, SafetyInvestment, SafetyStaff
from enterprises.responsibility.selectors import staff_with_expiry, yearly_totals

from .factories import ResponsibilityItemFactory, SafetyInvestmentFactory, SafetyStaffFactory

TODAY = timezone.localdate


def _tab(client, pk, **query):
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    return client.get(f"/enterprises/{pk}/?tab=responsibility{extra}")


def pdf(name="发票.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 voucher", content_type="application/pdf")


# ---- who may see and write ------------------------------------------------------------------


def test_enterprise_user_adds_a_responsibility_line_and_it_is_audited(world):
    client = world.client("ent_a")
    response = client.post(f"/enterprises/{world.ent_a.pk}/responsibility/items/new/", {
        "position": "安全管理员", "person": "孙明", "duties": "组织隐患排查", "signed_on": "2026-01-05",
    })
    assert response.status_code == 302
    item = ResponsibilityItem.objects.get(enterprise=world.ent_a)
    assert (item.position, item.person, item.signed_on) == ("安全管理员", "孙明", dt.date(2026, 1, 5))
    log = AuditLog.objects.get(action="安全责任清单保存", object_id=str(item.pk))
    assert log.actor == world.users["ent_a"] and log.changes["person"] == [None, "孙明"]
    page = _tab(client, world.ent_a.pk).content.decode()
    assert "孙明" in page and "新增岗位责任" in page
    history = client.get(f"/enterprises/{world.ent_a.pk}/?tab=history").content.decode()
    assert "安全责任清单保存" in history  # the file's 变更历史 tab shows the record's save


def test_supervisors_in_scope_read_the_file_without_edit_controls(world):
    ResponsibilityItemFactory(enterprise=world.ent_a, person="甲责任人")
    for role in ("grid_a", "street_a", "dept", "office"):
        page = _tab(world.client(role), world.ent_a.pk).content.decode()
        assert "甲责任人" in page, role
        assert "新增岗位责任" not in page and "只读" in page, role
    response = world.client("grid_a").post(
        f"/enterprises/{world.ent_a.pk}/responsibility/items/new/",
        {"position": "x", "person": "y", "duties": "z"},
    )
    assert response.status_code == 403
    assert ResponsibilityItem.objects.count() == 1


def test_out_of_scope_file_is_404_for_reading_writing_and_export(world):
    item = ResponsibilityItemFactory(enterprise=world.ent_a)
    for role in ("ent_b", "street_b", "dept_other"):
        client = world.client(role)
        assert _tab(client, world.ent_a.pk).status_code == 404, role
        assert client.get(f"/enterprises/{world.ent_a.pk}/responsibility/investments/export/").status_code == 404
    # ent_b cannot reach A's row through its own file either
    client = world.client("ent_b")
    response = client.post(f"/enterprises/{world.ent_b.pk}/responsibility/items/{item.pk}/delete/")
    assert response.status_code == 404
    assert ResponsibilityItem.objects.filter(pk=item.pk).exists()


def test_enterprise_user_deletes_its_staff_row_and_the_deletion_is_audited(world):
    staff = SafetyStaffFactory(enterprise=world.ent_a, name="李焊工")
    response = world.client("ent_a").post(f"/enterprises/{world.ent_a.pk}/responsibility/staff/{staff.pk}/delete/")
    assert response.status_code == 302
    assert not SafetyStaff.objects.exists()
    log = AuditLog.objects.get(action="安全管理人员删除")
    assert log.object_id == str(world.ent_a.pk) and "李焊工" in log.note


# ---- validation names the field -------------------------------------------------------------


def test_zero_amount_is_refused_naming_the_amount_field(world):
    response = world.client("ent_a").post(f"/enterprises/{world.ent_a.pk}/responsibility/investments/new/", {
        "spent_on": TODAY().isoformat(), "category": "ppe", "amount": "0", "description": "防护用品",
    })
    assert response.status_code == 200
    assert "金额必须大于 0 元" in response.context["form"].errors["amount"][0]
    assert "金额（元）：金额必须大于 0 元" in response.content.decode()
    assert not SafetyInvestment.objects.exists()


def test_certificate_expiring_before_issue_is_refused_naming_the_expiry_field(world):
    response = world.client("ent_a").post(f"/enterprises/{world.ent_a.pk}/responsibility/staff/new/", {
        "category": "special", "name": "王电工", "certificate_type": "特种作业操作证（低压电工作业）",
        "certificate_no": "T001", "issued_on": "2025-05-01", "expires_on": "2024-05-01",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == ["有效期至不能早于发证日期"]
    assert not SafetyStaff.objects.exists()


def test_future_dates_are_refused_by_the_service(world):
    with pytest.raises(ValidationError) as exc:
        services.responsibility_item_save(enterprise=world.ent_a, by=None, position="岗位", person="人", duties="职责",
                                          signed_on=TODAY() + dt.timedelta(days=3))
    assert "signed_on" in exc.value.message_dict


def test_a_renamed_executable_voucher_is_refused_and_nothing_is_stored(world, settings):
    fake = SimpleUploadedFile("发票.pdf", b"MZ\x90\x00\x03 not really a pdf", content_type="application/pdf")
    response = world.client("ent_a").post(f"/enterprises/{world.ent_a.pk}/responsibility/investments/new/", {
        "spent_on": TODAY().isoformat(), "category": "ppe", "amount": "100", "description": "防护用品", "voucher": fake,
    })
    assert response.status_code == 200
    assert "类型不允许" in response.context["form"].errors["voucher"][0]
    assert not SafetyInvestment.objects.exists()
    assert not (settings.MEDIA_ROOT / "responsibility").exists()


# ---- vouchers -------------------------------------------------------------------------------


def test_voucher_is_served_within_scope_and_replaced_cleanly(world, settings, django_capture_on_commit_callbacks):
    client = world.client("ent_a")
    url = f"/enterprises/{world.ent_a.pk}/responsibility/investments/new/"
    data = {"spent_on": TODAY().isoformat(), "category": "training", "amount": "2500.50", "description": "全员培训"}
    assert client.post(url, {**data, "voucher": pdf()}).status_code == 302
    investment = SafetyInvestment.objects.get()
    first = investment.voucher.name
    assert investment.amount == Decimal("2500.50") and investment.recorded_by == world.users["ent_a"]
    assert world.client("street_a").get(investment.voucher.url).status_code == 200
    assert world.client("ent_b").get(investment.voucher.url).status_code == 404
    edit = f"/enterprises/{world.ent_a.pk}/responsibility/investments/{investment.pk}/"
    with_new = {**data, "voucher": pdf("合同.pdf")}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, with_new).status_code == 302
    investment.refresh_from_db()
    second = investment.voucher.name
    assert second != first
    assert (settings.MEDIA_ROOT / second).exists() and not (settings.MEDIA_ROOT / first).exists()
    assert client.post(edit, data).status_code == 302  # no new file: the voucher stays
    investment.refresh_from_db()
    assert investment.voucher.name == second
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {**data, "remove_voucher": "on"}).status_code == 302
    investment.refresh_from_db()
    assert not investment.voucher and not (settings.MEDIA_ROOT / second).exists()


# ---- certificates, yearly totals, export ------------------------------------------------------


def test_certificates_expired_or_expiring_within_30_days_are_flagged(world, settings):
    settings.EXPIRY_WARNING_DAYS = 30
    today = TODAY()
    SafetyStaffFactory(enterprise=world.ent_a, name="过期", expires_on=today - dt.timedelta(days=1))
    SafetyStaffFactory(enterprise=world.ent_a, name="将到期", expires_on=today + dt.timedelta(days=30))
    SafetyStaffFactory(enterprise=world.ent_a, name="有效", expires_on=today + dt.timedelta(days=31))
    SafetyStaffFactory(enterprise=world.ent_a, name="长期", expires_on=None)
    flags = {s.name: (s.expired, s.expiring) for s in staff_with_expiry(world.ent_a, today)}
    assert flags == {"过期": (True, False), "将到期": (False, True), "有效": (False, False), "长期": (False, False)}
    page = _tab(world.client("grid_a"), world.ent_a.pk).content.decode()
    assert "1 人证书已过期" in page and "1 人证书即将到期" in page


def test_yearly_total_sums_each_year_separately(world):
    for day, amount in ((dt.date(2024, 3, 1), "1000.10"), (dt.date(2024, 12, 31), "2000.20"),
                        (dt.date(2025, 1, 1), "500.00")):
        SafetyInvestmentFactory(enterprise=world.ent_a, spent_on=day, amount=Decimal(amount))
    SafetyInvestmentFactory(enterprise=world.ent_b, spent_on=dt.date(2024, 6, 1), amount=Decimal("99999"))
    assert yearly_totals(world.ent_a) == [(2025, Decimal("500.00")), (2024, Decimal("3000.30"))]
    ctx = _tab(world.client("ent_a"), world.ent_a.pk, year=2024).context["tab"]
    assert ctx["year"] == 2024 and ctx["year_total"] == Decimal("3000.30") and len(ctx["investments"]) == 2
    assert _tab(world.client("ent_a"), world.ent_a.pk).context["tab"]["year"] == 2025  # the newest year by default


def test_investment_export_has_the_rows_of_the_year_and_their_total(world):
    SafetyInvestmentFactory(enterprise=world.ent_a, spent_on=dt.date(2025, 2, 1), amount=Decimal("1200.50"),
                            category="drill", description="火灾疏散演练")
    SafetyInvestmentFactory(enterprise=world.ent_a, spent_on=dt.date(2025, 5, 1), amount=Decimal("800"))
    SafetyInvestmentFactory(enterprise=world.ent_a, spent_on=dt.date(2024, 5, 1), amount=Decimal("7"))
    response = world.client("dept").get(f"/enterprises/{world.ent_a.pk}/responsibility/investments/export/?year=2025")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("投入日期", "投入类别", "金额（元）")
    assert [r[1] for r in rows[1:3]] == ["应急演练", "劳动防护用品"]
    assert rows[1][3] == "火灾疏散演练"
    assert rows[-1][0] == "合计" and Decimal(str(rows[-1][2])) == Decimal("2000.50")
    assert len(rows) == 4
