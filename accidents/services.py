"""Every write of the accidents app: one transaction each, the allowed state checked first, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Industry, Region, User
from accounts.permissions import is_enterprise, require
from accounts.services import audit_record, model_changes
from enterprises.models import Enterprise
from enterprises.services import add_years
from safety_platform.uploads import validate_document

from . import alerts
from .choices import (
    REPORT_CHAIN,
    AccidentCategory,
    AccidentStatus,
    ReportIrregularity,
    ReportLevel,
    TargetKind,
)
from .models import (
    Accident,
    AccidentAttachment,
    AccidentReport,
    CasualtyRevision,
    Plan,
    PlanTarget,
    RegionYearData,
    YearConfirmation,
)
from .permissions import ACCIDENT
from .rules import (
    ReportStep,
    accident_grade,
    next_open_step,
    reference_gaps,
    report_deadline,
    reporting_steps,
    revision_deadline,
    revision_window_days,
    year_confirmable,
)

CASUALTY_FIELDS = ("deaths", "missing", "serious_injuries", "minor_injuries")
FIGURE_FIELDS = (*CASUALTY_FIELDS, "direct_loss")
YEAR_DATA_FIELDS = ("gdp", "population", "industrial_employees", "motor_vehicles", "coal_output")


def derive(accident: Accident) -> None:
    """The computed fields: local year, 493号令 grade (死亡含失踪), industry from the enterprise when not given."""
    accident.year = timezone.localtime(accident.occurred_at).year
    accident.grade = accident_grade(
        deaths=accident.deaths, missing=accident.missing, serious_injuries=accident.serious_injuries,
        direct_loss=Decimal(accident.direct_loss),
    )
    if accident.industry_id is None and accident.enterprise_id is not None:
        accident.industry_id = accident.enterprise.industry_id


def _figures(accident: Accident) -> dict[str, Any]:
    return {f: (str(getattr(accident, f)) if f == "direct_loss" else getattr(accident, f)) for f in FIGURE_FIELDS}


EARLIEST_ACCIDENT_YEAR = 1949  # an earlier year is a typing error (and has no fixed UTC offset in Asia/Shanghai)


def _check_accident(accident: Accident, *, now: dt.datetime) -> None:
    errors: dict[str, str] = {}
    if accident.occurred_at > now:
        errors["occurred_at"] = "发生时间不能晚于当前时间"
    elif accident.occurred_at.year < EARLIEST_ACCIDENT_YEAR:
        errors["occurred_at"] = f"发生时间不能早于 {EARLIEST_ACCIDENT_YEAR} 年"
    if accident.is_coal_mine and accident.category != AccidentCategory.INDUSTRIAL:
        errors["is_coal_mine"] = "煤矿事故属于工矿商贸类别"
    if accident.direct_loss is not None and Decimal(accident.direct_loss) < 0:
        errors["direct_loss"] = "直接经济损失不能为负数"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def accident_report(
    *,
    by: User,
    title: str,
    occurred_at: dt.datetime,
    category: str,
    accident_type: str,
    region: Region | None = None,
    enterprise: Enterprise | None = None,
    industry: Industry | None = None,
    place: str = "",
    is_coal_mine: bool = False,
    deaths: int = 0,
    missing: int = 0,
    serious_injuries: int = 0,
    minor_injuries: int = 0,
    direct_loss: Decimal = Decimal(0),
    summary: str = "",
    reported_at: dt.datetime | None = None,
    reporter_name: str = "",
    unit_reported: bool = True,
) -> Accident:
    """First report 首报 (单位 → 区县) by the enterprise for itself, or by the committee office.

    ``unit_reported=False`` (the office only): the district learnt of the accident from someone else —
    现场人员直接报告 (493号令 第九条第二款), 110 联动 — and the unit's own report, due within 1 hour of
    the accident, is still owed: no 单位 → 区县 report is recorded, its deadline counts down.
    """
    require(by, "accidents.report")
    now = timezone.now()
    if is_enterprise(by) and not by.is_superuser:
        if by.enterprise_id is None:
            raise ValidationError("您的账号未关联企业，不能报告事故")
        if enterprise is not None and enterprise.pk != by.enterprise_id:
            raise ValidationError({"enterprise": "企业用户只能报告本企业的事故"})
        enterprise = by.enterprise
        reported_at = now  # an enterprise's report is timed when it is filed
        unit_reported = True
    if region is None:
        if enterprise is None:
            raise ValidationError({"region": "请选择事发地区域"})
        region = enterprise.region
    reported_at = reported_at or now
    if reported_at < occurred_at:
        raise ValidationError({"reported_at": "报告时间不能早于事故发生时间"})
    if reported_at > now:
        raise ValidationError({"reported_at": "报告时间不能晚于当前时间"})
    accident = Accident(
        title=title, occurred_at=occurred_at, region=region, place=place, enterprise=enterprise, industry=industry,
        category=category, is_coal_mine=is_coal_mine, accident_type=accident_type, deaths=deaths, missing=missing,
        serious_injuries=serious_injuries, minor_injuries=minor_injuries, direct_loss=Decimal(direct_loss),
        summary=summary, created_by=by,
    )
    derive(accident)
    _check_accident(accident, now=now)
    accident.full_clean()
    accident.save()
    audit_record(actor=by, action="事故报告", obj=accident, changes={**_figures(accident), "grade": accident.grade},
                 note="" if unit_reported else f"非事故单位报告（{reporter_name or '未注明'}），单位首报待登记")
    if unit_reported:
        _report_record(
            accident=accident, by=by, level=ReportLevel.UNIT_TO_COUNTY, reported_at=reported_at,
            reporter_name=reporter_name or str(by), content=summary,
        )
    accident.refresh_from_db()
    # 事故快报: the duty officer, the office, the supervising departments (and leaders from 较大) at once.
    alerts.alert_recorded(accident, steps=report_steps(accident), by=by)
    return accident


def report_steps(accident: Accident) -> list[ReportStep]:
    """The reporting chain of the accident's grade, with the recorded report times (493号令 第九至十一条)."""
    reported: dict[str, dt.datetime] = {}
    for report in sorted(accident.reports.all(), key=lambda r: r.reported_at):  # uses a prefetch when there is one
        if report.level != ReportLevel.FOLLOW_UP:
            reported.setdefault(report.level, report.reported_at)
    return reporting_steps(grade=accident.grade, occurred_at=accident.occurred_at, reported=reported)


