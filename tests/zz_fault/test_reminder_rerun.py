"""A worker killed during the weekly self-check reminder job: re-running the job reminds every
non-filer exactly once — in the app and by SMS — and nobody twice (dedup_key per week, one
transaction per chunk, SMS/e-mail outbox rows written in it and sent only after it commits)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Notification, OutboundMessage
from hazards import tasks as hazard_tasks
from hazards.services import reminders as hazard_reminders
from hazards.services import selfcheck_deadline, week_start_of
from tests.factories import EnterpriseFactory, UserFactory
from tests.hazards.factories import SelfCheckFactory

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing on the way up may swallow it."""


@pytest.fixture
def district(world):
    week = week_start_of(timezone.localdate())
    filer = EnterpriseFactory(region=world.cell_a, industry=world.industry)
    SelfCheckFactory(enterprise=filer, week_start=week)
    UserFactory(role=Role.ENTERPRISE, enterprise=filer, phone="13811112222")
    nonfilers = [EnterpriseFactory(region=world.cell_a, industry=world.industry) for _ in range(10)]
    users = [UserFactory(role=Role.ENTERPRISE, enterprise=e, phone=f"1390000{i:04d}") for i, e in enumerate(nonfilers)]
    expected = {u.pk for u in users} | {world.users["ent_a"].pk, world.users["ent_b"].pk}
    return week, expected, filer


def _run_job(week) -> dict:
    """The beat task, at a moment inside the reminder window of ``week``."""
    moment = timezone.localtime(selfcheck_deadline(week)) - dt.timedelta(hours=2)
    return hazard_tasks.selfcheck_reminder(now=moment.isoformat())


@pytest.mark.parametrize("crash", ["between chunks", "inside a chunk before it commits"])
def test_rerun_after_a_killed_worker_reminds_everyone_once_and_nobody_twice(
    district, monkeypatch, django_capture_on_commit_callbacks, crash
):
    week, expected, filer = district
    monkeypatch.setattr(hazard_reminders, "REMIND_CHUNK", 4)
    real_notify = hazard_reminders.notify
    calls = {"n": 0}

    def dying_notify(**kwargs):
        if not kwargs.get("dedup_key", "").startswith("selfcheck-remind:"):
            return real_notify(**kwargs)  # last week's non-filer lists to officers: not under test
        calls["n"] += 1
        if calls["n"] == 3 and crash == "between chunks":
            raise WorkerKilled
        created = real_notify(**kwargs)
        if calls["n"] == 2 and crash != "between chunks":
            raise WorkerKilled  # the chunk's rows and messages are written but not committed
        return created

    monkeypatch.setattr(hazard_reminders, "notify", dying_notify)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkerKilled):
        _run_job(week)
    reminders = Notification.objects.filter(dedup_key=f"selfcheck-remind:{week:%Y%m%d}")
    partial = set(reminders.values_list("recipient_id", flat=True))
    assert 0 < len(partial) < len(expected), "the crash should leave the job half done"

    monkeypatch.setattr(hazard_reminders, "notify", real_notify)
    with django_capture_on_commit_callbacks(execute=True):
        _run_job(week)
        _run_job(week)  # and a third run, as beat would on the next tick

    per_user = Counter(reminders.values_list("recipient_id", flat=True))
    assert set(per_user) == expected, "every non-filer is reminded, the filer is not"
    assert max(per_user.values()) == 1, f"reminded twice: {[u for u, n in per_user.items() if n > 1]}"
    sent = OutboundMessage.objects.filter(channel="sms", status=OutboundMessage.Status.SENT)
    assert not OutboundMessage.objects.filter(channel="sms").exclude(status=OutboundMessage.Status.SENT).exists()
    sms = Counter(sent.values_list("address", flat=True))
    assert sms and max(sms.values()) == 1, f"an SMS went out twice: {[p for p, n in sms.items() if n > 1]}"
    assert "13811112222" not in sms
