"""Journey 2: a grid officer sees the missing filers of its cells, patrols an enterprise on a phone
(location, checklist, two photos, a hazard with a photo, sign-off), and after the enterprise has
rectified it, verifies and closes the hazard; the visit shows on the street's coverage board."""

import datetime as dt

import pytest
from django.utils import timezone

from hazards.choices import HazardSource, HazardStatus
from hazards.models import Hazard
from inspections.models import Patrol
from tests.factories import PASSWORD
from tests.hazards.factories import CheckItemFactory, CheckTemplateFactory

from .helpers import photo_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def patrol_world(world):
    world.ent_a.lng, world.ent_a.lat = 109.800000, 40.650000
    world.ent_a.save(update_fields=["lng", "lat"])
    template = CheckTemplateFactory(name="金属制品企业检查表", industry=world.industry)
    items = [CheckItemFactory(template=template, description=d) for d in
             ("安全出口畅通", "除尘系统定期清扫", "配电箱完好")]
    return world, items


def test_grid_officer_patrols_records_a_hazard_and_closes_it_after_rectification(journey, patrol_world, tmp_path):
    world, items = patrol_world
    officer = journey("journey2-grid", phone=True, geolocation={"latitude": 40.6501, "longitude": 109.8001},
                      permissions=["geolocation"])
    officer.login(world.users["grid_a"].username, PASSWORD)

    # 1. This week's missing filers of its cells.
    officer.goto("/hazards/filing/?status=missing")
    assert world.ent_a.name in officer.page.content()
    assert world.ent_b.name not in officer.page.content()  # another street's enterprise
    officer.shot("missing-filers")

    # 2. Patrol: start at the enterprise, locate, checklist, photos, a hazard, sign-off.
    officer.goto("/inspections/patrols/mine/")
    officer.page.click(f"#start-{world.ent_a.pk}")
    officer.page.wait_for_load_state()
    with officer.page.expect_navigation():
        officer.page.click("#btn-geolocate")  # fills lat/lng from the phone and saves the step
    assert "40.650100" in officer.page.content()
    for item in items:
        officer.page.check(f"#result_{item.pk}_{'fail' if item is items[2] else 'ok'}")
    officer.page.click("#btn-save-checklist")
    officer.page.wait_for_load_state()
    officer.page.set_input_files("#id_photo-photos", [photo_file(tmp_path, "gate.jpg"), photo_file(tmp_path, "workshop.jpg", (90, 90, 200))])
    officer.page.click("#btn-upload-photos")
    officer.page.wait_for_load_state()
    officer.page.fill("#id_hazard-description", "配电箱门缺失，带电体裸露")
    deadline = timezone.localdate() + dt.timedelta(days=7)
    officer.page.fill("#id_hazard-deadline", deadline.isoformat())
    if officer.page.locator("#id_hazard-item").count():
        officer.page.select_option("#id_hazard-item", str(items[2].pk))
    officer.page.set_input_files("#id_hazard-photos", photo_file(tmp_path, "box.jpg", (220, 120, 0)))
    officer.page.click("#btn-record-hazard")
    officer.page.wait_for_load_state()
    assert "配电箱门缺失" in officer.page.locator("#hazard-list").inner_text()
    officer.page.check("#id_finish-sign_off_0")
    officer.page.fill("#id_finish-signer_name", "孙明")
    officer.shot("before-finish")
    officer.page.click("#btn-finish")
    officer.page.wait_for_load_state()
    assert "已完成" in officer.page.locator("#patrol-status").inner_text()
    officer.shot("patrol-finished")

    patrol = Patrol.objects.get(enterprise=world.ent_a)
    assert patrol.photos.count() == 2
    hazard = Hazard.objects.get(enterprise=world.ent_a, source=HazardSource.GRID)
    assert hazard.photos.count() == 1

    # 3. The enterprise rectifies it (its own browser).
    ent = journey("journey2-enterprise", phone=True)
    ent.login(world.users["ent_a"].username, PASSWORD)
    ent.goto(f"/hazards/{hazard.pk}/")
    ent.page.click("button:has-text('开始整改')")
    ent.page.wait_for_load_state()
    ent.page.fill("form[action$='/submit/'] textarea[name='note']", "已安装配电箱门并上锁")
    ent.page.set_input_files("form[action$='/submit/'] input[name='photos']", photo_file(tmp_path, "fixed.jpg", (40, 160, 60)))
    ent.page.click("button:has-text('提交验收')")
    ent.page.wait_for_load_state()

    # 4. The grid officer (who found it) verifies and closes it (销号).
    officer.goto(f"/hazards/{hazard.pk}/")
    officer.page.check("form[action$='/verify/'] input[name='passed'][value='1']")
    officer.page.click("button:has-text('提交验收结论')")
    officer.page.wait_for_load_state()
    officer.shot("hazard-closed")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    assert hazard.closed_by == world.users["grid_a"]

    # 5. The visit counts on the street's coverage board.
    street = journey("journey2-street")
    street.login(world.users["street_a"].username, PASSWORD)
    street.goto("/inspections/coverage/")
    assert street.page.locator(f"#officer-{world.users['grid_a'].pk} .visited").inner_text().strip() == "1"
    street.shot("coverage")
    for j in (officer, ent, street):
        j.check()