@transaction.atomic
def report_add(
    *,
    accident: Accident,
    by: User,
    level: str,
    reported_at: dt.datetime,
    reporter_name: str = "",
    content: str = "",
) -> AccidentReport:
    """The office records one report of the chain (续报, 区县 → 市 …)."""
    require(by, "accidents.record_report", accident)
    return _report_record(accident=accident, by=by, level=level, reported_at=reported_at,
                          reporter_name=reporter_name, content=content)


def _report_record(
    *,
    accident: Accident,
    by: User,
    level: str,
    reported_at: dt.datetime,
    reporter_name: str = "",
    content: str = "",
) -> AccidentReport:
    """Record one report; late against its deadline → 迟报 (flagged on the report and the accident)."""
    if level not in ReportLevel.values:
        raise ValidationError({"level": "报告层级无效"})
    if reported_at < accident.occurred_at:
        raise ValidationError({"reported_at": "报告时间不能早于事故发生时间"})
    if reported_at > timezone.now():
        raise ValidationError({"reported_at": "报告时间不能晚于当前时间"})
    existing = {r.level: r for r in accident.reports.exclude(level=ReportLevel.FOLLOW_UP)}
    if level != ReportLevel.FOLLOW_UP and level in existing:
        raise ValidationError({"level": f"“{ReportLevel(level).label}”已有报告记录，补充情况请选择“续报”"})
    previous_at = None
    chain = [lvl for lvl, _ in REPORT_CHAIN]
    if level in chain and chain.index(level) > 0:
        previous = existing.get(chain[chain.index(level) - 1])
        previous_at = previous.reported_at if previous else None
    deadline = report_deadline(level=level, occurred_at=accident.occurred_at, previous_report_at=previous_at)
    late = deadline is not None and reported_at > deadline
    report = AccidentReport.objects.create(
        accident=accident, level=level, reported_at=reported_at, deadline=deadline, late=late,
        reporter_name=reporter_name, content=content, recorded_by=by,
    )
    if late and not accident.late_reported:
        Accident.objects.filter(pk=accident.pk).update(late_reported=True)
        accident.late_reported = True
    audit_record(
        actor=by, action="事故报告记录", obj=accident,
        changes={"level": level, "reported_at": reported_at.isoformat(), "late": late},
        note="迟报" if late else "",
    )
    return report


