"""Pages and API: the patrol flow with plain form posts, coverage board, print layout, public page,
department isolation of inspection records, Excel exports."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.models import Hazard
from inspections import services
from inspections.models import Inspection, Patrol
from safety_platform.excel import XLSX_MIME
from tests.hazards.factories import CheckItemFactory, photo

from .factories import officer

pytestmark = pytest.mark.django_db


def test_patrol_flow_with_plain_form_posts_ends_in_the_ledger_and_on_the_coverage_board(world):
    items = [CheckItemFactory(template__industry=world.industry) for _ in range(2)]
    c = world.client("grid_a")
    page = c.get(reverse("inspections:my_enterprises"))
    assert page.status_code == 200 and f'id="start-{world.ent_a.pk}"' in page.content.decode()
    r = c.post(reverse("inspections:patrol_start", args=[world.ent_a.pk]))
    patrol = Patrol.objects.get(enterprise=world.ent_a)
    assert r.url == reverse("inspections:patrol_detail", args=[patrol.pk])
    html = c.get(r.url).content.decode()
    for element in ('capture="environment"', 'accept="image/*"', 'id="id_photo-photos"', 'id="id_loc-lat"',
                    'id="btn-geolocate"', "js/patrol_geolocate.js", 'id="id_hazard-description"',
                    'id="id_finish-signer_name"'):
        assert element in html
    c.post(reverse("inspections:patrol_location", args=[patrol.pk]), {"loc-lat": "40.6502", "loc-lng": "109.8001",
                                                                      "loc-accuracy": "15"})
    c.post(reverse("inspections:patrol_checklist", args=[patrol.pk]), {f"result_{i.pk}": "ok" for i in items})
    c.post(reverse("inspections:patrol_photos", args=[patrol.pk]),
           {"photo-photos": [photo("1.jpg"), photo("2.jpg")], "photo-caption": "车间"})
    c.post(reverse("inspections:patrol_hazard", args=[patrol.pk]), {
        "hazard-grade": "general", "hazard-description": "消防通道堆放杂物",
        "hazard-deadline": (timezone.localdate() + dt.timedelta(7)).isoformat(), "hazard-photos": [photo()],
    })
    r = c.post(reverse("inspections:patrol_finish", args=[patrol.pk]),
               {"finish-sign_off": "signed", "finish-signer_name": "王厂长"})
    assert r.status_code == 302
    patrol.refresh_from_db()
    assert patrol.status == "finished" and patrol.photos.count() == 2 and patrol.distance_m < 50
    hazard = Hazard.objects.get(origin_id=str(patrol.pk))
    assert hazard.get_source_display() == "网格巡查"
    assert hazard in Hazard.objects.for_user(world.users["street_a"])
    board = world.client("street_a").get(reverse("inspections:coverage"))
    row = next(r for r in board.context["rows"] if r.officer == world.users["grid_a"])
    assert row.visited == 1 and row.due == 0 and row.patrols == 1


def test_a_bad_finish_keeps_what_was_typed_and_names_the_field(world):
    c = world.client("grid_a")
    c.post(reverse("inspections:patrol_start", args=[world.ent_a.pk]))
    patrol = Patrol.objects.get()
    r = c.post(reverse("inspections:patrol_finish", args=[patrol.pk]),
               {"finish-sign_off": "signed", "finish-summary": "现场秩序良好"})
    html = r.content.decode()
    assert r.status_code == 400 and "企业签字人姓名：企业签字确认时请填写签字人姓名" in html
    assert "现场秩序良好" in html
    patrol.refresh_from_db()
    assert patrol.status == "draft"


def test_a_non_image_upload_is_refused_with_the_file_named(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = world.client("grid_a")
    c.post(reverse("inspections:patrol_start", args=[world.ent_a.pk]))
    patrol = Patrol.objects.get()
    fake = SimpleUploadedFile("fake.jpg", b"not an image", content_type="image/jpeg")
    r = c.post(reverse("inspections:patrol_photos", args=[patrol.pk]), {"photo-photos": [fake]})
    assert r.status_code == 400 and "fake.jpg" in r.content.decode() and patrol.photos.count() == 0


def _inspection(world, dept_user=None):
    dept_user = dept_user or world.users["dept"]
    insp = services.inspection_start(by=dept_user, enterprise=world.ent_a, inspected_on=timezone.localdate(),
                                     inspectors=[dept_user, officer(world, dept=dept_user.department, cert="C-2")])
    services.inspection_finish(inspection=insp, by=dept_user, summary="检查完毕")
    return insp


def test_a_department_cannot_see_another_departments_records_even_for_an_enterprise_both_supervise(world):
    world.ent_a.departments.add(world.dept_other)
    insp = _inspection(world)
    other = world.client("dept_other")
    assert other.get(reverse("inspections:inspection_detail", args=[insp.pk])).status_code == 404
    assert other.get(reverse("inspection-detail", args=[insp.pk])).status_code == 404
    assert other.get(reverse("inspection-list")).json()["count"] == 0
    doc = insp.documents.get()
    assert other.get(reverse("inspections:document_detail", args=[doc.pk])).status_code == 404
    assert world.client("dept").get(reverse("inspection-list")).json()["count"] == 1
    assert Inspection.objects.for_user(world.users["dept_other"]).count() == 0


def test_the_create_form_refuses_an_uncertified_officer_by_name(world):
    nocert = officer(world, name="赵无证", cert="")
    r = world.client("dept").post(reverse("inspections:inspection_create"), {
        "enterprise": world.ent_a.pk, "inspected_on": timezone.localdate().isoformat(),
        "inspectors": [world.users["dept"].pk, nocert.pk]})
    assert r.status_code == 400
    assert "赵无证" in r.content.decode() and "未登记执法证号" in r.content.decode()


def test_documents_print_on_a4_with_their_number(world):
    insp = _inspection(world)
    doc = insp.documents.get()
    html = world.client("ent_a").get(reverse("inspections:document_detail", args=[doc.pk])).content.decode()
    assert doc.number in html and "@media print" in html and "size: A4" in html and "现场检查记录" in html


def test_public_results_page_needs_no_login_and_shows_only_published_results(world):
    officer(world, cert="P-1")
    draw = services.draw_create(by=world.users["dept"], title="公示测试", criteria={}, enterprise_count=1)
    item = draw.items.get()
    insp = services.inspection_start(by=world.users["dept"], draw_item=item, inspected_on=timezone.localdate())
    services.inspection_finish(inspection=insp, by=world.users["dept"], summary="未发现问题")
    anon = world.client("anon")
    assert world.ent_a.name not in anon.get(reverse("inspections:public_results")).content.decode()
    world.client("dept").post(reverse("inspections:draw_publish", args=[draw.pk]))
    html = anon.get(reverse("inspections:public_results")).content.decode()
    assert world.ent_a.name in html and "未发现问题" in html


def test_draw_page_shows_the_record_and_the_api_verifies_it(world):
    officer(world, cert="P-1")
    draw = services.draw_create(by=world.users["dept"], title="复核测试", criteria={}, enterprise_count=1)
    html = world.client("office").get(reverse("inspections:draw_detail", args=[draw.pk])).content.decode()
    assert draw.pool_hash in html and str(draw.seed) in html and "复核一致" in html
    data = world.client("dept").get(reverse("randomdraw-verify", args=[draw.pk])).json()
    assert data["reproduced"] and data["pool_unchanged"] and data["record_intact"]


@pytest.mark.parametrize("name", ["inspections:patrol_list", "inspections:inspection_list",
                                  "inspections:document_list", "inspections:penalty_list", "inspections:coverage"])
def test_lists_export_the_same_rows_to_excel(world, name):
    _inspection(world)
    r = world.client("office").get(reverse(name) + "?export=xlsx")
    assert r.status_code == 200 and r["Content-Type"] == XLSX_MIME


def test_plan_page_shows_progress_and_the_office_approves_it(world):
    plan = services.plan_save(by=world.users["dept"], year=timezone.localdate().year, q1=2, q2=2, q3=2, q4=2)
    services.plan_submit(plan=plan, by=world.users["dept"])
    _inspection(world)
    r = world.client("office").post(reverse("inspections:plan_decide", args=[plan.pk]), {"approve": "1"})
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"
    html = world.client("dept").get(reverse("inspections:enforcement_home")).content.decode()
    assert "1/8" in html
