"""Demo data: check templates for the district's main industries and key flags, ten weeks of
weekly self-checks with believable filing rates, and a few hundred hazards in every state
(overdue and escalated ones, major ones with their 五到位 plan, two under 挂牌督办)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.choices import Role
from accounts.demo import DemoContext
from accounts.models import Region, User

from .choices import (
    CheckResult,
    EscalationLevel,
    ExtensionStatus,
    HazardGrade,
    HazardSource,
    HazardStatus,
    PhotoKind,
    TransitionAction,
)
from .models import (
    CheckItem,
    CheckTemplate,
    ExtensionRequest,
    Hazard,
    HazardPhoto,
    HazardTransition,
    SelfCheck,
    SelfCheckAnswer,
    Supervision,
)

TODAY = dt.date(2026, 11, 23)  # a Monday: last week's deadline (Sunday 24:00) has just passed
WEEKS = 10
MAJOR_STD = "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）"

# (name, industry code or None, key flag or "", [(description, basis, category, major_by_definition)])
TEMPLATES = [
    ("通用安全生产检查表", None, "", [
        ("安全生产责任制、安全管理制度和操作规程是否健全并落实", "《安全生产法》第四条、第二十一条", "安全管理", False),
        ("主要负责人和安全管理人员是否经考核合格", "《安全生产法》第二十七条", "安全管理", False),
        ("从业人员是否经安全生产教育和培训合格后上岗", "《安全生产法》第二十八条", "教育培训", False),
        ("特种作业人员是否持证上岗", "《安全生产法》第三十条", "特种作业", False),
        ("消防设施、器材是否完好有效，疏散通道、安全出口是否畅通", "《消防法》第十六条、第二十八条", "消防安全", False),
        ("配电箱（柜）是否完好，线路是否规范敷设、无私拉乱接", "GB 50054-2011", "电气安全", False),
        ("劳动防护用品是否按标准配备并正确佩戴", "《安全生产法》第四十五条", "职业健康", False),
    ]),
    ("金属制品企业检查表", "C33", "", [
        ("冲压、剪切设备安全防护装置（光电保护、双手按钮）是否完好", "GB 28240-2012", "机械安全", False),
        ("起重机械是否定期检验，限位、制动装置是否有效", "《特种设备安全法》第三十九条", "特种设备", False),
        ("涂装作业场所通风、防爆电气是否符合要求", "GB 6514-2008", "防火防爆", False),
        ("焊接作业动火审批是否落实，现场是否清除易燃物", "GB 30871-2022 第5条", "动火作业", False),
    ]),
    ("粉尘涉爆企业专项检查表", None, "flag_dust", [
        ("粉尘爆炸危险场所是否设置在非框架结构的多层建（构）筑物内，或与居民区、员工宿舍等人员密集场所安全距离不足",
         MAJOR_STD + "第十一条第（一）项", "粉尘防爆", True),
        ("可燃性粉尘与可燃气体等易加剧爆炸危险的介质是否共用一套除尘系统，不同防火分区的除尘系统是否互联互通",
         MAJOR_STD + "第十一条第（二）项", "粉尘防爆", True),
        ("干式除尘系统是否规范采用泄爆、惰化、抑爆等任一种控爆措施", MAJOR_STD + "第十一条第（三）项", "粉尘防爆", True),
        ("除尘系统是否采用重力沉降室除尘，或采用干式巷道式构筑物作为除尘风道", MAJOR_STD + "第十一条第（四）项", "粉尘防爆", True),
        ("铝镁等金属粉尘除尘系统是否采用正压吹送粉尘，或未采取防止粉尘自燃措施", MAJOR_STD + "第十一条第（五）项", "粉尘防爆", True),
        ("是否制定并落实粉尘清扫制度，作业现场积尘是否及时规范清理", MAJOR_STD + "第十一条第（八）项", "粉尘防爆", True),
        ("粉尘爆炸危险场所电气设备是否符合防爆要求", "GB 15577-2018 第6.4条", "粉尘防爆", False),
    ]),
    ("危险化学品企业专项检查表", None, "flag_hazchem", [
        ("危险化学品生产、经营单位主要负责人和安全管理人员是否依法经考核合格",
         "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准》第一条", "危化品", True),
        ("涉及“两重点一重大”的装置是否装备自动化控制系统，重大危险源是否配备温度、压力、液位、流量、组份等信息不间断采集和监测系统",
         "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准》第七条、第八条", "危化品", True),
        ("可燃和有毒气体泄漏检测报警装置是否按规定设置并定期检定", "GB/T 50493-2019", "危化品", False),
        ("危险化学品是否按规定分类分库储存，禁配物是否混存", "GB 15603-2022", "危化品", False),
        ("装卸作业是否使用万向管道充装系统，是否有专人监护", "《危险化学品安全管理条例》第四十三条", "危化品", False),
    ]),
    ("有限空间作业专项检查表", None, "flag_confined", [
        ("是否对有限空间进行辨识并建立台账、设置明显安全警示标志", "《工贸企业有限空间作业安全规定》第八条", "有限空间", False),
        ("有限空间作业是否落实“先通风、再检测、后作业”，未经检测合格是否作业",
         MAJOR_STD + "第四条第（六）项", "有限空间", True),
        ("有限空间作业是否配备监护人员和必要的应急救援装备", "GB 30871-2022 第6条", "有限空间", False),
        ("是否制定有限空间作业应急处置方案并定期演练", "《工贸企业有限空间作业安全规定》第十八条", "有限空间", False),
    ]),
    ("涉氨制冷企业专项检查表", None, "flag_ammonia", [
        ("包装间、分割间、产品整理间等人员较多生产场所是否空调系统采用氨直接蒸发制冷系统",
         MAJOR_STD + "第十四条第（一）项", "涉氨制冷", True),
        ("快速冻结装置是否设置在单独的作业间内，且作业间内作业人员数量是否超过9人", MAJOR_STD + "第十四条第（二）项", "涉氨制冷", True),
        ("氨压缩机房是否设置氨气浓度报警及与事故排风机联锁", "GB 50072-2021", "涉氨制冷", False),
    ]),
    ("高温熔融金属专项检查表", None, "flag_molten_metal", [
        ("会议室、活动室、休息室、操作室、交接班室、更衣室等6类人员聚集场所是否设置在熔融金属吊运跨的地坪区域内",
         MAJOR_STD + "第五条第（一）项", "冶金", True),
        ("吊运熔融金属的起重机是否符合冶金起重机相关要求", MAJOR_STD + "第五条第（二）项", "冶金", True),
        ("熔融金属铸造、浇注流程是否设置防止积水的措施", MAJOR_STD + "第五条第（四）项", "冶金", True),
    ]),
    ("人员密集场所消防安全检查表", None, "flag_crowded", [
        ("疏散通道、安全出口是否被占用、堵塞、封闭", "《消防法》第二十八条", "消防安全", False),
        ("应急照明和疏散指示标志是否完好有效", "GB 51309-2018", "消防安全", False),
        ("是否违规使用易燃可燃材料装修", "GB 50222-2017", "消防安全", False),
        ("营业期间是否违规进行电焊、气焊等动火作业", "《机关、团体、企业、事业单位消防安全管理规定》第二十条", "消防安全", False),
        ("员工是否会报警、会灭火、会组织疏散（“四个能力”）", "《人员密集场所消防安全管理》GB/T 40248-2021", "消防安全", False),
    ]),
    ("建筑施工安全检查表", "E", "", [
        ("深基坑、高大模板、脚手架等危大工程是否编制专项施工方案并按规定论证",
         "《房屋市政工程生产安全重大事故隐患判定标准（2024版）》第四条", "建筑施工", True),
        ("施工现场临边、洞口防护是否到位", "JGJ 80-2016", "高处作业", False),
        ("塔式起重机、施工升降机是否经检验合格并办理使用登记", "《建设工程安全生产管理条例》第三十五条", "特种设备", False),
        ("施工临时用电是否采用TN-S系统、三级配电两级保护", "JGJ 46-2005", "电气安全", False),
        ("作业人员高处作业是否系挂安全带", "JGJ 80-2016 第3.0.5条", "高处作业", False),
    ]),
    ("加油站安全检查表", "F52", "", [
        ("卸油作业是否落实静电接地、油气回收，卸油时是否有专人监护", "GB 50156-2021", "危化品", False),
        ("加油区是否存在吸烟、使用明火或手机等违规行为的管控措施", "GB 50156-2021", "消防安全", False),
        ("可燃气体检测报警器是否定期检定", "GB/T 50493-2019", "危化品", False),
    ]),
]

HAZARD_TEXTS = [
    ("配电箱门缺失，内部线路裸露", "电气安全", "生产车间"),
    ("灭火器压力不足，未按期检查", "消防安全", "仓库"),
    ("安全出口被货物堵塞", "消防安全", "一层东侧"),
    ("冲床光电保护装置失效", "机械安全", "冲压车间"),
    ("员工未佩戴防尘口罩作业", "职业健康", "打磨工位"),
    ("叉车司机无证驾驶", "特种作业", "装卸区"),
    ("除尘器泄爆口朝向人员通道", "粉尘防爆", "抛光车间"),
    ("有限空间未设置警示标志", "有限空间", "污水池"),
    ("气瓶未固定，与乙炔瓶间距不足5米", "动火作业", "焊接区"),
    ("危化品库房内存放杂物，禁配物混存", "危化品", "危化品库房"),
    ("应急照明灯不亮", "消防安全", "走廊"),
    ("临边防护栏杆缺失", "高处作业", "三层作业面"),
    ("电缆私拉乱接，使用多孔插座串接", "电气安全", "办公区"),
    ("起重机限位器失灵", "特种设备", "行车"),
    ("员工三级安全教育记录缺失", "教育培训", "安全管理"),
    ("可燃气体报警器未定期检定", "危化品", "储罐区"),
]
MAJOR_TEXTS = [
    ("干式除尘系统未采取泄爆、惰化、抑爆任一控爆措施", "粉尘防爆", "抛光车间"),
    ("粉尘清扫制度未落实，作业现场积尘严重", "粉尘防爆", "打磨车间"),
    ("有限空间作业未经检测即进入作业", "有限空间", "发酵罐"),
    ("熔融金属吊运跨下设置交接班室", "冶金", "炼钢车间"),
    ("重大危险源未配备不间断采集和监测系统", "危化品", "储罐区"),
    ("高大模板工程未编制专项施工方案", "建筑施工", "5号楼"),
]


def _jpeg(text: str, colour: tuple[int, int, int]) -> ContentFile:
    img = Image.new("RGB", (320, 240), colour)
    ImageDraw.Draw(img).rectangle((20, 20, 300, 220), outline=(255, 255, 255), width=4)
    buf = BytesIO()
    img.save(buf, "JPEG", quality=70)
    return ContentFile(buf.getvalue(), name=f"{text}.jpg")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    enterprises = ctx.extra["enterprises"]

    # ---- templates
    items_by_template: dict[int, list[CheckItem]] = {}
    templates: list[CheckTemplate] = []
    for name, industry_code, flag, rows in TEMPLATES:
        t = CheckTemplate.objects.create(
            name=name, industry=ctx.industries[industry_code] if industry_code else None, key_flag=flag,
            description="依据现行法规标准编制，安委办每年复核",
        )
        templates.append(t)
        items_by_template[t.pk] = CheckItem.objects.bulk_create([
            CheckItem(template=t, order=i, description=d, basis=b, category=c, major_by_definition=m)
            for i, (d, b, c, m) in enumerate(rows, start=1)
        ])

    def items_for(e) -> list[CheckItem]:
        out = list(items_by_template[templates[0].pk])
        for t in templates[1:]:
            if (t.industry_id and t.industry_id in (e.industry_id, e.industry.parent_id)) or (
                t.key_flag and getattr(e, t.key_flag)
            ):
                out += items_by_template[t.pk]
        return out

    # ---- who reports: the grid officer of each cell, the department users, the enterprise users
    officer_of: dict[int, int] = dict(
        Region.officers.through.objects.values_list("region_id", "user_id")
    )
    users = ctx.users
    ent_user_of = {u.enterprise_id: u for u in User.objects.filter(role=Role.ENTERPRISE)}
    dept_users = {"YJ": users.get("yingji"), "ZJ": users.get("zhujian")}
    office = users.get("anweiban")
    dept_officers: dict[int, User] = {}
    for u in User.objects.filter(role=Role.DEPARTMENT, is_active=True).order_by("pk"):
        dept_officers.setdefault(u.department_id, u)
    closed_majors: list[Hazard] = []

    # ---- ten weeks of self-checks (+ the current week, just started)
    operating = [e for e in enterprises if e.status == "operating"]
    current = TODAY - dt.timedelta(days=TODAY.weekday())
    weeks = [current - dt.timedelta(weeks=w) for w in range(WEEKS, -1, -1)]
    # Each enterprise has its own diligence; filing rates improve over the weeks (as the platform beds in).
    diligence = {e.pk: rng.betavariate(6, 1.3) for e in operating}
    diligence[enterprises[0].pk] = 0.99
    self_checks: list[SelfCheck] = []
    failing: list[tuple[SelfCheck, object]] = []
    for w_i, week in enumerate(weeks):
        is_current = week == current
        boost = 0.02 * w_i
        for e in operating:
            p = min(0.99, diligence[e.pk] + boost) if not is_current else 0.06
            if e.pk == enterprises[0].pk and is_current:
                continue  # the demo enterprise still has this week to file
            if rng.random() > p:
                continue
            late = not is_current and rng.random() < 0.07
            submitted = (
                _at(week + dt.timedelta(days=7 + rng.randint(0, 3)), rng.randint(8, 18))
                if late else _at(week + dt.timedelta(days=rng.randint(0, 6) if not is_current else 0),
                                 rng.randint(8, 21) if not is_current else 8, rng.randint(0, 59))
            )
            has_fail = rng.random() < 0.02
            submitted = min(submitted, timezone.now())
            sc = SelfCheck(
                enterprise=e, region_id=e.region_id, week_start=week, is_zero=not has_fail, is_late=late,
                submitted_at=submitted, submitted_by=ent_user_of.get(e.pk),
            )
            if rng.random() < 0.03 and not late:
                sc.amend_count, sc.amended_at = 1, min(submitted + dt.timedelta(hours=rng.randint(2, 30)), timezone.now())
            self_checks.append(sc)
            if has_fail:
                failing.append((sc, e))

    # ---- hazards: the failing self-check items, plus those found by patrols, enforcement, experts, the public
    hazards: list[Hazard] = []
    answers: list[SelfCheckAnswer] = []
    answer_hazard: list[tuple[SelfCheckAnswer, Hazard]] = []
    for sc, e in failing:
        its_items = items_for(e)
        failed = rng.sample(its_items, k=min(len(its_items), rng.choice([1, 1, 1, 2])))
        for item in its_items:
            fail = item in failed
            answers.append(SelfCheckAnswer(self_check=sc, item=item,
                                           result=CheckResult.FAIL if fail else rng.choice([CheckResult.OK] * 9 + [CheckResult.NA])))
            if fail:
                # Only a few of the by-definition major items are really failed; most fail on general items.
                grade = HazardGrade.MAJOR if item.major_by_definition and rng.random() < 0.3 else HazardGrade.GENERAL
                if item.major_by_definition and grade == HazardGrade.GENERAL:
                    answers[-1].result = CheckResult.OK
                    continue
                h = Hazard(
                    enterprise=e, region_id=e.region_id, source=HazardSource.SELF_CHECK, grade=grade,
                    description=item.description.replace("是否", "未").split("，")[0], category=item.category,
                    location="厂区", reported_at=sc.submitted_at, responsible=e.safety_director,
                    reporter=sc.submitted_by, self_check=sc,
                )
                hazards.append(h)
                answer_hazard.append((answers[-1], h))
        sc.hazards_found = sum(1 for a in answers[-len(its_items):] if a.result == CheckResult.FAIL)
        sc.is_zero = sc.hazards_found == 0
    # A 零报告 answers every item 合格/不涉及 (issue 18: a zero report that checked nothing is refused),
    # so the demo's zero weeks carry their answers too. Own generator: the rest of the district
    # (hazards, patrols…) stays the same as before.
    answer_rng = random.Random(18)
    answered = {id(sc) for sc, _ in failing}
    for sc in self_checks:
        if id(sc) in answered:
            continue
        for item in items_for(sc.enterprise):
            answers.append(SelfCheckAnswer(self_check=sc, item=item,
                                           result=CheckResult.NA if answer_rng.random() < 0.1 else CheckResult.OK))
    SelfCheck.objects.bulk_create(self_checks, batch_size=2000)

    first_cell = ctx.grids[0]
    extra_sources = [HazardSource.GRID] * 6 + [HazardSource.ENFORCEMENT] * 3 + [HazardSource.RANDOM, HazardSource.EXPERT,
                                                                                  HazardSource.PUBLIC]
    for n in range(200):
        e = enterprises[n % 8] if n < 24 else rng.choice(operating)
        source = rng.choice(extra_sources)
        major = rng.random() < 0.06
        desc, cat, loc = rng.choice(MAJOR_TEXTS if major else HAZARD_TEXTS)
        dept_code = "YJ" if e.departments.filter(code="YJ").exists() else "ZJ"
        reporter_id = {
            HazardSource.GRID: officer_of.get(e.region_id),
            HazardSource.ENFORCEMENT: dept_users[dept_code].pk,
            HazardSource.RANDOM: dept_users[dept_code].pk,
            HazardSource.EXPERT: users["zhuanjia"].pk,
            HazardSource.PUBLIC: office.pk,
        }[source]
        days_ago = rng.randint(0, 320) if n >= 24 else rng.randint(0, 60)
        hazards.append(Hazard(
            enterprise=e, region_id=e.region_id, source=source, grade=HazardGrade.MAJOR if major else HazardGrade.GENERAL,
            description=desc, category=cat, location=loc, responsible=e.safety_director,
            reported_at=_at(TODAY - dt.timedelta(days=days_ago), rng.randint(8, 17), rng.randint(0, 59)),
            reporter_id=reporter_id,
            department=ctx.departments[dept_code] if source in (HazardSource.ENFORCEMENT, HazardSource.RANDOM) else None,
        ))

    # ---- lifecycle state, deadlines, 五到位, and a consistent timeline
    transitions: list[HazardTransition] = []
    esc_days = {1: 1, 2: 8, 3: 15}
    for h in hazards:
        reported_day = timezone.localtime(h.reported_at).date()
        period = 30 if h.grade == HazardGrade.MAJOR else rng.choice([7, 10, 15, 15, 30])
        h.deadline = reported_day + dt.timedelta(days=period)
        age = (TODAY - reported_day).days
        if h.grade == HazardGrade.MAJOR:
            h.plan_responsibility = f"主要负责人 {h.enterprise.legal_rep}，安全负责人 {h.enterprise.safety_director}"
            h.plan_measures = "停用相关设施，委托有资质单位制定并实施治理方案，完成后组织专家验收"
            h.plan_funds = Decimal(rng.choice([5, 8, 12, 20, 35, 60]))
            h.plan_deadline = h.deadline
            h.plan_emergency = "治理期间设置警戒区域，落实专人监护，现场配备应急器材，制定专项应急处置方案"
        progress = rng.random() + min(age, 60) / 40  # older hazards are further along
        if progress > 1.05:
            status = HazardStatus.CLOSED
        elif progress > 0.9:
            status = HazardStatus.SUBMITTED
        elif progress > 0.35 or h.grade == HazardGrade.MAJOR:
            status = HazardStatus.RECTIFYING
        else:
            status = HazardStatus.REPORTED
        h.status = status
        t0 = h.reported_at
        steps = [(TransitionAction.REPORT, "", HazardStatus.REPORTED, t0, h.reporter_id,
                  f"{h.get_source_display()}发现，整改期限 {h.deadline:%Y-%m-%d}")]
        actor = ent_user_of.get(h.enterprise_id)
        if h.grade == HazardGrade.MAJOR:
            steps.append((TransitionAction.PLAN, HazardStatus.REPORTED, HazardStatus.REPORTED,
                          t0 + dt.timedelta(days=1), actor.pk if actor else None, "五到位已全部落实"))
        if status != HazardStatus.REPORTED:
            h.rectifying_at = t0 + dt.timedelta(days=1, hours=2)
            steps.append((TransitionAction.START, HazardStatus.REPORTED, HazardStatus.RECTIFYING, h.rectifying_at,
                          actor.pk if actor else None, ""))
        if status in (HazardStatus.SUBMITTED, HazardStatus.CLOSED):
            span = max(1, min(period, age) - 1)
            h.submitted_at = h.rectifying_at + dt.timedelta(days=rng.randint(1, span))
            h.rectification_note = "已按要求完成整改，附整改后照片"
            steps.append((TransitionAction.SUBMIT, HazardStatus.RECTIFYING, HazardStatus.SUBMITTED, h.submitted_at,
                          actor.pk if actor else None, h.rectification_note))
        if status == HazardStatus.CLOSED:
            h.closed_at = min(h.submitted_at + dt.timedelta(days=rng.randint(0, 3), hours=3), _at(TODAY, 7))
            if h.source == HazardSource.SELF_CHECK and h.grade == HazardGrade.GENERAL:
                h.closed_by_id = actor.pk if actor else None
                h.spot_check_due = rng.random() < 0.3
            elif h.grade == HazardGrade.MAJOR:
                # A major hazard is closed by its supervising department (or the office) after the
                # 五到位 plan and after-photos (issue 18's closing rule) — the demo follows it.
                closer = next((dept_officers[d] for d in h.enterprise.departments.values_list("pk", flat=True)
                               if d in dept_officers), office)
                h.closed_by_id = closer.pk if closer else None
                closed_majors.append(h)
            else:
                h.closed_by_id = h.reporter_id
            steps.append((TransitionAction.CLOSE, HazardStatus.SUBMITTED, HazardStatus.CLOSED, h.closed_at,
                          h.closed_by_id, "现场复查合格，予以销号"))
        if status != HazardStatus.CLOSED and h.deadline < TODAY:
            h.is_overdue = True
            steps.append((TransitionAction.OVERDUE, status, status, _at(h.deadline + dt.timedelta(days=1), 1, 15), None,
                          f"已超过整改期限 {h.deadline:%Y-%m-%d}"))
            overdue_days = (TODAY - h.deadline).days
            for level in (1, 2, 3):
                if overdue_days >= esc_days[level]:
                    h.escalation_level = level
                    h.escalated_at = _at(h.deadline + dt.timedelta(days=esc_days[level]), 1, 15)
                    steps.append((TransitionAction.ESCALATE, status, status, h.escalated_at, None,
                                  f"逾期未整改，{EscalationLevel(level).label}", level))
        h._steps = steps
    # The demo's randomised times never lie in the future (a hazard found "today at 17:00" at 09:00).
    now = timezone.now()
    for h in hazards:
        for name in ("reported_at", "rectifying_at", "submitted_at", "closed_at", "escalated_at"):
            if getattr(h, name, None) and getattr(h, name) > now:
                setattr(h, name, now)
        h._steps = [(*step[:3], min(step[3], now), *step[4:]) for step in h._steps]
    Hazard.objects.bulk_create(hazards, batch_size=1000)
    for h in hazards:
        for action, frm, to, at, by, note, *level in h._steps:
            level = level[0] if level else None
            transitions.append(HazardTransition(hazard_id=h.pk, action=action, from_status=frm, to_status=to, at=at,
                                                by_id=by, note=note, escalation_level=level))
    HazardTransition.objects.bulk_create(transitions, batch_size=2000)
    for a, h in answer_hazard:
        a.hazard_id = h.pk
    SelfCheckAnswer.objects.bulk_create(answers, batch_size=2000)

    # ---- 挂牌督办: two open major hazards, one with an approved and one with a pending extension
    majors = [h for h in hazards if h.grade == HazardGrade.MAJOR and h.status != HazardStatus.CLOSED]
    for i, h in enumerate(majors[:2]):
        listed_at = max(h.reported_at + dt.timedelta(days=3), _at(TODAY - dt.timedelta(days=40), 10))
        deadline = TODAY + dt.timedelta(days=20 + 10 * i)
        Supervision.objects.create(hazard=h, listed_by=office, listed_at=listed_at, deadline=deadline,
                                   doc_no=f"昆安委办督〔2026〕{7 + i}号", reason="责令限期完成治理，治理期间落实监控措施")
        Hazard.objects.filter(pk=h.pk).update(deadline=deadline, is_overdue=False, escalation_level=0)
        HazardTransition.objects.create(hazard=h, action=TransitionAction.SUPERVISE, from_status=h.status,
                                        to_status=h.status, at=listed_at, by=office,
                                        note=f"昆安委办督〔2026〕{7 + i}号 督办期限 {deadline:%Y-%m-%d}")
        requester = ent_user_of.get(h.enterprise_id)
        ExtensionRequest.objects.create(
            hazard=h, requested_by=requester, requested_at=listed_at + dt.timedelta(days=10),
            new_deadline=deadline + dt.timedelta(days=30), reason="防爆设备采购周期长，供货商预计下月到货",
            status=ExtensionStatus.PENDING if i else ExtensionStatus.APPROVED,
            decided_by=None if i else office, decided_at=None if i else listed_at + dt.timedelta(days=12),
            decision_note="" if i else "同意延期，期间落实临时管控措施",
        )

    # ---- a few photos for the demo grid officer's cell (the pages show them); every closed major
    # hazard has its after-photo (the evidence its closing requires)
    for h in closed_majors:
        HazardPhoto(hazard=h, kind=PhotoKind.AFTER, image=_jpeg(f"after-{h.pk}", (60, 140, 80))).save()
    for h in [h for h in hazards if h.region_id == first_cell.pk][:12]:
        HazardPhoto(hazard=h, kind=PhotoKind.BEFORE, image=_jpeg(f"before-{h.pk}", (170, 60, 50))).save()
        if h.status in (HazardStatus.SUBMITTED, HazardStatus.CLOSED) and h not in closed_majors:
            HazardPhoto(hazard=h, kind=PhotoKind.AFTER, image=_jpeg(f"after-{h.pk}", (60, 140, 80))).save()

    open_n = sum(1 for h in hazards if h.status != HazardStatus.CLOSED)
    ctx.log(f"    检查表 {len(templates)} 张；自查周报 {len(self_checks)} 份（{len(weeks)} 周）；"
            f"隐患 {len(hazards)} 条（未销号 {open_n}，逾期 {sum(1 for h in hazards if h.is_overdue)}）")
