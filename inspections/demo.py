"""Demo data: two months of grid patrols (the demo officer ``wangge`` included, with one live
patrol that found a hazard and one draft in progress), 应急局's approved 2026 enforcement plan
with inspections, numbered documents, a 复查, a 首违不罚 order and a paid fine, 住建局's plan
awaiting approval, and a published 双随机 draw (plus a fresh one waiting for its inspections)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.choices import Role
from accounts.demo import DemoContext
from accounts.models import Region, User
from enterprises.choices import EnterpriseStatus
from enterprises.models import Enterprise
from hazards.choices import CheckResult

from . import services
from .choices import PatrolStatus, SignOff
from .models import Patrol
from .rules import haversine_m

DEMO_TODAY = dt.date(2026, 11, 23)
SUMMARIES = ["现场安全管理基本规范", "消防通道畅通，灭火器在有效期内", "安全警示标志齐全", "已督促企业落实每周自查",
             "作业现场秩序良好", "提醒企业完善安全培训记录"]


def _photo(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    img = Image.new("RGB", (320, 240), colour)
    ImageDraw.Draw(img).rectangle((16, 16, 304, 224), outline=(255, 255, 255), width=4)
    buf = BytesIO()
    img.save(buf, "JPEG", quality=70)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def _aware(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _near(rng, e: Enterprise, metres: float) -> tuple[Decimal, Decimal]:
    lat = float(e.lat) + rng.uniform(-1, 1) * metres / 111_000
    lng = float(e.lng) + rng.uniform(-1, 1) * metres / (111_000 * math.cos(math.radians(float(e.lat))))
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def build(ctx: DemoContext) -> None:
    enterprises = [e for e in ctx.extra["enterprises"] if e.status == EnterpriseStatus.OPERATING]
    _patrols(ctx, enterprises)
    _enforcement(ctx)


# ---------------------------------------------------------------------------------------------
# 网格巡查


def _patrols(ctx: DemoContext, enterprises: list[Enterprise]) -> None:
    rng = ctx.rng
    officer_of = dict(Region.officers.through.objects.values_list("region_id", "user_id"))
    wangge = ctx.users["wangge"]
    months = [(dt.date(2026, 10, 1), 31, 0.85), (dt.date(2026, 11, 1), 22, 0.6)]
    rows: list[Patrol] = []
    for e in enterprises:
        officer_id = officer_of.get(e.region_id)
        if officer_id is None or e.lat is None:
            continue
        visits = 2 if e.risk_level in ("major", "high") else 1
        for first, days, p in months:
            for _ in range(visits):
                if rng.random() > p:
                    continue
                day = first + dt.timedelta(days=rng.randrange(days))
                far = rng.random() < 0.04
                lat, lng = _near(rng, e, 2000 if far else 120)
                distance = round(haversine_m(lat, lng, e.lat, e.lng))
                refused = rng.random() < 0.03
                start = _aware(day, rng.randint(8, 16), rng.randrange(60))
                rows.append(Patrol(
                    enterprise=e, region_id=e.region_id, officer_id=officer_id, status=PatrolStatus.FINISHED,
                    started_at=start, finished_at=start + dt.timedelta(minutes=rng.randint(15, 50)), visit_date=day,
                    lat=lat, lng=lng, accuracy_m=rng.randint(5, 40), located_at=start, distance_m=distance,
                    far_from_enterprise=distance > 500, summary=rng.choice(SUMMARIES),
                    sign_off=SignOff.REFUSED if refused else SignOff.SIGNED,
                    signer_name="" if refused else (e.safety_director or e.legal_rep),
                    refusal_reason="企业负责人不在场，现场人员拒绝签字" if refused else "",
                ))
    Patrol.objects.bulk_create(rows, batch_size=1000)

    # The demo officer: one live patrol today that found a hazard, and one draft left open.
    mine = [e for e in enterprises if officer_of.get(e.region_id) == wangge.pk and e.lat is not None]
    today = timezone.localdate()
    if len(mine) >= 2:
        e = mine[0]
        patrol = services.patrol_start(enterprise=e, by=wangge)
        lat, lng = _near(rng, e, 60)
        services.patrol_record_location(patrol=patrol, by=wangge, lat=lat, lng=lng, accuracy_m=12)
        items = list(services.checklist_items(e))
        services.patrol_save_answers(patrol=patrol, by=wangge, answers=[
            {"item": i.pk, "result": CheckResult.OK} for i in items[1:]])
        services.patrol_add_photos(patrol=patrol, by=wangge, photos=[_photo("车间全景.jpg", (70, 110, 160)),
                                                                     _photo("配电箱.jpg", (150, 90, 60))])
        if items:
            services.patrol_record_hazard(
                patrol=patrol, by=wangge, grade="general", description=f"{items[0].description}：现场检查不符合要求",
                deadline=today + dt.timedelta(days=10), location="生产车间", item=items[0],
                photos=[_photo("隐患.jpg", (190, 40, 40))],
            )
        services.patrol_finish(patrol=patrol, by=wangge, sign_off=SignOff.SIGNED,
                               signer_name=e.safety_director or e.legal_rep, summary="发现隐患一处，已当场告知企业整改")
        draft = services.patrol_start(enterprise=mine[1], by=wangge)
        lat, lng = _near(rng, mine[1], 80)
        services.patrol_record_location(patrol=draft, by=wangge, lat=lat, lng=lng, accuracy_m=20)
        half = list(services.checklist_items(mine[1]))[:3]
        services.patrol_save_answers(patrol=draft, by=wangge, answers=[
            {"item": i.pk, "result": CheckResult.OK} for i in half])
    ctx.log(f"    网格巡查：{len(rows) + 2} 次（含 wangge 今日巡查一次、草稿一份）")


# ---------------------------------------------------------------------------------------------
# 执法检查 and 双随机


def _answers(enterprise: Enterprise) -> list[dict]:
    return [{"item": i.pk, "result": CheckResult.OK} for i in services.checklist_items(enterprise)]


def _enforcement(ctx: DemoContext) -> None:
    rng = ctx.rng
    users, today = ctx.users, timezone.localdate()
    yingji, office = users["yingji"], users["anweiban"]
    yj = ctx.departments["YJ"]
    for n, name in ((3, "应急局 孙执法员"), (4, "应急局 马执法员"), (5, "应急局 朱执法员")):
        users[f"yingji{n}"] = User.objects.create(
            username=f"yingji{n}", password=ctx.password_hash, role=Role.DEPARTMENT, full_name=name, department=yj,
            enforcement_cert_no=f"150203-YJ-{n:04d}",
        )
    officers = [users[u] for u in ("yingji", "yingji2", "yingji3", "yingji4", "yingji5")]
    pool = list(Enterprise.objects.for_user(yingji).filter(status=EnterpriseStatus.OPERATING).order_by("pk"))
    risky = [e for e in pool if e.risk_level in ("major", "high")] or pool
    key = rng.sample(risky, min(10, len(risky)))

    plan = services.plan_save(by=yingji, year=2026, q1=15, q2=20, q3=20, q4=15, key_enterprises=key,
                              note="以危险化学品、粉尘涉爆、冶金等重点行业为主，全年执法检查不少于 70 家次。")
    services.plan_submit(plan=plan, by=yingji)
    services.plan_decide(plan=plan, by=office, approve=True, note="同意，按季度推进，重点企业全覆盖。")
    zj = users.get("zhujian")
    if zj is not None:
        zj_plan = services.plan_save(by=zj, year=2026, q1=8, q2=10, q3=10, q4=8,
                                     note="建筑施工领域专项执法，汛期、冬季施工为重点。")
        services.plan_submit(plan=zj_plan, by=zj)

    # Inspections through the year, in date order so that document numbers follow the dates.
    targets = key[:6] + rng.sample(pool, min(24, len(pool)))
    days = sorted(DEMO_TODAY - dt.timedelta(days=rng.randrange(5, 320)) for _ in targets)
    orders = []
    for e, day in zip(targets, days):
        pair = rng.sample(officers, 2)
        insp = services.inspection_start(by=pair[0], enterprise=e, inspected_on=day, inspectors=pair)
        services.inspection_save_answers(inspection=insp, by=pair[0], answers=_answers(e))
        hazards = []
        if rng.random() < 0.35:
            hazards.append(services.inspection_record_hazard(
                inspection=insp, by=pair[0], grade="general", location="生产现场",
                description=rng.choice(["安全出口标志损坏", "有限空间作业未执行审批", "除尘系统未定期清灰",
                                        "危化品仓库通风不良", "特种作业人员无证上岗"]),
                deadline=today + dt.timedelta(days=rng.randint(5, 30)),
            ))
        services.inspection_finish(inspection=insp, by=pair[0],
                                   summary="依法对企业安全生产情况进行现场检查。" + ("发现事故隐患，责令限期整改。" if hazards else "未发现问题。"))
        if hazards:
            orders.append((services.inspection_issue_order(inspection=insp, by=pair[0], hazards=hazards,
                                                           deadline=today + dt.timedelta(days=15)), pair))
    for n, (order, pair) in enumerate(orders[:2]):
        services.reinspection_record(
            order=order, by=pair[0], inspected_on=today, inspectors=pair,
            results={h.pk: (n == 0, "现场核查已整改" if n == 0 else "整改未完成") for h in order.hazards.all()},
            note="" if n == 0 else "督促企业继续整改",
        )
    last = services.inspection_start(by=yingji, enterprise=key[0], inspected_on=today - dt.timedelta(days=3),
                                     inspectors=officers[:2])
    services.inspection_save_answers(inspection=last, by=yingji, answers=_answers(key[0]))
    services.inspection_finish(inspection=last, by=yingji, summary="检查安全教育培训和警示标志设置情况")
    services.violation_handle(inspection=last, by=yingji, violation_code="training_records",
                              violation="未如实记录2026年第三季度安全生产教育和培训情况",
                              deadline=today + dt.timedelta(days=10))
    fine = services.violation_handle(
        inspection=last, by=yingji, violation_code="other", violation="未按规定对安全设备进行经常性维护、保养",
        legal_basis="《中华人民共和国安全生产法》第九十九条第（二）项", amount=Decimal("30000"),
    )
    services.penalty_mark_paid(penalty=fine, by=yingji, paid_on=today)

    for officer, ent in zip(officers[1:3], rng.sample(pool, 2)):
        services.conflict_declare(by=officer, inspector=officer, enterprise=ent, reason="近亲属在该企业担任管理人员")

    published = services.draw_create(by=yingji, title="2026年11月危化品和粉尘涉爆企业双随机抽查",
                                     criteria={"flags": ["flag_hazchem", "flag_dust"]}, enterprise_count=3,
                                     seed=20260901)
    for n, item in enumerate(published.items.order_by("position")):
        first = item.inspectors.order_by("pk").first()
        insp = services.inspection_start(by=first, draw_item=item, inspected_on=today - dt.timedelta(days=6 - n))
        services.inspection_save_answers(inspection=insp, by=first, answers=_answers(item.enterprise))
        services.inspection_finish(inspection=insp, by=first, summary="按双随机抽查事项逐项检查，未发现违法行为。")
    services.draw_publish(draw=published, by=yingji)
    services.draw_create(by=yingji, title="2026年12月冶金和工贸企业双随机抽查",
                         criteria={"industries": [ctx.industries["C"].pk]}, enterprise_count=4, seed=20261120)
    ctx.log(f"    执法检查：{len(targets) + 4} 次，整改指令 {len(orders) + 1} 份，双随机抽取 2 次（1 次已公开）")
