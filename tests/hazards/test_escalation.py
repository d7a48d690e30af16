import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Notification
from hazards import services, tasks
from hazards.choices import EscalationLevel, HazardStatus, TransitionAction
from hazards.models import Hazard, HazardTransition

from .factories import HazardFactory

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def offsets(settings):
    settings.HAZARD_ESCALATION_DAYS = {1: 1, 2: 8, 3: 15}


def run(day: dt.date) -> dict:
    return tasks.overdue_escalation.delay(day.isoformat()).get()


def escalations(h):
    return list(h.transitions.filter(action=TransitionAction.ESCALATE).values_list("escalation_level", flat=True))


def test_overdue_hazard_escalates_once_per_level_and_the_timeline_shows_it(world):
    h = HazardFactory(enterprise=world.ent_a, deadline=DEADLINE)
    run(DEADLINE)  # on the deadline day: not overdue yet
    h.refresh_from_db()
    assert not h.is_overdue and h.escalation_level == 0
    for day in range(2, 30):  # the job runs daily; reruns on the same day change nothing
        run(dt.date(2026, 11, day))
        run(dt.date(2026, 11, day))
    h.refresh_from_db()
    assert h.is_overdue and h.escalation_level == EscalationLevel.INTERVIEW
    assert escalations(h) == [1, 2, 3]
    days = [t.at for t in h.transitions.filter(action=TransitionAction.ESCALATE)]
    assert len(set(days)) == 3
    assert h.transitions.filter(action=TransitionAction.OVERDUE).count() == 1


def test_levels_are_reached_at_the_configured_day_offsets(world):
    h = HazardFactory(enterprise=world.ent_a, deadline=DEADLINE)
    run(dt.date(2026, 11, 2))
    h.refresh_from_db()
    assert h.escalation_level == 1
    run(dt.date(2026, 11, 8))
    h.refresh_from_db()
    assert h.escalation_level == 1
    run(dt.date(2026, 11, 9))
    h.refresh_from_db()
    assert h.escalation_level == 2


def test_a_long_overdue_hazard_climbs_one_level_per_run(world):
    h = HazardFactory(enterprise=world.ent_a, deadline=DEADLINE)
    run(dt.date(2026, 12, 31))
    h.refresh_from_db()
    assert h.escalation_level == 1
    run(dt.date(2026, 12, 31))
    h.refresh_from_db()
    assert h.escalation_level == 2


def test_escalation_notifies_enterprise_then_grid_and_street_then_department_and_office(world):
    HazardFactory(enterprise=world.ent_a, deadline=DEADLINE)
    run(dt.date(2026, 11, 2))
    assert Notification.objects.filter(recipient=world.users["ent_a"], dedup_key__startswith="hazard-escalation:1").exists()
    assert not Notification.objects.filter(recipient=world.users["grid_a"]).exists()
    run(dt.date(2026, 11, 9))
    for role in ("grid_a", "street_a"):
        assert Notification.objects.filter(recipient=world.users[role], dedup_key__startswith="hazard-escalation:2").exists()
    assert not Notification.objects.filter(recipient=world.users["street_b"]).exists()
    run(dt.date(2026, 11, 16))
    for role in ("dept", "office"):
        assert Notification.objects.filter(recipient=world.users[role], dedup_key__startswith="hazard-escalation:3").exists()
    assert not Notification.objects.filter(recipient=world.users["dept_other"]).exists()


def test_closed_and_in_time_hazards_are_not_escalated(world):
    closed = HazardFactory(enterprise=world.ent_a, deadline=DEADLINE, status=HazardStatus.CLOSED)
    in_time = HazardFactory(enterprise=world.ent_a, deadline=dt.date(2026, 12, 31))
    run(dt.date(2026, 11, 20))
    assert not HazardTransition.objects.filter(hazard__in=[closed, in_time]).exists()
    assert Hazard.objects.filter(pk__in=[closed.pk, in_time.pk], escalation_level=0, is_overdue=False).count() == 2


def test_extended_deadline_clears_the_overdue_flag(world):
    h = HazardFactory(enterprise=world.ent_a, deadline=DEADLINE)
    run(dt.date(2026, 11, 5))
    Hazard.objects.filter(pk=h.pk).update(deadline=dt.date(2026, 12, 31))
    services.hazards_mark_overdue(today=dt.date(2026, 11, 6))
    h.refresh_from_db()
    assert not h.is_overdue and h.escalation_level == 1


def test_the_job_defaults_to_today(world):
    h = HazardFactory(enterprise=world.ent_a, deadline=timezone.localdate() - dt.timedelta(days=2))
    tasks.overdue_escalation.delay().get()
    h.refresh_from_db()
    assert h.is_overdue and h.escalation_level == 1


def test_both_jobs_are_in_the_one_beat_schedule():
    from safety_platform.celery import app

    tasks_scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"hazards.tasks.selfcheck_reminder", "hazards.tasks.overdue_escalation"} <= tasks_scheduled


def test_escalation_notices_name_the_enterprise_the_hazard_numbers_and_what_to_do(world):
    """Issue 17: notices named bare ids (#282、#276…); they name the enterprise, the hazard numbers
    and what the recipient is asked to do at its level."""
    h = HazardFactory(enterprise=world.ent_a, deadline=DEADLINE)
    run(dt.date(2026, 11, 2))
    n = Notification.objects.get(recipient=world.users["ent_a"], dedup_key__startswith="hazard-escalation:1")
    assert world.ent_a.name in n.title and h.number in n.body and f"#{h.pk}" not in n.body
    assert "请立即整改" in n.body
    run(dt.date(2026, 11, 9))
    n = Notification.objects.get(recipient=world.users["grid_a"], dedup_key__startswith="hazard-escalation:2")
    assert world.ent_a.name in n.body and h.number in n.body and "督促企业整改" in n.body
    run(dt.date(2026, 11, 16))
    n = Notification.objects.get(recipient=world.users["office"], dedup_key__startswith="hazard-escalation:3")
    assert world.ent_a.name in n.body and "约谈" in n.body
