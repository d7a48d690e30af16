"""Demo 群众举报: ~40 reports over half a year in every state, with photos, hazards and rewards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.demo import DemoContext
from hazards.choices import HazardGrade, HazardSource, HazardStatus, TransitionAction
from hazards.models import Hazard, HazardTransition

from .choices import ReportAction, ReportCategory, ReportStatus, RewardStatus
from .models import PublicReport, ReportPhoto, ReportReward, ReportTransition
from .services import new_code, reports_escalate

TEXTS = [
    (ReportCategory.FIRE, "饭店后厨安全出口被纸箱和杂物堵死，消防通道无法通行"),
    (ReportCategory.FIRE, "商铺二楼仓库住人，电动车在楼道内充电"),
    (ReportCategory.GAS, "餐馆液化气钢瓶放在地下室，没有安装燃气泄漏报警器"),
    (ReportCategory.GAS, "小区门口烧烤摊使用多个液化气罐，胶管老化"),
    (ReportCategory.HAZCHEM, "厂区后院露天堆放油漆桶，没有防晒和围堰"),
    (ReportCategory.CONSTRUCTION, "工地脚手架没有挂安全网，工人高处作业不系安全带"),
    (ReportCategory.CONSTRUCTION, "基坑边堆土过高，没有设置护栏"),
    (ReportCategory.SPECIAL_EQUIPMENT, "厂里的行车（起重机）检验已过期还在使用"),
    (ReportCategory.SPECIAL_EQUIPMENT, "商场货梯门关不严，运行时有异响"),
    (ReportCategory.TRANSPORT, "危化品运输车辆夜间停在居民区路边"),
    (ReportCategory.ILLEGAL, "无证加工作业，晚上偷偷开工，粉尘很大"),
    (ReportCategory.OTHER, "车间配电箱门敞开，电线裸露"),
]
UNFOUNDED_REASONS = ["现场核查未发现所述情况，通道畅通", "所述钢瓶已于核查前清走，现场无隐患", "举报地点为空置房屋，无生产经营活动"]
NAMES = ["王先生", "李女士", "群众", "赵先生", "刘女士"]


def _photo_bytes(rng, i: int) -> bytes:
    img = Image.new("RGB", (640, 480), tuple(rng.randint(90, 200) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randint(0, 600), rng.randint(0, 440)
        draw.rectangle([x, y, x + rng.randint(20, 120), y + rng.randint(20, 90)],
                       fill=tuple(rng.randint(20, 240) for _ in range(3)))
    draw.text((12, 12), f"DEMO {i:02d}", fill=(255, 255, 255))
    out = BytesIO()
    img.save(out, "JPEG", quality=70)
    return out.getvalue()


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    now = timezone.now()
    today = timezone.localdate()
    enterprises = ctx.extra["enterprises"]
    street_of = {}
    for street in ctx.streets:
        for g in ctx.grids:
            if g.path.startswith(street.path):
                street_of[g.pk] = street
    office = ctx.users["anweiban"]
    handler = ctx.users["jiedao"]
    dept = ctx.departments["XF"]
    # (status, how many): every state of the flow, recent ones still open.
    plan = [(ReportStatus.RECEIVED, 6), (ReportStatus.ASSIGNED, 8), (ReportStatus.UNFOUNDED, 8),
            (ReportStatus.FOUNDED, 8), (ReportStatus.CLOSED, 12)]
    near_wangge = [e for e in enterprises if e.region_id in {c.pk for c in ctx.users["wangge"].grid_cells.all()}]
    reports, hazards, pairs = [], [], []
    n = 0
    for status, count in plan:
        for _ in range(count):
            n += 1
            category, text = TEXTS[n % len(TEXTS)]
            ent = near_wangge[n % len(near_wangge)] if near_wangge and n % 4 == 0 else rng.choice(enterprises)
            if status == ReportStatus.RECEIVED:
                age = rng.randint(0, 3)
            elif status == ReportStatus.ASSIGNED:
                age = rng.randint(3, 20)
            elif status == ReportStatus.FOUNDED:
                age = rng.randint(10, 60)
            else:
                age = rng.randint(20, 180)
            submitted = now - dt.timedelta(days=age, hours=rng.randint(0, 10))
            named = n % 2 == 0
            r = PublicReport(
                code=new_code(), category=category, description=text, address=ent.address, lat=ent.lat, lng=ent.lng,
                enterprise_name=ent.name if n % 3 else "", enterprise=ent if n % 3 else None,
                contact_name=rng.choice(NAMES) if named else "",
                contact_phone=f"13{rng.randint(100000000, 999999999)}" if named else "",
                status=status, submitted_at=submitted,
            )
            street = street_of.get(ent.region_id)
            if status != ReportStatus.RECEIVED:
                if n % 5 == 0:
                    r.assigned_department = dept
                else:
                    r.assigned_region = street
                r.assigned_at, r.assigned_by = submitted + dt.timedelta(hours=4), office
                r.deadline = timezone.localdate(r.assigned_at) + dt.timedelta(days=7)
            if status in (ReportStatus.UNFOUNDED, ReportStatus.FOUNDED, ReportStatus.CLOSED):
                r.verified_at = r.assigned_at + dt.timedelta(days=rng.randint(1, 5))
                r.verified_by = handler
                r.enterprise = ent
            if status == ReportStatus.UNFOUNDED:
                r.verification_note = rng.choice(UNFOUNDED_REASONS)
                r.closed_at = r.verified_at
            if status in (ReportStatus.FOUNDED, ReportStatus.CLOSED):
                r.verification_note = "现场核查属实，已责令整改"
                h = Hazard(
                    enterprise=ent, region_id=ent.region_id, source=HazardSource.PUBLIC, grade=HazardGrade.GENERAL,
                    status=HazardStatus.CLOSED if status == ReportStatus.CLOSED else HazardStatus.RECTIFYING,
                    description=text, location=ent.address, deadline=timezone.localdate(r.verified_at) + dt.timedelta(days=15),
                    reporter=handler, reported_at=r.verified_at, rectifying_at=r.verified_at + dt.timedelta(hours=6),
                )
                if status == ReportStatus.CLOSED:
                    h.closed_at = r.verified_at + dt.timedelta(days=rng.randint(3, 14))
                    h.closed_by = handler
                    h.rectification_note = "已按要求整改完毕"
                    r.closed_at = h.closed_at
                hazards.append(h)
                pairs.append((r, h))
            reports.append(r)
    PublicReport.objects.bulk_create(reports)
    ct = ContentType.objects.get_for_model(PublicReport)
    for r, h in pairs:
        h.origin_type, h.origin_id = ct, str(r.pk)
    Hazard.objects.bulk_create(hazards)
    for r, h in pairs:
        r.hazard = h
    PublicReport.objects.bulk_update([r for r, _ in pairs], ["hazard"])
    transitions, hazard_steps = [], []
    for r in reports:
        transitions.append(ReportTransition(report=r, at=r.submitted_at, action=ReportAction.SUBMIT, from_status="",
                                            to_status=ReportStatus.RECEIVED, note=r.get_category_display()))
        if r.assigned_at:
            transitions.append(ReportTransition(report=r, at=r.assigned_at, by=office, action=ReportAction.ASSIGN,
                                                from_status=ReportStatus.RECEIVED, to_status=ReportStatus.ASSIGNED,
                                                note=f"分派{r.handler_name}核查，期限 {r.deadline:%Y-%m-%d}"))
        if r.status == ReportStatus.UNFOUNDED:
            transitions.append(ReportTransition(report=r, at=r.verified_at, by=handler, action=ReportAction.UNFOUND,
                                                from_status=ReportStatus.ASSIGNED, to_status=r.status,
                                                note=r.verification_note))
        if r.hazard_id:
            h = r.hazard
            transitions.append(ReportTransition(report=r, at=r.verified_at, by=handler, action=ReportAction.FOUND,
                                                from_status=ReportStatus.ASSIGNED, to_status=ReportStatus.FOUNDED,
                                                note=f"登记隐患 {h.number}"))
            hazard_steps += [
                HazardTransition(hazard=h, at=h.reported_at, by=handler, action=TransitionAction.REPORT, from_status="",
                                 to_status=HazardStatus.REPORTED, note=f"群众举报 {r.code} 经核查属实"),
                HazardTransition(hazard=h, at=h.rectifying_at, action=TransitionAction.START,
                                 from_status=HazardStatus.REPORTED, to_status=HazardStatus.RECTIFYING),
            ]
            if h.closed_at:
                hazard_steps.append(HazardTransition(hazard=h, at=h.closed_at, by=handler, action=TransitionAction.CLOSE,
                                                     from_status=HazardStatus.RECTIFYING, to_status=HazardStatus.CLOSED))
                transitions.append(ReportTransition(report=r, at=h.closed_at, action=ReportAction.CLOSE,
                                                    from_status=ReportStatus.FOUNDED, to_status=ReportStatus.CLOSED,
                                                    note=f"隐患 {h.number} 已验收销号"))
    ReportTransition.objects.bulk_create(transitions)
    HazardTransition.objects.bulk_create(hazard_steps)
    # A few photos (stored as the EXIF-free copies the public flow stores).
    for i, r in enumerate(reports[::4]):
        photo = ReportPhoto(report=r, gps_lat=r.lat, gps_lng=r.lng)
        photo.image.save(f"demo{i:02d}.jpg", ContentFile(_photo_bytes(rng, i)), save=False)
        photo.save()
    # 举报奖励 for some founded reports (the office's register).
    rewards = []
    for i, (r, _) in enumerate(pairs[:6]):
        decided = timezone.localdate(r.verified_at) + dt.timedelta(days=5)
        paid = i % 2 == 0 and decided + dt.timedelta(days=10) <= today
        rewards.append(ReportReward(
            report=r, amount=Decimal(rng.choice([200, 300, 500, 1000])), basis="《安全生产领域举报奖励办法》第九条",
            decided_on=min(decided, today), status=RewardStatus.PAID if paid else RewardStatus.DECIDED,
            paid_on=decided + dt.timedelta(days=10) if paid else None, created_by=office,
        ))
    ReportReward.objects.bulk_create(rewards)
    escalated = reports_escalate(today=today)
    ctx.log(f"    群众举报：{len(reports)} 件（隐患 {len(hazards)} 条，奖励 {len(rewards)} 笔，逾期升级 {sum(escalated.values())} 件）")
