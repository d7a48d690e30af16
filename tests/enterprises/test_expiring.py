import datetime as dt
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from enterprises.services import licence_save


def test_expiring_lists_licences_standardization_and_insurance_in_scope(world, settings):
    settings.EXPIRY_WARNING_DAYS = 30
    today = timezone.localdate()
    licence_save(enterprise=world.ent_a, by=None, kind="危化品经营许可证", number="A-1", expires_on=today + dt.timedelta(days=10))
    licence_save(enterprise=world.ent_a, by=None, kind="远期许可证", number="A-2", expires_on=today + dt.timedelta(days=90))
    licence_save(enterprise=world.ent_b, by=None, kind="乙的许可证", number="B-1", expires_on=today - dt.timedelta(days=3))
    world.ent_a.insurance_expiry = today - dt.timedelta(days=1)
    world.ent_a.insurance_policy_no = "AZX1"
    world.ent_a.save()

    page = world.client("ent_a").get("/enterprises/expiring/")
    kinds = [(i.kind, i.name) for i in page.context["object_list"]]
    assert kinds == [("insurance", "安全生产责任险"), ("licence", "危化品经营许可证")]
    assert "已过期 1 天" in page.content.decode()

    office = [i.name for i in world.client("office").get("/enterprises/expiring/").context["object_list"]]
    assert "乙的许可证" in office and "远期许可证" not in office

    expired_only = world.client("office").get("/enterprises/expiring/?state=expired").context["object_list"]
    assert {i.name for i in expired_only} == {"乙的许可证", "安全生产责任险"}


def test_expiring_export_is_scoped(world):
    today = timezone.localdate()
    licence_save(enterprise=world.ent_b, by=None, kind="乙的许可证", number="B-1", expires_on=today)
    response = world.client("ent_a").get("/enterprises/expiring/?export=xlsx")
    ws = load_workbook(BytesIO(response.content)).active
    assert ws.max_row == 1  # header only: ent_b's licence is out of scope


def test_home_card_counts_expiring_items_and_links_to_the_list(world):
    today = timezone.localdate()
    world.ent_a.standardization_grade = "3"
    world.ent_a.save()
    from enterprises.services import enterprise_update

    enterprise_update(enterprise=world.ent_a, by=None, standardization_date=today.replace(year=today.year - 3))
    page = world.client("grid_a").get("/").content.decode()
    assert "到期预警" in page and 'href="/enterprises/expiring/"' in page
    card = next(c for c in world.client("grid_a").get("/").context["cards"] if c["url"] == "/enterprises/expiring/")
    assert card["value"] == 1
