"""Every write of 群众举报 (keyword-only, one transaction, audited, state checked first).

received → assigned (to a street or a department, with a deadline) → founded (a hazard with
source 公众举报 opens in the one ledger, linked both ways) or unfounded (with the reason);
founded → closed when the hazard is closed (``report_follow_hazard``, on the signal
``hazards.signals.hazard_transitioned``).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.choices import RegionKind, Role
from accounts.models import Department, Region, User
from accounts.notifications import notify
from accounts.permissions import require
from accounts.services import audit_record
from enterprises.models import Enterprise
from hazards.choices import EscalationLevel, HazardGrade, HazardSource, TransitionAction
from hazards.models import Hazard
from hazards.services import hazard_report, office_users
from safety_platform.uploads import validate_image

from .choices import ReportAction, ReportCategory, ReportStatus, RewardStatus
from .images import strip_photo
from .models import PublicReport, ReportPhoto, ReportReward, ReportTransition
from .permissions import REPORT, REWARD

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud over the phone
CODE_LENGTH = 12
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,30}$")


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not PublicReport.objects.filter(code=code).exists():
            return code


def normalise_code(code: str) -> str:
    return re.sub(r"[\s\-]", "", code or "").upper()


def _record(report: PublicReport, *, by: User | None, action: str, from_status: str, note: str = "",
            changes: dict | None = None) -> ReportTransition:
    row = ReportTransition.objects.create(
        report=report, by=by if by is not None and by.is_authenticated else None, action=action,
        from_status=from_status, to_status=report.status, note=note[:500],
    )
    status_change = {"status": [from_status, report.status]} if from_status != report.status else {}
    audit_record(actor=by, action=f"举报{ReportAction(action).label}", obj=report,
                 changes={**status_change, **(changes or {})}, note=note)
    return row


def _lock(report: PublicReport) -> PublicReport:
    locked = PublicReport.objects.select_for_update().get(pk=report.pk)
    report.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return report


def report_url(report: PublicReport) -> str:
    return reverse("reporting:detail", kwargs={"pk": report.pk})


def match_enterprise(text: str) -> Enterprise | None:
    """The enterprise the reporter named, when the name (or credit code) names exactly one."""
    text = (text or "").strip()
    if len(text) < 4:
        return None
    matches = list(Enterprise.objects.filter(Q(name=text) | Q(uscc=text.upper()))[:2])
    return matches[0] if len(matches) == 1 else None


# ---------------------------------------------------------------------------------------------
# the public side


def _clean_submission(fields: dict[str, Any], photos: Sequence[Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if len((fields["description"] or "").strip()) < 10:
        add("description", "请描述发现的隐患或违法行为（至少 10 个字）")
    if not (fields["address"] or "").strip():
        add("address", "请填写地点（如街道、门牌号或附近标志物）")
    if fields["category"] not in ReportCategory.values:
        add("category", "请选择举报类别")
    lat, lng = fields.get("lat"), fields.get("lng")
    if (lat is None) != (lng is None):
        add("lat", "地图位置不完整，请重新在地图上点选")
    elif lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        add("lat", "地图位置无效，请重新在地图上点选")
    phone = (fields.get("contact_phone") or "").strip()
    if phone and not PHONE_RE.match(phone):
        add("contact_phone", "联系电话格式不正确（只能包含数字、+、- 和括号）")
    if len(photos) > settings.REPORTING_MAX_PHOTOS:
        add("photos", f"最多上传 {settings.REPORTING_MAX_PHOTOS} 张照片")
    for f in photos:
        try:
            validate_image(f)
        except ValidationError as exc:
            for message in exc.messages:
                add("photos", message)
    return errors


@transaction.atomic
def report_submit(
    *,
    description: str,
    address: str,
    category: str = ReportCategory.OTHER,
    lat: Decimal | None = None,
    lng: Decimal | None = None,
    enterprise_name: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    photos: Sequence[Any] = (),
) -> PublicReport:
    """A public report (no account). Every photo is checked and stripped before anything is
    written, so a bad upload stores nothing. Returns the report; its ``code`` is the tracking code."""
    fields = {"description": description, "address": address, "category": category, "lat": lat, "lng": lng,
              "contact_phone": contact_phone}
    errors = _clean_submission(fields, photos)
    if errors:
        raise ValidationError(errors)
    try:
        clean = [strip_photo(f) for f in photos]
    except OSError as exc:
        raise ValidationError({"photos": [f"照片无法处理，请换一张重试（{exc.__class__.__name__}）"]})
    report = PublicReport.objects.create(
        code=new_code(), category=category, description=description.strip(), address=address.strip(), lat=lat, lng=lng,
        enterprise_name=enterprise_name.strip(), enterprise=match_enterprise(enterprise_name),
        contact_name=contact_name.strip(), contact_phone=contact_phone.strip(),
    )
    for c in clean:
        photo = ReportPhoto(report=report, gps_lat=c.gps_lat, gps_lng=c.gps_lng, taken_at=c.taken_at)
        photo.image.save(c.content.name, c.content, save=False)
        photo.save()
    _record(report, by=None, action=ReportAction.SUBMIT, from_status="",
            note=f"{report.get_category_display()}，照片 {len(clean)} 张，{'匿名' if report.is_anonymous else '留有联系方式'}")
    notify(recipients=office_users(), category="report", title=f"新的群众举报：{report.get_category_display()}",
           body=f"{report.address}：{report.description[:100]}", url=report_url(report),
           dedup_key=f"report-new:{report.pk}")
    return report


# ---------------------------------------------------------------------------------------------
# handling


def handler_users(report: PublicReport):
    """The users of the unit the report is assigned to: the street's officers or the department."""
    if report.assigned_region_id:
        return User.objects.filter(role=Role.STREET, is_active=True, region_id=report.assigned_region_id)
    if report.assigned_department_id:
        return User.objects.filter(role=Role.DEPARTMENT, is_active=True, department_id=report.assigned_department_id)
    return User.objects.none()


