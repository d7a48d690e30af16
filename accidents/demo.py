"""Demo accidents: the 2016–2020 history of seed 000 (exact yearly totals), 2021–2026 records,
the district's yearly reference data and the 十四五 plan with the targets as the plan states them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from accounts.demo import DemoContext
from enterprises.services import add_years

from .choices import AccidentCategory, AccidentStatus, AccidentType, Indicator, ReportLevel, TargetKind
from .models import Accident, AccidentReport, CasualtyRevision, Plan, PlanTarget, RegionYearData, YearConfirmation
from .services import accident_report, derive, follow_up_add

TZ = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 11, 23)

# Seed 000 (昆区 十三五): 工矿商贸 accidents and deaths per year — 10起12人, 16起20人, 11起12人,
# 19起19人, 11起11人 (67起74人); 各类事故死亡人数 12/20/12/19/11 equals the 工矿商贸 deaths, so the
# history has no deaths in other categories. One entry per accident = its deaths.
HISTORY: dict[int, list[int]] = {
    2016: [2, 2, 1, 1, 1, 1, 1, 1, 1, 1],
    2017: [3, 2, 2, *[1] * 13],
    2018: [2, *[1] * 10],
    2019: [1] * 19,
    2020: [1] * 11,
}
# 2021–2026: (工矿商贸 deaths per accident, extra non-industrial accidents as (category, type, deaths, serious)).
RECENT: dict[int, tuple[list[int], list[tuple[str, str, int, int]]]] = {
    2021: ([3, 1, 1, 1, 1, 1, 1, 1], []),
    2022: ([2, 1, 1, 1, 1, 1, 1], [(AccidentCategory.FIRE, AccidentType.FIRE, 1, 0)]),
    2023: ([1] * 7, [(AccidentCategory.ROAD, AccidentType.VEHICLE, 0, 3)]),
    2024: ([1] * 6, []),
    2025: ([2, 1, 1, 1, 1], []),
    2026: ([1, 1, 1, 0], []),
}
# 工矿商贸 industries of the district with their typical GB 6441 types.
PROFILES = [
    ("C31", [AccidentType.SCALD, AccidentType.MACHINERY, AccidentType.LIFTING, AccidentType.POISONING], "炼钢厂"),
    ("E", [AccidentType.FALL, AccidentType.COLLAPSE, AccidentType.STRUCK, AccidentType.ELECTRIC], "施工现场"),
    ("C33", [AccidentType.MACHINERY, AccidentType.STRUCK, AccidentType.LIFTING], "生产车间"),
    ("C34", [AccidentType.MACHINERY, AccidentType.LIFTING], "装配车间"),
    ("G59", [AccidentType.VEHICLE, AccidentType.POISONING], "仓库"),
    ("C26", [AccidentType.POISONING, AccidentType.VESSEL], "罐区"),
    ("C30", [AccidentType.MACHINERY, AccidentType.COLLAPSE], "料场"),
    ("F52", [AccidentType.ELECTRIC, AccidentType.FALL], "门店"),
]
CAUSES = {
    AccidentType.SCALD: "钢水包倾翻，高温钢水喷溅", AccidentType.MACHINERY: "检修时未停机挂牌，设备误启动",
    AccidentType.LIFTING: "吊装索具断裂，重物坠落", AccidentType.POISONING: "进入有限空间作业未检测通风",
    AccidentType.FALL: "高处作业未系安全带，从脚手架坠落", AccidentType.COLLAPSE: "基坑边坡未支护，土方坍塌",
    AccidentType.STRUCK: "高处物料滑落击中作业人员", AccidentType.ELECTRIC: "私拉临时用电线路，漏电致人触电",
    AccidentType.VEHICLE: "叉车倒车未观察，碾压作业人员", AccidentType.VESSEL: "储罐超压，安全阀失效",
    AccidentType.FIRE: "电动自行车违规充电引发火灾",
}
# 昆都仑区 yearly figures (believable; the seed gives none): GDP 亿元, 常住人口, 工矿商贸就业人员, 机动车.
REFERENCE = {
    2016: ("652.3", 803100, 171200, 231500), 2017: ("676.8", 805400, 168900, 246800),
    2018: ("598.4", 806900, 165300, 259300), 2019: ("631.5", 808200, 162800, 271600),
    2020: ("618.2", 809600, 158400, 284100), 2021: ("702.6", 810300, 157900, 296700),
    2022: ("745.3", 811000, 156200, 307900), 2023: ("781.9", 811800, 155600, 318400),
    2024: ("812.4", 812500, 154900, 327200), 2025: ("846.0", 813100, 154300, 335800),
}


def _at(rng, year: int, latest: dt.date | None = None, first: dt.date | None = None) -> dt.datetime:
    last = latest or dt.date(year, 12, 31)
    start = first or dt.date(year, 1, 1)
    day = start + dt.timedelta(days=rng.randrange((last - start).days + 1))
    return dt.datetime(day.year, day.month, day.day, rng.randrange(6, 22), rng.choice([0, 10, 20, 30, 40, 50]),
                       tzinfo=TZ)


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    enterprises = ctx.extra.get("enterprises", [])
    by_industry: dict[int, list] = {}
    for e in enterprises:
        by_industry.setdefault(e.industry_id, []).append(e)
    office = ctx.users.get("anweiban")
    accidents: list[Accident] = []
    plans: list[tuple[Accident, int]] = []  # (accident, minutes until the unit's report)

    def make(year: int, deaths: int, serious: int = 0, category: str = AccidentCategory.INDUSTRIAL,
             accident_type: str | None = None, latest: dt.date | None = None,
             first: dt.date | None = None) -> Accident:
        occurred = _at(rng, year, latest, first)
        enterprise = None
        industry = None
        place = ""
        if category == AccidentCategory.INDUSTRIAL:
            code, types, place = rng.choice(PROFILES)
            industry = ctx.industries.get(code)
            candidates = by_industry.get(industry.pk, []) if industry else []
            enterprise = rng.choice(candidates) if candidates else None
            accident_type = accident_type or rng.choice(types)
        region = enterprise.region if enterprise else rng.choice(ctx.grids)
        type_label = AccidentType(accident_type).label
        who = enterprise.name if enterprise else f"{region.name}"
        loss = Decimal(rng.randrange(20, 90) * deaths + rng.randrange(5, 40)).quantize(Decimal("0.01"))
        a = Accident(
            title=f"{who}“{occurred.month}·{occurred.day}”{type_label}事故",
            occurred_at=occurred, region=region, place=place, enterprise=enterprise, industry=industry,
            category=category, accident_type=accident_type, deaths=deaths, serious_injuries=serious,
            minor_injuries=rng.randrange(0, 3), direct_loss=loss, created_by=office,
            summary=f"{occurred:%Y年%m月%d日%H时%M分}，{who}{place}发生{type_label}事故，造成{deaths}人死亡"
                    f"{f'、{serious}人重伤' if serious else ''}。{CAUSES.get(accident_type, '')}。",
        )
        derive(a)
        accidents.append(a)
        plans.append((a, rng.choice([15, 25, 35, 40, 50, 55])))
        return a

    for year, deaths_list in HISTORY.items():
        for deaths in deaths_list:
            make(year, deaths)
    for year, (industrial, others) in RECENT.items():
        latest = TODAY - dt.timedelta(days=3) if year == TODAY.year else None
        for i, deaths in enumerate(industrial):
            # The last accident of this year is recent: still open, its casualty window still running.
            first = TODAY - dt.timedelta(days=12) if latest and i == len(industrial) - 1 else None
            make(year, deaths, serious=0 if deaths else 2, latest=latest, first=first)
        for category, accident_type, deaths, serious in others:
            make(year, deaths, serious=serious, category=category, accident_type=accident_type, latest=latest)

    # Investigation and closure: older accidents are closed (and evaluated one year on); the newest are open.
    accidents.sort(key=lambda a: a.occurred_at)
    for a in accidents:
        local = a.occurred_at.astimezone(TZ).date()
        age = (TODAY - local).days
        a.cause = CAUSES.get(a.accident_type, "作业人员违章作业，现场安全管理缺失")
        if age < 40:
            continue  # 已报告 — being handled
        a.investigation_report = f"经调查，{a.cause}，是一起生产安全责任事故。"
        a.responsibility = "事故单位主要负责人未履行安全生产管理职责，依法给予行政处罚；相关责任人员移交司法机关或给予处分。"
        a.measures = "全面排查同类隐患；修订操作规程并组织全员培训；落实检维修作业审批和停机挂牌制度。"
        if age < 120:
            a.status = AccidentStatus.INVESTIGATING
            continue
        a.status = AccidentStatus.CLOSED
        a.closed_on = local + dt.timedelta(days=rng.randrange(60, 110))
        a.evaluation_due = add_years(a.closed_on, 1)
        if a.evaluation_due < TODAY - dt.timedelta(days=20):
            a.evaluated_on = a.evaluation_due - dt.timedelta(days=rng.randrange(0, 20))
            a.evaluation_result = "整改措施已全部落实，同类隐患排查整治到位，评估合格。"
    Accident.objects.bulk_create(accidents, batch_size=500)

    reports, late_ids = [], []
    for a, minutes in plans:
        late = a.occurred_at.year >= 2021 and rng.random() < 0.12
        first = a.occurred_at + dt.timedelta(minutes=minutes + (60 if late else 0))
        reports.append(AccidentReport(
            accident=a, level=ReportLevel.UNIT_TO_COUNTY, reported_at=first,
            deadline=a.occurred_at + dt.timedelta(hours=1), late=late, reporter_name="事故单位安全负责人",
            content=a.summary, recorded_by=office,
        ))
        second = first + dt.timedelta(minutes=rng.choice([40, 60, 90]))
        reports.append(AccidentReport(
            accident=a, level=ReportLevel.COUNTY_TO_CITY, reported_at=second,
            deadline=first + dt.timedelta(hours=2), late=False, reporter_name="区应急管理局值班室",
            content=a.summary, recorded_by=office,
        ))
        if late:
            late_ids.append(a.pk)
    AccidentReport.objects.bulk_create(reports, batch_size=1000)
    Accident.objects.filter(pk__in=late_ids).update(late_reported=True)

    # One 2025 accident whose injured worker died later (within 30 days): re-graded with history.
    revised = next(a for a in accidents if a.year == 2025 and a.deaths == 2)
    CasualtyRevision.objects.create(
        accident=revised, at=revised.occurred_at + dt.timedelta(days=9), by=office,
        before={"deaths": 1, "missing": 0, "serious_injuries": 1, "minor_injuries": revised.minor_injuries,
                "direct_loss": str(revised.direct_loss)},
        after={"deaths": 2, "missing": 0, "serious_injuries": 0, "minor_injuries": revised.minor_injuries,
               "direct_loss": str(revised.direct_loss)},
        grade_before=revised.grade, grade_after=revised.grade, reason="重伤人员经抢救无效于第9日死亡",
    )

    RegionYearData.objects.bulk_create([
        RegionYearData(region=ctx.district, year=y, gdp=Decimal(gdp), population=pop, industrial_employees=emp,
                       motor_vehicles=veh, source=f"{y}年昆都仑区国民经济和社会发展统计公报（演示数据）",
                       updated_by=office)
        for y, (gdp, pop, emp, veh) in REFERENCE.items()
    ])
    # 数据确认: the office has checked 2016–2024; 2025's ledger is still open ("数据未确认" on the plan).
    YearConfirmation.objects.bulk_create([
        YearConfirmation(region=ctx.district, year=y, confirmed_by=office, note="统计公报数据已核对，事故台账已核对")
        for y in REFERENCE if y < 2025
    ])

    plan = Plan.objects.create(
        name="昆都仑区安全生产“十四五”规划", region=ctx.district, baseline_year=2020, target_year=2025,
        note="规划目标：对比2020年末，全区生产安全事故起数、死亡人数累计降幅10%，亿元GDP死亡率、10万人死亡率"
             "累计降幅20%，营运车辆万车死亡率累计降幅6%。",
    )
    seed_text = "对比2020年末累计降幅"
    PlanTarget.objects.bulk_create([
        PlanTarget(plan=plan, indicator=Indicator.ACCIDENTS, kind=TargetKind.RELATIVE, value=Decimal(-10),
                   note=f"生产安全事故起数{seed_text}10％"),
        PlanTarget(plan=plan, indicator=Indicator.DEATHS, kind=TargetKind.RELATIVE, value=Decimal(-10),
                   note=f"生产安全事故死亡人数{seed_text}10％"),
        PlanTarget(plan=plan, indicator=Indicator.GDP_RATE, kind=TargetKind.RELATIVE, value=Decimal(-20),
                   note=f"亿元GDP生产安全事故死亡率{seed_text}20％"),
        PlanTarget(plan=plan, indicator=Indicator.INDUSTRIAL_RATE, kind=TargetKind.RELATIVE, value=Decimal(-20),
                   note=f"10万人生产安全事故死亡率{seed_text}20％"),
        PlanTarget(plan=plan, indicator=Indicator.ROAD_RATE, kind=TargetKind.RELATIVE, value=Decimal(-6),
                   note=f"营运车辆万车死亡率{seed_text}6％"),
    ])
    live = _live_accident(ctx, by_industry) if office is not None else None
    ctx.log(f"    事故：{len(accidents)} 起（2016–2020 按规划原表 67 起 74 人），年度基础数据 {len(REFERENCE)} 年，1 个规划"
            + (f"；刚刚登记的较大事故 #{live.pk}（快报已发、已续报）" if live else ""))


def _live_accident(ctx: DemoContext, by_industry: dict[int, list]) -> Accident:
    """A 较大 accident of 50 minutes ago (2 dead, 1 missing — 死亡含失踪 3) recorded through the service
    as the duty desk would: the alert goes out (in-app + outbox), a 续报 follows, the 区县 → 市 report
    is still counting down on its page."""
    from django.utils import timezone

    office = ctx.users["anweiban"]
    industry = ctx.industries.get("C31")
    candidates = by_industry.get(industry.pk, []) if industry else []
    enterprise = candidates[0] if candidates else None
    occurred = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(minutes=50)
    accident = accident_report(
        by=office, title=f"{enterprise.name if enterprise else '某钢铁企业'}“{occurred.astimezone(TZ):%m·%d}”灼烫事故",
        occurred_at=occurred, reported_at=occurred + dt.timedelta(minutes=20), enterprise=enterprise,
        region=None if enterprise else ctx.grids[0], industry=industry, place="炼钢车间",
        category=AccidentCategory.INDUSTRIAL, accident_type=AccidentType.SCALD, deaths=2, missing=1,
        serious_injuries=2, direct_loss=Decimal("380"), reporter_name="事故单位安全总监（值班室接报）",
        summary="转炉出钢时钢水包倾翻，高温钢水喷溅，造成2人死亡、1人失踪、2人重伤。",
    )
    follow_up_add(
        accident=accident, by=office, reported_at=occurred + dt.timedelta(minutes=45), reporter_name="区应急管理局值班室",
        content="现场明火已扑灭，2名重伤人员已送市中心医院救治；失踪1人仍在搜寻，已封闭事故区域并组织同类设备排查。",
    )
    return accident