@transaction.atomic
def irregularity_mark(*, accident: Accident, by: User, irregularity: str, note: str) -> Accident:
    """安委办认定 漏报/瞒报/谎报 (or clears it with an empty value and a reason)."""
    require(by, "accidents.mark_irregularity", accident)
    if irregularity not in ReportIrregularity.values:
        raise ValidationError({"irregularity": "认定类别无效"})
    if not note.strip():
        raise ValidationError({"irregularity_note": "请填写认定说明"})
    before = {"irregularity": accident.irregularity}
    accident.irregularity, accident.irregularity_note = irregularity, note.strip()
    accident.save(update_fields=["irregularity", "irregularity_note", "updated_at"])
    audit_record(
        actor=by, action="报告情况认定", obj=accident,
        changes=model_changes(before, {"irregularity": irregularity}), note=note,
    )
    return accident


@transaction.atomic
def casualty_revise(
    *,
    accident: Accident,
    by: User,
    reason: str,
    deaths: int,
    missing: int,
    serious_injuries: int,
    minor_injuries: int,
    direct_loss: Decimal,
    at: dt.datetime | None = None,
) -> CasualtyRevision:
    """伤亡补报: casualty changes within 30 days (道路交通/火灾 7 days) of the accident; re-grades.

    The direct loss may be corrected (核定) until the case is closed.
    """
    require(by, "accidents.revise", accident)
    at = at or timezone.now()
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    if not ACCIDENT.is_possible("revise", accident):
        raise ValidationError("事故已结案，伤亡和损失不能再调整")
    if not reason.strip():
        raise ValidationError({"reason": "请填写补报原因"})
    new = {
        "deaths": deaths, "missing": missing, "serious_injuries": serious_injuries,
        "minor_injuries": minor_injuries, "direct_loss": Decimal(direct_loss),
    }
    for name, value in new.items():
        if value is None or value < 0:
            raise ValidationError({name: "不能为空或负数"})
    casualties_changed = any(getattr(accident, f) != new[f] for f in CASUALTY_FIELDS)
    if not casualties_changed and accident.direct_loss == new["direct_loss"]:
        raise ValidationError("伤亡人数和直接经济损失均未变化")
    if casualties_changed:
        deadline = revision_deadline(occurred_at=accident.occurred_at, category=accident.category)
        if at > deadline:
            days = revision_window_days(accident.category)
            raise ValidationError(
                f"事故发生已超过{days}日（补报截止 {timezone.localtime(deadline):%Y-%m-%d %H:%M}），"
                f"伤亡人数不再补报调整；{'道路交通、火灾事故为7日' if days == 7 else '生产安全事故为30日'}"
            )
    return _regrade(accident=accident, by=by, at=at, new=new, reason=reason.strip(), action="伤亡补报")