@transaction.atomic
def report_assign(
    *,
    report: PublicReport,
    by: User,
    deadline: dt.date,
    region: Region | None = None,
    department: Department | None = None,
    note: str = "",
) -> PublicReport:
    """The office assigns (or re-assigns) a report to one street or one department, with a deadline."""
    require(by, "reporting.assign", report)
    _lock(report)
    REPORT.require(by, "assign", report)
    errors: dict[str, str] = {}
    if (region is None) == (department is None):
        errors["region"] = "请选择一个核查街道/镇或一个核查部门（二选一）"
    elif region is not None and region.kind != RegionKind.STREET:
        errors["region"] = "只能分派给街道/镇"
    if deadline is None or deadline < timezone.localdate():
        errors["deadline"] = "核查期限不能早于今天"
    if errors:
        raise ValidationError(errors)
    from_status = report.status
    before = report.handler_name
    report.assigned_region, report.assigned_department = region, department
    report.assigned_at, report.assigned_by, report.deadline = timezone.now(), by, deadline
    report.status, report.escalation_level, report.escalated_at = ReportStatus.ASSIGNED, 0, None
    report.save(update_fields=["assigned_region", "assigned_department", "assigned_at", "assigned_by", "deadline",
                               "status", "escalation_level", "escalated_at"])
    row = _record(report, by=by, action=ReportAction.ASSIGN, from_status=from_status,
                  note=f"分派{report.handler_name}核查，期限 {deadline:%Y-%m-%d}。{note}".strip(),
                  changes={"handler": [before, report.handler_name], "deadline": [None, str(deadline)]})
    notify(recipients=handler_users(report), category="report", title=f"群众举报待核查：{report.code}",
           body=f"{report.address}：{report.description[:100]}\n核查期限：{deadline:%Y-%m-%d}", url=report_url(report),
           dedup_key=f"report-assign:{report.pk}:{row.pk}", sms=True)
    return report


def can_verify(user: User | None, report: PublicReport) -> bool:
    """May ``user`` verify this report now (the lifecycle table of hazards/reporting/permissions.py)?"""
    return user is not None and "verify" in REPORT.allowed_actions(user, report)


def _photo_files(report: PublicReport) -> list:
    files = []
    for p in report.photos.all():
        f = p.image.open("rb")
        files.append(f)
    return files


