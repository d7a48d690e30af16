"""Issue 18 item 1: a self-check cannot be faked — a 零报告 checks every item, an amendment never
erases a finding (a wrong one is withdrawn on the hazard's page, before the grid officer), a filed
week shows what it opened, and deadlines are written so nobody misreads them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from hazards import services
from hazards.choices import HazardGrade, HazardSource, HazardStatus, TransitionAction
from hazards.models import Hazard, SelfCheck
from hazards.rules import deadline_text, selfcheck_deadline, week_start_of

from .factories import CheckItemFactory, HazardFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 16)  # ISO week 47 of 2026: due Sunday 22 November, 24:00


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def items(world):
    a = CheckItemFactory(template__industry=world.industry, description="除尘系统是否正常运行")
    b = CheckItemFactory(template=a.template, description="是否存在粉尘积累")
    return a, b


@pytest.fixture
def with_hazard(world, items):
    """ent_a's week 47, filed with item b 不合格 (one general hazard opened)."""
    a, b = items
    return services.selfcheck_submit(
        enterprise=world.ent_a, by=world.users["ent_a"], week_start=MONDAY, now=at(MONDAY + dt.timedelta(days=1)),
        answers=[{"item": a, "result": "ok"}, {"item": b, "result": "fail", "responsible": "车间主任 李强"}],
    )


# --- a 零报告 checks every item ---------------------------------------------------------------------

def test_zero_report_without_answers_is_refused_by_the_service(world, items):
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_submit(enterprise=world.ent_a, by=world.users["ent_a"], week_start=MONDAY,
                                  zero_report=True, now=at(MONDAY))
    assert "零报告须逐项确认" in exc.value.messages[0] and "除尘系统是否正常运行" in exc.value.messages[0]
    assert not SelfCheck.objects.exists()


def test_zero_report_with_one_item_unanswered_is_refused(world, items):
    a, b = items
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_submit(enterprise=world.ent_a, by=world.users["ent_a"], week_start=MONDAY,
                                  zero_report=True, answers=[{"item": a, "result": "ok"}], now=at(MONDAY))
    assert "是否存在粉尘积累" in exc.value.messages[0] and "除尘系统" not in exc.value.messages[0]


def test_zero_report_posted_with_only_the_checkbox_is_refused_on_the_page(world, items):
    response = world.client("ent_a").post(reverse("hazards:selfcheck_week"), {"zero_report": "on"})
    assert response.status_code == 400
    assert "零报告须逐项确认" in response.content.decode()
    assert not SelfCheck.objects.filter(enterprise=world.ent_a).exists()


def test_zero_report_posted_with_only_the_flag_is_refused_by_the_api(world, items):
    week = week_start_of(timezone.localdate()).isoformat()
    response = world.client("ent_a").post("/api/v1/self-checks/", {"week_start": week, "zero_report": True},
                                          content_type="application/json")
    assert response.status_code == 400 and "零报告须逐项确认" in str(response.json())
    assert not SelfCheck.objects.filter(enterprise=world.ent_a).exists()


def test_zero_report_of_every_item_ok_or_na_is_accepted_on_the_page(world, items):
    a, b = items
    response = world.client("ent_a").post(reverse("hazards:selfcheck_week"),
                                          {"zero_report": "on", f"r_{a.pk}": "ok", f"r_{b.pk}": "na"})
    assert response.status_code == 302
    sc = SelfCheck.objects.get(enterprise=world.ent_a)
    assert sc.is_zero and sc.answers.count() == 2


# --- an amendment never erases a finding ------------------------------------------------------------

def test_amendment_cannot_turn_a_week_that_found_a_hazard_into_a_zero_report(world, items, with_hazard):
    a, b = items
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_amend(self_check=with_hazard, by=world.users["ent_a"], zero_report=True,
                                 answers=[{"item": a, "result": "ok"}, {"item": b, "result": "ok"}],
                                 now=at(MONDAY + dt.timedelta(days=2)))
    assert any("不能改为零报告" in m for m in exc.value.messages)
    assert any("误报撤销" in m for m in exc.value.messages)
    with_hazard.refresh_from_db()
    assert not with_hazard.is_zero and with_hazard.hazards_found == 1 and with_hazard.amend_count == 0
    assert with_hazard.answers.get(item=b).hazard is not None


def test_amendment_cannot_flip_the_failed_item_of_an_opened_hazard_to_ok(world, items, with_hazard):
    a, b = items
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_amend(self_check=with_hazard, by=world.users["ent_a"],
                                 answers=[{"item": a, "result": "fail", "responsible": "张工"},
                                          {"item": b, "result": "na"}],
                                 now=at(MONDAY + dt.timedelta(days=2)))
    hazard = Hazard.objects.get(self_check=with_hazard)
    assert any(hazard.number in m and "不能改为“不涉及”" in m for m in exc.value.messages)
    assert Hazard.objects.filter(self_check=with_hazard).count() == 1  # nothing half-written


def test_amendment_adds_findings_and_keeps_the_opened_hazard(world, items, with_hazard):
    a, b = items
    first = Hazard.objects.get(self_check=with_hazard)
    services.selfcheck_amend(self_check=with_hazard, by=world.users["ent_a"],
                             answers=[{"item": a, "result": "fail", "responsible": "张工"},
                                      {"item": b, "result": "fail"}],  # the kept hazard asks for nothing new
                             now=at(MONDAY + dt.timedelta(days=2)))
    with_hazard.refresh_from_db()
    assert with_hazard.hazards_found == 2 and not with_hazard.is_zero
    assert with_hazard.answers.get(item=b).hazard == first
    assert Hazard.objects.filter(self_check=with_hazard).count() == 2