def _regrade(*, accident: Accident, by: User, at: dt.datetime, new: dict[str, Any], reason: str,
             action: str) -> CasualtyRevision:
    """Apply new figures, re-grade by 493号令 (死亡含失踪), record the revision and the audit row;
    a grade that rises alerts everyone again (leaders from 较大)."""
    before, grade_before = _figures(accident), accident.grade
    for name, value in new.items():
        setattr(accident, name, value)
    derive(accident)
    accident.save()
    revision = CasualtyRevision.objects.create(
        accident=accident, at=at, by=by, before=before, after=_figures(accident),
        grade_before=grade_before, grade_after=accident.grade, reason=reason,
    )
    audit_record(
        actor=by, action=action, obj=accident,
        changes=model_changes({**before, "grade": grade_before}, {**_figures(accident), "grade": accident.grade}),
        note=reason,
    )
    if accident.grade > grade_before:
        alerts.alert_regraded(accident, grade_before=grade_before, reason=reason)
    return revision


@transaction.atomic
def missing_resolve(*, accident: Accident, by: User, confirmed_dead: int = 0, found: int = 0,
                    reason: str, at: dt.datetime | None = None) -> CasualtyRevision:
    """失踪人员确认死亡或找到: the missing move to the deaths (死亡含失踪 unchanged) or leave the count
    (found alive); the accident is re-graded, the step recorded and audited.

    Not bound by the 30-day 补报 window: it settles a count already reported, it adds no casualty.
    """
    require(by, "accidents.resolve_missing", accident)
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    if not ACCIDENT.is_possible("resolve_missing", accident):
        raise ValidationError("事故已结案，失踪人员情况不能再调整")
    errors: dict[str, str] = {}
    for name, value in (("confirmed_dead", confirmed_dead), ("found", found)):
        if value is None or value < 0:
            errors[name] = "不能为空或负数"
    if errors:
        raise ValidationError(errors)
    if confirmed_dead + found == 0:
        raise ValidationError({"confirmed_dead": "请填写确认死亡或已找到的人数"})
    if confirmed_dead + found > accident.missing:
        raise ValidationError({"found": f"确认死亡与已找到人数之和不能超过失踪人数（{accident.missing}人）"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写情况说明"})
    new = {"deaths": accident.deaths + confirmed_dead, "missing": accident.missing - confirmed_dead - found}
    note = "；".join(p for p in (f"失踪{confirmed_dead}人确认死亡" if confirmed_dead else "",
                                 f"失踪{found}人已找到" if found else "", reason.strip()) if p)
    return _regrade(accident=accident, by=by, at=at or timezone.now(), new=new, reason=note, action="失踪人员核实")


@transaction.atomic
def follow_up_add(
    *,
    accident: Accident,
    by: User,
    content: str,
    reported_at: dt.datetime | None = None,
    reporter_name: str = "",
    deaths: int | None = None,
    missing: int | None = None,
    serious_injuries: int | None = None,
    minor_injuries: int | None = None,
) -> AccidentReport:
    """续报 (493号令 第十三条): what changed since the last report — rescue, measures, casualties.

    New casualty figures (within the 30/7-day window) re-grade the accident like a 补报; the office
    and the departments see the follow-up at once.
    """
    require(by, "accidents.follow_up", accident)
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    if not ACCIDENT.is_possible("follow_up", accident):
        raise ValidationError("事故已结案，不能再续报")
    if not content.strip():
        raise ValidationError({"content": "请填写续报内容（救援进展、伤亡变化、已采取的措施等）"})
    now = timezone.now()
    reported_at = now if is_enterprise(by) and not by.is_superuser else (reported_at or now)
    given = {"deaths": deaths, "missing": missing, "serious_injuries": serious_injuries,
             "minor_injuries": minor_injuries}
    for name, value in given.items():
        if value is not None and value < 0:
            raise ValidationError({name: "不能为负数"})
    figures = {name: (getattr(accident, name) if value is None else value) for name, value in given.items()}
    report = _report_record(accident=accident, by=by, level=ReportLevel.FOLLOW_UP, reported_at=reported_at,
                            reporter_name=reporter_name or str(by), content=content.strip())
    report.figures = figures
    report.save(update_fields=["figures"])
    if any(getattr(accident, f) != v for f, v in figures.items()):
        deadline = revision_deadline(occurred_at=accident.occurred_at, category=accident.category)
        if reported_at > deadline:
            days = revision_window_days(accident.category)
            raise ValidationError({"deaths": f"事故发生已超过{days}日，伤亡人数不再通过续报调整"})
        _regrade(accident=accident, by=by, at=reported_at, new={**figures, "direct_loss": accident.direct_loss},
                 reason=f"续报：{content.strip()[:200]}", action="续报伤亡变化")
    audit_record(actor=by, action="事故续报", obj=accident, changes={"figures": figures}, note=content.strip()[:200])
    alerts.alert_follow_up(accident, content=content.strip(), by=by)
    return report


@transaction.atomic
def overdue_reports_flag(*, accident: Accident, now: dt.datetime | None = None) -> ReportStep | None:
    """迟报预警 (beat task): the first step past its deadline without a report is notified once per
    accident; returns it (None when nothing is overdue or the notice went out before)."""
    now = now or timezone.now()
    accident = Accident.objects.select_for_update(of=("self",)).select_related("region", "industry").get(pk=accident.pk)
    if accident.overdue_alerted_at is not None or accident.status == AccidentStatus.CLOSED:
        return None
    step = next_open_step(report_steps(accident))
    if step is None or not step.overdue(now):
        return None
    accident.overdue_alerted_at = now
    accident.save(update_fields=["overdue_alerted_at"])
    audit_record(actor=None, action="迟报预警", obj=accident,
                 changes={"level": step.level, "deadline": step.deadline.isoformat()}, note=step.basis)
    alerts.alert_overdue(accident, step=step)
    return step


@transaction.atomic
def investigation_record(
    *, accident: Accident, by: User, cause: str, investigation_report: str, responsibility: str, measures: str
) -> Accident:
    """调查处理: record (or complete) the investigation; the accident is then 调查中."""
    require(by, "accidents.investigate", accident)
    if not ACCIDENT.is_possible("investigate", accident):
        raise ValidationError("事故已结案，调查内容不能再修改")
    before = {f: getattr(accident, f) for f in ("cause", "investigation_report", "responsibility", "measures", "status")}
    accident.cause, accident.investigation_report = cause.strip(), investigation_report.strip()
    accident.responsibility, accident.measures = responsibility.strip(), measures.strip()
    accident.status = ACCIDENT.step("investigate").target
    accident.save()
    after = {f: getattr(accident, f) for f in before}
    audit_record(actor=by, action="事故调查登记", obj=accident, changes=model_changes(before, after))
    return accident


@transaction.atomic
def accident_close(*, accident: Accident, by: User, closed_on: dt.date) -> Accident:
    """结案: needs the investigation report, responsibility and measures; sets the 整改评估 due date."""
    require(by, "accidents.close", accident)
    if not ACCIDENT.is_possible("close", accident):
        raise ValidationError("只有调查中的事故可以结案（请先登记调查处理情况）")
    missing = [
        label for field, label in (
            ("investigation_report", "调查报告"), ("responsibility", "责任认定及处理"), ("measures", "整改和防范措施")
        ) if not getattr(accident, field).strip()
    ]
    if missing:
        raise ValidationError(f"结案前请先填写：{'、'.join(missing)}")
    if closed_on < timezone.localtime(accident.occurred_at).date():
        raise ValidationError({"closed_on": "结案日期不能早于事故发生日期"})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": "结案日期不能晚于今天"})
    accident.status, accident.closed_on = ACCIDENT.step("close").target, closed_on
    accident.evaluation_due = add_years(closed_on, 1)
    accident.save()
    audit_record(
        actor=by, action="事故结案", obj=accident,
        changes={"status": [AccidentStatus.INVESTIGATING, AccidentStatus.CLOSED],
                 "evaluation_due": str(accident.evaluation_due)},
    )
    return accident


@transaction.atomic
def evaluation_record(*, accident: Accident, by: User, evaluated_on: dt.date, result: str) -> Accident:
    """事故整改评估 (one year after closing): the office records the conclusion."""
    require(by, "accidents.evaluate", accident)
    if not ACCIDENT.is_possible("evaluate", accident):
        raise ValidationError("事故结案后才能进行整改评估")
    if not result.strip():
        raise ValidationError({"evaluation_result": "请填写评估结论"})
    if evaluated_on < accident.closed_on:
        raise ValidationError({"evaluated_on": "评估日期不能早于结案日期"})
    before = {"evaluated_on": accident.evaluated_on, "evaluation_result": accident.evaluation_result}
    accident.evaluated_on, accident.evaluation_result = evaluated_on, result.strip()
    accident.save(update_fields=["evaluated_on", "evaluation_result", "updated_at"])
    audit_record(
        actor=by, action="整改评估", obj=accident,
        changes=model_changes(before, {"evaluated_on": evaluated_on, "evaluation_result": accident.evaluation_result}),
    )
    return accident


@transaction.atomic
def attachment_add(*, accident: Accident, by: User, kind: str, title: str, file) -> AccidentAttachment:
    """Attachments are checked by content (images, PDF, docx/xlsx)."""
    require(by, "accidents.attach", accident)
    validate_document(file)
    attachment = AccidentAttachment(accident=accident, kind=kind, title=title.strip() or file.name, file=file,
                                    uploaded_by=by)
    attachment.full_clean()
    attachment.save()
    audit_record(actor=by, action="事故附件上传", obj=accident, changes={"attachment": attachment.title})
    return attachment


def _check_year_data(values: dict[str, Any]) -> None:
    errors = {}
    for name in YEAR_DATA_FIELDS:
        v = values.get(name)
        if v is not None and v < 0:
            errors[name] = "不能为负数"
    if values.get("gdp") == 0:
        errors["gdp"] = "地区生产总值不能为0（未知请留空）"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def year_data_save(*, by: User, region: Region, year: int, source: str = "", **values: Any) -> RegionYearData:
    """Create or update a region's reference data for a year."""
    require(by, "accidents.manage_year_data")
    unknown = set(values) - set(YEAR_DATA_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    _check_year_data(values)
    row = RegionYearData.objects.filter(region=region, year=year).first()
    before = {f: getattr(row, f) for f in YEAR_DATA_FIELDS} if row else {}
    if row is None:
        row = RegionYearData(region=region, year=year)
    for name, value in values.items():
        setattr(row, name, value)
    row.source, row.updated_by = source, by
    row.full_clean()
    row.save()
    audit_record(
        actor=by, action="年度基础数据保存", obj=row,
        changes=model_changes(before, {f: getattr(row, f) for f in YEAR_DATA_FIELDS}),
    )
    return row


@transaction.atomic
def year_data_import(*, by: User, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """All rows already validated by the reader: upsert them in one transaction."""
    require(by, "accidents.manage_year_data")
    created = updated = 0
    for values in rows:
        values = dict(values)
        region, year = values.pop("region"), values.pop("year")
        exists = RegionYearData.objects.filter(region=region, year=year).exists()
        year_data_save(by=by, region=region, year=year, **values)
        updated, created = (updated + 1, created) if exists else (updated, created + 1)
    return created, updated


@transaction.atomic
def accidents_import(*, by: User, rows: list[dict[str, Any]]) -> list[Accident]:
    """历史事故台账导入: closed historical records, graded like any other, written in bulk."""
    require(by, "accidents.import_ledger")
    now = timezone.now()
    accidents = []
    for values in rows:
        accident = Accident(**values, status=AccidentStatus.CLOSED, imported=True, created_by=by)
        derive(accident)
        _check_accident(accident, now=now)
        accidents.append(accident)
    created = Accident.objects.bulk_create(accidents, batch_size=1000)
    audit_record(actor=by, action="历史事故台账导入", note=f"导入 {len(created)} 起事故")
    return created


@transaction.atomic
def plan_save(
    *, by: User, name: str, region: Region, baseline_year: int, target_year: int, note: str = "",
    plan: Plan | None = None,
) -> Plan:
    require(by, "accidents.manage_plans")
    if target_year <= baseline_year:
        raise ValidationError({"target_year": "目标年须晚于基准年"})
    before = {"name": plan.name, "baseline_year": plan.baseline_year, "target_year": plan.target_year} if plan else {}
    plan = plan or Plan()
    plan.name, plan.region, plan.baseline_year, plan.target_year, plan.note = (
        name, region, baseline_year, target_year, note
    )
    plan.full_clean()
    plan.save()
    audit_record(
        actor=by, action="规划保存", obj=plan,
        changes=model_changes(before, {"name": name, "baseline_year": baseline_year, "target_year": target_year}),
    )
    return plan


@transaction.atomic
def plan_target_set(*, by: User, plan: Plan, indicator: str, kind: str, value: Decimal, note: str = "") -> PlanTarget:
    """Set one indicator's target as the plan states it (a % change or a ceiling) — never a derived figure."""
    require(by, "accidents.manage_plans")
    if kind not in TargetKind.values:
        raise ValidationError({"kind": "目标方式无效"})
    if kind == TargetKind.CEILING and value < 0:
        raise ValidationError({"value": "绝对上限不能为负数"})
    if kind == TargetKind.RELATIVE and value < -100:
        raise ValidationError({"value": "相对变化不能低于 -100%"})
    target, created = PlanTarget.objects.update_or_create(
        plan=plan, indicator=indicator, defaults={"kind": kind, "value": value, "note": note}
    )
    audit_record(
        actor=by, action="规划指标目标设置", obj=plan,
        changes={"indicator": indicator, "kind": kind, "value": str(value)}, note="新增" if created else "修改",
    )
    return target


@transaction.atomic
def plan_target_delete(*, by: User, target: PlanTarget) -> None:
    require(by, "accidents.manage_plans")
    audit_record(actor=by, action="规划指标目标删除", obj=target.plan, changes={"indicator": target.indicator})
    target.delete()


@transaction.atomic
def year_confirm(*, by: User, region: Region, year: int, note: str = "") -> YearConfirmation:
    """数据确认: the office confirms a region's finished year — only when its reference data is complete."""
    require(by, "accidents.confirm_year")
    if not year_confirmable(year=year, today=timezone.localdate()):
        raise ValidationError({"year": f"{year}年尚未结束，不能确认"})
    row = RegionYearData.objects.filter(region=region, year=year).values().first()
    gaps = reference_gaps(row)
    if gaps:
        raise ValidationError({"year": f"{region.name}{year}年基础数据不完整，缺少：{'、'.join(gaps)}"})
    if YearConfirmation.objects.filter(region=region, year=year).exists():
        raise ValidationError({"year": f"{region.name}{year}年数据已确认"})
    confirmation = YearConfirmation.objects.create(region=region, year=year, confirmed_by=by, note=note.strip())
    audit_record(actor=by, action="年度数据确认", obj=confirmation, changes={"region": region.pk, "year": year},
                 note=note.strip())
    return confirmation


@transaction.atomic
def year_unconfirm(*, by: User, region: Region, year: int, note: str) -> None:
    """Withdraw a confirmation (a late-found accident, a corrected statistic): the year is 未确认 again."""
    require(by, "accidents.confirm_year")
    confirmation = YearConfirmation.objects.filter(region=region, year=year).first()
    if confirmation is None:
        raise ValidationError({"year": f"{region.name}{year}年数据尚未确认"})
    if not note.strip():
        raise ValidationError({"note": "请填写撤销确认的原因"})
    audit_record(actor=by, action="撤销年度数据确认", obj=confirmation, changes={"region": region.pk, "year": year},
                 note=note.strip())
    confirmation.delete()
