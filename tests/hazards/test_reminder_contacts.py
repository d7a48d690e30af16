"""Issue 17 item 6 — reminders reach the right person: the enterprise's reminder contact (人员管理 ·
接收提醒) when it named one, else each of its users; an enterprise with no account yet gets an SMS
at the phone on its file (安全负责人, else 法定代表人), once per week however often the job runs."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Notification, OutboundMessage
from hazards.services import reminders, week_start_of
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


def _reminded(week) -> set[int]:
    return set(Notification.objects.filter(dedup_key=f"selfcheck-remind:{week:%Y%m%d}").values_list("recipient_id", flat=True))


def test_the_named_contact_is_reminded_instead_of_every_user(world, django_capture_on_commit_callbacks):
    week = week_start_of(timezone.localdate())
    e = EnterpriseFactory(region=world.cell_a, industry=world.industry)
    contact = UserFactory(role=Role.ENTERPRISE, enterprise=e, receives_reminders=True)
    other = UserFactory(role=Role.ENTERPRISE, enterprise=e)
    plain = EnterpriseFactory(region=world.cell_a, industry=world.industry)
    both = [UserFactory(role=Role.ENTERPRISE, enterprise=plain) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        reminders.selfcheck_remind_enterprises(week_start=week)
    reminded = _reminded(week)
    assert contact.pk in reminded and other.pk not in reminded
    assert {u.pk for u in both} <= reminded  # no contact named: every user of the enterprise


def test_an_enterprise_without_an_account_gets_an_sms_at_the_phone_on_its_file(world, django_capture_on_commit_callbacks):
    week = week_start_of(timezone.localdate())
    safety = EnterpriseFactory(region=world.cell_a, industry=world.industry, name="甲安全负责人有电话厂",
                               safety_director_phone="13911112222", legal_rep_phone="13800000000")
    legal = EnterpriseFactory(region=world.cell_a, industry=world.industry, name="乙只有法人电话厂",
                              safety_director_phone="", legal_rep_phone="13833334444")
    EnterpriseFactory(region=world.cell_a, industry=world.industry, name="丙无电话厂",
                      safety_director_phone="", legal_rep_phone="")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.selfcheck_remind_enterprises(week_start=week)
    sms = {m.address: m for m in OutboundMessage.objects.filter(recipient__isnull=True, channel="sms")}
    assert set(sms) == {"13911112222", "13833334444"}
    assert safety.name in sms["13911112222"].text and legal.name in sms["13833334444"].text
    assert "开通账号" in sms["13911112222"].text and sms["13911112222"].template == "notice"
    assert len(sms["13911112222"].params["title"]) <= 35
    # a rerun (the beat fires again, or after a killed worker) sends nothing twice
    with django_capture_on_commit_callbacks(execute=True):
        reminders.selfcheck_remind_enterprises(week_start=week)
    assert OutboundMessage.objects.filter(recipient__isnull=True, channel="sms").count() == 2
    # an enterprise with an account is reminded through its users, not at the file's phone
    UserFactory(role=Role.ENTERPRISE, enterprise=legal)
    next_week = week + timezone.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.selfcheck_remind_enterprises(week_start=next_week)
    assert OutboundMessage.objects.filter(recipient__isnull=True, address="13833334444").count() == 1
