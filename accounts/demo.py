"""Demo organisation: 昆都仑区 with 8 streets, ~50 communities, ~350 grid cells, 6 departments."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password

from .choices import RegionKind, Role
from .models import Department, Industry, Region, User

DEMO_PASSWORD = "anjian2026"
# (username, what it is) — printed by seed_demo; the first of each role is the one to try.
DEMO_ACCOUNTS = [
    ("admin", "管理员（后台 /admin/）"),
    ("anweiban", "安委办"),
    ("jiedao", "街道：少先路街道安监站"),
    ("wangge", "网格员：少先路街道第一社区网格"),
    ("yingji", "部门：区应急管理局"),
    ("zhujian", "部门：区住房和城乡建设局"),
    ("qiye", "企业用户（网格员 wangge 网格内的企业）"),
    ("qiye2", "企业用户（另一街道的企业）"),
    ("zhuanjia", "专家"),
]

# Bounding box of the demo district (roughly 包头市昆都仑区).
BBOX = (109.74, 40.60, 109.90, 40.72)  # lng_min, lat_min, lng_max, lat_max

STREETS = [
    "少先路街道", "友谊大街街道", "林荫路街道", "团结大街街道",
    "鞍山道街道", "前进道街道", "沼潭街道", "昆北街道",
]
COMMUNITY_WORDS = ["和平", "幸福", "光明", "团结", "建设", "胜利", "阳光", "富强", "钢铁", "东风", "友谊", "青年"]

# GB/T 4754-2017 门类 and some 大类 the districts supervise most.
INDUSTRIES = [
    ("A", "农、林、牧、渔业", None), ("B", "采矿业", None), ("C", "制造业", None),
    ("D", "电力、热力、燃气及水生产和供应业", None), ("E", "建筑业", None), ("F", "批发和零售业", None),
    ("G", "交通运输、仓储和邮政业", None), ("H", "住宿和餐饮业", None), ("K", "房地产业", None),
    ("L", "租赁和商务服务业", None), ("P", "教育", None), ("Q", "卫生和社会工作", None),
    ("R", "文化、体育和娱乐业", None),
    ("C13", "农副食品加工业", "C"), ("C26", "化学原料和化学制品制造业", "C"),
    ("C30", "非金属矿物制品业", "C"), ("C31", "黑色金属冶炼和压延加工业", "C"),
    ("C33", "金属制品业", "C"), ("C34", "通用设备制造业", "C"), ("C20", "木材加工和木制品业", "C"),
    ("F51", "批发业（含危险化学品经营）", "F"), ("F52", "零售业（含加油站）", "F"),
    ("G54", "道路运输业", "G"), ("G59", "装卸搬运和仓储业", "G"),
]
DEPARTMENTS = [
    ("YJ", "区应急管理局", "昆应急", ["B", "C", "C13", "C26", "C30", "C31", "C33", "C34", "C20", "F51", "D"]),
    ("ZJ", "区住房和城乡建设局", "昆建", ["E", "K"]),
    ("JT", "区交通运输局", "昆交", ["G", "G54", "G59"]),
    ("SJ", "区市场监督管理局", "昆市监", ["F", "F52", "C13"]),
    ("XF", "区消防救援大队", "昆消", ["H", "L", "R", "F52"]),
    ("JY", "区教育局", "昆教", ["P"]),
]


@dataclass
class DemoContext:
    rng: random.Random
    enterprise_count: int = 2000
    log: Callable[[str], Any] = print
    password_hash: str = ""
    district: Region | None = None
    streets: list[Region] = field(default_factory=list)
    grids: list[Region] = field(default_factory=list)
    grid_bounds: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    industries: dict[str, Industry] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def _rect(bounds: tuple[float, float, float, float]) -> dict:
    x0, y0, x1, y1 = bounds
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _split(bounds, n: int) -> list[tuple[float, float, float, float]]:
    """Split a rectangle into n cells (columns first) — believable enough for a demo map."""
    x0, y0, x1, y1 = bounds
    cols = max(1, round(n ** 0.5))
    rows = -(-n // cols)
    w, h = (x1 - x0) / cols, (y1 - y0) / rows
    cells = [(x0 + c * w, y0 + r * h, x0 + (c + 1) * w, y0 + (r + 1) * h) for r in range(rows) for c in range(cols)]
    return cells[:n]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    ctx.password_hash = make_password(DEMO_PASSWORD)
    for code, name, parent in INDUSTRIES:
        ctx.industries[code] = Industry.objects.create(
            code=code, name=name, parent=ctx.industries.get(parent) if parent else None
        )
    for code, name, short, industry_codes in DEPARTMENTS:
        dept = Department.objects.create(code=code, name=name, short_name=short)
        dept.industries.set([ctx.industries[c] for c in industry_codes])
        ctx.departments[code] = dept

    ctx.district = Region.objects.create(code="150203", name="昆都仑区", kind=RegionKind.DISTRICT, boundary=_rect(BBOX))
    grid_no = 0
    officers_needed: list[Region] = []
    for s_i, (street_name, s_bounds) in enumerate(zip(STREETS, _split(BBOX, len(STREETS))), start=1):
        street = Region.objects.create(
            code=f"150203{s_i:03d}", name=street_name, kind=RegionKind.STREET, parent=ctx.district, boundary=_rect(s_bounds)
        )
        ctx.streets.append(street)
        n_comm = 6 if s_i % 2 else 7
        words = rng.sample(COMMUNITY_WORDS, n_comm)
        for c_i, (word, c_bounds) in enumerate(zip(words, _split(s_bounds, n_comm)), start=1):
            community = Region.objects.create(
                code=f"{street.code}{c_i:03d}", name=f"{word}社区", kind=RegionKind.COMMUNITY,
                parent=street, boundary=_rect(c_bounds),
            )
            for g_i, g_bounds in enumerate(_split(c_bounds, 7), start=1):
                grid_no += 1
                grid = Region.objects.create(
                    code=f"{community.code}{g_i:02d}", name=f"{street_name}{word}社区第{g_i}网格",
                    kind=RegionKind.GRID, parent=community, boundary=_rect(g_bounds),
                )
                ctx.grids.append(grid)
                ctx.grid_bounds[grid.pk] = g_bounds
                officers_needed.append(grid)
    ctx.log(f"    区域：{len(ctx.streets)} 个街道，{grid_no} 个网格")

    def user(username: str, role: str, full_name: str, **extra) -> User:
        u = User.objects.create(
            username=username, password=ctx.password_hash, role=role, full_name=full_name,
            is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN, **extra,
        )
        ctx.users[username] = u
        return u

    user("admin", Role.ADMIN, "系统管理员")
    # Office and 应急局 staff have mobile numbers: the accident alerts show their SMS rows in the outbox.
    user("anweiban", Role.OFFICE, "安委办 王主任", phone="13804720001")
    user("jiedao", Role.STREET, "少先路街道 李站长", region=ctx.streets[0])
    user("jiedao2", Role.STREET, "友谊大街街道 赵站长", region=ctx.streets[1])
    user("yingji", Role.DEPARTMENT, "应急局 张科长", department=ctx.departments["YJ"], enforcement_cert_no="150203-YJ-0001",
         phone="13804720002")
    user("yingji2", Role.DEPARTMENT, "应急局 刘执法员", department=ctx.departments["YJ"], enforcement_cert_no="150203-YJ-0002")
    user("zhujian", Role.DEPARTMENT, "住建局 陈科长", department=ctx.departments["ZJ"], enforcement_cert_no="150203-ZJ-0001")
    user("zhuanjia", Role.EXPERT, "安全专家 周工")

    # Grid officers: one per cell, but every 7th officer also holds the next cell (several cells).
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    i = 0
    officer_no = 0
    while i < len(officers_needed):
        officer_no += 1
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        username = "wangge" if officer_no == 1 else f"wg{officer_no:03d}"
        u = user(username, Role.GRID, f"网格员 {name}", phone=f"139{rng.randrange(10**8):08d}")
        cells = officers_needed[i : i + (2 if officer_no % 7 == 0 else 1)]
        u.grid_cells.set(cells)
        i += len(cells)
    ctx.log(f"    网格员：{officer_no} 人")
