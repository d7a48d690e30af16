"""Build a city on PostgreSQL for the benchmark, by bulk loading into the real models' tables.

    .venv/bin/python tests/bench/generate_city.py [--scale 1.0]      (normally run by tests/bench/run_bench.py)

At scale 1: a district of 20 streets → 100 communities → 1,500 grid cells, 50,000 enterprises (one user
each), a year of weekly self-checks (~2.5 M rows), 500,000 hazards in every state (some overdue, major,
挂牌督办), 100,000 grid patrols and enforcement inspections, 10 years × 20,000 accidents, 10 years of
reference data (statistics per street and district, plans with targets), the current year's assessment
scheme (20 streets + 40 departments × 30 indicators) published and in review. ``--scale`` shrinks the
row counts (not the 20 streets, 40 departments or 10 years).

Rows go in with PostgreSQL's COPY (rows made in Python) or INSERT … SELECT over generate_series (rows
made by the server), with foreign-key triggers off during the load (the generator makes them consistent);
columns a generator does not name get the model field's default, so a new column with a default needs no
change here. The database must be migrated and empty; run_bench.py creates it. Prints the time per table.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
import time
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.bench import benchenv

    benchenv.setup()

from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

N_STREETS, COMMUNITIES_PER_STREET, GRIDS_PER_COMMUNITY = 20, 5, 15
N_DEPARTMENTS = 40
YEARS_OF_HISTORY = 10
CENTRE = (111.75, 40.84)  # lng, lat of the made-up district (streets laid out on a 5 × 4 grid around it)
STREET_NAMES = ["城关", "东河", "西郊", "南湖", "北苑", "新华", "人民", "解放", "建设", "和平",
                "光明", "青山", "金桥", "锦绣", "丰泽", "兴安", "长乐", "永安", "康宁", "富民"]
DEPARTMENT_NAMES = [
    ("YJ", "应急管理局"), ("ZJ", "市场监督管理局"), ("JT", "交通运输局"), ("SJ", "住房和城乡建设局"),
    ("XF", "消防救援大队"), ("JY", "教育局"), ("WJ", "卫生健康委员会"), ("WL", "文化旅游体育局"),
    ("SW", "商务局"), ("NY", "农业农村局"), ("SL", "水利局"), ("ZR", "自然资源局"), ("HB", "生态环境分局"),
    ("CG", "城市管理综合执法局"), ("GA", "公安分局"), ("GX", "工业和信息化局"), ("MZ", "民政局"),
    ("LY", "林业和草原局"), ("QX", "气象局"), ("YZ", "邮政管理局"),
]
INDUSTRY_SECTIONS = {
    "B": ("采矿业", ["煤炭开采和洗选业", "黑色金属矿采选业", "非金属矿采选业"]),
    "C": ("制造业", ["农副食品加工业", "纺织业", "木材加工业", "家具制造业", "化学原料和化学制品制造业",
                    "医药制造业", "橡胶和塑料制品业", "非金属矿物制品业", "金属制品业", "通用设备制造业"]),
    "D": ("电力、热力、燃气及水生产和供应业", ["电力、热力生产和供应业", "燃气生产和供应业"]),
    "E": ("建筑业", ["房屋建筑业", "土木工程建筑业", "建筑安装业"]),
    "F": ("批发和零售业", ["批发业", "零售业"]),
    "G": ("交通运输、仓储和邮政业", ["道路运输业", "装卸搬运和仓储业", "邮政业"]),
    "H": ("住宿和餐饮业", ["住宿业", "餐饮业"]),
    "R": ("文化、体育和娱乐业", ["娱乐业", "体育"]),
}


class Timer:
    """Prints the time of each step and keeps the figures for the benchmark's report."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, int, float]] = []
        self.started = time.monotonic()

    def step(self, label: str, fn) -> int:
        t0 = time.monotonic()
        count = fn()
        seconds = time.monotonic() - t0
        self.rows.append((label, count, seconds))
        print(f"  {label:<44} {count:>11,} rows {seconds:8.1f} s", flush=True)
        return count

    @property
    def total(self) -> float:
        return time.monotonic() - self.started