@transaction.atomic
def report_verify(
    *,
    report: PublicReport,
    by: User,
    founded: bool,
    note: str = "",
    enterprise: Enterprise | None = None,
    grade: str = HazardGrade.GENERAL,
    hazard_deadline: dt.date | None = None,
    hazard_description: str = "",
) -> PublicReport:
    """核查 on site. Unfounded needs the reason; founded opens a hazard (source 公众举报) for the
    enterprise the handler chooses within its own scope, with the report's photos, linked both ways."""
    _lock(report)
    REPORT.require(by, "verify", report)  # 400 when no longer open to verification, 403 when not the unit's
    from_status = report.status
    now = timezone.now()
    if not founded:
        if not (note or "").strip():
            raise ValidationError({"note": "核查不属实时请填写理由"})
        report.status, report.verified_at, report.verified_by = ReportStatus.UNFOUNDED, now, by
        report.verification_note, report.closed_at = note.strip(), now
        report.save(update_fields=["status", "verified_at", "verified_by", "verification_note", "closed_at"])
        _record(report, by=by, action=ReportAction.UNFOUND, from_status=from_status, note=note)
        return report
    errors: dict[str, str] = {}
    if enterprise is None:
        errors["enterprise"] = "核查属实时请选择隐患所在企业"
    elif not Enterprise.objects.for_user(by).filter(pk=enterprise.pk).exists():
        errors["enterprise"] = "该企业不在您的管辖范围内，请报安委办改派"
    if hazard_deadline is None:
        hazard_deadline = timezone.localdate() + dt.timedelta(days=settings.HAZARD_DEFAULT_DEADLINE_DAYS)
    elif hazard_deadline < timezone.localdate():
        errors["hazard_deadline"] = "整改期限不能早于今天"
    if errors:
        raise ValidationError(errors)
    files = _photo_files(report)
    try:
        hazard = hazard_report(
            enterprise=enterprise, reporter=by, source=HazardSource.PUBLIC, grade=grade,
            description=(hazard_description or "").strip() or report.description, deadline=hazard_deadline,
            location=report.address, photos=files, origin=report,
            note=f"群众举报 {report.code} 经核查属实。{note}".strip(),
        )
    finally:
        for f in files:
            f.close()
    report.status, report.verified_at, report.verified_by = ReportStatus.FOUNDED, now, by
    report.verification_note, report.hazard, report.enterprise = (note or "").strip(), hazard, enterprise
    report.save(update_fields=["status", "verified_at", "verified_by", "verification_note", "hazard", "enterprise"])
    _record(report, by=by, action=ReportAction.FOUND, from_status=from_status,
            note=f"登记隐患 {hazard.number}（{hazard.get_grade_display()}，整改期限 {hazard_deadline:%Y-%m-%d}）。{note}".strip(),
            changes={"hazard": [None, hazard.number], "enterprise": [None, enterprise.name]})
    return report


def report_follow_hazard(*, hazard: Hazard, action: str, by: User | None) -> None:
    """On each hazard transition (receiver in .signals): closing the hazard closes its report (办结);
    a spot check that reopens the hazard reopens the report."""
    if hazard.source != HazardSource.PUBLIC:
        return
    report = PublicReport.objects.select_for_update().filter(hazard_id=hazard.pk).first()
    if report is None:
        return
    if action == TransitionAction.CLOSE and report.status == ReportStatus.FOUNDED:
        report.status, report.closed_at = ReportStatus.CLOSED, timezone.now()
        report.save(update_fields=["status", "closed_at"])
        _record(report, by=by, action=ReportAction.CLOSE, from_status=ReportStatus.FOUNDED,
                note=f"隐患 {hazard.number} 已验收销号")
    elif action == TransitionAction.SPOT_FAIL and report.status == ReportStatus.CLOSED:
        report.status, report.closed_at = ReportStatus.FOUNDED, None
        report.save(update_fields=["status", "closed_at"])
        _record(report, by=by, action=ReportAction.REOPEN, from_status=ReportStatus.CLOSED,
                note=f"隐患 {hazard.number} 抽查不合格，重新整改")


# ---------------------------------------------------------------------------------------------
# overdue handling: the same steps and day offsets as hazards (HAZARD_ESCALATION_DAYS)

ESCALATION_NOTE = {
    1: "核查逾期，向核查单位发出催办函",
    2: "核查逾期，通报核查单位并报安委办",
    3: "核查逾期，约谈核查单位负责人",
}


def _escalation_recipients(level: int, reports: list[PublicReport]) -> dict[int, list[str]]:
    """{user_id: [report codes]}: level 1 the handling unit, 2 and 3 also the committee office."""
    street_users: dict[int, list[int]] = {}
    dept_users: dict[int, list[int]] = {}
    for uid, rid, did, role in User.objects.filter(
        is_active=True, role__in=(Role.STREET, Role.DEPARTMENT)
    ).values_list("pk", "region_id", "department_id", "role"):
        if role == Role.STREET and rid:
            street_users.setdefault(rid, []).append(uid)
        elif role == Role.DEPARTMENT and did:
            dept_users.setdefault(did, []).append(uid)
    office = list(office_users().values_list("pk", flat=True)) if level >= 2 else []
    by_user: dict[int, list[str]] = {}
    for r in reports:
        unit = street_users.get(r.assigned_region_id, []) if r.assigned_region_id else dept_users.get(
            r.assigned_department_id, [])
        for uid in [*unit, *office]:
            by_user.setdefault(uid, []).append(r.code)
    return by_user


