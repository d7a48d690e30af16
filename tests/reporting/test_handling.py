"""Handling 群众举报: assignment, on-site verification into the one hazard ledger, closing with the
hazard, scope, overdue escalation, the monthly closure rate and the rewards register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditLog, Notification
from hazards import services as hazard_services
from hazards.choices import HazardSource, HazardStatus
from hazards.reporting import selectors, services
from hazards.reporting.choices import ReportAction, ReportStatus, RewardStatus
from hazards.reporting.models import PublicReport
from hazards.reporting.tasks import escalate_overdue_reports
from tests.hazards.factories import photo

from .factories import PublicReportFactory, jpeg

pytestmark = pytest.mark.django_db
def today() -> dt.date:
    """Read at each use: a module constant goes stale when a run crosses midnight in Shanghai (16:00 UTC)."""
    return timezone.localdate()


def submitted(**kw) -> PublicReport:
    defaults = {"description": "仓库门口堆放大量纸箱，消防通道被堵死", "address": "钢铁大街 12 号", "category": "fire",
                "photos": [jpeg(gps=(40.65, 109.82))]}
    return services.report_submit(**{**defaults, **kw})


def assigned(world, **kw) -> PublicReport:
    report = submitted(**kw)
    return services.report_assign(report=report, by=world.users["office"], region=world.street_a,
                                  deadline=today() + dt.timedelta(days=7))


def test_founding_creates_a_linked_public_hazard_and_closing_the_hazard_closes_the_report(world):
    report = assigned(world)
    services.report_verify(report=report, by=world.users["street_a"], founded=True, enterprise=world.ent_a,
                           note="现场核实，通道确被堵塞", hazard_deadline=today() + dt.timedelta(days=5))
    report.refresh_from_db()
    hazard = report.hazard
    assert report.status == ReportStatus.FOUNDED and report.enterprise == world.ent_a
    assert hazard.source == HazardSource.PUBLIC and hazard.enterprise == world.ent_a
    assert hazard.origin == report and hazard.public_report == report  # linked both ways
    assert hazard.photos.count() == 1  # the report's (stripped) photo travels with it
    assert not report.is_done
    ent = world.users["ent_a"]
    hazard_services.hazard_start_rectification(hazard=hazard, by=ent)
    hazard_services.hazard_submit(hazard=hazard, by=ent, note="已清理通道", photos=[photo("after.jpg")])
    report.refresh_from_db()
    assert report.status == ReportStatus.FOUNDED
    hazard_services.hazard_verify(hazard=hazard, by=world.users["grid_a"], passed=True, note="复查合格")
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.closed_at is not None
    actions = list(report.transitions.values_list("action", flat=True))
    assert actions == [ReportAction.SUBMIT, ReportAction.ASSIGN, ReportAction.FOUND, ReportAction.CLOSE]
    assert report.transitions.last().by == world.users["grid_a"]
    steps = selectors.public_progress(report)
    assert [s.done for s in steps] == [True, True, True, True]


def test_a_hazard_sent_back_does_not_close_its_report(world):
    report = assigned(world)
    services.report_verify(report=report, by=world.users["street_a"], founded=True, enterprise=world.ent_a)
    report.refresh_from_db()
    ent = world.users["ent_a"]
    hazard_services.hazard_start_rectification(hazard=report.hazard, by=ent)
    hazard_services.hazard_submit(hazard=report.hazard, by=ent, note="已整改", photos=[photo()])
    hazard_services.hazard_verify(hazard=report.hazard, by=world.users["grid_a"], passed=False, note="未清理干净")
    report.refresh_from_db()
    assert report.status == ReportStatus.FOUNDED


def test_unfounded_needs_a_reason_and_closes_the_report(world):
    report = assigned(world)
    with pytest.raises(ValidationError) as exc:
        services.report_verify(report=report, by=world.users["street_a"], founded=False, note=" ")
    assert "note" in exc.value.message_dict
    services.report_verify(report=report, by=world.users["street_a"], founded=False, note="现场无堆放物，通道畅通")
    report.refresh_from_db()
    assert report.status == ReportStatus.UNFOUNDED and report.is_done and report.hazard is None
    assert selectors.public_progress(report)[2].label == "经核查不属实"


def test_the_handler_can_only_found_a_hazard_for_an_enterprise_in_its_own_scope(world):
    report = assigned(world)
    with pytest.raises(ValidationError) as exc:
        services.report_verify(report=report, by=world.users["street_a"], founded=True, enterprise=world.ent_b)
    assert "不在您的管辖范围" in exc.value.message_dict["enterprise"][0]
    with pytest.raises(ValidationError) as exc:
        services.report_verify(report=report, by=world.users["street_a"], founded=True, enterprise=None)
    assert "enterprise" in exc.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.ASSIGNED and report.hazard is None


def test_only_the_office_assigns_and_only_to_one_street_or_one_department(world):
    report = submitted()
    with pytest.raises(PermissionDenied):
        services.report_assign(report=report, by=world.users["street_a"], region=world.street_a, deadline=today())
    with pytest.raises(ValidationError) as exc:
        services.report_assign(report=report, by=world.users["office"], region=world.cell_a, deadline=today())
    assert "街道" in exc.value.message_dict["region"][0]
    with pytest.raises(ValidationError):
        services.report_assign(report=report, by=world.users["office"], region=world.street_a, department=world.dept,
                               deadline=today())
    with pytest.raises(ValidationError) as exc:
        services.report_assign(report=report, by=world.users["office"], department=world.dept,
                               deadline=today() - dt.timedelta(days=1))
    assert "deadline" in exc.value.message_dict
    services.report_assign(report=report, by=world.users["office"], department=world.dept, deadline=today())
    assert Notification.objects.filter(recipient=world.users["dept"], category="report").exists()
    assert AuditLog.objects.filter(action="举报分派核查", object_id=str(report.pk)).exists()


def test_a_handler_outside_the_assignment_cannot_verify(world):
    report = assigned(world)
    with pytest.raises(PermissionDenied):
        services.report_verify(report=report, by=world.users["street_b"], founded=False, note="x")
    with pytest.raises(PermissionDenied):
        services.report_verify(report=report, by=world.users["dept"], founded=False, note="x")


def test_scope_streets_and_grid_see_their_reports_departments_theirs_enterprises_none(world):
    to_a = assigned(world)
    about_a = PublicReportFactory(enterprise=world.ent_a)  # not yet assigned, names ent_a
    to_dept = PublicReportFactory(status=ReportStatus.ASSIGNED, assigned_department=world.dept)

    def seen(role):
        return set(PublicReport.objects.for_user(world.users[role]).values_list("pk", flat=True))

    assert seen("office") == {to_a.pk, about_a.pk, to_dept.pk}
    assert seen("street_a") == {to_a.pk, about_a.pk}
    assert seen("grid_a") == {about_a.pk}
    assert seen("street_b") == set()
    assert seen("dept") == {to_dept.pk} and seen("dept_other") == set()
    assert seen("ent_a") == set() and seen("ent_b") == set() and seen("expert") == set()


def test_overdue_handling_escalates_one_level_per_step_once_and_notifies_the_unit_then_the_office(world, settings):
    settings.HAZARD_ESCALATION_DAYS = {1: 1, 2: 8, 3: 15}
    report = assigned(world)
    PublicReport.objects.filter(pk=report.pk).update(deadline=today() - dt.timedelta(days=1))
    assert escalate_overdue_reports(today=today().isoformat()) == {"3": 0, "2": 0, "1": 1}
    assert escalate_overdue_reports(today=today().isoformat()) == {"3": 0, "2": 0, "1": 0}
    report.refresh_from_db()
    assert report.escalation_level == 1
    street_notes = Notification.objects.filter(recipient=world.users["street_a"], category="report-escalation")
    assert street_notes.count() == 1 and report.code in street_notes.get().body
    assert not Notification.objects.filter(recipient=world.users["office"], category="report-escalation").exists()
    later = today() + dt.timedelta(days=7)
    escalate_overdue_reports(today=later.isoformat())
    escalate_overdue_reports(today=later.isoformat())
    report.refresh_from_db()
    assert report.escalation_level == 2
    assert Notification.objects.filter(recipient=world.users["office"], category="report-escalation").count() == 1
    assert report.transitions.filter(action=ReportAction.ESCALATE).count() == 2


def test_verified_reports_are_not_escalated(world):
    report = assigned(world)
    services.report_verify(report=report, by=world.users["street_a"], founded=False, note="不属实")
    PublicReport.objects.filter(pk=report.pk).update(deadline=today() - dt.timedelta(days=30))
    assert sum(services.reports_escalate(today=today()).values()) == 0


def test_monthly_closure_rate_counts_unfounded_and_closed_against_all_received_that_month(world):
    month_start = today().replace(day=1)
    at = timezone.make_aware(dt.datetime.combine(month_start, dt.time(9)))
    for status in (ReportStatus.CLOSED, ReportStatus.UNFOUNDED, ReportStatus.FOUNDED, ReportStatus.ASSIGNED):
        PublicReportFactory(status=status, submitted_at=at)
    PublicReportFactory(status=ReportStatus.RECEIVED, submitted_at=at - dt.timedelta(days=40))
    month = selectors.closure_rate(PublicReport.objects.all(), year=today().year, month=today().month)
    assert (month.received, month.done, month.founded, month.unfounded) == (4, 2, 2, 1)
    assert month.rate == 50.0 and not month.on_target
    rows = selectors.closure_by_month(PublicReport.objects.all(), months=3, today=today())
    assert rows[-1].month == month_start and rows[-1].rate == 50.0
    assert sum(r.received for r in rows) == 5
    empty = selectors.closure_rate(PublicReport.objects.none(), year=today().year, month=today().month)
    assert empty.rate is None and empty.on_target


def test_rewards_only_for_founded_reports_registered_and_paid_by_the_office(world):
    report = assigned(world)
    office = world.users["office"]
    with pytest.raises(ValidationError):
        services.reward_register(report=report, by=office, amount=Decimal("500"), basis="奖励办法第九条")
    services.report_verify(report=report, by=world.users["street_a"], founded=True, enterprise=world.ent_a)
    with pytest.raises(PermissionDenied):
        services.reward_register(report=report, by=world.users["street_a"], amount=Decimal("500"), basis="x")
    with pytest.raises(ValidationError) as exc:
        services.reward_register(report=report, by=office, amount=Decimal("0"), basis="")
    assert set(exc.value.message_dict) == {"amount", "basis"}
    reward = services.reward_register(report=report, by=office, amount=Decimal("500"), basis="奖励办法第九条")
    with pytest.raises(ValidationError) as exc:
        services.reward_mark_paid(reward=reward, by=office, paid_on=today() + dt.timedelta(days=1))
    assert "paid_on" in exc.value.message_dict
    services.reward_mark_paid(reward=reward, by=office, paid_on=today(), note="银行转账")
    reward.refresh_from_db()
    assert reward.status == RewardStatus.PAID and reward.paid_on == today()
    with pytest.raises(ValidationError):
        services.reward_mark_paid(reward=reward, by=office, paid_on=today())


def test_pages_assign_verify_and_show_the_contact_to_the_office_only(world):
    report = submitted(contact_name="王小明", contact_phone="13912345678")
    office = world.client("office")
    detail = reverse("reporting:detail", args=[report.pk])
    assert "13912345678" in office.get(detail).content.decode()
    response = office.post(reverse("reporting:assign", args=[report.pk]),
                           {"region": world.street_a.pk, "deadline": (today() + dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 302
    street = world.client("street_a")
    page = street.get(detail).content.decode()
    assert "13912345678" not in page and "王小明" not in page and "现场核查" in page
    bad = street.post(reverse("reporting:verify", args=[report.pk]), {"founded": "0", "note": ""})
    assert bad.status_code == 200 and "核查情况（不属实时必填理由）：" in bad.content.decode()
    ok = street.post(reverse("reporting:verify", args=[report.pk]),
                     {"founded": "1", "enterprise": world.ent_a.pk, "grade": "general",
                      "hazard_deadline": (today() + dt.timedelta(days=10)).isoformat()})
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.hazard.status == HazardStatus.REPORTED


def test_the_list_filters_and_exports_in_scope(world):
    assigned(world)
    PublicReportFactory(status=ReportStatus.ASSIGNED, assigned_region=world.street_b)
    response = world.client("street_a").get(reverse("reporting:list"), {"status": "assigned"})
    assert len(response.context["object_list"]) == 1
    export = world.client("street_a").get(reverse("reporting:list"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_api_is_scoped_and_only_the_office_gets_the_contact(world):
    report = assigned(world, contact_phone="13912345678")
    url = reverse("publicreport-detail", args=[report.pk])
    assert world.client("street_b").get(url).status_code == 404
    street = world.client("street_a").get(url).json()
    assert "contact_phone" not in street and street["code"] == report.code
    assert world.client("office").get(url).json()["contact_phone"] == "13912345678"
    verify = world.client("street_a").post(reverse("publicreport-verify", args=[report.pk]),
                                           {"founded": False, "note": "不属实"}, content_type="application/json")
    assert verify.status_code == 200 and verify.json()["status"] == ReportStatus.UNFOUNDED
    missing = world.client("office").post(reverse("publicreport-assign", args=[report.pk]),
                                          {"deadline": today().isoformat()}, content_type="application/json")
    assert missing.status_code == 400
