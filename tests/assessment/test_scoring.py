from decimal import Decimal

from assessment.choices import Grade, ItemKind, Rule
from assessment.scoring import ItemPoints, grade_for, points_for, ranks, unit_totals, validate_params

D = Decimal


def test_linear_rule_is_capped_and_works_both_ways():
    up = {"zero_at": "60", "full_at": "100"}
    assert points_for(rule=Rule.LINEAR, params=up, max_score=D(10), value=D(80)) == D("5.00")
    assert points_for(rule=Rule.LINEAR, params=up, max_score=D(10), value=D(120)) == D("10.00")
    assert points_for(rule=Rule.LINEAR, params=up, max_score=D(10), value=D(10)) == D("0.00")
    down = {"zero_at": "10", "full_at": "0"}  # overdue hazards: fewer is better
    assert points_for(rule=Rule.LINEAR, params=down, max_score=D(10), value=D(3)) == D("7.00")


def test_threshold_rule_takes_best_step_reached():
    steps = {"steps": [["95", "10"], ["90", "8"], ["80", "5"]]}
    assert points_for(rule=Rule.THRESHOLD, params=steps, max_score=D(10), value=D("92.5")) == D("8.00")
    assert points_for(rule=Rule.THRESHOLD, params=steps, max_score=D(10), value=D(79)) == D("0.00")
    lower = {"steps": [["0", "10"], ["2", "6"]], "lower_is_better": True}
    assert points_for(rule=Rule.THRESHOLD, params=lower, max_score=D(10), value=D(1)) == D("6.00")
    assert points_for(rule=Rule.THRESHOLD, params={"steps": [["1", "50"]]}, max_score=D(10), value=D(5)) == D("10.00")


def test_per_unit_deduction_capped_and_no_data_default_full():
    assert points_for(rule=Rule.PER_UNIT, params={"points_each": "0.5"}, max_score=D(3), value=D(4)) == D("2.00")
    assert points_for(rule=Rule.PER_UNIT, params={"points_each": "0.5"}, max_score=D(3), value=D(40)) == D("3.00")
    assert points_for(rule=Rule.LINEAR, params={"zero_at": "0", "full_at": "1"}, max_score=D(7), value=None) == D("7.00")
    assert points_for(rule=Rule.LINEAR, params={"zero_at": "0", "full_at": "1"}, max_score=D(7), value=None,
                      no_data_points=D(2)) == D("2.00")


def test_bonus_cap_scales_category_bonuses_so_columns_add_up():
    items = [ItemPoints(1, ItemKind.SCORE, D(50)), ItemPoints(1, ItemKind.BONUS, D(4)),
             ItemPoints(2, ItemKind.BONUS, D(4)), ItemPoints(2, ItemKind.DEDUCTION, D(3))]
    t = unit_totals(items, bonus_cap=D(5), category_ids=[1, 2])
    assert t.bonus == D("5.00") and t.deduction == D("3.00")
    assert t.categories == {1: D("52.50"), 2: D("-0.50")}
    assert t.total == D("52.00") == sum(t.categories.values())


def test_total_never_negative_and_veto_collects_reasons():
    items = [ItemPoints(1, ItemKind.DEDUCTION, D(5)), ItemPoints(1, ItemKind.VETO, None, True, "较大事故1起")]
    t = unit_totals(items, bonus_cap=None, category_ids=[1])
    assert t.total == D("0.00") and t.vetoed and t.veto_reasons == ["较大事故1起"]


def test_grades_and_competition_ranks_with_veto_last():
    lines = {"excellent_min": D(90), "good_min": D(80), "pass_min": D(60)}
    assert [grade_for(D(x), vetoed=False, **lines) for x in (90, 89.99, 80, 60, 59)] == [
        Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.PASS, Grade.FAIL]
    assert grade_for(D(99), vetoed=True, **lines) == Grade.FAIL
    r = ranks([(1, D(80), False), (2, D(95), False), (3, D(80), False), (4, D(99), True), (5, D(70), False)])
    assert r == {2: 1, 1: 2, 3: 2, 5: 4, 4: 5}


def test_rule_parameters_are_checked():
    assert validate_params(kind=ItemKind.SCORE, rule=Rule.LINEAR, params={"zero_at": "x", "full_at": "1"})
    assert "rule" in validate_params(kind=ItemKind.VETO, rule=Rule.LINEAR, params={"zero_at": "0", "full_at": "1"})
    assert "rule" in validate_params(kind=ItemKind.SCORE, rule=Rule.PER_UNIT, params={"points_each": "1"})
    assert not validate_params(kind=ItemKind.DEDUCTION, rule=Rule.PER_UNIT, params={"points_each": "1"})
