"""Journey: the duty desk turns a call into an accident with 3 deaths; the office and the supervising
department get the alert at once (notification + the outbox's SMS rows); the accident page counts
down the unit's 1-hour report (493号令 第九条)."""

import datetime as dt

import pytest
from django.utils import timezone

from accidents.models import Accident
from accounts.models import Notification, OutboundMessage
from emergency.models import EventReport
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_duty_desk_records_an_accident_and_the_office_and_department_are_alerted(journey, world):
    duty = UserFactory(role="office", full_name="值班员 王五", phone="13800000011")
    chief = world.users["office"]
    chief.phone = "13800000012"
    chief.save(update_fields=["phone"])
    dept = world.users["dept"]
    dept.phone = "13800000013"
    dept.save(update_fields=["phone"])
    received = timezone.now() - dt.timedelta(minutes=3)
    event = EventReport.objects.create(received_at=received, caller="现场工人 孙明", caller_phone="13900000000",
                                       category="accident", region=world.street_a, enterprise=world.ent_a,
                                       content="甲企业冲压车间发生坍塌，3人被埋，已无生命体征")

    # 1. The duty desk turns the call into an accident record (the caller is not the unit).
    desk = journey("accident-alert-desk")
    desk.login(duty.username, PASSWORD)
    desk.goto(f"/emergency/events/{event.pk}/")
    occurred = timezone.localtime(received - dt.timedelta(minutes=10))
    desk.page.fill("#id_title", "甲企业“冲压车间”坍塌事故")
    desk.page.fill("#id_occurred_at", occurred.strftime("%Y-%m-%dT%H:%M"))
    desk.page.select_option("#id_category", "industrial")
    desk.page.select_option("#id_accident_type", "collapse")
    desk.page.fill("#id_place", "冲压车间")
    desk.page.fill("#id_deaths", "3")
    desk.page.uncheck("#id_unit_reported")
    with desk.page.expect_navigation():
        desk.page.click("text=转为事故记录 >> nth=-1")
    accident = Accident.objects.get()
    assert desk.page.url.endswith(f"/accidents/{accident.pk}/")
    card = desk.page.locator("#report-deadlines")
    assert "事故单位 → 区县" in card.inner_text() and "1 小时内" in card.inner_text()
    countdown = desk.page.locator("[data-countdown]")
    first = countdown.inner_text()
    assert first.startswith("剩余 0:")
    desk.page.wait_for_timeout(1500)
    assert countdown.inner_text() != first  # the static JS keeps it ticking
    desk.shot("accident-countdown")
    desk.check()

    # 2. The department officer, on a phone, has the alert with grade, place, casualties, deadline.
    officer = journey("accident-alert-dept", phone=True)
    officer.login(dept.username, PASSWORD)
    officer.goto("/notifications/")
    text = officer.page.inner_text("main") if officer.page.locator("main").count() else officer.page.content()
    assert "较大事故" in text and "冲压车间" in text and "死亡（含失踪）3人" in text and "1小时内" in text
    officer.shot("dept-notification")
    officer.page.click("text=较大事故 >> nth=0")
    officer.page.wait_for_load_state()
    assert officer.page.url.endswith(f"/accidents/{accident.pk}/")
    officer.check()

    # 3. The office sees the alert and the SMS rows in the outbox.
    office = journey("accident-alert-office")
    office.login(chief.username, PASSWORD)
    office.goto("/notifications/")
    assert "较大事故" in office.page.content()
    office.goto("/outbox/?channel=sms")
    html = office.page.content()
    assert "13800000013" in html and "13800000012" in html
    office.shot("outbox")
    office.check()
    assert Notification.objects.filter(category="accident_alert").count() >= 3
    assert OutboundMessage.objects.filter(channel="sms", address="13800000013").exists()
