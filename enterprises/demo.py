"""Demo enterprises: believable Chinese names, valid USCCs, coordinates inside their grid cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.choices import Role
from accounts.demo import DemoContext
from accounts.models import User

from .choices import KEY_FLAGS, EnterpriseStatus, Scale
from .models import Enterprise, HazardousSubstance, Licence, MajorHazardSource, RiskPoint
from .rules import lec_level, major_hazard_grade, major_hazard_r
from .services import add_years
from .validators import USCC_CHARSET, uscc_check_char

NAME_WORDS = [
    "华兴", "宏达", "鑫源", "北方", "恒信", "金桥", "瑞丰", "东方", "正泰", "永安", "天成", "昆钢",
    "包钢", "新兴", "盛世", "中泰", "德润", "汇通", "利民", "长城", "众诚", "嘉禾", "明珠", "远航",
    "万通", "广源", "创新", "九州", "富达", "祥和", "力拓", "稀宝", "蒙源", "阴山", "黄河", "草原",
]
# industry code -> (name suffixes, weight, typical flags)
INDUSTRY_PROFILES = {
    "C31": (["钢铁有限公司", "冶金材料有限公司", "特钢制品有限公司"], 8, ["flag_molten_metal", "flag_gas"]),
    "C33": (["金属制品有限公司", "钢结构有限公司", "五金加工厂"], 14, ["flag_dust"]),
    "C26": (["化工有限公司", "精细化工有限公司", "化学试剂有限公司"], 5, ["flag_hazchem"]),
    "C30": (["建材有限公司", "水泥制品有限公司", "新型墙材厂"], 6, ["flag_dust"]),
    "C13": (["食品有限公司", "肉类加工有限公司", "乳业有限公司"], 6, ["flag_ammonia", "flag_confined"]),
    "C34": (["机械制造有限公司", "重工设备有限公司"], 8, []),
    "C20": (["木业有限公司", "家具制造厂"], 3, ["flag_dust"]),
    "E": (["建筑工程有限公司", "建设集团有限公司", "装饰工程有限公司"], 10, []),
    "F51": (["化工贸易有限公司", "燃气销售有限公司"], 4, ["flag_hazchem"]),
    "F52": (["加油站", "超市有限公司", "商贸有限公司", "购物中心"], 14, ["flag_crowded"]),
    "G54": (["运输有限公司", "客运有限公司", "物流有限公司"], 6, []),
    "G59": (["仓储有限公司", "物流园有限公司"], 3, ["flag_confined"]),
    "H": (["大酒店有限公司", "餐饮管理有限公司", "宾馆"], 8, ["flag_crowded"]),
    "R": (["文化娱乐有限公司", "KTV", "影城"], 2, ["flag_crowded"]),
    "P": (["培训学校", "幼儿园"], 2, ["flag_crowded"]),
    "B": (["矿业有限公司", "采石场"], 1, ["flag_mine"]),
}
LICENCES = {
    "flag_hazchem": "危险化学品经营许可证",
    "flag_mine": "安全生产许可证",
    "E": "建筑施工企业安全生产许可证",
    "F52": "成品油零售经营批准证书",
}


def random_uscc(rng) -> str:
    body = "91150203" + "".join(rng.choice(USCC_CHARSET) for _ in range(9))
    return body + uscc_check_char(body)


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = dt.date(2026, 11, 23)
    codes = list(INDUSTRY_PROFILES)
    weights = [INDUSTRY_PROFILES[c][1] for c in codes]
    dept_by_industry: dict[int, list[int]] = {}
    for dept in ctx.departments.values():
        for ind in dept.industries.all():
            dept_by_industry.setdefault(ind.pk, []).append(dept.pk)
    used_names: set[str] = set()
    used_uscc: set[str] = set()
    rows: list[Enterprise] = []
    for n in range(ctx.enterprise_count):
        # The first enterprises sit in the demo grid officer's first cell so its pages have data.
        grid = ctx.grids[0] if n < 8 else rng.choice(ctx.grids)
        x0, y0, x1, y1 = ctx.grid_bounds[grid.pk]
        code = rng.choices(codes, weights)[0]
        suffixes, _, flags = INDUSTRY_PROFILES[code]
        while True:
            name = f"包头市{rng.choice(NAME_WORDS)}{rng.choice(NAME_WORDS)}{rng.choice(suffixes)}"
            if name not in used_names:
                break
        used_names.add(name)
        while (uscc := random_uscc(rng)) in used_uscc:
            pass
        used_uscc.add(uscc)
        e = Enterprise(
            name=name, uscc=uscc, address=f"{grid.name.split('社区')[0]}{rng.randint(1, 300)}号",
            lng=Decimal(f"{rng.uniform(x0, x1):.6f}"), lat=Decimal(f"{rng.uniform(y0, y1):.6f}"),
            region=grid, industry=ctx.industries[code], legal_rep=rng.choice("王李张刘陈杨赵") + rng.choice("建国志强海军丽华"),
            safety_director=rng.choice("孙周吴郑冯") + rng.choice("明亮涛磊静"),
            safety_director_phone=f"138{rng.randrange(10**8):08d}",
            employees=rng.choice([8, 15, 30, 60, 120, 300, 800]),
            scale=Scale.ABOVE if rng.random() < 0.3 else Scale.BELOW,
            status=EnterpriseStatus.OPERATING if rng.random() < 0.95 else EnterpriseStatus.SUSPENDED,
            insurance_policy_no=f"AZX{rng.randrange(10**10):010d}" if rng.random() < 0.7 else "",
        )
        for flag in flags:
            setattr(e, flag, rng.random() < 0.6)
        if rng.random() < 0.05:
            setattr(e, rng.choice(KEY_FLAGS)[0], True)
        if e.insurance_policy_no:
            e.insurance_expiry = today + dt.timedelta(days=rng.randint(-20, 360))
        if rng.random() < 0.35:
            e.standardization_grade = rng.choice(["2", "3", "3"])
            e.standardization_date = today - dt.timedelta(days=rng.randint(30, 1150))
            e.standardization_expiry = add_years(e.standardization_date, 3)
        rows.append(e)
    Enterprise.objects.bulk_create(rows, batch_size=500)
    rows = list(Enterprise.objects.select_related("industry", "region").order_by("pk"))  # SQLite bulk_create may not return pks
    links = []
    through = Enterprise.departments.through
    for e in rows:
        dept_ids = set(dept_by_industry.get(e.industry_id, []))
        parent = ctx.industries[e.industry.code].parent_id if e.industry.parent_id else None
        dept_ids |= set(dept_by_industry.get(parent, [])) if parent else set()
        links += [through(enterprise_id=e.pk, department_id=d) for d in dept_ids]
    through.objects.bulk_create(links, batch_size=1000)

    licences, points = [], []
    for e in rows:
        for key, kind in LICENCES.items():
            if getattr(e, key, False) is True or e.industry.code == key:
                licences.append(Licence(
                    enterprise=e, kind=kind, number=f"(蒙)WH安许证字[{rng.randint(2021, 2025)}]{rng.randint(100, 999)}",
                    issuer="包头市应急管理局", issued_on=today - dt.timedelta(days=rng.randint(200, 1000)),
                    expires_on=today + dt.timedelta(days=rng.randint(-10, 700)),
                ))
        for _ in range(rng.randint(1, 4)):
            lv, ev, cv = (Decimal(rng.choice(v)) for v in ([1, 3, 6], [2, 3, 6], [3, 7, 15, 40]))
            d = lv * ev * cv
            points.append(RiskPoint(
                enterprise=e, name=rng.choice(["配电室", "危化品库房", "冲压车间", "有限空间作业点", "高处作业平台", "燃气锅炉房", "粉尘作业区"]),
                location="厂区", likelihood=lv, exposure=ev, consequence=cv, d_value=d, level=lec_level(d),
                measures="落实岗位责任制，定期巡检，设置警示标识",
            ))
    Licence.objects.bulk_create(licences, batch_size=1000)
    RiskPoint.objects.bulk_create(points, batch_size=1000)
    sources = _hazard_sources(rng, [e for e in rows if e.flag_hazchem or e.flag_ammonia], today)
    order = ["major", "high", "general", "low"]
    best: dict[int, str] = {}
    for p in points:
        cur = best.get(p.enterprise_id)
        if cur is None or order.index(p.level) < order.index(cur):
            best[p.enterprise_id] = p.level
    for e in rows:
        e.risk_level = best.get(e.pk, "low")
    Enterprise.objects.bulk_update(rows, ["risk_level"], batch_size=1000)
    ctx.extra["enterprises"] = rows

    other = next(e for e in rows if e.region.parent.parent_id != ctx.grids[0].parent.parent_id)
    for username, ent, name in (("qiye", rows[0], "企业安全员 孙明"), ("qiye2", other, "企业安全员 钱亮")):
        ctx.users[username] = User.objects.create(
            username=username, password=ctx.password_hash, role=Role.ENTERPRISE, full_name=name, enterprise=ent,
            receives_reminders=True,
        )
    # Every other demo enterprise has a login too: username = its USCC, the demo password (one hash).
    with_login = {ctx.users["qiye"].enterprise_id, ctx.users["qiye2"].enterprise_id}
    User.objects.bulk_create([
        User(username=e.uscc, password=ctx.password_hash, role=Role.ENTERPRISE, enterprise=e, receives_reminders=True,
             full_name=e.safety_director or e.legal_rep, phone=e.safety_director_phone, post="安全负责人")
        for e in rows if e.pk not in with_login
    ], batch_size=1000)
    ctx.log(f"    企业：{len(rows)} 家，证照 {len(licences)} 条，风险点 {len(points)} 个，重大危险源 {sources} 处")


# (危险化学品, 临界量 Q 吨 per GB 18218, β)
SUBSTANCES = [("液氨", 10, 2), ("液氯", 5, 4), ("甲醇", 500, 1), ("汽油", 200, 1), ("液化石油气", 50, 1.5), ("硫化氢", 5, 5)]


def _hazard_sources(rng, enterprises: list[Enterprise], today: dt.date) -> int:
    """About a third of the 危化品/涉氨 enterprises hold a 重大危险源 with R computed from its substances."""
    sources, picked = [], []
    for e in enterprises:
        if rng.random() > 0.35:
            continue
        alpha = Decimal(rng.choice(["1.0", "1.2", "1.5", "2.0"]))
        items = [
            (name, Decimal(str(beta)), Decimal(crit) * Decimal(rng.choice(["0.4", "1.2", "3", "8", "25"])), Decimal(crit))
            for name, crit, beta in rng.sample(SUBSTANCES, rng.randint(1, 2))
        ]
        r = major_hazard_r(alpha, [(b, q, c) for _, b, q, c in items])
        filed = rng.random() < 0.8
        sources.append(MajorHazardSource(
            enterprise=e, name=rng.choice(["储罐区", "装卸区", "制冷机房", "仓库区"]), alpha=alpha, r_value=r,
            grade=major_hazard_grade(r), filing_no=f"BT-WX-{rng.randint(1000, 9999)}" if filed else "",
            filed_on=today - dt.timedelta(days=rng.randint(30, 900)) if filed else None,
        ))
        picked.append(items)
    MajorHazardSource.objects.bulk_create(sources)
    saved = list(MajorHazardSource.objects.filter(enterprise__in=[s.enterprise for s in sources]).order_by("pk"))
    HazardousSubstance.objects.bulk_create(
        HazardousSubstance(source=src, name=n, beta=b, quantity=q, critical=c)
        for src, items in zip(saved, picked)
        for n, b, q, c in items
    )
    return len(sources)
