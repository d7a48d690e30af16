"""风险每月一报送: filing, missing list, the reminder job (runs twice, reminds once)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Notification
from emergency import services
from emergency.rules import previous_month, report_due_date
from emergency.selectors import missing_risk_reports
from emergency.tasks import remind_risk_reports
from tests.emergency.factories import RiskReportFactory
from tests.factories import UserFactory

MONTH = dt.date(2026, 10, 1)


def test_due_date_is_the_due_day_of_the_following_month(settings):
    assert report_due_date(MONTH, 5) == dt.date(2026, 11, 5)
    assert report_due_date(dt.date(2026, 12, 1), 5) == dt.date(2027, 1, 5)
    assert previous_month(dt.date(2026, 1, 3)) == dt.date(2025, 12, 1)


def test_missing_reports_list_streets_and_departments_without_a_report(world):
    RiskReportFactory(month=MONTH, region=world.street_a)
    RiskReportFactory(month=MONTH, department=world.dept)
    missing = {(m.kind, m.reporter_id) for m in missing_risk_reports(month=MONTH)}
    assert missing == {("street", world.street_b.pk), ("department", world.dept_other.pk)}
    assert missing_risk_reports(month=MONTH, user=world.users["street_a"]) == []
    assert [m.name for m in missing_risk_reports(month=MONTH, user=world.users["street_b"])] == [world.street_b.name]


def test_reminder_runs_twice_and_reminds_once(world, settings):
    settings.EMERGENCY_RISK_REPORT_DUE_DAY = 5
    settings.EMERGENCY_RISK_REPORT_REMIND_DAYS = 3
    RiskReportFactory(month=MONTH, region=world.street_a)
    second_officer = UserFactory(role=Role.STREET, region=world.street_b)
    first = remind_risk_reports("2026-11-03")
    second = remind_risk_reports("2026-11-04")
    assert first == 4 and second == 0  # street_b (2 officers), dept, dept_other
    reminded = Notification.objects.filter(category="风险月报")
    assert set(reminded.values_list("recipient_id", flat=True)) == {
        world.users["street_b"].pk, second_officer.pk, world.users["dept"].pk, world.users["dept_other"].pk}
    assert world.users["street_a"].notifications.count() == 0
    assert reminded.filter(recipient=world.users["street_b"]).get().title == "请于11月05日前报送2026年10月风险月报"


def test_no_reminder_before_the_window_and_office_told_once_after_the_due_day(world, settings):
    settings.EMERGENCY_RISK_REPORT_DUE_DAY = 5
    settings.EMERGENCY_RISK_REPORT_REMIND_DAYS = 3
    assert remind_risk_reports("2026-11-01") == 0
    assert remind_risk_reports("2026-11-06") == 1
    assert remind_risk_reports("2026-11-07") == 0
    note = world.users["office"].notifications.get()
    assert "逾期未报送 4 个单位" in note.title


def test_filing_twice_for_the_same_month_names_the_field(world):
    month = previous_month(timezone.localdate())
    kwargs = dict(month=month, major_count=0, high_count=2, general_count=5, low_count=9, situation="总体可控")
    report = services.risk_report_file(by=world.users["street_a"], **kwargs)
    assert report.region == world.street_a and report.total == 16
    with pytest.raises(ValidationError) as exc:
        services.risk_report_file(by=world.users["street_a"], **kwargs)
    assert "month" in exc.value.message_dict


def test_late_filing_is_recorded_as_late(world, settings):
    settings.EMERGENCY_RISK_REPORT_DUE_DAY = 1
    month = previous_month(previous_month(timezone.localdate()))
    report = services.risk_report_file(by=world.users["dept"], month=month, major_count=1, high_count=0,
                                       general_count=0, low_count=0, situation="补报")
    assert report.late and report.department == world.dept


def test_enterprises_and_the_office_do_not_file(world):
    for role in ("ent_a", "office", "grid_a"):
        with pytest.raises(Exception) as exc:
            services.risk_report_file(by=world.users[role], month=MONTH, major_count=0, high_count=0,
                                      general_count=0, low_count=0, situation="x")
        assert exc.type.__name__ == "PermissionDenied"


def test_risk_report_form_page(world):
    month = previous_month(timezone.localdate())
    c = world.client("street_a")
    response = c.post("/emergency/risk-reports/new/", {
        "month": f"{month:%Y-%m}", "major_count": "1", "high_count": "2", "general_count": "3", "low_count": "4",
        "situation": "辖区重大风险1处，已落实管控"})
    assert response.status_code == 302
    page = c.get("/emergency/risk-reports/missing/").content.decode()
    assert world.street_a.name not in page
    response = c.post("/emergency/risk-reports/new/", {
        "month": f"{month:%Y-%m}", "major_count": "1", "high_count": "2", "general_count": "3", "low_count": "4",
        "situation": "重复"})
    assert "报送月份：" in response.content.decode() and "已报送" in response.content.decode()
