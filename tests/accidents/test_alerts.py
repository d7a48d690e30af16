"""Issue 20 items 1 and 2: an accident alerts people at once; reporting deadlines, 续报, overdue
notice; grades count 死亡（含失踪） and are re-graded when a missing person is confirmed dead or found."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accidents.choices import AccidentGrade, AccidentStatus, ReportLevel
from accidents.models import Accident, AccidentReport, CasualtyRevision
from accidents.rules import accident_grade, next_open_step, reporting_steps
from accidents.services import (
    accident_close,
    casualty_revise,
    follow_up_add,
    investigation_record,
    missing_resolve,
    report_add,
    report_steps,
)
from accidents.tasks import flag_overdue_reports
from accounts.models import AuditLog, Notification, OutboundMessage
from emergency.models import DutyAssignment
from tests.factories import UserFactory

from .factories import report_accident

SMS = OutboundMessage.Channel.SMS


@pytest.fixture
def phones(world):
    """Every staff account of the world has a mobile number (the SMS copies need one)."""
    for n, key in enumerate(("office", "dept", "dept_other", "street_a", "grid_a", "ent_a")):
        user = world.users[key]
        user.phone = f"1380000{n:04d}"
        user.save(update_fields=["phone"])
    return world


def alerted(key: str = "accident_alert") -> set[int]:
    return set(Notification.objects.filter(category=key).values_list("recipient_id", flat=True))


# ---------------------------------------------------------------- recording alerts at once


def test_recording_an_accident_alerts_office_and_supervising_department_in_app_and_by_sms(phones):
    w = phones
    a = report_accident(w, deaths=3, days_ago=0.01, report_after_minutes=5, place="冲压车间")
    users = w.users
    assert alerted() == {users["office"].pk, users["dept"].pk}  # not dept_other, not the street, not the enterprise
    n = Notification.objects.get(recipient=users["dept"], category="accident_alert")
    assert "较大事故" in n.title and "甲网格" in n.title and "冲压车间" in n.title
    assert "死亡（含失踪）3人" in n.title and "2小时" in n.title  # next: 区县 → 市 within 2 hours
    assert "死亡3人" in n.body and n.url == f"/accidents/{a.pk}/"
    sms = OutboundMessage.objects.filter(channel=SMS)
    assert set(sms.values_list("address", flat=True)) == {users["office"].phone, users["dept"].phone}
    assert all(m.notification_id and m.template == "notice" for m in sms)


def test_general_accident_recorded_by_the_enterprise_alerts_too(phones):
    report_accident(phones, by="ent_a", deaths=1, days_ago=0.01)
    assert phones.users["office"].pk in alerted() and phones.users["dept"].pk in alerted()


def test_larger_accident_alerts_the_configured_leaders_and_a_general_one_does_not(phones, settings):
    leader = UserFactory(role="street", username="quzhang", phone="13900000001")
    settings.ACCIDENT_LEADER_USERNAMES = ["quzhang"]
    settings.ACCIDENT_LEADER_PHONES = ["13900000002", "13900000001"]
    report_accident(phones, deaths=1, days_ago=0.03)
    assert leader.pk not in alerted()
    assert not OutboundMessage.objects.filter(address="13900000002").exists()
    report_accident(phones, deaths=3, days_ago=0.03)
    assert leader.pk in alerted()
    assert OutboundMessage.objects.filter(address="13900000001", channel=SMS).count() == 1  # once, not twice
    bare = OutboundMessage.objects.get(address="13900000002")
    assert bare.recipient is None and "较大事故" in bare.text


def test_duty_officer_on_shift_is_alerted_by_account_or_by_the_duty_phone(phones):
    w = phones
    duty_user = UserFactory(role="office", full_name="值班员王五", phone="13700000001")
    now = timezone.localtime()
    day_shift = dt.time(8, 30) <= now.time() < dt.time(17, 30)
    date = now.date() if day_shift or now.time() >= dt.time(17, 30) else now.date() - dt.timedelta(days=1)
    DutyAssignment.objects.create(date=date, shift="day" if day_shift else "night", leader="带班李四",
                                  officer="值班员王五", phone="0472-1234567")
    report_accident(w, deaths=1, days_ago=0.03)
    assert duty_user.pk in alerted()
    # the 带班领导 has no account: the duty phone gets the SMS
    assert OutboundMessage.objects.filter(address="0472-1234567", channel=SMS, recipient=None).exists()


def test_duty_desk_event_conversion_alerts(phones):
    from emergency import services as emergency_services
    from emergency.models import EventReport

    received = timezone.now() - dt.timedelta(minutes=10)
    event = EventReport.objects.create(received_at=received, caller="孙明", category="accident",
                                       region=phones.street_a, enterprise=phones.ent_a, content="冲压车间事故")
    accident = emergency_services.event_to_accident(
        event=event, by=phones.users["office"], title="甲企业机械伤害事故", occurred_at=received - dt.timedelta(minutes=5),
        category="industrial", accident_type="machinery", deaths=3)
    assert accident.grade == AccidentGrade.LARGER
    assert phones.users["dept"].pk in alerted()


def test_accident_page_and_api_record_and_alert(phones):
    occurred = timezone.localtime() - dt.timedelta(minutes=10)
    r = phones.client("office").post("/accidents/new/", {
        "title": "页面登记事故", "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"), "enterprise": phones.ent_a.pk,
        "category": "industrial", "accident_type": "machinery", "deaths": 3, "missing": 0, "serious_injuries": 0,
        "minor_injuries": 0, "direct_loss": "0", "summary": "经过"})
    assert r.status_code == 302
    assert Notification.objects.filter(recipient=phones.users["dept"], title__contains="页面登记事故").exists()
    r = phones.client("ent_a").post("/api/v1/accidents/", {
        "title": "API事故", "occurred_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat(),
        "category": "industrial", "accident_type": "fall", "deaths": 1}, content_type="application/json")
    assert r.status_code == 201
    assert Notification.objects.filter(recipient=phones.users["office"], title__contains="API事故").exists()
    deadlines = r.json()["report_deadlines"]
    assert [d["level"] for d in deadlines] == [ReportLevel.UNIT_TO_COUNTY, ReportLevel.COUNTY_TO_CITY]


# ---------------------------------------------------------------- deadlines and countdown


def test_reporting_chain_depends_on_the_grade_and_runs_from_the_previous_report():
    t = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
    general = reporting_steps(grade=AccidentGrade.GENERAL, occurred_at=t, reported={})
    assert [(s.level, s.deadline) for s in general] == [
        (ReportLevel.UNIT_TO_COUNTY, t + dt.timedelta(hours=1)), (ReportLevel.COUNTY_TO_CITY, t + dt.timedelta(hours=3))]
    larger = reporting_steps(grade=AccidentGrade.LARGER, occurred_at=t,
                             reported={ReportLevel.UNIT_TO_COUNTY: t + dt.timedelta(minutes=20)})
    assert [s.level for s in larger][-1] == ReportLevel.CITY_TO_PROVINCE
    assert larger[1].deadline == t + dt.timedelta(minutes=140)  # 2 h from the district's receipt
    step = next_open_step(larger)
    assert step.level == ReportLevel.COUNTY_TO_CITY and not step.overdue(t + dt.timedelta(minutes=139))
    assert step.overdue(t + dt.timedelta(minutes=141))


def test_accident_page_counts_down_to_the_next_deadline(world):
    a = report_accident(world, deaths=3, days_ago=0.01, report_after_minutes=5)
    page = world.client("office").get(f"/accidents/{a.pk}/").content.decode()
    step = next_open_step(report_steps(a))
    assert 'data-countdown' in page and f'data-deadline="{timezone.localtime(step.deadline).isoformat()}"' in page
    assert "剩余 1:" in page  # ~1 h 49 min left of the 2-hour step
    assert "js/accident_countdown.js" in page and "<script>" not in page  # no inline script (CSP)


def test_unit_report_page_shows_the_one_hour_countdown(world):
    """An accident the unit has not yet reported: the 1-hour step is the one counted down."""
    a = report_accident(world, deaths=3, days_ago=0.01, report_after_minutes=5)
    AccidentReport.objects.filter(accident=a).delete()
    page = world.client("office").get(f"/accidents/{a.pk}/").content.decode()
    assert "事故单位 → 区县</strong>：1 小时内" in page and "剩余 0:" in page


def test_overdue_step_is_flagged_on_the_page_and_notified_once(phones):
    a = report_accident(phones, deaths=1, days_ago=0.2, report_after_minutes=30)  # 区县→市 due 2.5 h after
    Notification.objects.all().delete()
    page = phones.client("office").get(f"/accidents/{a.pk}/").content.decode()
    assert "超时未报" in page and "已超时" in page
    assert flag_overdue_reports() == 1
    assert flag_overdue_reports() == 0  # idempotent: one notice per accident
    notes = Notification.objects.filter(category="accident_overdue")
    assert {n.recipient_id for n in notes} == {phones.users["office"].pk, phones.users["dept"].pk}
    assert notes.count() == 2 and "区县 → 市" in notes[0].title
    a.refresh_from_db()
    assert a.overdue_alerted_at is not None
    assert AuditLog.objects.filter(action="迟报预警", object_id=str(a.pk)).count() == 1


def test_no_overdue_notice_when_every_step_is_reported(world):
    a = report_accident(world, deaths=1, days_ago=0.2, report_after_minutes=30)
    report_add(accident=a, by=world.users["office"], level=ReportLevel.COUNTY_TO_CITY,
               reported_at=a.occurred_at + dt.timedelta(minutes=90))
    assert flag_overdue_reports() == 0


# ---------------------------------------------------------------- 续报


def test_follow_up_is_recorded_audited_and_regrades_with_an_alert_when_the_grade_rises(phones, settings):
    leader = UserFactory(role="office", username="fuquzhang")
    settings.ACCIDENT_LEADER_USERNAMES = ["fuquzhang"]
    a = report_accident(phones, deaths=1, days_ago=0.1)
    report = follow_up_add(accident=a, by=phones.users["ent_a"], content="又有2人经抢救无效死亡", deaths=3)
    assert report.level == ReportLevel.FOLLOW_UP and report.figures["deaths"] == 3
    a.refresh_from_db()
    assert a.grade == AccidentGrade.LARGER
    assert CasualtyRevision.objects.get(accident=a).grade_after == AccidentGrade.LARGER
    assert AuditLog.objects.filter(action="事故续报", object_id=str(a.pk)).exists()
    up = Notification.objects.filter(dedup_key=f"accident-grade:{a.pk}:{AccidentGrade.LARGER}")
    assert {n.recipient_id for n in up} >= {phones.users["office"].pk, phones.users["dept"].pk, leader.pk}
    assert OutboundMessage.objects.filter(notification__in=up, channel=SMS).exists()
    assert Notification.objects.filter(category="accident_follow_up", recipient=phones.users["office"]).exists()


def test_follow_up_without_new_figures_keeps_the_grade_and_sends_no_sms(phones):
    a = report_accident(phones, deaths=1, days_ago=0.1)
    OutboundMessage.objects.all().delete()
    follow_up_add(accident=a, by=phones.users["office"], content="现场救援结束")
    a.refresh_from_db()
    assert a.grade == AccidentGrade.GENERAL and not a.revisions.exists()
    assert not OutboundMessage.objects.filter(channel=SMS).exists()


def test_follow_up_needs_content_and_is_refused_when_closed_or_to_others(world):
    a = report_accident(world, deaths=1, days_ago=0.1)
    with pytest.raises(ValidationError) as exc:
        follow_up_add(accident=a, by=world.users["office"], content=" ")
    assert "content" in exc.value.message_dict
    with pytest.raises(PermissionDenied, match="只有事故单位或安委办可以续报事故"):
        follow_up_add(accident=a, by=world.users["dept"], content="x")
    investigation_record(accident=a, by=world.users["office"], cause="c", investigation_report="r",
                         responsibility="p", measures="m")
    accident_close(accident=a, by=world.users["office"], closed_on=timezone.localdate())
    with pytest.raises(ValidationError, match="已结案"):
        follow_up_add(accident=Accident.objects.get(pk=a.pk), by=world.users["office"], content="x")


def test_follow_up_on_the_page_and_through_the_api(world):
    a = report_accident(world, deaths=1, days_ago=0.1)
    r = world.client("ent_a").post(f"/accidents/{a.pk}/follow-up/", {"content": "伤者转院", "serious_injuries": "2"})
    assert r.status_code == 302
    assert a.reports.filter(level=ReportLevel.FOLLOW_UP).get().figures["serious_injuries"] == 2
    r = world.client("office").post(f"/accidents/{a.pk}/follow-up/", {"content": "", "deaths": "-1"})
    assert r.status_code == 400 and "续报内容" in r.content.decode()
    r = world.client("office").post(f"/api/v1/accidents/{a.pk}/follow-up/", {"content": "第二次续报", "deaths": 3},
                                    content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["grade"] == AccidentGrade.LARGER
    r = world.client("office").post(f"/api/v1/accidents/{a.pk}/follow-up/", {"content": ""},
                                    content_type="application/json")
    assert r.status_code == 400 and "content" in r.json()
    assert world.client("dept").post(f"/api/v1/accidents/{a.pk}/follow-up/", {"content": "x"},
                                     content_type="application/json").status_code == 403


# ---------------------------------------------------------------- 死亡（含失踪）


def test_missing_persons_count_with_the_deaths_for_the_grade():
    assert accident_grade(deaths=2, missing=1, serious_injuries=0, direct_loss=Decimal(0)) == AccidentGrade.LARGER
    assert accident_grade(deaths=8, missing=2, serious_injuries=0, direct_loss=Decimal(0)) == AccidentGrade.MAJOR
    assert accident_grade(deaths=2, missing=0, serious_injuries=0, direct_loss=Decimal(0)) == AccidentGrade.GENERAL


def test_accident_with_two_dead_and_one_missing_is_larger_and_alerts_leaders(phones, settings):
    settings.ACCIDENT_LEADER_PHONES = ["13900000009"]
    a = report_accident(phones, deaths=2, missing=1, days_ago=0.03)
    assert a.grade == AccidentGrade.LARGER and a.counted_deaths == 3
    assert OutboundMessage.objects.filter(address="13900000009").exists()


def test_missing_person_confirmed_dead_is_recorded_and_keeps_the_grade(world):
    a = report_accident(world, deaths=2, missing=1, days_ago=0.1)
    revision = missing_resolve(accident=a, by=world.users["office"], confirmed_dead=1, reason="遗体已找到")
    a.refresh_from_db()
    assert (a.deaths, a.missing, a.grade) == (3, 0, AccidentGrade.LARGER)
    assert revision.before["missing"] == 1 and revision.after["deaths"] == 3 and "确认死亡" in revision.reason
    assert AuditLog.objects.filter(action="失踪人员核实", object_id=str(a.pk)).exists()


def test_missing_person_found_alive_lowers_the_grade(world):
    a = report_accident(world, deaths=2, missing=1, days_ago=0.1)
    missing_resolve(accident=a, by=world.users["office"], found=1, reason="已在医院找到")
    a.refresh_from_db()
    assert (a.deaths, a.missing, a.grade) == (2, 0, AccidentGrade.GENERAL)
    assert CasualtyRevision.objects.get(accident=a).grade_before == AccidentGrade.LARGER


def test_missing_resolution_is_allowed_after_the_30_day_window(world):
    a = report_accident(world, deaths=1, missing=1, days_ago=40)
    missing_resolve(accident=a, by=world.users["office"], confirmed_dead=1, reason="法院宣告死亡")
    a.refresh_from_db()
    assert (a.deaths, a.missing) == (2, 0)


def test_missing_resolution_errors_name_the_field_and_only_the_office_may(world):
    a = report_accident(world, deaths=1, missing=1, days_ago=0.1)
    with pytest.raises(ValidationError) as exc:
        missing_resolve(accident=a, by=world.users["office"], confirmed_dead=1, found=1, reason="x")
    assert "found" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        missing_resolve(accident=a, by=world.users["office"], reason="x")
    assert "confirmed_dead" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        missing_resolve(accident=a, by=world.users["ent_a"], confirmed_dead=1, reason="x")


def test_missing_resolution_on_the_page_and_through_the_api(world):
    a = report_accident(world, deaths=2, missing=2, days_ago=0.1)
    r = world.client("office").post(f"/accidents/{a.pk}/missing/", {"confirmed_dead": "1", "found": "0",
                                                                      "reason": "确认死亡"})
    assert r.status_code == 302
    r = world.client("office").post(f"/api/v1/accidents/{a.pk}/resolve-missing/", {"found": 5, "reason": "x"},
                                    content_type="application/json")
    assert r.status_code == 400 and "found" in r.json()
    r = world.client("office").post(f"/api/v1/accidents/{a.pk}/resolve-missing/", {"found": 1, "reason": "找到"},
                                    content_type="application/json")
    assert r.status_code == 200 and r.json()["missing"] == 0 and r.json()["counted_deaths"] == 3


def test_grade_rise_by_casualty_revision_alerts_once_and_a_fall_does_not(phones):
    a = report_accident(phones, deaths=1, days_ago=1)
    casualty_revise(accident=a, by=phones.users["office"], reason="2人医治无效死亡", deaths=3, missing=0,
                    serious_injuries=0, minor_injuries=0, direct_loss=Decimal("10"))
    assert Notification.objects.filter(title__contains="事故升级", recipient=phones.users["dept"]).count() == 1
    casualty_revise(accident=Accident.objects.get(pk=a.pk), by=phones.users["office"], reason="核实更正",
                    deaths=2, missing=0, serious_injuries=0, minor_injuries=0, direct_loss=Decimal("10"))
    assert Notification.objects.filter(title__contains="事故升级").count() == 2  # office + dept, once each


def test_closed_accident_status_constant_is_used(world):
    """The overdue job ignores closed accidents."""
    a = report_accident(world, deaths=1, days_ago=0.2)
    Accident.objects.filter(pk=a.pk).update(status=AccidentStatus.CLOSED)
    assert flag_overdue_reports() == 0


def test_demo_shows_a_recent_accident_with_its_alert_and_a_follow_up(phones):
    import random

    from accidents import demo
    from accounts.demo import DemoContext

    w = phones
    ctx = DemoContext(rng=random.Random(7), log=lambda _: None)
    ctx.district, ctx.grids = w.district, [w.cell_a, w.cell_b]
    ctx.users = {"anweiban": w.users["office"]}
    ctx.industries = {"C31": w.industry}
    ctx.extra = {"enterprises": [w.ent_a]}
    demo.build(ctx)
    live = Accident.objects.get(place="炼钢车间")
    assert live.grade == AccidentGrade.LARGER and live.counted_deaths == 3
    assert live.reports.filter(level=ReportLevel.FOLLOW_UP).count() == 1
    assert Notification.objects.filter(dedup_key=f"accident-alert:{live.pk}", recipient=w.users["dept"]).exists()
    assert OutboundMessage.objects.filter(notification__dedup_key=f"accident-alert:{live.pk}", channel=SMS).exists()
    page = w.client("office").get(f"/accidents/{live.pk}/").content.decode()
    assert "data-countdown" in page and "失踪 1 人" in page


def test_report_from_someone_other_than_the_unit_leaves_the_units_one_hour_report_counting_down(phones):
    """493号令 第九条第二款: 现场人员 may call the district directly; the unit still owes its 1-hour report."""
    from emergency.models import EventReport

    received = timezone.now() - dt.timedelta(minutes=5)
    event = EventReport.objects.create(received_at=received, caller="路过群众", category="accident",
                                       region=phones.street_a, enterprise=phones.ent_a, content="厂房坍塌")
    r = phones.client("office").post(f"/emergency/events/{event.pk}/accident/", {
        "title": "甲企业坍塌事故", "occurred_at": timezone.localtime(received - dt.timedelta(minutes=10)).strftime(
            "%Y-%m-%dT%H:%M"), "category": "industrial", "accident_type": "collapse", "deaths": "3", "missing": "0",
        "serious_injuries": "0", "minor_injuries": "0", "direct_loss": "0"})  # box unchecked: not the unit
    a = Accident.objects.get()
    assert r.status_code == 302 and not a.reports.exists()
    step = next_open_step(report_steps(a))
    assert step.level == ReportLevel.UNIT_TO_COUNTY and step.deadline == a.occurred_at + dt.timedelta(hours=1)
    n = Notification.objects.get(recipient=phones.users["dept"], category="accident_alert")
    assert "事故单位 → 区县" in n.title and "1小时内" in n.title
    page = phones.client("office").get(f"/accidents/{a.pk}/").content.decode()
    assert "事故单位 → 区县</strong>：1 小时内" in page and "剩余 0:" in page
    assert flag_overdue_reports(now=(a.occurred_at + dt.timedelta(minutes=61)).isoformat()) == 1


def test_alert_title_fits_the_notification_and_leads_with_grade_and_deadline(phones):
    report_accident(phones, deaths=3, days_ago=0.03, title="甲" * 195)
    n = Notification.objects.get(recipient=phones.users["office"], category="accident_alert")
    assert len(n.title) <= 200 and n.title.startswith("【较大事故】")
    sms = OutboundMessage.objects.get(notification=n, channel=SMS)
    assert sms.params["title"].startswith("【较大事故】甲网格 死亡（含失踪）3人")
