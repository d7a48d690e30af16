"""Drills (record, photos, findings → plan revision or hazard), duty roster and handover, event → accident."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accidents.models import Accident
from emergency import services
from emergency.choices import DrillStatus, EventStatus, FindingAction, OwnerKind, PlanType
from emergency.models import Drill, DrillPhoto, DutyAssignment
from hazards.models import Hazard
from tests.emergency.factories import DrillFactory, DutyFactory, EventFactory, PlanFactory


@pytest.fixture
def held_drill(world):
    plan = PlanFactory(enterprise=world.ent_a, plan_type=PlanType.ONSITE, title="配电室火灾现场处置方案")
    drill = DrillFactory(enterprise=world.ent_a, plan=plan, planned_date=timezone.localdate())
    return services.drill_record(drill=drill, by=world.users["ent_a"], held_on=timezone.localdate(),
                                 participant_count=35, participants="生产部、安环部", evaluation="响应及时", rating="good")


def test_recording_a_drill_marks_it_held(world, held_drill):
    assert (held_drill.status, held_drill.participant_count) == (DrillStatus.HELD, 35)


def test_drill_in_the_future_cannot_be_recorded_as_held(world):
    drill = DrillFactory(enterprise=world.ent_a)
    with pytest.raises(ValidationError) as exc:
        services.drill_record(drill=drill, by=world.users["ent_a"], held_on=timezone.localdate() + dt.timedelta(days=1),
                              participant_count=1)
    assert "held_on" in exc.value.message_dict


def test_planned_drill_past_its_date_is_flagged_overdue(world):
    late = DrillFactory(enterprise=world.ent_a, planned_date=timezone.localdate() - dt.timedelta(days=1))
    assert late.overdue
    page = world.client("ent_a").get("/emergency/drills/?overdue=true").content.decode()
    assert late.title in page and "逾期未举行" in page


def test_finding_opens_a_revision_of_the_drills_plan(world, held_drill):
    finding = services.drill_finding_add(drill=held_drill, by=world.users["ent_a"],
                                         description="应急照明不足，疏散路线标识不清", action=FindingAction.PLAN_REVISION)
    held_drill.plan.refresh_from_db()
    assert finding.revision.plan == held_drill.plan and finding.revision.drill == held_drill
    assert held_drill.plan.needs_revision


def test_finding_registers_a_hazard_in_the_one_ledger(world, held_drill):
    deadline = timezone.localdate() + dt.timedelta(days=15)
    finding = services.drill_finding_add(drill=held_drill, by=world.users["ent_a"], description="消防通道堆放杂物",
                                         action=FindingAction.HAZARD, hazard_deadline=deadline)
    hazard = Hazard.objects.get(pk=finding.hazard_id)
    assert (hazard.enterprise, hazard.deadline, hazard.description) == (world.ent_a, deadline, "消防通道堆放杂物")
    assert hazard.origin == held_drill


def test_hazard_finding_needs_a_deadline(world, held_drill):
    with pytest.raises(ValidationError) as exc:
        services.drill_finding_add(drill=held_drill, by=world.users["ent_a"], description="x", action=FindingAction.HAZARD)
    assert "hazard_deadline" in exc.value.message_dict


def test_findings_only_after_the_drill_was_held(world):
    drill = DrillFactory(enterprise=world.ent_a)
    with pytest.raises(ValidationError):
        services.drill_finding_add(drill=drill, by=world.users["ent_a"], description="x")


def test_drill_photo_must_be_an_image(world, held_drill, png):
    c = world.client("ent_a")
    c.post(f"/emergency/drills/{held_drill.pk}/photos/", {"image": png, "caption": "疏散集合"})
    assert DrillPhoto.objects.filter(drill=held_drill).count() == 1
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    response = c.post(f"/emergency/drills/{held_drill.pk}/photos/", {"image": fake}, follow=True)
    assert "现场照片：" in response.content.decode()
    assert DrillPhoto.objects.filter(drill=held_drill).count() == 1


def test_supervisor_sees_but_cannot_record_an_enterprise_drill(world):
    drill = DrillFactory(enterprise=world.ent_a)
    assert world.client("dept").get(f"/emergency/drills/{drill.pk}/").status_code == 200
    response = world.client("dept").post(f"/emergency/drills/{drill.pk}/record/", {
        "held_on": timezone.localdate().isoformat(), "participant_count": "3"})
    assert response.status_code == 403
    drill.refresh_from_db()
    assert drill.status == DrillStatus.PLANNED


def test_department_creates_drill_for_itself_through_the_page(world):
    response = world.client("dept").post("/emergency/drills/new/", {
        "title": "危化品泄漏专项演练", "drill_type": "special", "form": "tabletop", "scenario": "储罐泄漏",
        "planned_date": "2026-12-10"})
    assert response.status_code == 302
    drill = Drill.objects.get(title="危化品泄漏专项演练")
    assert (drill.owner_kind, drill.department) == (OwnerKind.DEPARTMENT, world.dept)


def test_duty_today_and_handover_once(world):
    duty = services.duty_assign(by=world.users["office"], date=timezone.localdate(), shift="day",
                                leader="张局长", officer="刘洋", phone="0472-1")
    page = world.client("office").get("/emergency/duty/").content.decode()
    assert "今日值班" in page and "刘洋" in page
    services.duty_handover(duty=duty, by=world.users["office"], note="接报2起，均已处置完毕")
    with pytest.raises(ValidationError):
        services.duty_handover(duty=duty, by=world.users["office"], note="again")
    with pytest.raises(ValidationError):
        services.duty_assign(by=world.users["office"], date=duty.date, shift="day", leader="x", officer="y", phone="1")


def test_assigning_the_same_shift_again_reassigns_it(world):
    DutyFactory(date=dt.date(2026, 12, 1), shift="night", officer="甲")
    services.duty_assign(by=world.users["office"], date=dt.date(2026, 12, 1), shift="night", leader="乙", officer="乙",
                         phone="1")
    assert DutyAssignment.objects.get(date=dt.date(2026, 12, 1), shift="night").officer == "乙"


def test_event_becomes_an_accident_record_through_the_accidents_service(world):
    received = timezone.now() - dt.timedelta(hours=2)
    event = EventFactory(received_at=received, region=world.street_a, enterprise=world.ent_a, caller="孙明",
                         content="甲企业冲压车间一名工人手部受伤")
    response = world.client("office").post(f"/emergency/events/{event.pk}/accident/", {
        "title": "甲企业机械伤害事故", "occurred_at": timezone.localtime(received - dt.timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"),
        "category": "industrial", "accident_type": "machinery", "deaths": "0", "missing": "0",
        "serious_injuries": "1", "minor_injuries": "0", "direct_loss": "12"})
    event.refresh_from_db()
    accident = Accident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/accidents/{accident.pk}/"
    assert (event.accident, event.status, accident.enterprise, accident.region) == (
        accident, EventStatus.CLOSED, world.ent_a, world.street_a)
    with pytest.raises(ValidationError):
        services.event_to_accident(event=event, by=world.users["office"], title="again",
                                   occurred_at=received, category="industrial", accident_type="machinery")


def test_event_to_accident_shows_the_accident_services_errors_on_the_form(world):
    event = EventFactory(received_at=timezone.now() - dt.timedelta(hours=1), region=world.street_a)
    response = world.client("office").post(f"/emergency/events/{event.pk}/accident/", {
        "title": "x", "occurred_at": timezone.localtime(timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "category": "industrial", "accident_type": "machinery", "deaths": "0", "missing": "0",
        "serious_injuries": "0", "minor_injuries": "0", "direct_loss": "0"})
    assert response.status_code == 400 and "报告时间不能早于事故发生时间" in response.content.decode()
    assert not Accident.objects.exists()


def test_event_log_list_and_export_are_office_only(world):
    EventFactory(caller="赵先生")
    assert "赵先生" in world.client("office").get("/emergency/events/").content.decode()
    assert world.client("office").get("/emergency/events/?export=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    assert world.client("dept").get("/emergency/events/").status_code == 403
    assert world.client("dept").get("/api/v1/emergency/events/").json()["count"] == 0


def test_a_drill_can_only_follow_its_own_units_plan(world):
    other_plan = PlanFactory(enterprise=world.ent_b)
    with pytest.raises(ValidationError) as exc:
        services.drill_create(by=world.users["ent_a"], title="x", drill_type=PlanType.ONSITE, scenario="x",
                              planned_date=dt.date(2026, 12, 1), plan=other_plan)
    assert "plan" in exc.value.message_dict
    drill = DrillFactory(enterprise=world.ent_a)
    with pytest.raises(ValidationError):
        services.drill_update(drill=drill, by=world.users["ent_a"], plan=other_plan)
