"""网格巡查: draft saved step by step, location check, hazards into the one ledger, sign-off."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hazards.choices import CheckResult, HazardSource
from hazards.models import Hazard
from inspections import services
from inspections.choices import PatrolStatus, VisitStatus
from inspections.rules import haversine_m, visit_status
from tests.hazards.factories import CheckItemFactory, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(world):
    return [CheckItemFactory(template__industry=world.industry, description=f"项{n}") for n in range(2)]


def test_haversine_matches_a_known_distance():
    # 1 degree of latitude ≈ 111.2 km
    assert round(haversine_m(40, 109.8, 41, 109.8) / 1000, 1) == 111.2
    assert haversine_m(40.65, 109.8, 40.65, 109.8) == 0


def test_starting_twice_resumes_the_same_draft(world):
    grid = world.users["grid_a"]
    first = services.patrol_start(enterprise=world.ent_a, by=grid)
    again = services.patrol_start(enterprise=world.ent_a, by=grid)
    assert first.pk == again.pk and again.status == PatrolStatus.DRAFT


def test_grid_officer_cannot_patrol_an_enterprise_outside_its_cells(world):
    with pytest.raises(PermissionDenied):
        services.patrol_start(enterprise=world.ent_b, by=world.users["grid_a"])


def test_each_step_is_kept_on_the_draft_before_finishing(world, items):
    grid = world.users["grid_a"]
    p = services.patrol_start(enterprise=world.ent_a, by=grid)
    services.patrol_save_answers(patrol=p, by=grid, answers=[{"item": items[0].pk, "result": "ok", "note": "良好"}])
    services.patrol_add_photos(patrol=p, by=grid, photos=[photo()])
    p.refresh_from_db()
    assert p.status == PatrolStatus.DRAFT
    assert p.answers.get().note == "良好" and p.photos.count() == 1


def test_location_far_from_the_enterprise_is_flagged_not_refused(world):
    grid = world.users["grid_a"]
    p = services.patrol_start(enterprise=world.ent_a, by=grid)  # enterprise at 40.65, 109.8
    p = services.patrol_record_location(patrol=p, by=grid, lat=40.651, lng=109.8, accuracy_m=20)
    assert 100 < p.distance_m < 120 and not p.far_from_enterprise
    p = services.patrol_record_location(patrol=p, by=grid, lat=40.66, lng=109.8)
    assert p.distance_m > 1000 and p.far_from_enterprise


def test_a_patrol_with_photos_and_a_hazard_ends_in_the_ledger_and_counts_as_visited(world, items):
    grid = world.users["grid_a"]
    p = services.patrol_start(enterprise=world.ent_a, by=grid)
    services.patrol_save_answers(patrol=p, by=grid, answers=[{"item": i.pk, "result": "ok"} for i in items])
    services.patrol_add_photos(patrol=p, by=grid, photos=[photo("a.jpg"), photo("b.png", "PNG")])
    h = services.patrol_record_hazard(
        patrol=p, by=grid, grade="general", description="灭火器过期", deadline=timezone.localdate() + dt.timedelta(7),
        item=items[1], photos=[photo()],
    )
    p = services.patrol_finish(patrol=p, by=grid, sign_off="signed", signer_name="李四")
    assert h.source == HazardSource.GRID and h.origin == p
    assert Hazard.objects.for_user(world.users["ent_a"]).filter(pk=h.pk).exists()
    assert p.answers.get(item=items[1]).result == CheckResult.FAIL
    assert p.status == PatrolStatus.FINISHED and p.hazards_found == 1 and p.photos.count() == 2
    assert visit_status(p.visit_date, world.ent_a.risk_level, timezone.localdate()) == VisitStatus.DONE


def test_finishing_needs_the_whole_checklist_and_a_hazard_for_each_failed_item(world, items):
    grid = world.users["grid_a"]
    p = services.patrol_start(enterprise=world.ent_a, by=grid)
    with pytest.raises(ValidationError) as exc:
        services.patrol_finish(patrol=p, by=grid, sign_off="signed", signer_name="李四")
    assert "2 项未填写" in str(exc.value.message_dict["answers"])
    services.patrol_save_answers(patrol=p, by=grid, answers=[
        {"item": items[0].pk, "result": "ok"}, {"item": items[1].pk, "result": "fail"}])
    with pytest.raises(ValidationError) as exc:
        services.patrol_finish(patrol=p, by=grid, sign_off="signed", signer_name="李四")
    assert "尚未登记隐患" in str(exc.value.message_dict["answers"])


def test_refusal_to_sign_is_recorded_and_needs_a_description(world):
    grid = world.users["grid_a"]
    p = services.patrol_start(enterprise=world.ent_a, by=grid)
    with pytest.raises(ValidationError) as exc:
        services.patrol_finish(patrol=p, by=grid, sign_off="refused")
    assert "refusal_reason" in exc.value.message_dict
    p = services.patrol_finish(patrol=p, by=grid, sign_off="refused", refusal_reason="负责人不在场，拒绝签字")
    assert p.sign_off == "refused" and p.refusal_reason.startswith("负责人")
    with pytest.raises(ValidationError):
        services.patrol_add_photos(patrol=p, by=grid, photos=[photo()])


def test_another_officer_cannot_write_into_someone_elses_draft(world):
    from tests.factories import UserFactory

    p = services.patrol_start(enterprise=world.ent_a, by=world.users["grid_a"])
    other = UserFactory(role="grid", cells=[world.cell_a])
    with pytest.raises(PermissionDenied):
        services.patrol_add_photos(patrol=p, by=other, photos=[photo()])


def test_visit_status_follows_the_risk_interval_and_the_calendar_month(settings):
    settings.INSPECTION_PATROL_INTERVAL_DAYS = {"major": 7, "high": 15, "general": 30, "low": 31}
    today = dt.date(2026, 11, 23)
    assert visit_status(None, "low", today) == VisitStatus.OVERDUE
    assert visit_status(dt.date(2026, 11, 2), "low", today) == VisitStatus.DONE
    assert visit_status(dt.date(2026, 11, 2), "major", today) == VisitStatus.OVERDUE
    assert visit_status(dt.date(2026, 10, 28), "low", today) == VisitStatus.DUE
    assert visit_status(dt.date(2026, 10, 20), "low", today) == VisitStatus.OVERDUE
