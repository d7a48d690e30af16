"""Journey (issue 17): the office opens accounts for a street's enterprises from the registry; one
enterprise's safety officer logs in with the initial password from the SMS, is made to change it,
and files this week's self-check; the grid officer files 代报 for another enterprise of the cell
that cannot use the platform; the filing board shows both."""

import pytest

from accounts.models import OutboundMessage, User
from hazards.models import SelfCheck
from tests.factories import PASSWORD, EnterpriseFactory
from tests.hazards.factories import CheckItemFactory, CheckTemplateFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "钢城安全第一责任在我"


def test_office_onboards_a_street_and_an_enterprise_logs_in_changes_password_and_files(journey, world):
    enterprise = EnterpriseFactory(name="少先路金属制品厂", region=world.cell_a, industry=world.industry,
                                   safety_director="周安全", safety_director_phone="13700001111")
    template = CheckTemplateFactory(name="金属制品企业周检查表", industry=world.industry)
    items = [CheckItemFactory(template=template, description=d) for d in ("配电箱完好", "安全出口畅通")]

    office = journey("onboarding-office")
    office.login(world.users["office"].username, PASSWORD)
    office.goto("/onboarding/")
    office.page.select_option("select[name='street']", str(world.street_a.pk))
    office.page.select_option("select[name='delivery']", "sms")
    office.page.click("button:has-text('生成开通清单')")
    office.page.wait_for_load_state()
    assert enterprise.uscc in office.page.content()
    office.shot("draft")
    office.page.click("button:has-text('确认开通')")
    office.page.wait_for_load_state()
    assert "已开通 1 / 1" in office.page.content()
    office.shot("done")
    office.check()

    user = User.objects.get(username=enterprise.uscc)
    sms = OutboundMessage.objects.get(recipient=user)
    assert sms.status == OutboundMessage.Status.SENT and sms.address == "13700001111"

    person = journey("onboarding-enterprise", phone=True)
    person.login(enterprise.uscc, sms.params["password"])
    assert "/accounts/password/" in person.page.url
    person.shot("forced-change")
    person.page.fill("[name='old_password']", sms.params["password"])
    person.page.fill("[name='new_password1']", NEW_PASSWORD)
    person.page.fill("[name='new_password2']", NEW_PASSWORD)
    person.page.click("button:has-text('保存')")
    person.page.wait_for_load_state()
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)

    person.goto("/hazards/self-check/")
    for item in items:
        person.page.check(f"input[name='r_{item.pk}'][value='ok']")
    person.page.check("[name='zero_report']")  # 零报告: nothing failed this week
    person.page.click("button[type=submit]:has-text('提交本周自查')")
    person.page.wait_for_load_state()
    person.shot("filed")
    person.check()
    assert SelfCheck.objects.get(enterprise=enterprise).submitted_by == user

    # 代报: an enterprise of the same cell with nobody who can use a phone; its grid officer files for it.
    offline = EnterpriseFactory(name="少先路老张修理铺", region=world.cell_a, industry=world.industry)
    grid = journey("onboarding-grid", phone=True)
    grid.login(world.users["grid_a"].username, PASSWORD)
    grid.goto("/hazards/filing/?status=missing")
    row = grid.page.locator("tr", has_text=offline.name)
    row.locator("a:has-text('代报')").click()
    grid.page.wait_for_load_state()
    for item in items:
        grid.page.check(f"input[name='r_{item.pk}'][value='ok']")
    grid.page.check("[name='zero_report']")
    grid.page.fill("[name='proxy_reason']", "店主年过七十，无智能手机，网格员上门逐项核对")
    grid.shot("proxy-form")
    grid.page.click("button[type=submit]:has-text('提交代报')")
    grid.page.wait_for_load_state()
    proxy = SelfCheck.objects.get(enterprise=offline)
    assert proxy.is_proxy and proxy.submitted_by == world.users["grid_a"] and proxy.is_zero
    grid.goto("/hazards/filing/")
    board = grid.page.content()
    assert enterprise.name in board and offline.name in board
    assert grid.page.locator("tr", has_text=offline.name).locator("text=代报").count() >= 1
    assert grid.page.locator("tr", has_text=enterprise.name).locator("text=代报").count() == 0
    grid.shot("board")
    grid.check()