def reports_escalate(*, today: dt.date) -> dict[int, int]:
    """Raise assigned reports past their handling deadline one level per run when the level's day
    offset is reached; each level once per report (conditional update + unique timeline row),
    notifications deduplicated per user, level and day. Safe to run twice."""
    days = settings.HAZARD_ESCALATION_DAYS
    now = timezone.now()
    counts: dict[int, int] = {}
    for level in sorted(days, reverse=True):
        due_before = today - dt.timedelta(days=days[level])
        with transaction.atomic():
            rows = list(
                PublicReport.objects.select_for_update()
                .filter(status=ReportStatus.ASSIGNED, escalation_level=level - 1, deadline__lte=due_before)
                .only("pk", "code", "status", "assigned_region_id", "assigned_department_id")
            )
            PublicReport.objects.filter(pk__in=[r.pk for r in rows]).update(escalation_level=level, escalated_at=now)
            ReportTransition.objects.bulk_create(
                [ReportTransition(report_id=r.pk, at=now, action=ReportAction.ESCALATE, from_status=r.status,
                                  to_status=r.status, escalation_level=level, note=ESCALATION_NOTE[level])
                 for r in rows],
                ignore_conflicts=True,
            )
        counts[level] = len(rows)
        if not rows:
            continue
        label = EscalationLevel(level).label
        recipients = _escalation_recipients(level, rows)
        users = User.objects.in_bulk(list(recipients))
        for uid, codes in recipients.items():
            notify(
                recipients=[users[uid]], category="report-escalation",
                title=f"群众举报核查逾期（{label}）：{len(codes)} 件",
                body="以下举报已超过核查期限：" + "、".join(codes[:50]) + ("等" if len(codes) > 50 else ""),
                url=reverse("reporting:list") + f"?overdue=true&escalation_level={level}",
                dedup_key=f"report-escalation:{level}:{today:%Y%m%d}", sms=level >= 2,
            )
    return counts


# ---------------------------------------------------------------------------------------------
# 举报奖励 (the office's register)


@transaction.atomic
def reward_register(
    *,
    report: PublicReport,
    by: User,
    amount: Decimal,
    basis: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> ReportReward:
    require(by, "reporting.reward", report)
    _lock(report)
    REPORT.check_status("reward", report)
    errors: dict[str, str] = {}
    if amount is None or amount <= 0:
        errors["amount"] = "奖励金额须大于 0"
    if not (basis or "").strip():
        errors["basis"] = "请填写奖励依据（如举报奖励办法条款）"
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        errors["decided_on"] = "核定日期不能晚于今天"
    if ReportReward.objects.filter(report=report).exists():
        errors["report"] = "该举报已登记奖励"
    if errors:
        raise ValidationError(errors)
    REPORT.require(by, "reward", report)
    reward = ReportReward.objects.create(report=report, amount=amount, basis=basis.strip(), decided_on=decided_on,
                                         note=note.strip(), created_by=by)
    audit_record(actor=by, action="举报奖励核定", obj=reward,
                 changes={"amount": str(amount), "basis": reward.basis, "report": report.code})
    return reward


@transaction.atomic
def reward_mark_paid(*, reward: ReportReward, by: User, paid_on: dt.date, note: str = "") -> ReportReward:
    require(by, "reporting.pay_reward", reward)
    reward = ReportReward.objects.select_for_update().get(pk=reward.pk)
    if reward.status != RewardStatus.DECIDED:
        raise ValidationError(f"该奖励已于 {reward.paid_on:%Y-%m-%d} 发放，不能重复登记")
    REWARD.require(by, "mark_paid", reward)
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "发放日期不能晚于今天"})
    if paid_on < reward.decided_on:
        raise ValidationError({"paid_on": f"发放日期不能早于核定日期 {reward.decided_on:%Y-%m-%d}"})
    reward.status, reward.paid_on = RewardStatus.PAID, paid_on
    reward.note = " ".join(x for x in [reward.note, note.strip()] if x)[:300]
    reward.save(update_fields=["status", "paid_on", "note"])
    audit_record(actor=by, action="举报奖励发放", obj=reward, changes={"paid_on": [None, str(paid_on)]}, note=note)
    return reward
