"""Demo 安全生产责任制: the demo enterprise user's file in full (one certificate expired, one expiring),
and smaller files for a share of the district's enterprises, with two years of 安全投入."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.demo import DemoContext
from enterprises.services import add_years

from .choices import InvestmentCategory, StaffCategory
from .models import ResponsibilityItem, SafetyInvestment, SafetyStaff

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
POSITIONS = [
    ("主要负责人", "建立健全并落实本单位全员安全生产责任制；组织制定并实施安全生产规章制度和操作规程；保证安全投入有效实施；"
                  "组织建立并落实安全风险分级管控和隐患排查治理双重预防工作机制；组织制定并实施应急救援预案；及时、如实报告生产安全事故。"),
    ("分管安全负责人", "协助主要负责人履行安全生产职责；组织开展安全检查和隐患排查治理；督促落实重大危险源的安全管理措施。"),
    ("安全管理员", "组织或参与安全教育培训和应急演练；检查安全生产状况，及时排查事故隐患，提出改进建议；制止和纠正违章指挥、违章作业。"),
    ("生产车间主任", "落实本车间安全生产责任；组织班前安全活动；确保设备设施和安全防护装置完好。"),
    ("班组长", "落实岗位安全操作规程；开展班组隐患自查；督促员工正确佩戴劳动防护用品。"),
]
CERTIFICATES = {
    StaffCategory.PRINCIPAL: ["主要负责人安全生产知识和管理能力考核合格证"],
    StaffCategory.SAFETY_MANAGER: ["安全生产管理人员安全生产知识和管理能力考核合格证"],
    StaffCategory.SPECIAL_WORKER: [
        "特种作业操作证（低压电工作业）", "特种作业操作证（熔化焊接与热切割作业）", "特种作业操作证（高处安装、维护、拆除作业）",
        "特种作业操作证（制冷与空调设备运行操作作业）",
    ],
}
INVESTMENTS = [
    (InvestmentCategory.FACILITIES, (8000, 120000), ["更换车间消防喷淋系统", "安装可燃气体报警装置", "增设防护栏杆和安全警示标志"]),
    (InvestmentCategory.PROTECTIVE_EQUIPMENT, (1500, 20000), ["采购安全帽、防护手套、防尘口罩", "采购绝缘鞋和防护眼镜"]),
    (InvestmentCategory.TRAINING, (1000, 15000), ["全员安全生产教育培训", "特种作业人员复审培训"]),
    (InvestmentCategory.DRILL, (800, 10000), ["火灾应急疏散演练", "危险化学品泄漏处置演练"]),
    (InvestmentCategory.HAZARD_REMEDIATION, (2000, 60000), ["配电箱接地整改", "粉尘收集系统清理改造"]),
    (InvestmentCategory.ASSESSMENT, (15000, 80000), ["委托开展安全现状评价", "安全生产标准化评审"]),
]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _file(rng, enterprise, today: dt.date, *, full: bool):
    items = [
        ResponsibilityItem(enterprise=enterprise, position=position, person=_name(rng), duties=duties,
                           signed_on=today - dt.timedelta(days=rng.randrange(30, 400)) if full or rng.random() < 0.85
                           else None)
        for position, duties in (POSITIONS if full else POSITIONS[: rng.randrange(2, len(POSITIONS) + 1)])
    ]
    staff = []
    kinds = [StaffCategory.PRINCIPAL, StaffCategory.SAFETY_MANAGER] + [StaffCategory.SPECIAL_WORKER] * (
        4 if full else rng.randrange(0, 4))
    for n, kind in enumerate(kinds):
        issued = today - dt.timedelta(days=rng.randrange(60, 1000))
        expires = add_years(issued, 3)
        if full and n == 2:
            expires = today - dt.timedelta(days=12)  # 已过期
        elif full and n == 3:
            expires = today + dt.timedelta(days=18)  # 即将到期
        staff.append(SafetyStaff(
            enterprise=enterprise, category=kind, name=enterprise.legal_rep if kind == StaffCategory.PRINCIPAL else _name(rng),
            post={"principal": "总经理", "manager": "专职安全员"}.get(kind, "电工/焊工"),
            certificate_type=rng.choice(CERTIFICATES[kind]), certificate_no=f"T{rng.randrange(10**17):017d}",
            issued_on=issued, expires_on=expires,
        ))
    investments = []
    for year_ago in (1, 0):
        for _ in range(8 if full else rng.randrange(1, 5)):
            category, (low, high), uses = rng.choice(INVESTMENTS)
            day = today - dt.timedelta(days=365 * year_ago + rng.randrange(0, 300))
            investments.append(SafetyInvestment(
                enterprise=enterprise, spent_on=day, category=category,
                amount=Decimal(rng.randrange(low, high)) + Decimal(rng.randrange(100)) / 100,
                description=rng.choice(uses), recorded_at=timezone.now(),
            ))
    return items, staff, investments


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    enterprises = ctx.extra["enterprises"]
    own = ctx.users["qiye"].enterprise
    chosen = [own] + [e for e in enterprises if e.pk != own.pk and rng.random() < 0.15]
    items, staff, investments = [], [], []
    for e in chosen:
        i, s, x = _file(rng, e, today, full=e.pk == own.pk)
        items += i
        staff += s
        investments += x
    for x in investments:
        x.recorded_by = ctx.users["qiye"] if x.enterprise_id == own.pk else None
    ResponsibilityItem.objects.bulk_create(items, batch_size=1000)
    SafetyStaff.objects.bulk_create(staff, batch_size=1000)
    SafetyInvestment.objects.bulk_create(investments, batch_size=1000)
    ctx.log(f"    安全生产责任制：{len(chosen)} 家企业，责任清单 {len(items)} 条，持证人员 {len(staff)} 人，"
            f"安全投入 {len(investments)} 笔")
