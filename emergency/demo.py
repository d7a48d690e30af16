"""Demo emergency data for the demo district, shaped on seed 001 (杭锦旗“十四五”应急体系建设规划):
政府专职救援、企业消防、森林草原扑火、防汛抢险 teams (17 支 about 400 人), one district relief depot with
14 kinds of supplies, 17 shelters for about 40 000 people, the drill rules (政府及部门综合预案演练每两年
不少于一次，企业综合预案演练每年不少于一次，现场处置方案每年不少于两次), 每月一报送 risk reports.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.demo import DemoContext
from enterprises.choices import EnterpriseStatus

from .choices import (
    DrillForm,
    DrillRating,
    DrillStatus,
    EventCategory,
    EventStatus,
    FindingAction,
    OwnerKind,
    PlanStatus,
    PlanType,
    RevisionSource,
)
from .models import (
    Depot,
    Drill,
    DrillFinding,
    DrillRule,
    DutyAssignment,
    EmergencyPlan,
    EventReport,
    Expert,
    PlanRevision,
    RescueTeam,
    RiskMonthlyReport,
    Shelter,
    SupplyItem,
    TeamMember,
)
from .rules import review_due

TZ = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 11, 23)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华志海建国"

RULES = [
    ("旗区/街道综合预案演练", OwnerKind.GOVERNMENT, [PlanType.COMPREHENSIVE], 1, 2),
    ("部门综合预案演练", OwnerKind.DEPARTMENT, [PlanType.COMPREHENSIVE], 1, 2),
    ("企业综合或专项预案演练", OwnerKind.ENTERPRISE, [PlanType.COMPREHENSIVE, PlanType.SPECIAL], 1, 1),
    ("企业现场处置方案演练", OwnerKind.ENTERPRISE, [PlanType.ONSITE], 2, 1),
]
DISTRICT_PLANS = [
    ("生产安全事故应急预案", PlanType.COMPREHENSIVE, dt.date(2023, 9, 15)),
    ("危险化学品事故专项应急预案", PlanType.SPECIAL, dt.date(2024, 5, 20)),
    ("防汛抗旱应急预案", PlanType.SPECIAL, dt.date(2025, 4, 28)),
    ("森林草原火灾应急预案", PlanType.SPECIAL, dt.date(2024, 3, 12)),
    ("大面积停电事件应急预案", PlanType.SPECIAL, dt.date(2023, 12, 26)),
    ("突发地质灾害应急预案", PlanType.SPECIAL, dt.date(2025, 7, 3)),
]
DEPARTMENT_PLANS = {
    "YJ": "工贸行业生产安全事故专项应急预案", "ZJ": "建设工程生产安全事故应急预案",
    "JT": "道路运输突发事件应急预案", "SJ": "特种设备事故应急预案",
    "XF": "人员密集场所火灾事故应急预案", "JY": "校园安全突发事件应急预案",
}
ONSITE_SCENARIOS = [
    ("配电室火灾现场处置方案", "配电柜短路起火，初期火灾扑救与断电"),
    ("有限空间中毒窒息现场处置方案", "污水池清淤作业人员中毒晕倒，通风检测与救援"),
    ("机械伤害现场处置方案", "冲压设备夹手，紧急停机与现场救护"),
    ("危化品泄漏现场处置方案", "储罐阀门泄漏，警戒疏散与堵漏"),
    ("高处坠落现场处置方案", "脚手架作业人员坠落，现场急救与送医"),
    ("燃气泄漏现场处置方案", "锅炉房燃气泄漏报警，切断气源与通风"),
]
SUPPLIES = [  # 14 kinds, seed 001 (全旗储备各类应急物资14种)
    ("帐篷", "living", "12㎡单帐篷", 420, "顶", 300, None),
    ("折叠床", "living", "钢架", 1800, "张", 1000, None),
    ("棉被", "living", "2kg", 2600, "床", 2000, None),
    ("应急食品", "living", "压缩饼干", 3000, "箱", 1000, 20),
    ("饮用水", "living", "550ml×24", 2400, "箱", 3000, 25),
    ("发电机", "communication", "5kW汽油", 18, "台", 10, None),
    ("应急照明灯", "communication", "移动升降", 36, "台", 20, None),
    ("卫星电话", "communication", "天通", 6, "部", 8, None),
    ("救生衣", "flood", "成人", 900, "件", 500, None),
    ("编织袋", "flood", "60×90cm", 50000, "条", 30000, None),
    ("冲锋舟", "flood", "6人", 8, "艘", 6, None),
    ("灭火器", "rescue", "4kg干粉", 600, "具", 400, 260),
    ("正压式空气呼吸器", "protection", "6.8L碳纤维", 24, "具", 20, None),
    ("急救药品箱", "medical", "综合型", 150, "个", 100, 12),
]
EXPERTS = [
    ("hazchem", "高级工程师", "包头市化工设计院"), ("hazchem", "注册安全工程师", "内蒙古安科安全评价公司"),
    ("mine", "教授级高工", "包钢集团矿山研究院"), ("metallurgy", "高级工程师", "包钢股份安全环保部"),
    ("metallurgy", "注册安全工程师", "北方重工安全处"), ("construction", "高级工程师", "包头市建筑设计研究院"),
    ("construction", "一级建造师", "内蒙古建工集团"), ("fire", "高级工程师", "市消防救援支队"),
    ("fire", "注册消防工程师", "蒙消消防技术服务公司"), ("transport", "高级工程师", "市交通运输综合执法支队"),
    ("special_equipment", "高级工程师", "市特种设备检验所"), ("special_equipment", "检验师", "市特种设备检验所"),
    ("geology", "高级工程师", "市自然资源局地质环境站"), ("flood", "高级工程师", "市水务局"),
    ("medical", "主任医师", "市中心医院急诊科"), ("medical", "副主任医师", "市第三医院"),
    ("hazchem", "副教授", "内蒙古科技大学化工学院"), ("mine", "注册安全工程师", "包头矿山救护大队"),
    ("metallurgy", "工程师", "包头钢铁职业技术学院"), ("fire", "高级工程师", "内蒙古科技大学消防研究所"),
]
SHELTER_NAMES = ["人民公园", "体育中心", "劳动公园", "八一公园", "第一中学操场", "市民广场", "阿尔丁广场",
                 "奥林匹克公园", "第九中学", "赛汗塔拉", "昆区体育馆", "友谊广场", "钢铁大街绿地", "文化宫",
                 "第二十四中学", "少先路小学", "青年公园"]


def _pdf(text: str) -> bytes:
    """A minimal valid one-page PDF carrying ``text`` (ASCII) — the demo plans' text file."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _bounds(region) -> tuple[float, float, float, float]:
    ring = (region.boundary or {}).get("coordinates", [[[109.74, 40.60], [109.90, 40.72]]])[0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _point(rng, region) -> tuple[Decimal, Decimal]:
    x0, y0, x1, y1 = _bounds(region)
    return Decimal(f"{rng.uniform(x0, x1):.6f}"), Decimal(f"{rng.uniform(y0, y1):.6f}")


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def _phone(rng) -> str:
    return f"13{rng.randint(4, 9)}{rng.randrange(10**8):08d}"


def _day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    district, streets = ctx.district, ctx.streets
    departments = ctx.departments
    enterprises = [e for e in ctx.extra.get("enterprises", []) if e.status == EnterpriseStatus.OPERATING]
    office = ctx.users.get("anweiban")
    years = settings.EMERGENCY_PLAN_REVIEW_YEARS
    plan_file = default_storage.save("emergency/plans/demo/plan-text.pdf", ContentFile(_pdf("Emergency plan (demo)")))

    DrillRule.objects.bulk_create([
        DrillRule(name=n, owner_kind=k, drill_types=t, min_count=c, period_years=p, anchor_year=2021,
                  basis="杭锦旗“十四五”应急体系建设规划 第三章第五节")
        for n, k, t, c, p in RULES
    ])

    # ---- plans
    def filed(plan: EmergencyPlan, on: dt.date, status: str = PlanStatus.FILED) -> EmergencyPlan:
        plan.status, plan.file = status, plan_file
        if status in (PlanStatus.FILED,):
            plan.filed_on, plan.review_due = on, review_due(on, years)
            plan.filing_no = f"YJBA-{on:%Y}-{rng.randint(1, 99999):05d}"
            plan.reviewed_by = office
        plan.issued_on = on - dt.timedelta(days=rng.randint(10, 40))
        return plan

    plans: list[EmergencyPlan] = []
    for title, kind, on in DISTRICT_PLANS:
        plans.append(filed(EmergencyPlan(owner_kind=OwnerKind.GOVERNMENT, region=district, title=f"{district.name}{title}",
                                         plan_type=kind, version="V2.0" if on.year < 2025 else "V3.0"), on))
    for i, street in enumerate(streets):
        on = dt.date(2023, 6, 1) + dt.timedelta(days=97 * i)
        plans.append(filed(EmergencyPlan(owner_kind=OwnerKind.GOVERNMENT, region=street,
                                         title=f"{street.name}突发事件总体应急预案", plan_type=PlanType.COMPREHENSIVE), on))
    for code, title in DEPARTMENT_PLANS.items():
        dept = departments[code]
        plans.append(filed(EmergencyPlan(owner_kind=OwnerKind.DEPARTMENT, department=dept, title=f"{dept.name}{title}",
                                         plan_type=PlanType.SPECIAL), _day(rng, dt.date(2023, 8, 1), dt.date(2026, 6, 30))))
    ent_plans: dict[int, dict[str, EmergencyPlan]] = {}
    for e in enterprises:
        short = e.name.replace("包头市", "")
        roll = rng.random()
        status = (PlanStatus.FILED if roll < 0.82 else PlanStatus.SUBMITTED if roll < 0.9
                  else PlanStatus.RETURNED if roll < 0.94 else PlanStatus.DRAFT)
        on = _day(rng, dt.date(2023, 3, 1), dt.date(2026, 10, 31))
        comp = filed(EmergencyPlan(owner_kind=OwnerKind.ENTERPRISE, enterprise=e, title=f"{short}生产安全事故综合应急预案",
                                   plan_type=PlanType.COMPREHENSIVE), on, status)
        if status == PlanStatus.RETURNED:
            comp.return_reason = rng.choice(["未附应急资源调查报告", "风险评估不完整，缺少有限空间作业风险", "应急组织机构人员已调整，请更新"])
        plans.append(comp)
        ent_plans[e.pk] = {"comprehensive": comp}
        if rng.random() < 0.7:
            title, _ = rng.choice(ONSITE_SCENARIOS)
            onsite = filed(EmergencyPlan(owner_kind=OwnerKind.ENTERPRISE, enterprise=e, title=f"{short}{title}",
                                         plan_type=PlanType.ONSITE), on)
            plans.append(onsite)
            ent_plans[e.pk]["onsite"] = onsite
    EmergencyPlan.objects.bulk_create(plans, batch_size=1000)
    saved = {(p.owner_kind, p.region_id, p.department_id, p.enterprise_id, p.title): p
             for p in EmergencyPlan.objects.all()}
    for e_pk, by_kind in ent_plans.items():
        for key, p in by_kind.items():
            by_kind[key] = saved[(p.owner_kind, None, None, e_pk, p.title)]

    # ---- drills (rules are checked against these)
    drills: list[Drill] = []

    def drill(owner: dict, title: str, kind: str, on: dt.date, *, held: bool, plan=None, scenario: str = "") -> None:
        drills.append(Drill(
            title=title, drill_type=kind, form=DrillForm.LIVE if rng.random() < 0.7 else DrillForm.TABLETOP,
            plan=plan, scenario=scenario or title, location=rng.choice(["厂区", "办公楼", "生产车间", "仓库", "广场"]),
            planned_date=on, status=DrillStatus.HELD if held else DrillStatus.PLANNED, held_on=on if held else None,
            participant_count=rng.randint(15, 120) if held else 0,
            evaluation="预案响应程序清晰，各小组配合到位；通讯联络有待加强。" if held else "",
            rating=rng.choice([DrillRating.EXCELLENT, DrillRating.GOOD, DrillRating.GOOD, DrillRating.PASS]) if held else "",
            **owner,
        ))

    gov_plan = saved[(OwnerKind.GOVERNMENT, district.pk, None, None, f"{district.name}生产安全事故应急预案")]
    drill({"owner_kind": OwnerKind.GOVERNMENT, "region": district}, f"{district.name}危化品泄漏事故综合应急演练",
          PlanType.COMPREHENSIVE, dt.date(2025, 6, 12), held=True, plan=gov_plan,
          scenario="化工园区储罐区液氨泄漏，启动区级应急响应，多部门联合处置")
    for i, street in enumerate(streets):
        on = dt.date(2025, 5, 10) + dt.timedelta(days=45 * i) if i % 3 else dt.date(2023, 9, 20) + dt.timedelta(days=30 * i)
        drill({"owner_kind": OwnerKind.GOVERNMENT, "region": street}, f"{street.name}地震避险疏散综合演练",
              PlanType.COMPREHENSIVE, on, held=True)
    for i, (code, dept) in enumerate(departments.items()):
        on = dt.date(2025, 9, 1) + dt.timedelta(days=40 * i) if i % 2 == 0 else dt.date(2024, 4, 18)
        drill({"owner_kind": OwnerKind.DEPARTMENT, "department": dept}, f"{dept.name}{DEPARTMENT_PLANS[code][:-4]}演练",
              PlanType.COMPREHENSIVE, on, held=True)
    for e in enterprises:
        owner = {"owner_kind": OwnerKind.ENTERPRISE, "enterprise": e}
        short = e.name.replace("包头市", "")
        comp = ent_plans[e.pk]["comprehensive"]
        drill(owner, f"{short}2025年综合应急演练", PlanType.COMPREHENSIVE, _day(rng, dt.date(2025, 3, 1), dt.date(2025, 11, 30)),
              held=True, plan=comp)
        if rng.random() < 0.78:
            drill(owner, f"{short}2026年综合应急演练", PlanType.COMPREHENSIVE, _day(rng, dt.date(2026, 3, 1), dt.date(2026, 11, 15)),
                  held=True, plan=comp)
        else:
            drill(owner, f"{short}2026年综合应急演练", PlanType.COMPREHENSIVE, _day(rng, dt.date(2026, 11, 1), dt.date(2026, 12, 20)),
                  held=False, plan=comp)
        onsite = ent_plans[e.pk].get("onsite")
        title, scenario = rng.choice(ONSITE_SCENARIOS)
        held_this_year = rng.choices([0, 1, 2, 3], [8, 22, 55, 15])[0]
        for n in range(held_this_year):
            drill(owner, f"{title.replace('现场处置方案', '')}演练（第{n + 1}次）", PlanType.ONSITE,
                  _day(rng, dt.date(2026, 1, 10) + dt.timedelta(days=150 * n), dt.date(2026, 5, 31) + dt.timedelta(days=150 * n)),
                  held=True, plan=onsite, scenario=scenario)
        if held_this_year < 2:
            drill(owner, f"{title.replace('现场处置方案', '')}演练", PlanType.ONSITE, _day(rng, dt.date(2026, 10, 1), dt.date(2026, 12, 25)),
                  held=False, plan=onsite, scenario=scenario)
    Drill.objects.bulk_create(drills, batch_size=2000)

    # A revision after a drill finding and one after a review, for the demo enterprise.
    if enterprises:
        first = enterprises[0]
        finding_drill = Drill.objects.filter(enterprise=first, status=DrillStatus.HELD).order_by("-held_on").first()
        plan = ent_plans[first.pk]["comprehensive"]
        if finding_drill is not None:
            revision = PlanRevision.objects.create(plan=plan, source=RevisionSource.DRILL, drill=finding_drill,
                                                   reason="演练中应急广播无法覆盖二号车间，疏散指令传达滞后", opened_by=office)
            DrillFinding.objects.create(drill=finding_drill, description=revision.reason,
                                        action=FindingAction.PLAN_REVISION, revision=revision)
            DrillFinding.objects.create(drill=finding_drill, description="部分员工不会使用正压式空气呼吸器",
                                        action=FindingAction.RECORD)
            EmergencyPlan.objects.filter(pk=plan.pk).update(needs_revision=True)

    # ---- rescue teams and members (seed 001: 17 支 405 人)
    teams: list[tuple[RescueTeam, int]] = []
    specs = [
        ({"owner_kind": OwnerKind.GOVERNMENT, "region": district}, f"{district.name}应急救援大队", "professional", 48,
         "综合救援、破拆、高空救援", "抢险救援车2辆、破拆工具组3套、生命探测仪1台"),
        ({"owner_kind": OwnerKind.GOVERNMENT, "region": district}, f"{district.name}防汛抢险队", "flood", 36,
         "防汛抢险、排涝", "冲锋舟4艘、大功率排水泵6台"),
        ({"owner_kind": OwnerKind.GOVERNMENT, "region": district}, f"{district.name}森林草原扑火队", "forest", 30,
         "森林草原扑火", "风力灭火机20台、水泵6台"),
        ({"owner_kind": OwnerKind.DEPARTMENT, "department": departments["YJ"]}, "危险化学品专业应急救援队", "hazchem", 26,
         "危化品泄漏处置、洗消", "防化服30套、气体检测仪8台、堵漏工具2套"),
        ({"owner_kind": OwnerKind.DEPARTMENT, "department": departments["JT"]}, "道路交通应急保障队", "professional", 20,
         "道路抢通、清障", "清障车2辆、装载机1台"),
    ]
    for street in streets:
        specs.append(({"owner_kind": OwnerKind.GOVERNMENT, "region": street}, f"{street.name}应急志愿服务队", "volunteer", 18,
                      "疏散引导、群众转移、物资发放", "应急照明、扩音器、急救包"))
    big = sorted(enterprises, key=lambda e: -e.employees)[:3] + enterprises[:1]
    for e in dict.fromkeys(big):
        specs.append(({"owner_kind": OwnerKind.ENTERPRISE, "enterprise": e}, f"{e.name.replace('包头市', '')}专职消防队", "fire",
                      rng.randint(12, 30), "初期火灾扑救、厂区救援", "消防车1辆、空气呼吸器10具"))
    for owner, name, kind, size, specialties, equipment in specs:
        region = owner.get("region") or (owner["enterprise"].region if "enterprise" in owner else district)
        lng, lat = _point(rng, region if region.boundary else district)
        teams.append((RescueTeam(name=name, kind=kind, leader=_name(rng), phone=_phone(rng), address=f"{region.name}",
                                 lng=lng, lat=lat, specialties=specialties, equipment=equipment, **owner), size))
    RescueTeam.objects.bulk_create([t for t, _ in teams])
    members = []
    for team, size in zip(RescueTeam.objects.order_by("pk"), [s for _, s in teams], strict=True):
        for n in range(size):
            expiry = TODAY + dt.timedelta(days=rng.randint(-40, 900)) if rng.random() < 0.7 else None
            members.append(TeamMember(
                team=team, name=_name(rng), position="队长" if n == 0 else ("副队长" if n == 1 else "队员"), phone=_phone(rng),
                skills=rng.choice(["破拆", "绳索救援", "急救", "驾驶", "水域救援", "化学洗消", "通信保障"]),
                certificate=rng.choice(["应急救援员", "消防设施操作员", "红十字救护员", ""]) if expiry else "",
                certificate_no=f"ZJ{rng.randrange(10**8):08d}" if expiry else "", certificate_expiry=expiry,
            ))
    TeamMember.objects.bulk_create(members, batch_size=1000)

    # ---- depots and supplies
    depots = [Depot(owner_kind=OwnerKind.GOVERNMENT, region=district, name=f"{district.name}救灾物资储备库",
                    address="昆区包固路88号", lng=Decimal("109.786000"), lat=Decimal("40.668000"),
                    manager=_name(rng), phone=_phone(rng))]
    for street in streets:
        lng, lat = _point(rng, street)
        depots.append(Depot(owner_kind=OwnerKind.GOVERNMENT, region=street, name=f"{street.name}应急物资储备点",
                            address=f"{street.name}办事处院内", lng=lng, lat=lat, manager=_name(rng), phone=_phone(rng)))
    for e in dict.fromkeys(big):
        depots.append(Depot(owner_kind=OwnerKind.ENTERPRISE, enterprise=e, name=f"{e.name.replace('包头市', '')}应急物资库",
                            address=e.address, lng=e.lng, lat=e.lat, manager=_name(rng), phone=_phone(rng)))
    Depot.objects.bulk_create(depots)
    items = []
    for i, depot in enumerate(Depot.objects.order_by("pk")):
        scale = 1 if i == 0 else 0.08
        for name, cat, spec, qty, unit, minimum, expiry_days in SUPPLIES if i == 0 else rng.sample(SUPPLIES, 7):
            quantity = Decimal(max(1, int(qty * scale * rng.uniform(0.6, 1.3))))
            expiry = TODAY + dt.timedelta(days=expiry_days + rng.randint(-10, 400)) if expiry_days else None
            items.append(SupplyItem(depot=depot, name=name, category=cat, spec=spec, quantity=quantity, unit=unit,
                                    min_stock=Decimal(max(1, int(minimum * scale))), expiry=expiry))
    SupplyItem.objects.bulk_create(items)

    # ---- experts and shelters
    Expert.objects.bulk_create([
        Expert(name=_name(rng), field=f, title=t, organisation=o, phone=_phone(rng),
               availability=rng.choice(["available", "available", "limited", "unavailable"]))
        for f, t, o in EXPERTS
    ])
    shelters = []
    for i, name in enumerate(SHELTER_NAMES):
        street = streets[i % len(streets)]
        lng, lat = _point(rng, street)
        capacity = rng.choice([800, 1500, 2000, 2500, 3000, 4000])
        shelters.append(Shelter(
            name=f"{name}应急避难场所", kind=rng.choice(["outdoor", "outdoor", "indoor", "comprehensive"]), region=street,
            address=f"{street.name}{name}", lng=lng, lat=lat, capacity=capacity, area_m2=capacity * 2,
            facilities=rng.choice(["应急供水、应急厕所、应急照明、医疗救护点", "应急供电、广播、物资储备间", "帐篷区、应急供水、消防设施"]),
            manager=_name(rng), phone=_phone(rng),
        ))
    Shelter.objects.bulk_create(shelters)

    # ---- duty roster (two weeks back, one week ahead) and event log
    duties = []
    leaders = [_name(rng) for _ in range(5)]
    officers = [_name(rng) for _ in range(8)]
    for offset in range(-14, 8):
        day = TODAY + dt.timedelta(days=offset)
        for shift in ("day", "night"):
            past = offset < 0
            duties.append(DutyAssignment(
                date=day, shift=shift, leader=rng.choice(leaders), officer=rng.choice(officers), phone="0472-2151110",
                handover_note="本班无重大突发事件，接报已全部处置完毕。" if past else "",
                handed_over_at=dt.datetime.combine(day + dt.timedelta(days=shift == "night"),
                                                   dt.time(8, 30) if shift == "night" else dt.time(17, 30), TZ) if past else None,
            ))
    DutyAssignment.objects.bulk_create(duties)
    events = []
    samples = [
        (EventCategory.FIRE, "居民楼电动车充电起火，已报119", "通知街道、消防到场处置，无人员伤亡"),
        (EventCategory.HAZARD, "某工地塔吊基础积水，存在倾覆风险", "通知住建局核查，责令停止吊装作业"),
        (EventCategory.NATURAL, "气象台发布大风蓝色预警", "转发各街道和重点企业，落实防风措施"),
        (EventCategory.ACCIDENT, "某企业车间一名工人手部被机械挤伤，已送医", "通知应急局、属地街道赶赴现场核实"),
        (EventCategory.CONSULT, "群众咨询避难场所位置", "告知就近的应急避难场所"),
        (EventCategory.HAZARD, "加油站罐区异味，疑似泄漏", "通知企业自查，应急局派员检查"),
    ]
    for n in range(14):
        cat, content, actions = samples[n % len(samples)]
        at = dt.datetime.combine(TODAY - dt.timedelta(days=rng.randint(0, 30)), dt.time(rng.randint(0, 23), rng.randint(0, 59)), TZ)
        street = rng.choice(streets)
        events.append(EventReport(
            received_at=at, caller=_name(rng), caller_phone=_phone(rng), caller_org="" if n % 3 else f"{street.name}安监站",
            category=cat, region=street, content=content, actions=actions,
            status=EventStatus.CLOSED if at.date() < TODAY - dt.timedelta(days=2) else EventStatus.OPEN, recorded_by=office,
        ))
    EventReport.objects.bulk_create(events)

    # ---- 每月一报送: Jan–Oct 2026; October still missing for two streets and one department (due 11-05)
    reports = []
    for month_no in range(1, 11):
        month = dt.date(2026, month_no, 1)
        for i, street in enumerate(streets):
            if month_no == 10 and i in (0, 5):
                continue
            reports.append(_report(rng, month, region=street))
        for code, dept in departments.items():
            if month_no == 10 and code == "JT":
                continue
            reports.append(_report(rng, month, department=dept))
    RiskMonthlyReport.objects.bulk_create(reports)
    ctx.log(f"    应急：预案 {len(plans)} 份，演练 {len(drills)} 次，队伍 {len(teams)} 支 {len(members)} 人，"
            f"储备库 {len(depots)} 个，避难场所 {len(shelters)} 处，风险月报 {len(reports)} 份")


def _report(rng, month: dt.date, **reporter) -> RiskMonthlyReport:
    due = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=settings.EMERGENCY_RISK_REPORT_DUE_DAY)
    filed = due - dt.timedelta(days=rng.randint(-2, 4))
    major = rng.choice([0, 0, 0, 1])
    return RiskMonthlyReport(
        month=month, major_count=major, high_count=rng.randint(1, 8), general_count=rng.randint(5, 30),
        low_count=rng.randint(10, 60), situation="本月排查风险点已全部录入平台，重大、较大风险落实包保责任，月建月销。",
        measures="重大风险设置公告栏，较大风险每周巡查，一般风险纳入日常检查。",
        filed_at=dt.datetime.combine(filed, dt.time(10, 0), TZ), late=filed > due, **reporter,
    )
