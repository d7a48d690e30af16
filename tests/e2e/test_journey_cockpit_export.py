"""Journey 3: the committee office (安委办) opens the cockpit, drills down from the overdue-hazard count
to the hazard ledger, exports that list to Excel, and the downloaded .xlsx (opened with openpyxl) holds
exactly the rows the list shows — as many as the cockpit said, with the same hazard numbers."""

import datetime as dt

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hazards.choices import HazardGrade, HazardStatus
from tests.factories import PASSWORD
from tests.hazards.factories import HazardFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue_world(world, settings):
    settings.COCKPIT_CACHE_SECONDS = 0  # another journey may have cached the office's figures
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    a, b = world.ent_a, world.ent_b
    overdue = [
        HazardFactory(enterprise=a, description="配电箱门缺失，带电体裸露", deadline=today - 3 * day),
        HazardFactory(enterprise=a, description="除尘系统未设泄爆装置", grade=HazardGrade.MAJOR,
                      status=HazardStatus.RECTIFYING, deadline=today - 10 * day),
        HazardFactory(enterprise=b, description="厨房燃气管道未设报警器", status=HazardStatus.SUBMITTED,
                      deadline=today - day),
        HazardFactory(enterprise=b, description="安全出口被杂物堵塞", deadline=today - 40 * day,
                      reported_at=timezone.now() - 60 * day),
    ]
    not_overdue = [
        HazardFactory(enterprise=a, description="灭火器过期未更换", deadline=today),  # due today: not late yet
        HazardFactory(enterprise=b, description="疏散指示灯损坏", deadline=today + 5 * day),
        HazardFactory(enterprise=a, description="消防通道堵塞", status=HazardStatus.CLOSED, deadline=today - 20 * day,
                      closed_at=timezone.now() - 25 * day),  # closed: no longer counts even though past its deadline
    ]
    return world, overdue, not_overdue


def test_office_drills_down_from_the_overdue_count_and_exports_the_same_rows(journey, overdue_world, tmp_path):
    world, overdue, not_overdue = overdue_world
    office = journey("journey3-office")
    office.login(world.users["office"].username, PASSWORD)

    # 1. The cockpit: the 逾期隐患 card says 4.
    office.goto("/cockpit/")
    office.page.wait_for_selector("#chart-trend canvas")
    card = office.page.locator(".cockpit-card", has=office.page.get_by_text("逾期隐患", exact=True))
    figure = card.locator(".cockpit-main a.cockpit-figure")
    cockpit_count = int(figure.inner_text().strip())
    assert cockpit_count == len(overdue)
    office.shot("cockpit")

    # 2. Drill down: the figure opens the ledger filtered to the overdue hazards.
    with office.page.expect_navigation():
        figure.click()
    assert "/hazards/" in office.page.url and "overdue=true" in office.page.url
    assert office.page.locator("#id_overdue").input_value() == "true"
    rows = office.page.locator("table tbody tr")
    listed = [
        {"number": r.locator("td").nth(0).inner_text().strip(), "enterprise": r.locator("td").nth(1).inner_text().strip()}
        for r in rows.all()
    ]
    assert len(listed) == cockpit_count
    assert {r["number"] for r in listed} == {h.number for h in overdue}
    assert not {h.number for h in not_overdue} & {r["number"] for r in listed}
    for r in rows.all():
        assert "逾期" in r.locator("td").nth(4).inner_text()
    office.shot("overdue-list")

    # 3. Export the same list; the file opens with openpyxl and holds the same rows, in the same order.
    with office.page.expect_download() as info:
        office.page.get_by_role("link", name="导出 Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "overdue.xlsx"
    download.save_as(path)
    ws = load_workbook(path, read_only=True).worksheets[0]
    header, *data = [list(r) for r in ws.iter_rows(values_only=True)]
    col = {name: i for i, name in enumerate(header)}
    assert len(data) == len(listed) == cockpit_count
    assert [row[col["隐患编号"]] for row in data] == [r["number"] for r in listed]
    assert [row[col["企业"]] for row in data] == [r["enterprise"] for r in listed]
    assert {row[col["是否逾期"]] for row in data} == {"是"}
    assert {row[col["状态"]] for row in data} <= {"已上报", "整改中", "待验收"}
    office.shot("after-export")
    office.check()
