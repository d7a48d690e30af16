import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Notification
from hazards import services, tasks
from hazards.choices import CheckResult, FilingStatus, HazardGrade, HazardSource
from hazards.models import Hazard, SelfCheck
from hazards.rules import selfcheck_deadline
from hazards.selectors import filing_counts, filing_rate, filing_rows
from tests.factories import EnterpriseFactory, UserFactory

from .factories import CheckItemFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 16)  # ISO week 47 of 2026


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def items(world):
    a = CheckItemFactory(template__industry=world.industry, description="除尘系统是否正常运行")
    b = CheckItemFactory(template=a.template, description="是否存在粉尘积累", major_by_definition=True)
    return a, b


def test_deadline_is_sunday_midnight_shanghai_plus_grace(settings):
    settings.HAZARD_SELFCHECK_DUE_HOURS = 168
    settings.HAZARD_SELFCHECK_GRACE_HOURS = 0
    due = selfcheck_deadline(MONDAY)
    assert timezone.localtime(due).replace(tzinfo=None) == dt.datetime(2026, 11, 23, 0, 0)
    settings.HAZARD_SELFCHECK_GRACE_HOURS = 12
    assert timezone.localtime(selfcheck_deadline(MONDAY)).hour == 12


def test_failed_items_open_hazards_and_major_by_definition_items_open_major_ones(world, items):
    a, b = items
    ent = world.users["ent_a"]
    sc = services.selfcheck_submit(
        enterprise=world.ent_a, by=ent, week_start=MONDAY, now=at(MONDAY + dt.timedelta(days=2)),
        answers=[{"item": a, "result": CheckResult.OK},
                 {"item": b, "result": CheckResult.FAIL, "responsible": "车间主任 李强", "description": "布袋除尘器下积尘 3mm"}],
    )
    assert not sc.is_zero and not sc.is_late and sc.hazards_found == 1
    hazard = Hazard.objects.get(self_check=sc)
    assert hazard.grade == HazardGrade.MAJOR and hazard.source == HazardSource.SELF_CHECK
    assert hazard.description == "布袋除尘器下积尘 3mm" and hazard.responsible == "车间主任 李强"
    assert sc.answers.get(item=b).hazard == hazard


def test_second_submit_for_the_same_week_is_refused_clearly(world, items):
    ent = world.users["ent_a"]
    all_ok = [{"item": i, "result": "ok"} for i in items]
    services.selfcheck_submit(enterprise=world.ent_a, by=ent, week_start=MONDAY, zero_report=True,
                              answers=all_ok, now=at(MONDAY + dt.timedelta(days=1)))
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_submit(enterprise=world.ent_a, by=ent, week_start=MONDAY + dt.timedelta(days=3),
                                  zero_report=True, answers=all_ok, now=at(MONDAY + dt.timedelta(days=3)))
    assert "2026年第47周" in exc.value.messages[0] and "不能重复提交" in exc.value.messages[0]
    assert SelfCheck.objects.filter(enterprise=world.ent_a).count() == 1


def test_failed_item_without_a_responsible_person_is_refused(world, items):
    a, b = items
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_submit(enterprise=world.ent_a, by=world.users["ent_a"], week_start=MONDAY,
                                  now=at(MONDAY), answers=[{"item": a, "result": "ok"}, {"item": b, "result": "fail"}])
    assert any("整改责任人" in m for m in exc.value.messages)


def test_zero_report_must_be_explicit_and_cannot_contain_failures(world, items):
    a, b = items
    ent = world.users["ent_a"]
    all_ok = [{"item": a, "result": "ok"}, {"item": b, "result": "na"}]
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_submit(enterprise=world.ent_a, by=ent, week_start=MONDAY, now=at(MONDAY), answers=all_ok)
    assert any("零报告" in m for m in exc.value.messages)
    with pytest.raises(ValidationError):
        services.selfcheck_submit(enterprise=world.ent_a, by=ent, week_start=MONDAY, now=at(MONDAY), zero_report=True,
                                  answers=[{"item": a, "result": "ok"}, {"item": b, "result": "fail", "responsible": "x"}])
    sc = services.selfcheck_submit(enterprise=world.ent_a, by=ent, week_start=MONDAY, now=at(MONDAY),
                                   zero_report=True, answers=all_ok)
    assert sc.is_zero and sc.answers.count() == 2


