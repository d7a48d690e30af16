"""The inspections API's write actions: the same services as the pages, through /api/v1/, scoped.

A grid officer's patrol and a department's inspection, order, penalty and re-inspection done
entirely through the API; wrong roles get 403, objects out of scope 404, bad input a 400 that
names the field."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import Role
from hazards.choices import HazardSource, HazardStatus
from hazards.models import Hazard
from inspections.choices import DocumentKind, PatrolStatus, PenaltyStatus
from inspections.models import Inspection, Patrol
from tests.factories import UserFactory
from tests.hazards.factories import CheckItemFactory, photo

from .factories import officer

pytestmark = pytest.mark.django_db
JSON = "application/json"


def in_days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def items(world):
    return [CheckItemFactory(template__industry=world.industry, description=f"项{n}") for n in range(2)]


def start_patrol(world, role="grid_a"):
    response = world.client(role).post("/api/v1/patrols/", {"enterprise": world.ent_a.pk}, content_type=JSON)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_grid_officer_does_a_whole_patrol_through_the_api(world, items):
    grid = world.client("grid_a")
    pk = start_patrol(world)
    again = grid.post("/api/v1/patrols/", {"enterprise": world.ent_a.pk}, content_type=JSON)
    assert again.status_code == 200 and again.json()["id"] == pk  # a second tap resumes the draft
    url = f"/api/v1/patrols/{pk}"

    located = grid.post(f"{url}/location/", {"lat": 40.66, "lng": 109.8, "accuracy_m": 15}, content_type=JSON)
    assert located.status_code == 200 and located.json()["far_from_enterprise"] is True
    assert located.json()["distance_m"] > 1000

    answered = grid.post(f"{url}/answers/", {"answers": [{"item": items[0].pk, "result": "ok", "note": "良好"}]},
                         content_type=JSON)
    assert answered.status_code == 200
    assert [(a["item"], a["result"], a["note"]) for a in answered.json()["answers"]] == [(items[0].pk, "ok", "良好")]

    photos = grid.post(f"{url}/photos/", {"photos": [photo("a.jpg"), photo("b.png", "PNG")], "caption": "大门"})
    assert photos.status_code == 200 and photos.json()["photo_count"] == 2

    found = grid.post(f"{url}/hazards/", {"item": items[1].pk, "grade": "general", "description": "灭火器过期",
                                          "deadline": in_days(7), "photos": [photo()]})
    assert found.status_code == 201, found.content
    assert found.json()["source"] == HazardSource.GRID and found.json()["number"]

    finished = grid.post(f"{url}/finish/", {"sign_off": "signed", "signer_name": "李四", "summary": "已告知"},
                         content_type=JSON)
    assert finished.status_code == 200, finished.content
    body = finished.json()
    assert body["status"] == PatrolStatus.FINISHED and body["hazards_found"] == 1 and body["signer_name"] == "李四"
    assert {a["item"]: a["result"] for a in body["answers"]} == {items[0].pk: "ok", items[1].pk: "fail"}
    hazard = Hazard.objects.get(pk=found.json()["id"])
    assert hazard.origin == Patrol.objects.get(pk=pk)
    assert Hazard.objects.for_user(world.users["ent_a"]).filter(pk=hazard.pk).exists()  # in the one ledger

    late = grid.post(f"{url}/location/", {"lat": 40.65, "lng": 109.8}, content_type=JSON)
    assert late.status_code == 400 and "已完成" in late.json()["detail"][0]


def test_enterprise_user_cannot_patrol_or_inspect_through_the_api(world):
    pk = start_patrol(world)
    ent_a, ent_b = world.client("ent_a"), world.client("ent_b")
    assert ent_a.get(f"/api/v1/patrols/{pk}/").status_code == 200  # its own patrol: readable
    assert ent_a.post("/api/v1/patrols/", {"enterprise": world.ent_a.pk}, content_type=JSON).status_code == 403
    refused = ent_a.post(f"/api/v1/patrols/{pk}/location/", {"lat": 40.65, "lng": 109.8}, content_type=JSON)
    assert refused.status_code == 403 and refused.json()["detail"] == "网格巡查由网格员发起"  # the permission's reason
    assert ent_b.get(f"/api/v1/patrols/{pk}/").status_code == 404
    assert ent_b.post(f"/api/v1/patrols/{pk}/finish/", {"sign_off": "signed"}, content_type=JSON).status_code == 403
    created = ent_a.post("/api/v1/inspections/", {"enterprise": world.ent_a.pk, "inspected_on": in_days(0),
                                                  "inspectors": [world.users["dept"].pk]}, content_type=JSON)
    assert created.status_code == 403
    assert not Inspection.objects.exists()


def test_an_out_of_scope_patrol_is_404_and_another_officers_patrol_403(world):
    pk = start_patrol(world)
    grid_b = UserFactory(role=Role.GRID, cells=[world.cell_b])
    client_b = world.client("anon")
    client_b.force_login(grid_b)
    assert client_b.get(f"/api/v1/patrols/{pk}/").status_code == 404
    assert client_b.post(f"/api/v1/patrols/{pk}/location/", {"lat": 40.65, "lng": 109.8},
                         content_type=JSON).status_code == 404
    outside = client_b.post("/api/v1/patrols/", {"enterprise": world.ent_a.pk}, content_type=JSON)
    assert outside.status_code == 400 and "enterprise" in outside.json()

    colleague = UserFactory(role=Role.GRID, cells=[world.cell_a])  # same cell, not this patrol's officer
    client_c = world.client("anon")
    client_c.force_login(colleague)
    refused = client_c.post(f"/api/v1/patrols/{pk}/location/", {"lat": 40.65, "lng": 109.8}, content_type=JSON)
    assert refused.status_code == 403 and "网格员" in refused.json()["detail"]  # the service's own message
    assert Patrol.objects.get(pk=pk).lat is None


def test_bad_patrol_input_is_a_400_naming_the_field(world, items):
    grid = world.client("grid_a")
    url = f"/api/v1/patrols/{start_patrol(world)}"
    assert "lat" in grid.post(f"{url}/location/", {"lat": 95, "lng": 109.8}, content_type=JSON).json()
    bad = grid.post(f"{url}/answers/", {"answers": [{"item": items[0].pk, "result": "maybe"}]}, content_type=JSON)
    assert bad.status_code == 400 and "result" in bad.json()["answers"]["0"]  # DRF keys nested errors by index
    foreign = CheckItemFactory(template__industry=world.ent_b.industry)
    bad = grid.post(f"{url}/answers/", {"answers": [{"item": foreign.pk, "result": "ok"}]}, content_type=JSON)
    assert bad.status_code == 400 and "不属于该企业" in bad.json()["answers"][0]  # the service's check
    bad = grid.post(f"{url}/photos/", {"photos": [SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")]})
    assert bad.status_code == 400 and "photos" in bad.json()
    bad = grid.post(f"{url}/hazards/", {"description": "护栏缺失", "deadline": in_days(-1)}, content_type=JSON)
    assert bad.status_code == 400 and "deadline" in bad.json()
    bad = grid.post(f"{url}/finish/", {"sign_off": "signed"}, content_type=JSON)
    assert bad.status_code == 400 and {"answers", "signer_name"} <= set(bad.json())
    assert grid.post(f"{url}/answers/", {"answers": []}).status_code == 415  # the checklist is JSON
    assert not Hazard.objects.exists()


def test_department_officer_inspects_orders_fines_and_reinspects_through_the_api(world, items):
    dept, colleague = world.client("dept"), officer(world, name="王五", cert="YJ-002")
    created = dept.post("/api/v1/inspections/", {
        "enterprise": world.ent_a.pk, "inspected_on": in_days(0), "inspectors": [world.users["dept"].pk, colleague.pk],
    }, content_type=JSON)
    assert created.status_code == 201, created.content
    assert {i["enforcement_cert_no"] for i in created.json()["inspectors"]} == {"YJ-001", "YJ-002"}
    url = f"/api/v1/inspections/{created.json()['id']}"

    answers = {"answers": [{"item": items[0].pk, "result": "ok"}, {"item": items[1].pk, "result": "fail"}]}
    assert dept.post(f"{url}/answers/", answers, content_type=JSON).status_code == 200
    found = dept.post(f"{url}/hazards/", {"description": "安全出口堵塞", "deadline": in_days(10)}, content_type=JSON)
    assert found.status_code == 201 and found.json()["source"] == HazardSource.ENFORCEMENT
    hazard_pk = found.json()["id"]

    finished = dept.post(f"{url}/finish/", {"summary": "发现隐患一处"}, content_type=JSON)
    assert finished.status_code == 200 and finished.json()["status"] == "finished"

    order = dept.post(f"{url}/order/", {"hazards": [hazard_pk], "deadline": in_days(10)}, content_type=JSON)
    assert order.status_code == 201 and order.json()["kind"] == DocumentKind.ORDER
    assert order.json()["number"] and order.json()["hazards"] == [hazard_pk]

    fined = dept.post(f"{url}/violations/", {"violation_code": "other", "violation": "未按规定培训从业人员",
                                             "legal_basis": "《安全生产法》第九十七条", "amount": "20000.00"},
                      content_type=JSON)
    assert fined.status_code == 201, fined.content
    penalty = fined.json()
    assert penalty["status"] == PenaltyStatus.DECIDED and penalty["document_number"]
    paid = dept.post(f"/api/v1/penalties/{penalty['id']}/paid/", {"paid_on": in_days(0)}, content_type=JSON)
    assert paid.status_code == 200 and paid.json()["status"] == PenaltyStatus.PAID

    review = dept.post(f"/api/v1/enforcement-documents/{order.json()['id']}/reinspect/", {
        "inspected_on": in_days(0), "inspectors": [world.users["dept"].pk, colleague.pk],
        "results": [{"hazard": hazard_pk, "passed": True, "note": "已清理"}],
    }, content_type=JSON)
    assert review.status_code == 201, review.content
    assert review.json()["conclusion"] == "passed" and review.json()["document_number"]
    assert Hazard.objects.get(pk=hazard_pk).status == HazardStatus.CLOSED


def test_department_api_refuses_other_departments_and_bad_input(world):
    dept = world.client("dept")
    alone = dept.post("/api/v1/inspections/", {"enterprise": world.ent_a.pk, "inspected_on": in_days(0),
                                                "inspectors": [world.users["dept"].pk]}, content_type=JSON)
    assert alone.status_code == 400 and "2 名以上" in alone.json()["inspectors"][0]
    future = dept.post("/api/v1/inspections/", {"enterprise": world.ent_a.pk, "inspected_on": in_days(3),
                                                 "inspectors": [world.users["dept"].pk, officer(world).pk]},
                       content_type=JSON)
    assert future.status_code == 400 and "inspected_on" in future.json()
    created = dept.post("/api/v1/inspections/", {"enterprise": world.ent_a.pk, "inspected_on": in_days(0),
                                                  "inspectors": [world.users["dept"].pk, officer(world, cert="YJ-9").pk]},
                        content_type=JSON)
    url = f"/api/v1/inspections/{created.json()['id']}"
    early = dept.post(f"{url}/violations/", {"violation_code": "other", "violation": "x"}, content_type=JSON)
    assert early.status_code == 400  # violations are handled once the on-site record is finished
    assert dept.post(f"{url}/finish/", {"summary": ""}, content_type=JSON).json().keys() == {"summary"}
    assert dept.post(f"{url}/finish/", {"summary": "未发现问题"}, content_type=JSON).status_code == 200
    no_amount = dept.post(f"{url}/violations/", {"violation_code": "other", "violation": "未设置安全管理机构"},
                          content_type=JSON)
    assert no_amount.status_code == 400 and "amount" in no_amount.json()

    other = world.client("dept_other")
    assert other.get(f"{url}/").status_code == 404
    assert other.post(f"{url}/violations/", {"violation_code": "other", "violation": "x", "amount": "1",
                                             "legal_basis": "y"}, content_type=JSON).status_code == 404
    assert world.client("office").post(f"{url}/finish/", {"summary": "x"}, content_type=JSON).status_code == 403


def test_patrol_list_api_runs_a_constant_number_of_queries_and_counts_photos(world, django_assert_num_queries):
    """photo_count comes from the prefetched photos: the list does not query per patrol."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.models import PatrolPhoto

    from .factories import FinishedPatrolFactory

    def patrols(n: int, photos: int) -> None:
        for _ in range(n):
            patrol = FinishedPatrolFactory(enterprise=world.ent_a, officer=world.users["grid_a"])
            for k in range(photos):
                PatrolPhoto.objects.create(patrol=patrol, image=f"patrols/p{patrol.pk}-{k}.jpg")

    office = world.client("office")
    patrols(2, photos=2)
    with CaptureQueriesContext(connection) as small:
        body = office.get("/api/v1/patrols/").json()
    assert [r["photo_count"] for r in body["results"]] == [2, 2]
    patrols(5, photos=3)
    with django_assert_num_queries(len(small.captured_queries)):
        body = office.get("/api/v1/patrols/").json()
    assert sorted(r["photo_count"] for r in body["results"]) == [2, 2, 3, 3, 3, 3, 3]
