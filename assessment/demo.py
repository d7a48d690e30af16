"""Demo: the 2025 yearly assessment fully run and published, the 2026 one copied from it and in
its self-assessment stage (published scheme; some units have self-assessed and uploaded evidence)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from . import services
from .choices import ItemKind, Rule, Source, UnitKind
from .models import Score

D = Decimal

# (category, [(name, kind, source, max, computer, rule, params, criteria)])
TREE = [
    ("隐患排查治理", [
        ("隐患整改率", ItemKind.SCORE, Source.COMPUTED, 20, "hazard_rectification_rate", Rule.THRESHOLD,
         {"steps": [["95", "20"], ["90", "16"], ["80", "10"], ["60", "5"]]}, "年内发现隐患的销号比例"),
        ("企业隐患自查周报填报率", ItemKind.SCORE, Source.COMPUTED, 20, "selfcheck_filing_rate", Rule.LINEAR,
         {"zero_at": "60", "full_at": "100"}, "60%及以下不得分，100%得满分"),
        ("隐患逾期整改", ItemKind.DEDUCTION, Source.COMPUTED, 5, "hazards_rectified_late", Rule.PER_UNIT,
         {"points_each": "0.2"}, "每条扣0.2分，最多扣5分"),
    ]),
    ("基础管理", [
        ("安全生产责任险投保率", ItemKind.SCORE, Source.COMPUTED, 15, "insurance_coverage_rate", Rule.LINEAR,
         {"zero_at": "30", "full_at": "90"}, ""),
        ("规上企业标准化达标率", ItemKind.SCORE, Source.COMPUTED, 10, "standardization_rate", Rule.LINEAR,
         {"zero_at": "20", "full_at": "80"}, ""),
        ("安全生产责任制落实", ItemKind.SCORE, Source.MANUAL, 15, "", "", {},
         "党政同责、一岗双责：责任清单、安委会会议记录、约谈记录"),
    ]),
    ("应急管理", [
        ("风险每月一报送", ItemKind.SCORE, Source.COMPUTED, 10, "risk_reports_on_time_rate", Rule.LINEAR,
         {"zero_at": "50", "full_at": "100"}, ""),
        ("应急演练与宣传培训", ItemKind.SCORE, Source.MANUAL, 10, "", "", {}, "“安全生产月”活动、演练记录与照片"),
        ("安全生产工作创新", ItemKind.BONUS, Source.MANUAL, 3, "", "", {}, "获市级以上表彰或经验推广，最多加3分"),
        ("较大及以上生产安全事故", ItemKind.VETO, Source.COMPUTED, 0, "larger_accidents", Rule.ANY,
         {"at_least": "1"}, "发生较大及以上事故的，实行一票否决"),
    ]),
]

# Computed only from 2026, when the platform went live; in 2025 reviewers scored them from the ledgers.
LIVE_SINCE_2026 = {"隐患整改率", "企业隐患自查周报填报率", "隐患逾期整改", "风险每月一报送"}
PAPER_2025 = "2025年平台尚未上线，评审人员按纸质台账评分"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _design(office, year: int):
    scheme = services.scheme_create(
        by=office, year=year, name="安全生产工作目标责任考核", bonus_cap=D(3),
        description="依据区安委会年度考核办法，对各街道（镇）和区安委会成员单位开展网上考核，结果报区委组织部。",
        self_deadline=dt.date(year + 1, 1, 10), objection_deadline=dt.date(year + 1, 1, 20),
    )
    for cat_name, items in TREE:
        cat = services.category_create(scheme=scheme, by=office, name=cat_name)
        for name, kind, source, max_score, computer, rule, params, criteria in items:
            if year < 2026 and name in LIVE_SINCE_2026:
                source, computer, rule, params, criteria = Source.MANUAL, "", "", {}, f"{criteria}（{PAPER_2025}）"
            services.indicator_create(scheme=scheme, by=office, category=cat, name=name, kind=kind, source=source,
                                      max_score=D(max_score), computer=computer, rule=rule, params=params,
                                      criteria=criteria)
    services.units_add(scheme=scheme, by=office, kind=UnitKind.STREET, all_of_kind=True)
    services.units_add(scheme=scheme, by=office, kind=UnitKind.DEPARTMENT, all_of_kind=True)
    return scheme


def _self_assess(ctx, unit, officer) -> None:
    rng = ctx.rng
    for score in unit.scores.filter(indicator__source=Source.MANUAL).select_related("indicator"):
        ind = score.indicator
        if ind.kind == ItemKind.VETO:
            continue
        points = ind.max_score if ind.kind != ItemKind.BONUS else D(rng.choice([0, 0, 1, 2]))
        if ind.kind == ItemKind.SCORE:
            points = (ind.max_score * D(rng.uniform(0.85, 1))).quantize(D("0.5"))
        services.self_assess(score=score, by=officer, points=points, comment=f"{unit.name}已按要求落实，材料见附件。")
    services.evidence_add(unit=unit, by=officer, title="安全生产工作总结",
                          file=ContentFile(PDF, name=f"{unit.name}工作总结.pdf"))
    services.self_submit(unit=unit, by=officer)


def _officer_of(ctx, unit):
    from accounts.models import User

    from .selectors import unit_members

    return unit_members(unit).first() or User.objects.filter(pk=ctx.users["anweiban"].pk).first()


def build(ctx) -> None:
    office, expert = ctx.users["anweiban"], ctx.users["zhuanjia"]
    rng = ctx.rng

    # 2025: the whole flow, published.
    s25 = _design(office, 2025)
    streets = list(s25.units.filter(kind=UnitKind.STREET).order_by("region__code"))
    for unit in streets[:3]:
        services.unit_set_reviewers(unit=unit, by=office, reviewers=[expert])
    services.scheme_publish(scheme=s25, by=office)
    for unit in s25.units.all():
        officer = _officer_of(ctx, unit)
        if officer.role in ("street", "department"):
            _self_assess(ctx, unit, officer)
    services.scheme_start_review(scheme=s25, by=office)
    for score in Score.objects.filter(unit__scheme=s25, indicator__source=Source.MANUAL).select_related(
        "indicator", "unit"
    ):
        reviewer = expert if score.unit in streets[:3] else office
        ind = score.indicator
        if ind.kind == ItemKind.VETO:
            services.review_score(score=score, by=reviewer, vetoed=False, comment="未发现")
            continue
        base = score.self_points if score.self_points is not None else ind.max_score * D("0.8")
        points = max(D(0), min(ind.max_score, base - D(rng.choice([0, 0, 0.5, 1, 1.5, 2]))))
        services.review_score(score=score, by=reviewer, points=points,
                              comment=rng.choice(["材料齐全", "会议记录不完整", "台账规范", "培训覆盖面不足"]))
    services.scheme_compute_results(scheme=s25, by=office)
    first = streets[0]
    duty = Score.objects.get(unit=first, indicator__name="安全生产责任制落实")
    officer = _officer_of(ctx, first)
    objection = services.objection_raise(score=duty, by=officer, reason="安委会会议记录第3、4季度已补充上传，请复核。")
    services.review_score(score=duty, by=office, points=min(duty.indicator.max_score, (duty.points or 0) + D(1)),
                          comment="复核后补记1分")
    services.objection_answer(objection=objection, by=office, accepted=True, answer="经复核，补充材料属实，已调整得分。")
    services.scheme_publish_results(scheme=s25, by=office)

    # 2026: copied from 2025, published, in self-assessment; two streets and one department are under way.
    s26 = services.scheme_copy(source=s25, by=office, year=2026)
    services.scheme_update(scheme=s26, by=office, self_deadline=dt.date(2026, 12, 31),
                           objection_deadline=dt.date(2027, 1, 20))
    live = {name: item for _, items in TREE for name, *item in items if name in LIVE_SINCE_2026}
    for indicator in s26.indicators.filter(name__in=LIVE_SINCE_2026):
        kind, source, max_score, computer, rule, params, criteria = live[indicator.name]
        services.indicator_update(indicator=indicator, by=office, source=source, computer=computer, rule=rule,
                                  params=params, criteria=criteria)
    services.scheme_publish(scheme=s26, by=office)
    started = list(s26.units.filter(kind=UnitKind.STREET).order_by("region__code")[:2])
    started += list(s26.units.filter(kind=UnitKind.DEPARTMENT, department__code="YJ"))
    for unit in started:
        _self_assess(ctx, unit, _officer_of(ctx, unit))
    ctx.log(f"    考核：2025 年度结果已发布（{s25.units.count()} 个单位），2026 年度自评中")