def test_late_filing_is_accepted_and_marked_late(world):
    sc = services.selfcheck_submit(enterprise=world.ent_a, by=world.users["ent_a"], week_start=MONDAY,
                                   zero_report=True, now=at(MONDAY + dt.timedelta(days=8)))
    assert sc.is_late
    rows = {e.pk: e.filing for e in filing_rows(world.ent_a.__class__.objects.all(), MONDAY)}
    assert rows[world.ent_a.pk] == FilingStatus.LATE and rows[world.ent_b.pk] == FilingStatus.MISSING


def test_amendment_before_deadline_is_recorded_and_refused_after(world, items):
    a, b = items
    ent = world.users["ent_a"]
    sc = services.selfcheck_submit(enterprise=world.ent_a, by=ent, week_start=MONDAY, zero_report=True,
                                   answers=[{"item": a, "result": "ok"}, {"item": b, "result": "na"}],
                                   now=at(MONDAY + dt.timedelta(days=1)))
    services.selfcheck_amend(self_check=sc, by=ent, now=at(MONDAY + dt.timedelta(days=5)),
                             answers=[{"item": a, "result": "fail", "responsible": "张工"}, {"item": b, "result": "ok"}])
    sc.refresh_from_db()
    assert sc.amend_count == 1 and sc.amended_at is not None and not sc.is_zero and sc.hazards_found == 1
    from accounts.models import AuditLog
    assert AuditLog.objects.filter(action="自查周报修改", object_id=str(sc.pk)).exists()
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_amend(self_check=sc, by=ent, zero_report=True, now=at(MONDAY + dt.timedelta(days=7, hours=1)))
    assert "截止" in exc.value.messages[0]


def test_filing_counts_and_rate(world):
    services.selfcheck_submit(enterprise=world.ent_a, by=None, week_start=MONDAY, zero_report=True, now=at(MONDAY))
    counts = filing_counts(world.ent_a.__class__.objects.all(), MONDAY)
    assert counts["total"] == 2 and counts[FilingStatus.ZERO] == 1 and counts[FilingStatus.MISSING] == 1
    assert filing_rate(world.ent_a.__class__.objects.all(), MONDAY) == 50


def test_one_week_reminder_scenario_with_three_enterprises(world):
    """One files, one files a zero report, one files nothing: only the third is reminded before the
    deadline; after it, its grid officer gets it in the non-filer list; a rerun sends nothing new."""
    cell = world.cell_a
    filer, zero, silent = (EnterpriseFactory(name=n, region=cell, industry=world.industry) for n in ("甲", "乙", "丙"))
    world.ent_a.status = world.ent_b.status = "closed"  # keep the scenario to the three enterprises
    world.ent_a.save(update_fields=["status"])
    world.ent_b.save(update_fields=["status"])
    users = {e.name: UserFactory(role=Role.ENTERPRISE, enterprise=e) for e in (filer, zero, silent)}
    item = CheckItemFactory(template__industry=world.industry)
    services.selfcheck_submit(enterprise=filer, by=users["甲"], week_start=MONDAY, now=at(MONDAY + dt.timedelta(days=4)),
                              answers=[{"item": item, "result": "fail", "responsible": "王五"}])
    services.selfcheck_submit(enterprise=zero, by=users["乙"], week_start=MONDAY, zero_report=True,
                              answers=[{"item": item, "result": "ok"}], now=at(MONDAY + dt.timedelta(days=4)))

    before = at(MONDAY + dt.timedelta(days=5), 9).isoformat()  # Saturday, within the reminder window
    result = tasks.selfcheck_reminder.delay(before).get()
    reminded = Notification.objects.filter(dedup_key="selfcheck-remind:20261116")
    assert result["reminded"] == 1
    assert list(reminded.values_list("recipient", flat=True)) == [users["丙"].pk]

    after = at(MONDAY + dt.timedelta(days=7), 9).isoformat()  # next Monday morning
    tasks.selfcheck_reminder.delay(after).get()
    lists = Notification.objects.filter(dedup_key="selfcheck-nonfilers:20261116")
    grid_note = lists.get(recipient=world.users["grid_a"])
    assert "丙" in grid_note.body and "甲" not in grid_note.body and "乙" not in grid_note.body
    assert lists.filter(recipient=world.users["street_a"]).exists()
    assert not lists.filter(recipient=world.users["street_b"]).exists()

    total = Notification.objects.count()
    again = tasks.selfcheck_reminder.delay(after).get()
    tasks.selfcheck_reminder.delay(before).get()
    assert again["listed"] == 0 and Notification.objects.count() == total
