"""Journey 1: an enterprise user on a phone files this week's self-check with one 不合格 item and a
photo, and later submits the rectification with an after-photo."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from hazards.choices import HazardSource, HazardStatus, PhotoKind
from hazards.models import Hazard, SelfCheck
from tests.factories import PASSWORD
from tests.hazards.factories import CheckItemFactory, CheckTemplateFactory

from .helpers import photo_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checklist(world):
    template = CheckTemplateFactory(name="金属制品企业周检查表", industry=world.industry)
    items = [
        CheckItemFactory(template=template, description="配电箱（柜）完好，无裸露带电体", basis="GB 50054"),
        CheckItemFactory(template=template, description="除尘系统按规定清扫并记录", basis="GB 15577-2018"),
        CheckItemFactory(template=template, description="安全出口、疏散通道畅通", basis="消防法第二十八条"),
    ]
    return items


def test_enterprise_files_a_self_check_with_a_failed_item_and_rectifies_it(journey, world, checklist, tmp_path):
    j = journey("journey1-enterprise", phone=True)
    j.login(world.users["ent_a"].username, PASSWORD)
    j.goto("/hazards/self-check/")
    j.shot("this-week-form")

    failed, *passed = checklist
    j.page.check(f"input[name='r_{failed.pk}'][value='fail']")
    card = j.page.locator(".card", has=j.page.locator(f"input[name='r_{failed.pk}']"))
    # Choosing 不合格 opens the item's hazard details, with the default deadline already filled in.
    j.page.wait_for_function("el => el.open", arg=card.locator("details").element_handle(), timeout=5000)
    default_deadline = timezone.localdate() + dt.timedelta(days=settings.HAZARD_DEFAULT_DEADLINE_DAYS)
    assert j.page.input_value(f"[name='dl_{failed.pk}']") == default_deadline.isoformat()
    j.page.fill(f"[name='d_{failed.pk}']", "二号车间配电箱门缺失，带电体裸露")
    j.page.fill(f"[name='l_{failed.pk}']", "二号车间")
    j.page.fill(f"[name='p_{failed.pk}']", "电工 王师傅")
    j.page.set_input_files(f"[name='f_{failed.pk}']", photo_file(tmp_path, "before.jpg"))
    for item in passed:
        j.page.check(f"input[name='r_{item.pk}'][value='ok']")
    j.shot("filled")
    j.page.click("button[type=submit]:has-text('提交本周自查')")
    j.page.wait_for_load_state()
    assert "发现隐患 1 条" in j.page.content()
    j.shot("submitted")

    sc = SelfCheck.objects.get(enterprise=world.ent_a)
    assert not sc.is_zero and sc.hazards_found == 1
    hazard = Hazard.objects.get(enterprise=world.ent_a)
    assert hazard.source == HazardSource.SELF_CHECK
    assert hazard.photos.filter(kind=PhotoKind.BEFORE).count() == 1

    # Later: the enterprise starts the rectification and submits it with an after-photo.
    j.goto(f"/hazards/{hazard.pk}/")
    j.page.click("button:has-text('开始整改')")
    j.page.wait_for_load_state()
    j.page.fill("form[action$='/submit/'] textarea[name='note']", "已更换配电箱门并加锁，张贴警示标识")
    j.page.set_input_files("form[action$='/submit/'] input[name='photos']", photo_file(tmp_path, "after.jpg", (40, 160, 60)))
    j.page.click("button:has-text('提交验收')")
    j.page.wait_for_load_state()
    j.shot("submitted-for-verification")

    hazard.refresh_from_db()
    assert hazard.status in (HazardStatus.SUBMITTED, HazardStatus.CLOSED)
    assert hazard.photos.filter(kind=PhotoKind.AFTER).count() == 1
    assert hazard.transitions.count() >= 2
    j.check()