# ---- loading helpers -------------------------------------------------------------------------------------


def _default(field: models.Field, now: dt.datetime):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    return _REQUIRED


_REQUIRED = object()


def _columns(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value.value if isinstance(value, models.Choices) else value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(model, rows: Iterable[dict], *, chunk: int = 50_000) -> int:
    """COPY dicts (keyed by attname) into the model's table; missing columns get the field default."""
    fields = _columns(model)
    now = timezone.now()
    defaults = {f.attname: _default(f, now) for f in fields}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    total, buf, pending = 0, io.StringIO(), 0

    def flush() -> None:
        buf.seek(0)
        with connection.cursor() as cur:
            cur.copy_expert(sql, buf)
        buf.seek(0)
        buf.truncate()

    for row in rows:
        values = []
        for f in fields:
            value = row.get(f.attname, defaults[f.attname])
            if value is _REQUIRED:
                raise ValueError(f"{model.__name__}.{f.attname} has no default: the generator must give it")
            values.append(_copy_text(value))
        buf.write("\t".join(values) + "\n")
        total, pending = total + 1, pending + 1
        if pending >= chunk:
            flush()
            pending = 0
    if pending:
        flush()
    return total


def insert_select(model, exprs: dict[str, str], from_sql: str, params: dict | None = None) -> int:
    """INSERT INTO the model's table SELECT ``exprs`` (attname → SQL) FROM …; other columns get defaults.

    ``from_sql`` and the expressions use %(name)s parameters (so a literal % is written %%)."""
    fields = _columns(model)
    now = timezone.now()
    params = dict(params or {})
    select, columns = [], []
    for f in fields:
        columns.append(connection.ops.quote_name(f.column))
        if f.attname in exprs:
            select.append(exprs.pop(f.attname))
            continue
        value = _default(f, now)
        if value is _REQUIRED:
            raise ValueError(f"{model.__name__}.{f.attname} has no default: the generator must give it")
        key = f"default_{f.attname}"
        if isinstance(value, models.Choices):
            value = value.value
        params[key] = json.dumps(value) if isinstance(value, (dict, list)) else value
        select.append(f"%({key})s")
    if exprs:
        raise ValueError(f"unknown columns of {model.__name__}: {sorted(exprs)}")
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
           f"SELECT {', '.join(select)} {from_sql}")
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.rowcount


def bulk_load(enabled: bool) -> None:
    """Foreign-key triggers off (replica role) while loading rows that are consistent by construction."""
    with connection.cursor() as cur:
        cur.execute(f"SET session_replication_role = {'replica' if enabled else 'origin'}")


def scaled(n: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, int(round(n * scale)))


# ---- the city ---------------------------------------------------------------------------------------------


def build_regions(grids_per_community: int) -> int:
    from accounts.choices import RegionKind
    from accounts.models import Region

    district = Region.objects.create(code="CITY", name="基准市中心区", kind=RegionKind.DISTRICT,
                                     boundary=_rect(CENTRE[0] - 0.30, CENTRE[1] - 0.16, CENTRE[0] + 0.30, CENTRE[1] + 0.16))
    streets = Region.objects.bulk_create([
        Region(code=f"CITY{s + 1:02d}", name=f"{STREET_NAMES[s]}街道", kind=RegionKind.STREET, parent=district,
               boundary=_rect(*street_box(s)))
        for s in range(N_STREETS)
    ])
    communities = Region.objects.bulk_create([
        Region(code=f"{st.code}{c + 1:02d}", name=f"{st.name[:-2]}第{c + 1}社区", kind=RegionKind.COMMUNITY, parent=st)
        for st in streets for c in range(COMMUNITIES_PER_STREET)
    ])
    Region.objects.bulk_create([
        Region(code=f"{cm.code}{g + 1:02d}", name=f"{cm.name}{g + 1}号网格", kind=RegionKind.GRID, parent=cm)
        for cm in communities for g in range(grids_per_community)
    ])
    with connection.cursor() as cur:  # the materialised paths Region.save() would have written
        cur.execute("UPDATE accounts_region SET path = lpad(id::text, 6, '0') || '.', depth = 0 WHERE id = %s",
                    [district.pk])
        for kind in (RegionKind.STREET, RegionKind.COMMUNITY, RegionKind.GRID):
            cur.execute("""UPDATE accounts_region r SET path = p.path || lpad(r.id::text, 6, '0') || '.',
                           depth = p.depth + 1 FROM accounts_region p WHERE r.parent_id = p.id AND r.kind = %s""",
                        [kind])
    return Region.objects.count()


