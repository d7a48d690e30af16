"""双随机一公开: reproducible, auditable draws; exclusions; weights in the hash; publication."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inspections import draws, services
from inspections.models import RandomDraw
from inspections.rules import add_working_days
from inspections.selectors import overdue_publications, public_results
from inspections.signals import draw_pool_weights
from tests.factories import EnterpriseFactory

from .factories import ConflictFactory, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(world):
    ents = [EnterpriseFactory(region=world.cell_a, industry=world.industry, departments=[world.dept]) for _ in range(8)]
    people = [world.users["dept"]] + [officer(world, name=f"执法员{n}", cert=f"YJ-{n:03d}") for n in range(5)]
    return ents, people


def drawn(draw: RandomDraw):
    return [(i.enterprise_id, sorted(u.pk for u in i.inspectors.all())) for i in draw.items.order_by("position")]


def test_rerunning_a_draw_from_its_record_gives_the_same_enterprises_and_inspectors(world, pool):
    draw = services.draw_create(by=world.users["dept"], title="2026年第四季度抽查", criteria={}, enterprise_count=4)
    assert len(draw.pool_hash) == 64 and draw.seed
    assert draws.run_draw(draw.snapshot, draw.seed) == drawn(draw)
    check = draws.check_draw(RandomDraw.objects.get(pk=draw.pk))
    assert check.record_intact and check.reproduced and check.pool_unchanged
    assert all(len(inspectors) == 2 for _, inspectors in drawn(draw))


def test_same_seed_and_pool_give_the_same_draw_and_another_seed_usually_not(world, pool):
    a = services.draw_create(by=world.users["dept"], title="A", criteria={}, enterprise_count=4, seed=12345)
    b = services.draw_create(by=world.users["dept"], title="B", criteria={}, enterprise_count=4, seed=12345)
    c = services.draw_create(by=world.users["dept"], title="C", criteria={}, enterprise_count=4, seed=99999)
    assert drawn(a) == drawn(b) and a.pool_hash == b.pool_hash
    assert drawn(a) != drawn(c)


def test_a_changed_enterprise_pool_changes_the_hash_and_is_detected(world, pool):
    draw = services.draw_create(by=world.users["dept"], title="抽查", criteria={}, enterprise_count=3)
    EnterpriseFactory(region=world.cell_a, industry=world.industry, departments=[world.dept])
    check = draws.check_draw(draw)
    assert check.reproduced and not check.pool_unchanged and check.current_hash != draw.pool_hash


def test_a_changed_inspector_pool_is_detected(world, pool):
    draw = services.draw_create(by=world.users["dept"], title="抽查", criteria={}, enterprise_count=3)
    gone = pool[1][3]
    gone.is_active = False
    gone.save()
    assert not draws.check_draw(draw).pool_unchanged


def test_a_tampered_record_is_detected(world, pool):
    draw = services.draw_create(by=world.users["dept"], title="抽查", criteria={}, enterprise_count=3)
    draw.snapshot["inspectors"] = draw.snapshot["inspectors"][:-1]
    check = draws.check_draw(draw)
    assert not check.record_intact and not check.reproduced


def test_conflicts_and_last_time_inspectors_are_never_drawn(world, pool):
    ents, people = pool
    dept = world.users["dept"]
    for e in [*ents, world.ent_a]:  # ent_a (the world's) is in the department's pool too
        ConflictFactory(inspector=people[1], enterprise=e)
    last = services.inspection_start(by=dept, enterprise=ents[0], inspected_on=timezone.localdate(),
                                     inspectors=[people[2], people[3]])
    services.inspection_finish(inspection=last, by=dept, summary="上次检查")
    for seed in range(30):
        draw = services.draw_create(by=dept, title=f"抽查{seed}", criteria={}, enterprise_count=9, seed=seed)
        for eid, inspectors in drawn(draw):
            assert people[1].pk not in inspectors
            if eid == ents[0].pk:
                assert not {people[2].pk, people[3].pk} & set(inspectors)


def test_too_few_eligible_inspectors_is_refused_with_a_clear_message(world, pool):
    ents, people = pool
    for p in people[1:]:
        ConflictFactory(inspector=p, enterprise=ents[0])
    with pytest.raises(ValidationError) as exc:
        services.draw_create(by=world.users["dept"], title="抽查", criteria={}, enterprise_count=9)
    assert "不足 2 名" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.draw_create(by=world.users["dept"], title="抽查", criteria={}, enterprise_count=2,
                             inspectors_per_enterprise=1)
    assert "至少抽取 2 名" in str(exc.value)


def test_pool_weights_come_from_the_receivers_and_are_part_of_the_hash(world, pool, request):
    ents, _ = pool
    before = services.draw_create(by=world.users["dept"], title="抽查", criteria={}, enterprise_count=2, seed=7)

    def heavier(sender, *, enterprise_ids, **kwargs):
        return {ents[0].pk: 50}

    draw_pool_weights.connect(heavier)
    request.addfinalizer(lambda: draw_pool_weights.disconnect(heavier))
    weighted = services.draw_create(by=world.users["dept"], title="抽查", criteria={}, enterprise_count=2, seed=7)
    assert [ents[0].pk, 50] in weighted.snapshot["enterprises"]
    assert weighted.pool_hash != before.pool_hash
    assert not draws.check_draw(before).pool_unchanged  # the weights changed since the first draw
    hits = sum(
        ents[0].pk in [e for e, _ in draws.run_draw(weighted.snapshot, seed)] for seed in range(200)
    )
    assert hits > 150  # weight 50 of 58 → drawn in almost every 2-of-9 draw (unweighted: ~22 %)


def test_pool_criteria_narrow_by_region_and_flags(world, pool):
    flagged = EnterpriseFactory(region=world.cell_a, industry=world.industry, departments=[world.dept], flag_dust=True)
    snap = draws.build_snapshot(department=world.dept, criteria={"flags": ["flag_dust"]}, enterprise_count=1,
                                inspectors_per_enterprise=2)
    assert [e for e, _ in snap["enterprises"]] == [flagged.pk]
    snap = draws.build_snapshot(department=world.dept, criteria={"regions": [world.street_b.pk]}, enterprise_count=1,
                                inspectors_per_enterprise=2)
    assert snap["enterprises"] == []


def test_results_are_published_publicly_and_overdue_ones_are_flagged(world, pool, settings):
    settings.INSPECTION_PUBLISH_WORKING_DAYS = 7
    dept = world.users["dept"]
    draw = services.draw_create(by=dept, title="抽查", criteria={}, enterprise_count=2)
    first, second = draw.items.order_by("position")
    with pytest.raises(ValidationError):
        services.draw_publish(draw=draw, by=dept)
    insp = services.inspection_start(by=dept, draw_item=first, inspected_on=timezone.localdate())
    assert insp.kind == "random" and insp.enterprise_id == first.enterprise_id
    services.inspection_finish(inspection=insp, by=dept, summary="未发现问题")
    today = timezone.localdate()
    assert overdue_publications(draw.items.all(), today) == []
    later = add_working_days(today, 8)
    assert [p.item.pk for p in overdue_publications(draw.items.all(), later)] == [first.pk]
    assert services.draw_publish(draw=draw, by=dept) == 1
    assert list(public_results()) == [first]
    assert overdue_publications(draw.items.all(), later) == []
    second.refresh_from_db()
    assert second.published_at is None


def test_working_days_skip_weekends_and_holidays(settings):
    settings.INSPECTION_HOLIDAYS = ["2026-10-01", "2026-10-02"]
    assert add_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)  # Fri → Mon
    assert add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 5)


def test_overdue_publications_are_notified_once_per_draw_and_day(world, pool):
    from accounts.models import Notification
    from inspections.tasks import flag_overdue_publications

    dept = world.users["dept"]
    draw = services.draw_create(by=dept, title="逾期测试", criteria={}, enterprise_count=1)
    insp = services.inspection_start(by=dept, draw_item=draw.items.get(), inspected_on=timezone.localdate())
    services.inspection_finish(inspection=insp, by=dept, summary="x")
    later = add_working_days(timezone.localdate(), 9).isoformat()
    assert flag_overdue_publications(later) == 1  # called in-process: no result backend touched
    flag_overdue_publications(later)
    notes = Notification.objects.filter(recipient=dept, title__contains="逾期未公开")
    assert notes.count() == 1 and "逾期测试" in notes.get().title
