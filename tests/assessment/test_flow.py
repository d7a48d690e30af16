"""Acceptance: a scheme over three streets with different data, run to publication."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditLog
from assessment import services
from assessment.choices import Grade, ObjectionStatus, SchemeStatus
from assessment.models import AssessedUnit, Score
from assessment.tasks import recompute_open_schemes
from tests.factories import EnterpriseFactory

from .helpers import YEAR, add_hazards, add_streets, build_scheme, make_street


@pytest.fixture
def three_streets(world):
    s1, e1, o1 = make_street(world, "一街道", insured=4, uninsured=0)  # 100 % insured
    s2, e2, o2 = make_street(world, "二街道", insured=3, uninsured=1)  # 75 %
    s3, e3, o3 = make_street(world, "三街道", insured=4, uninsured=0)
    add_hazards(e1[0], closed_on_time=10)                   # 100 % rectified, none late
    add_hazards(e2[0], closed_on_time=8, open_late=2)       # 80 %, 2 late
    add_hazards(e3[0], closed_on_time=9, open_major=1)      # 90 %, one 重大 still open → 一票否决
    return {"s1": (s1, e1, o1), "s2": (s2, e2, o2), "s3": (s3, e3, o3)}


def run_to_objection(world, streets):
    office, expert = world.users["office"], world.users["expert"]
    scheme, ind = build_scheme(office)
    units = add_streets(scheme, office, [streets[k][0] for k in ("s1", "s2", "s3")])
    u1, u2, u3 = (units[streets[k][0].pk] for k in ("s1", "s2", "s3"))
    services.unit_set_reviewers(unit=u1, by=office, reviewers=[expert])
    services.scheme_publish(scheme=scheme, by=office)

    # Self-assessment by each street officer for the manual item.
    for unit, key, pts in ((u1, "s1", 29), (u2, "s2", 27), (u3, "s3", 30)):
        score = Score.objects.get(unit=unit, indicator=ind["duty"])
        services.self_assess(score=score, by=streets[key][2], points=Decimal(pts), comment="责任清单已印发")
        services.self_submit(unit=unit, by=streets[key][2])

    services.scheme_start_review(scheme=scheme, by=office)
    services.review_score(score=Score.objects.get(unit=u1, indicator=ind["duty"]), by=expert, points=Decimal(28),
                          comment="材料齐全")
    services.review_score(score=Score.objects.get(unit=u2, indicator=ind["duty"]), by=office, points=Decimal(25),
                          comment="会议记录缺两次")
    services.review_score(score=Score.objects.get(unit=u3, indicator=ind["duty"]), by=office, points=Decimal(29))
    services.scheme_compute_results(scheme=scheme, by=office)
    return scheme, ind, u1, u2, u3


def test_three_streets_scores_grades_ranks_and_veto(world, three_streets):
    office = world.users["office"]
    scheme, ind, u1, u2, u3 = run_to_objection(world, three_streets)
    # Street 2 objects to its manual score; the office accepts and corrects it.
    score2 = Score.objects.get(unit=u2, indicator=ind["duty"])
    objection = services.objection_raise(score=score2, by=three_streets["s2"][2], reason="会议记录已补充上传")
    services.review_score(score=score2, by=office, points=Decimal(27), comment="采纳异议")
    services.objection_answer(objection=objection, by=office, accepted=True, answer="已核实补充材料")
    services.scheme_publish_results(scheme=scheme, by=office)

    u1, u2, u3 = (AssessedUnit.objects.get(pk=u.pk) for u in (u1, u2, u3))
    basic, hazards = list(scheme.categories.values_list("pk", flat=True))
    # 一街道: 40 (100 %) + 28 manual | 30 (100 % ≥ 90) − 0 late
    assert (u1.total, u1.grade, u1.rank, u1.vetoed) == (Decimal("98.00"), Grade.EXCELLENT, 1, False)
    assert u1.category_scores == {str(basic): "68.00", str(hazards): "30.00"}
    # 二街道: 20 (75 % on 50→100) + 27 | 20 (80 % ≥ 70) − 4 (2 late × 2)
    assert (u2.total, u2.grade, u2.rank, u2.vetoed) == (Decimal("63.00"), Grade.PASS, 2, False)
    assert u2.deduction == Decimal("4.00")
    assert u2.category_scores == {str(basic): "47.00", str(hazards): "16.00"}
    # 三街道: 40 + 29 | 30 (90 %) — the highest score, but the open 重大隐患 fails it whatever the score.
    assert (u3.total, u3.grade, u3.rank, u3.vetoed) == (Decimal("99.00"), Grade.FAIL, 3, True)
    assert "重大隐患未销号" in u3.veto_reason
    assert scheme.status == SchemeStatus.PUBLISHED
    assert objection.__class__.objects.get(pk=objection.pk).status == ObjectionStatus.ACCEPTED


def test_published_results_do_not_follow_later_data(world, three_streets):
    office = world.users["office"]
    scheme, ind, u1, u2, u3 = run_to_objection(world, three_streets)
    services.scheme_publish_results(scheme=scheme, by=office)
    before = AssessedUnit.objects.get(pk=u2.pk)

    # The uninsured enterprise of street 2 buys its policy; new late hazards appear in street 1.
    uninsured = [e for e in three_streets["s2"][1] if not e.insurance_policy_no][0]
    uninsured.insurance_policy_no, uninsured.insurance_expiry = "P-NEW", dt.date(YEAR + 1, 6, 1)
    uninsured.save()
    add_hazards(three_streets["s1"][1][0], open_late=3)

    with pytest.raises(ValidationError):
        services.scheme_recompute(scheme=scheme, by=office)
    assert recompute_open_schemes() == {}
    after = AssessedUnit.objects.get(pk=u2.pk)
    assert (after.total, after.category_scores, after.rank) == (before.total, before.category_scores, before.rank)
    assert Score.objects.get(unit=u2, indicator=ind["insurance"]).value == Decimal("75.0000")
    assert AssessedUnit.objects.get(pk=u1.pk).deduction == Decimal("0.00")


def test_recompute_before_publication_follows_new_data(world, three_streets):
    office = world.users["office"]
    scheme, ind, u1, u2, u3 = run_to_objection(world, three_streets)
    assert AssessedUnit.objects.get(pk=u2.pk).total == Decimal("61.00")

    uninsured = [e for e in three_streets["s2"][1] if not e.insurance_policy_no][0]
    uninsured.insurance_policy_no, uninsured.insurance_expiry = "P-NEW", dt.date(YEAR + 1, 6, 1)
    uninsured.save()
    add_hazards(three_streets["s1"][1][0], open_late=1)

    changed = services.scheme_recompute(scheme=scheme, by=office)
    assert changed == 3  # street 2: insurance; street 1: rectification rate and late count
    assert Score.objects.get(unit=u2, indicator=ind["insurance"]).value == Decimal("100.0000")
    assert AssessedUnit.objects.get(pk=u2.pk).total == Decimal("81.00")  # 40 + 25 + 20 − 4
    # street 1: 10/11 rectified = 90.9 % still ≥ 90 → 30; one late hazard → −2
    assert AssessedUnit.objects.get(pk=u1.pk).total == Decimal("96.00")
    # the nightly job does the same and is idempotent
    assert recompute_open_schemes() == {scheme.pk: 0}


def test_every_change_before_publication_is_audited(world, three_streets):
    scheme, ind, *_ = run_to_objection(world, three_streets)
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"考核方案创建", "考核指标新增", "被考核单位新增", "评审人员分配", "考核方案发布", "考核自评",
            "考核自评提交", "考核进入评审", "考核评分", "考核结果计算"} <= actions
    review = AuditLog.objects.filter(action="考核评分").first()
    assert review.actor is not None and "points" in review.changes


def test_results_cannot_be_computed_with_unscored_manual_items(world, three_streets):
    office = world.users["office"]
    scheme, ind = build_scheme(office)
    add_streets(scheme, office, [three_streets["s1"][0]])
    services.scheme_publish(scheme=scheme, by=office)
    services.scheme_start_review(scheme=scheme, by=office)
    with pytest.raises(ValidationError, match="1 项人工评分未完成"):
        services.scheme_compute_results(scheme=scheme, by=office)


def test_results_cannot_be_published_with_pending_objection(world, three_streets):
    office = world.users["office"]
    scheme, ind, u1, *_ = run_to_objection(world, three_streets)
    services.objection_raise(score=Score.objects.get(unit=u1, indicator=ind["insurance"]),
                             by=three_streets["s1"][2], reason="有一家企业已停产")
    with pytest.raises(ValidationError, match="1 条异议未答复"):
        services.scheme_publish_results(scheme=scheme, by=office)


def test_expert_scores_only_assigned_units(world, three_streets):
    scheme, ind, u1, u2, u3 = run_to_objection(world, three_streets)
    # after compute the stage is over anyway; check on a fresh scheme in review
    office, expert = world.users["office"], world.users["expert"]
    other, ind2 = build_scheme(office, name="另一方案")
    units = add_streets(other, office, [three_streets["s1"][0], three_streets["s2"][0]])
    mine = units[three_streets["s1"][0].pk]
    services.unit_set_reviewers(unit=mine, by=office, reviewers=[expert])
    services.scheme_publish(scheme=other, by=office)
    services.scheme_start_review(scheme=other, by=office)
    services.review_score(score=Score.objects.get(unit=mine, indicator=ind2["duty"]), by=expert, points=Decimal(20))
    with pytest.raises(PermissionDenied):
        services.review_score(score=Score.objects.get(unit=units[three_streets["s2"][0].pk], indicator=ind2["duty"]),
                              by=expert, points=Decimal(20))


def test_unit_cannot_self_assess_another_unit_or_computed_items(world, three_streets):
    office = world.users["office"]
    scheme, ind = build_scheme(office)
    units = add_streets(scheme, office, [three_streets["s1"][0], three_streets["s2"][0]])
    services.scheme_publish(scheme=scheme, by=office)
    s1_officer = three_streets["s1"][2]
    with pytest.raises(PermissionDenied):
        services.self_assess(score=Score.objects.get(unit=units[three_streets["s2"][0].pk], indicator=ind["duty"]),
                             by=s1_officer, points=Decimal(10), comment="")
    with pytest.raises(ValidationError):
        services.self_assess(score=Score.objects.get(unit=units[three_streets["s1"][0].pk], indicator=ind["insurance"]),
                             by=s1_officer, points=Decimal(10), comment="")
    with pytest.raises(ValidationError):
        services.self_assess(score=Score.objects.get(unit=units[three_streets["s1"][0].pk], indicator=ind["duty"]),
                             by=s1_officer, points=Decimal(31), comment="")


def test_manual_veto_fails_unit_and_needs_reason(world, three_streets):
    from assessment.choices import ItemKind, Source

    office = world.users["office"]
    scheme, ind = build_scheme(office)
    cat = scheme.categories.first()
    manual_veto = services.indicator_create(scheme=scheme, by=office, category=cat, name="瞒报事故",
                                            kind=ItemKind.VETO, source=Source.MANUAL, max_score=Decimal(0))
    units = add_streets(scheme, office, [three_streets["s1"][0]])
    unit = units[three_streets["s1"][0].pk]
    services.scheme_publish(scheme=scheme, by=office)
    services.scheme_start_review(scheme=scheme, by=office)
    veto_score = Score.objects.get(unit=unit, indicator=manual_veto)
    with pytest.raises(ValidationError):
        services.review_score(score=veto_score, by=office, vetoed=True, veto_reason="")
    services.review_score(score=veto_score, by=office, vetoed=True, veto_reason="10月瞒报一起工亡事故")
    services.review_score(score=Score.objects.get(unit=unit, indicator=ind["duty"]), by=office, points=Decimal(30))
    services.scheme_compute_results(scheme=scheme, by=office)
    unit.refresh_from_db()
    assert unit.vetoed and unit.grade == Grade.FAIL and "瞒报" in unit.veto_reason
    assert unit.total == Decimal("100.00")  # the full score does not save a vetoed unit


def test_draft_only_changes_and_copy_from_last_year(world, three_streets):
    office = world.users["office"]
    scheme, ind, *_ = run_to_objection(world, three_streets)
    with pytest.raises(ValidationError):
        services.indicator_update(indicator=ind["duty"], by=office, max_score=Decimal(50))
    copy = services.scheme_copy(source=scheme, by=office, year=YEAR + 1)
    assert copy.status == SchemeStatus.DRAFT and copy.copied_from == scheme
    assert list(copy.indicators.values_list("name", "computer", "rule")) == list(
        scheme.indicators.values_list("name", "computer", "rule"))
    assert copy.units.count() == 3 and copy.units.filter(reviewers=world.users["expert"]).count() == 1
    assert not Score.objects.filter(unit__scheme=copy).exists()
    with pytest.raises(ValidationError):
        services.scheme_copy(source=scheme, by=office, year=YEAR + 1)
    # the copy is editable, the original is not
    services.indicator_update(indicator=copy.indicators.get(name="安全生产责任制落实"), by=office, max_score=Decimal(35))


def test_only_office_designs_schemes(world):
    with pytest.raises(PermissionDenied):
        services.scheme_create(by=world.users["street_a"], year=YEAR, name="x")


def test_new_enterprise_in_street_counts_on_recompute(world, three_streets):
    office = world.users["office"]
    scheme, ind = build_scheme(office)
    units = add_streets(scheme, office, [three_streets["s1"][0]])
    services.scheme_publish(scheme=scheme, by=office)
    unit = units[three_streets["s1"][0].pk]
    assert Score.objects.get(unit=unit, indicator=ind["insurance"]).points == Decimal("40.00")
    EnterpriseFactory(region=three_streets["s1"][1][0].region, industry=world.industry)
    services.scheme_recompute(scheme=scheme, by=office)
    assert Score.objects.get(unit=unit, indicator=ind["insurance"]).value == Decimal("80.0000")
    assert Score.objects.get(unit=unit, indicator=ind["insurance"]).points == Decimal("24.00")