def street_box(s: int) -> tuple[float, float, float, float]:
    col, row = s % 5, s // 5
    x0, y0 = CENTRE[0] - 0.30 + col * 0.12, CENTRE[1] - 0.16 + row * 0.08
    return x0, y0, x0 + 0.12, y0 + 0.08


def _rect(x0: float, y0: float, x1: float, y1: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def build_reference() -> int:
    """Industries (门类 → 大类), departments and the industries they supervise, check templates."""
    from accounts.models import Department, Industry
    from hazards.models import CheckItem, CheckTemplate

    sections = {code: Industry.objects.create(code=code, name=name) for code, (name, _) in INDUSTRY_SECTIONS.items()}
    divisions = Industry.objects.bulk_create([
        Industry(code=f"{code}{i + 13:02d}", name=name, parent=sections[code])
        for code, (_, names) in INDUSTRY_SECTIONS.items() for i, name in enumerate(names)
    ])
    names = DEPARTMENT_NAMES + [(f"Z{i:02d}", f"专项监管组{i}") for i in range(1, N_DEPARTMENTS - len(DEPARTMENT_NAMES) + 1)]
    departments = Department.objects.bulk_create([Department(code=c, name=n, short_name=n[:2]) for c, n in names])
    through = Department.industries.through
    links = {(departments[i % N_DEPARTMENTS].pk, d.pk) for i, d in enumerate(divisions)}
    links |= {(departments[(i * 7 + 3) % N_DEPARTMENTS].pk, d.pk) for i, d in enumerate(divisions)}
    links |= {(departments[0].pk, d.pk) for d in divisions if d.parent_id in (sections["B"].pk, sections["C"].pk)}
    through.objects.bulk_create([through(department_id=dep, industry_id=ind) for dep, ind in sorted(links)])

    templates = [CheckTemplate(name="通用安全生产检查表", description="全部企业适用")]
    templates += [CheckTemplate(name=f"{sec.name}检查表", industry=sec) for sec in sections.values()]
    templates += [CheckTemplate(name="粉尘涉爆专项检查表", key_flag="flag_dust"),
                  CheckTemplate(name="有限空间专项检查表", key_flag="flag_confined")]
    templates = CheckTemplate.objects.bulk_create(templates)
    CheckItem.objects.bulk_create([
        CheckItem(template=t, order=n, description=f"{t.name[:-3]}第{n}项：安全设施完好、警示标志齐全",
                  basis="《安全生产法》第三十六条", category="设备设施", major_by_definition=(n == 8))
        for t in templates for n in range(1, 9)
    ])
    return len(sections) + len(divisions) + len(departments) + len(templates) * 9


def build_staff() -> int:
    """Office, expert, street, department (two law-enforcement officers each) and grid officer accounts."""
    from django.contrib.auth.hashers import make_password

    from accounts.choices import RegionKind, Role
    from accounts.models import Department, Region, User

    pw = make_password(benchenv_password())
    users = [User(username="bench-office", password=pw, role=Role.OFFICE, full_name="安委办值班员"),
             User(username="bench-expert", password=pw, role=Role.EXPERT, full_name="评审专家")]
    streets = list(Region.objects.filter(kind=RegionKind.STREET).order_by("code"))
    users += [User(username=f"bench-street{i + 1:02d}", password=pw, role=Role.STREET, region=s, full_name=f"{s.name}安监站")
              for i, s in enumerate(streets)]
    for i, d in enumerate(Department.objects.order_by("code")):
        users += [User(username=f"bench-dept{i + 1:02d}-{j}", password=pw, role=Role.DEPARTMENT, department=d,
                       full_name=f"{d.name}执法员{j}", enforcement_cert_no=f"15020{i:03d}{j}") for j in (1, 2)]
    grids = list(Region.objects.filter(kind=RegionKind.GRID).order_by("path"))
    officers = [User(username=f"bench-grid{i + 1:04d}", password=pw, role=Role.GRID, full_name=f"网格员{i + 1}")
                for i in range(len(grids))]
    User.objects.bulk_create(users + officers, batch_size=2000)
    Region.officers.through.objects.bulk_create(
        [Region.officers.through(region_id=g.pk, user_id=u.pk) for g, u in zip(grids, officers)], batch_size=5000
    )
    return len(users) + len(officers)


def benchenv_password() -> str:
    from tests.bench.benchenv import PASSWORD

    return PASSWORD


def build_enterprises(n: int, rng: random.Random, today: dt.date) -> int:
    from accounts.choices import RegionKind
    from accounts.models import Industry, Region
    from enterprises.models import Enterprise
    from tests.factories import valid_uscc

    grids = list(Region.objects.filter(kind=RegionKind.GRID).order_by("path").values_list("pk", "path"))
    street_of_path = {p: i for i, p in enumerate(Region.objects.filter(kind=RegionKind.STREET).order_by("code")
                                                 .values_list("path", flat=True))}
    street_index = {pk: street_of_path[path[:14]] for pk, path in grids}
    industries = list(Industry.objects.filter(parent__isnull=False).values_list("pk", "parent__code"))
    words = ["鑫达", "恒泰", "华兴", "宏远", "金鼎", "瑞丰", "永盛", "昌隆", "福源", "利民", "佳美", "兴业"]
    kinds = {"B": "矿业", "C": "制造", "D": "能源", "E": "建设工程", "F": "商贸", "G": "物流", "H": "餐饮", "R": "文化娱乐"}

    def rows():
        for i in range(n):
            grid_pk, _ = grids[i % len(grids)]
            x0, y0, x1, y1 = street_box(street_index[grid_pk])
            ind_pk, section = industries[(i * 7) % len(industries)]
            r = rng.random()
            status = "operating" if r < 0.97 else ("suspended" if r < 0.99 else "closed")
            risk = rng.random()
            std = rng.random()
            std_date = today - dt.timedelta(days=rng.randrange(30, 1400)) if std < 0.3 else None
            yield {
                "name": f"{words[i % 12]}{kinds[section]}{i + 1:05d}有限公司", "uscc": valid_uscc(20_000_000 + i),
                "address": f"{STREET_NAMES[street_index[grid_pk]]}路{i % 500 + 1}号",
                "lng": Decimal(f"{rng.uniform(x0, x1):.6f}"), "lat": Decimal(f"{rng.uniform(y0, y1):.6f}"),
                "region_id": grid_pk, "industry_id": ind_pk, "legal_rep": "张" + words[i % 12][0],
                "legal_rep_phone": f"139{i:08d}", "safety_director": "李" + words[(i + 3) % 12][0],
                "employees": rng.randrange(3, 800), "scale": "above" if rng.random() < 0.2 else "below",
                "status": status,
                "flag_hazchem": section == "C" and rng.random() < 0.12, "flag_dust": rng.random() < 0.05,
                "flag_ammonia": rng.random() < 0.01, "flag_confined": rng.random() < 0.08,
                "flag_molten_metal": section == "C" and rng.random() < 0.03, "flag_gas": rng.random() < 0.02,
                "flag_mine": section == "B", "flag_crowded": section in ("F", "H", "R") and rng.random() < 0.3,
                "standardization_grade": rng.choice(["3", "3", "2", "1"]) if std_date else "",
                "standardization_date": std_date,
                "standardization_expiry": std_date + dt.timedelta(days=3 * 365) if std_date else None,
                "insurance_policy_no": f"PAAA{i:010d}" if rng.random() < 0.6 else "",
                "insurance_expiry": today + dt.timedelta(days=rng.randrange(-60, 365)),
                "risk_level": "major" if risk < 0.01 else "high" if risk < 0.07 else "general" if risk < 0.37 else "low",
            }

    count = copy_rows(Enterprise, rows())
    with connection.cursor() as cur:  # 行业监管部门 from the industry's supervising departments
        cur.execute("""INSERT INTO enterprises_enterprise_departments (enterprise_id, department_id)
                       SELECT e.id, di.department_id FROM enterprises_enterprise e
                       JOIN accounts_department_industries di ON di.industry_id = e.industry_id""")
    return count


def build_enterprise_records(rng: random.Random, today: dt.date) -> int:
    """Licences (a third of the enterprises, some expiring soon) and 重大危险源 of the hazchem ones."""
    from enterprises.models import Enterprise, Licence, MajorHazardSource

    ids = list(Enterprise.objects.order_by("pk").values_list("pk", "flag_hazchem"))
    n = copy_rows(Licence, (
        {"enterprise_id": pk, "kind": "安全生产许可证", "number": f"（蒙）WH安许证字〔{today.year}〕{pk:06d}",
         "issuer": "应急管理局", "issued_on": today - dt.timedelta(days=700),
         "expires_on": today + dt.timedelta(days=rng.randrange(-30, 1000))}
        for pk, _ in ids if pk % 3 == 0
    ))
    n += copy_rows(MajorHazardSource, (
        {"enterprise_id": pk, "name": "液氨储罐区", "alpha": Decimal("1.5"), "r_value": Decimal(rng.randrange(10, 120)),
         "grade": rng.choice([1, 2, 3, 4]), "filing_no": f"WXY{pk:06d}", "filed_on": today - dt.timedelta(days=300)}
        for pk, hazchem in ids if hazchem
    ))
    return n


def build_enterprise_users() -> int:
    from accounts.models import User

    password = User.objects.get(username="bench-office").password
    return insert_select(User, {
        "password": "%(pw)s", "username": "'bench-ent' || e.id", "role": "'enterprise'",
        "full_name": "'安全员' || e.id", "enterprise_id": "e.id", "date_joined": "now()",
    }, "FROM enterprises_enterprise e WHERE e.status <> 'closed'", {"pw": password})


def build_supervisions(today: dt.date) -> int:
    """挂牌督办 of a fifth of the open major hazards."""
    from accounts.models import User
    from hazards.models import Supervision

    office = User.objects.get(username="bench-office")
    return insert_select(Supervision, {
        "hazard_id": "h.id", "listed_by_id": "%(office)s", "listed_at": "h.reported_at + interval '2 days'",
        "doc_no": "'安委办督〔' || extract(year FROM h.reported_at)::int || '〕' || h.id || '号'",
        "deadline": "h.deadline + 30", "reason": "'限期完成重大隐患治理'", "status": "'listed'",
    }, "FROM hazards_hazard h WHERE h.grade = 'major' AND h.status <> 'closed' AND h.id %% 5 = 0",
        {"office": office.pk})


def build_patrols(n: int, today: dt.date) -> int:
    """A year of grid patrols, each by the grid officer of the enterprise's cell (a few still drafts)."""
    from inspections.models import Patrol

    return insert_select(Patrol, {
        "enterprise_id": "e.id", "region_id": "e.region_id", "officer_id": "o.user_id",
        "status": "CASE WHEN t.ts > %(today)s::date - 2 AND g %% 10 = 0 THEN 'draft' ELSE 'finished' END",
        "started_at": "t.ts", "saved_at": "t.ts + interval '40 minutes'",
        "finished_at": "CASE WHEN t.ts > %(today)s::date - 2 AND g %% 10 = 0 THEN NULL ELSE t.ts + interval '40 minutes' END",
        "visit_date": "(t.ts AT TIME ZONE 'Asia/Shanghai')::date",
        "lng": "e.lng + 0.0004", "lat": "e.lat - 0.0003", "accuracy_m": "15", "located_at": "t.ts",
        "distance_m": "45", "summary": "'例行巡查：现场检查安全管理台账、消防设施和作业现场'",
        "sign_off": "'signed'", "signer_name": "'企业安全员'", "hazards_found": "CASE WHEN g %% 7 = 0 THEN 1 ELSE 0 END",
    }, """FROM generate_series(0, %(n)s - 1) g
          JOIN enterprises_enterprise e ON e.id = %(min_id)s + (g::bigint * 7919) %% %(count)s
          JOIN accounts_region_officers o ON o.region_id = e.region_id
          CROSS JOIN LATERAL (SELECT %(now)s::timestamptz - (random() + g * 0) * interval '365 days' AS ts) t""",
        {"n": n, "today": today, "now": timezone.now(), **_enterprise_range()})


def build_inspections(n: int, today: dt.date) -> int:
    """A year of enforcement inspections by a department supervising the enterprise, two officers each."""
    from inspections.models import EnforcementPlan, Inspection

    count = insert_select(Inspection, {
        "department_id": "d.department_id", "enterprise_id": "e.id", "region_id": "e.region_id",
        "kind": "'enforcement'", "status": "'finished'", "inspected_on": "t.day", "place": "e.address",
        "summary": "'检查安全生产责任制落实、隐患排查治理和应急管理情况'",
        "result": "CASE WHEN g %% 20 = 0 THEN 'penalty' WHEN g %% 3 = 0 THEN 'rectify' ELSE 'no_issue' END",
        "created_by_id": "u.id", "created_at": "t.day + time '09:00'", "finished_at": "t.day + time '11:30'",
    }, """FROM generate_series(0, %(n)s - 1) g
          JOIN enterprises_enterprise e ON e.id = %(min_id)s + (g::bigint * 104729) %% %(count)s
          CROSS JOIN LATERAL (SELECT department_id FROM enterprises_enterprise_departments x
                              WHERE x.enterprise_id = e.id ORDER BY x.department_id LIMIT 1) d
          CROSS JOIN LATERAL (SELECT id FROM accounts_user WHERE department_id = d.department_id
                              ORDER BY id LIMIT 1) u
          CROSS JOIN LATERAL (SELECT %(today)s::date - (random() * 365 + g * 0)::int AS day) t""",
        {"n": n, "today": today, **_enterprise_range()})
    with connection.cursor() as cur:
        cur.execute("""INSERT INTO inspections_inspection_inspectors (inspection_id, user_id)
                       SELECT i.id, u.id FROM inspections_inspection i
                       JOIN accounts_user u ON u.department_id = i.department_id AND u.role = 'department'""")
        count += cur.rowcount
    from accounts.models import Department, User

    office = User.objects.get(username="bench-office")
    plans = EnforcementPlan.objects.bulk_create([
        EnforcementPlan(department=d, year=year, q1=q, q2=q, q3=q, q4=q, status="approved", note="年度执法检查计划",
                        decided_by=office, submitted_at=timezone.now(), decided_at=timezone.now())
        for d in Department.objects.all() for year in (today.year - 1, today.year)
        for q in [max(1, n // (N_DEPARTMENTS * 4))]
    ])
    return count + len(plans)


def build_accidents(per_year: int, rng: random.Random, today: dt.date) -> int:
    """Ten full years of accidents and this year so far; grade by 493号令 (accidents.rules)."""
    from accidents.models import Accident
    from accidents.services import derive
    from accounts.choices import RegionKind
    from accounts.models import Industry, Region
    from enterprises.models import Enterprise

    grids = list(Region.objects.filter(kind=RegionKind.GRID).values_list("pk", flat=True))
    industries = list(Industry.objects.values_list("pk", flat=True))
    enterprises = list(Enterprise.objects.order_by("?")[:5000].values_list("pk", "region_id", "industry_id"))
    categories = ["industrial"] * 5 + ["road"] * 3 + ["fire", "other"]
    types = ["struck", "vehicle", "machinery", "lifting", "electric", "fall", "collapse", "fire", "poisoning", "other"]
    tz = timezone.get_current_timezone()
    first_year = today.year - YEARS_OF_HISTORY

    def rows():
        probe = Accident()
        for year in range(first_year, today.year + 1):
            days = (today - dt.date(year, 1, 1)).days if year == today.year else 365
            for _ in range(per_year * days // 365):
                occurred = dt.datetime(year, 1, 1, 6, tzinfo=tz) + dt.timedelta(minutes=rng.randrange(days * 1440))
                ent = rng.choice(enterprises) if rng.random() < 0.5 else None
                probe.occurred_at = occurred
                probe.deaths = rng.choice([0, 0, 0, 0, 1, 1, 2]) if rng.random() < 0.999 else rng.randrange(3, 12)
                probe.serious_injuries = rng.choice([0, 0, 0, 1, 2])
                probe.direct_loss = Decimal(rng.randrange(0, 50000)) / 100
                probe.industry_id, probe.enterprise_id = (ent[2] if ent else rng.choice(industries)), None
                derive(probe)
                closed = year < today.year or rng.random() < 0.5
                closed_on = (occurred + dt.timedelta(days=90)).date() if closed else None
                due = closed_on + dt.timedelta(days=365) if closed_on else None
                evaluated = due - dt.timedelta(days=20) if due and due < today - dt.timedelta(days=30) else None
                yield {
                    "title": f"{year}年基准事故", "occurred_at": occurred, "year": probe.year,
                    "region_id": ent[1] if ent else rng.choice(grids), "place": "基准路",
                    "enterprise_id": ent[0] if ent else None, "industry_id": probe.industry_id,
                    "category": rng.choice(categories), "is_coal_mine": rng.random() < 0.01,
                    "accident_type": rng.choice(types), "deaths": probe.deaths,
                    "serious_injuries": probe.serious_injuries, "direct_loss": probe.direct_loss,
                    "grade": probe.grade, "status": "closed" if closed else "investigating",
                    "closed_on": closed_on,
                    "evaluation_due": due, "evaluated_on": evaluated,
                    "evaluation_result": "整改措施已落实" if evaluated else "",
                    "imported": year < today.year - 1, "summary": "基准数据",
                }

    return copy_rows(Accident, rows())


def build_reference_years(today: dt.date) -> int:
    """10 years of statistics (district and streets) and two plans with indicator targets."""
    from accidents.models import Plan, PlanTarget, RegionYearData
    from accounts.choices import RegionKind
    from accounts.models import Region

    regions = list(Region.objects.filter(kind__in=[RegionKind.DISTRICT, RegionKind.STREET]).order_by("path"))
    rows = []
    for year in range(today.year - YEARS_OF_HISTORY, today.year + 1):
        growth = Decimal(1) + Decimal(year - today.year) / 40
        for r in regions:
            part = 1 if r.kind == RegionKind.DISTRICT else Decimal(1) / N_STREETS
            rows.append(RegionYearData(
                region=r, year=year, gdp=(Decimal(2400) * growth * part).quantize(Decimal("0.0001")),
                population=int(1_200_000 * part), industrial_employees=int(450_000 * growth * part),
                motor_vehicles=int(600_000 * growth * part), coal_output=(Decimal(900) * part).quantize(Decimal("0.0001")),
                source=f"{year}年统计年鉴",
            ))
    RegionYearData.objects.bulk_create(rows)
    district = regions[0]
    plan = Plan.objects.create(name="“十四五”安全生产规划", region=district, baseline_year=2020, target_year=2025)
    yearly = Plan.objects.create(name=f"{today.year}年安全生产控制指标", region=district,
                                 baseline_year=today.year - 1, target_year=today.year)
    PlanTarget.objects.bulk_create([
        PlanTarget(plan=plan, indicator="deaths", kind="relative", value=Decimal(-15)),
        PlanTarget(plan=plan, indicator="gdp_rate", kind="relative", value=Decimal(-33)),
        PlanTarget(plan=plan, indicator="road_rate", kind="ceiling", value=Decimal("1.35")),
        PlanTarget(plan=yearly, indicator="deaths", kind="relative", value=Decimal(-5)),
        PlanTarget(plan=yearly, indicator="larger_accidents", kind="ceiling", value=Decimal(1)),
    ])
    return len(rows) + 7


def build_assessment(today: dt.date) -> int:
    """This year's scheme (every registered computed indicator), all streets and departments, published
    (every computed value evaluated once), manual items scored: in review, ready to compute results."""
    from django.utils import timezone as tz

    from accounts.models import User
    from assessment import services
    from assessment.choices import Source, UnitKind
    from assessment.models import Score
    from tests.bench.bench_assessment import build_scheme

    office = User.objects.get(username="bench-office")
    scheme = build_scheme(office, year=today.year)
    services.units_add(scheme=scheme, by=office, kind=UnitKind.STREET, all_of_kind=True)
    services.units_add(scheme=scheme, by=office, kind=UnitKind.DEPARTMENT, all_of_kind=True)
    services.scheme_publish(scheme=scheme, by=office)
    services.scheme_start_review(scheme=scheme, by=office)
    Score.objects.filter(unit__scheme=scheme, indicator__source=Source.MANUAL).update(
        points=Decimal(3), reviewed_at=tz.now(), reviewed_by=office)
    return Score.objects.filter(unit__scheme=scheme).count()


def _enterprise_range() -> dict:
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), count(*) FROM enterprises_enterprise")
        min_id, count = cur.fetchone()
    return {"min_id": min_id, "count": count}


def analyze() -> None:
    """What autovacuum does after a bulk load: visibility map (index-only scans) and planner statistics."""
    old = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    connection.set_autocommit(old)


def generate(scale: float = 1.0, *, seed: int = 2026) -> Timer:
    """Load the city into the (migrated, empty) database Django is connected to."""
    from hazards.rules import week_start_of
    from tests.bench.bench_hazards import load_hazards, load_self_checks

    if connection.vendor != "postgresql":
        raise SystemExit("the city generator needs PostgreSQL")
    rng = random.Random(seed)
    today = timezone.localdate()
    last_week = week_start_of(today) - dt.timedelta(weeks=1)
    timer = Timer()
    print(f"generating the city at scale {scale} (today {today}) …", flush=True)
    grids_per_community = max(1, round(GRIDS_PER_COMMUNITY * scale))
    bulk_load(True)
    try:
        with transaction.atomic():
            timer.step("regions (district → grid cells)", lambda: build_regions(grids_per_community))
            timer.step("industries, departments, check templates", build_reference)
            timer.step("staff users and grid officers", build_staff)
        timer.step("enterprises (+ supervising departments)", lambda: build_enterprises(scaled(50_000, scale), rng, today))
        timer.step("enterprise users", build_enterprise_users)
        timer.step("licences and major hazard sources", lambda: build_enterprise_records(rng, today))
        timer.step("weekly self-checks (52 weeks)", lambda: load_self_checks(last_week, share_last=0.9))
        timer.step("hazards", lambda: (load_hazards(scaled(500_000, scale), today), _count("hazards_hazard"))[1])
        timer.step("挂牌督办 of major hazards", lambda: build_supervisions(today))
        timer.step("grid patrols", lambda: build_patrols(scaled(70_000, scale), today))
        timer.step("enforcement inspections (+ officers, plans)", lambda: build_inspections(scaled(30_000, scale), today))
        timer.step("accidents (10 years + this year)", lambda: build_accidents(scaled(20_000, scale), rng, today))
        timer.step("reference data (10 years, plans)", lambda: build_reference_years(today))
    finally:
        bulk_load(False)
    timer.step("VACUUM ANALYZE", lambda: (analyze(), 0)[1])
    timer.step("assessment scheme published (60 units × 30)", lambda: build_assessment(today))
    print(f"city generated in {timer.total:.0f} s", flush=True)
    return timer


def _count(table: str) -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")
        return cur.fetchone()[0]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    generate(args.scale)