def test_the_database_refuses_a_zero_report_that_found_a_hazard(with_hazard):
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfCheck.objects.filter(pk=with_hazard.pk).update(is_zero=True)


# --- a wrong hazard is withdrawn through its own lifecycle -----------------------------------------

def test_a_wrongly_opened_hazard_is_withdrawn_with_a_reason_before_the_grid_officer(world, with_hazard):
    world.cell_a.officers.add(world.users["grid_a"])
    hazard = Hazard.objects.get(self_check=with_hazard)
    ent = world.users["ent_a"]
    with pytest.raises(ValidationError) as exc:
        services.hazard_withdraw(hazard=hazard, by=ent, reason=" ")
    assert "reason" in exc.value.message_dict
    services.hazard_withdraw(hazard=hazard, by=ent, reason="积尘为检修时临时堆放，已当班清理，不构成隐患")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED and hazard.spot_check_due
    step = hazard.transitions.get(action=TransitionAction.WITHDRAW)
    assert "检修时临时堆放" in step.note and step.by == ent
    assert Notification.objects.filter(recipient=world.users["grid_a"], title__contains="待抽查", body__contains="检修时临时堆放").exists()
    # the grid officer's 抽查 can reopen it
    services.hazard_spot_check(hazard=hazard, by=world.users["grid_a"], passed=False, note="现场仍有积尘")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    with_hazard.refresh_from_db()
    assert with_hazard.hazards_found == 1 and not with_hazard.is_zero  # the week still records the finding


def test_only_the_enterprise_withdraws_and_only_general_self_found_hazards(world):
    major = HazardFactory(enterprise=world.ent_a, source=HazardSource.SELF_CHECK, grade=HazardGrade.MAJOR)
    with pytest.raises(PermissionDenied):
        services.hazard_withdraw(hazard=major, by=world.users["ent_a"], reason="误报")
    grid_found = HazardFactory(enterprise=world.ent_a, source=HazardSource.GRID)
    with pytest.raises(PermissionDenied):
        services.hazard_withdraw(hazard=grid_found, by=world.users["ent_a"], reason="误报")
    own = HazardFactory(enterprise=world.ent_a, source=HazardSource.SELF_CHECK)
    with pytest.raises(PermissionDenied):
        services.hazard_withdraw(hazard=own, by=world.users["grid_a"], reason="误报")
    assert not Hazard.objects.filter(status=HazardStatus.CLOSED).exists()


def test_withdraw_through_the_page_and_the_api(world):
    h1, h2 = (HazardFactory(enterprise=world.ent_a, source=HazardSource.SELF_CHECK) for _ in range(2))
    client = world.client("ent_a")
    page = client.post(reverse("hazards:withdraw", args=[h1.pk]), {"reason": "重复登记"})
    assert page.status_code == 302
    api = client.post(f"/api/v1/hazards/{h2.pk}/withdraw/", {"reason": "重复登记"}, content_type="application/json")
    assert api.status_code == 200 and api.json()["status"] == HazardStatus.CLOSED
    assert Hazard.objects.filter(pk__in=[h1.pk, h2.pk], status=HazardStatus.CLOSED).count() == 2
    refused = world.client("grid_a").post(f"/api/v1/hazards/{h2.pk}/withdraw/", {}, content_type="application/json")
    assert refused.status_code == 403


# --- a filed week shows what was filed --------------------------------------------------------------

def test_revisiting_a_filed_week_shows_its_hazards_and_what_can_still_change(world, items):
    a, b = items
    week = week_start_of(timezone.localdate())
    sc = services.selfcheck_submit(
        enterprise=world.ent_a, by=world.users["ent_a"], week_start=week,
        answers=[{"item": a, "result": "ok"}, {"item": b, "result": "fail", "responsible": "李强"}])
    hazard = Hazard.objects.get(self_check=sc)
    page = world.client("ent_a").get(reverse("hazards:selfcheck_week"))
    html = page.content.decode()
    assert reverse("hazards:detail", args=[hazard.pk]) in html and hazard.number in html
    assert hazard.get_status_display() in html
    assert "仍可修改" in html and "误报撤销" in html and "不能改为零报告" in html
    assert f'name="r_{b.pk}"' in html and "disabled" in html.split(f'name="r_{b.pk}"')[1].split(">")[0]
    assert 'name="zero_report"' not in html
    detail = world.client("ent_a").get(reverse("hazards:selfcheck_detail", args=[sc.pk])).content.decode()
    assert hazard.number in detail and hazard.get_status_display() in detail and "本周登记的隐患" in detail


# --- deadlines nobody can misread -------------------------------------------------------------------

def test_deadline_text_names_the_day_and_24_00(settings):
    settings.HAZARD_SELFCHECK_DUE_HOURS, settings.HAZARD_SELFCHECK_GRACE_HOURS = 168, 0
    assert deadline_text(selfcheck_deadline(MONDAY)) == "11月22日（周日）24:00前"
    assert deadline_text(selfcheck_deadline(dt.date(2026, 11, 30))) == "12月6日（周日）24:00前"
    settings.HAZARD_SELFCHECK_GRACE_HOURS = 12
    assert deadline_text(selfcheck_deadline(MONDAY)) == "11月23日（周一）12:00前"


def test_the_form_and_the_reminder_show_the_unambiguous_deadline(world, items):
    week = week_start_of(timezone.localdate())
    text = deadline_text(selfcheck_deadline(week))
    html = world.client("ent_a").get(reverse("hazards:selfcheck_week")).content.decode()
    assert text in html and "00:00" not in html
    services.selfcheck_remind_enterprises(week_start=week)
    body = Notification.objects.filter(recipient=world.users["ent_a"], category="selfcheck").get().body
    assert text in body and "00:00" not in body
