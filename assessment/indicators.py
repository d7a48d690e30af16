"""Computed indicators, one small function each: (unit, year) -> Measure(value, records, note).

Every function reads the unit's scope (``unit.enterprises()``) over the scheme's year through the
owning app's models/selectors. Drill-down = ``Measure.records``: the rows an officer must act on.

Each indicator also has a batch form ``@batch(key)`` ``(units, year) -> {unit.pk: value}`` used when a
scheme's results are computed: the same numbers for all units from grouped queries (``grouped``),
instead of a set of queries per unit. tests/assessment/test_batch.py checks both forms agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accidents.choices import AccidentGrade
from accidents.models import Accident
from emergency.choices import DrillStatus, OwnerKind
from emergency.models import Drill, DrillRule, RiskMonthlyReport
from emergency.rules import report_due_date, rule_period
from enterprises.choices import EnterpriseStatus, Scale
from enterprises.models import Enterprise, Licence, MajorHazardSource
from hazards import selectors as hazard_selectors
from hazards.choices import HazardGrade, HazardStatus
from hazards.models import Hazard, SelfCheck
from inspections.choices import InspectionStatus
from inspections.choices import PlanStatus as InspectionPlanStatus
from inspections.models import EnforcementPlan, Inspection
from inspections.selectors import plan_progress

from .choices import UnitKind
from .registry import Measure, as_of, batch, count, percent, register, year_bounds


def in_scope(qs: QuerySet, unit, *, region: str = "region", enterprise: str = "enterprise") -> QuerySet:
    """Rows of ``qs`` in the unit's scope: 属地 (``region`` lookup) for a street, the supervised
    enterprises for a department, the enterprise itself for a key unit."""
    if unit.kind == UnitKind.STREET:
        return qs.filter(**{f"{region}_id__in": unit.region_ids()})
    if unit.kind == UnitKind.DEPARTMENT:
        return qs.filter(**{f"{enterprise}__departments": unit.department_id})
    return qs.filter(**{enterprise: unit.enterprise_id})


Values = dict[int, Decimal | None]


def _owners(units: Sequence, kind: str) -> dict[int, list[int]]:
    """Unit pks by the id that places a row in their scope: each region of a street's subtree, the
    department, the enterprise."""
    owners: dict[int, list[int]] = defaultdict(list)
    for u in units:
        if u.kind != kind:
            continue
        if kind == UnitKind.STREET:
            for rid in u.region_ids():
                owners[rid].append(u.pk)
        else:
            owners[u.department_id if kind == UnitKind.DEPARTMENT else u.enterprise_id].append(u.pk)
    return owners


def grouped(units: Sequence, qs: QuerySet, *, region: str = "region", enterprise: str = "enterprise",
            **aggregates) -> dict[int, dict[str, int]]:
    """Additive aggregates (Count/Sum) of ``qs`` for every unit, with one grouped query per kind of
    unit — the batch counterpart of ``in_scope``: rows grouped by ``region`` and summed over each
    street's subtree, grouped by the supervising department of ``enterprise``, grouped by
    ``enterprise``. ``enterprise=""`` when the rows are the enterprises themselves."""
    out = {u.pk: dict.fromkeys(aggregates, 0) for u in units}
    qs = qs.order_by()
    prefix = f"{enterprise}__" if enterprise else ""
    keys = {
        UnitKind.STREET: f"{region}_id",
        UnitKind.DEPARTMENT: f"{prefix}departments",
        UnitKind.ENTERPRISE: f"{enterprise}_id" if enterprise else "pk",
    }
    for kind, key in keys.items():
        owners = _owners(units, kind)
        if not owners:
            continue
        for row in qs.filter(**{f"{key}__in": list(owners)}).values(key).annotate(**aggregates):
            for pk in owners[row[key]]:
                for name in aggregates:
                    out[pk][name] += row[name] or 0
    return out


def _open_enterprises() -> QuerySet:
    """Every enterprise ``AssessedUnit.enterprises()`` may contain (not closed), before the scope."""
    return Enterprise.objects.exclude(status=EnterpriseStatus.CLOSED)


@register("insurance_coverage_rate", "安全生产责任险投保率", unit="%")
def insurance_coverage_rate(unit, year: int) -> Measure:
    """范围内在营企业中，安责险在考核日（年末或今日）仍有效的比例；明细为未投保/已脱保企业。"""
    day = as_of(year)
    enterprises = unit.enterprises()
    covered = Q(insurance_expiry__gte=day) & ~Q(insurance_policy_no="")
    total = enterprises.count()
    ok = enterprises.filter(covered).count()
    return Measure(percent(ok, total), enterprises.exclude(covered), f"有效投保 {ok} / 企业 {total}（截至 {day}）")


@register("standardization_rate", "规上企业安全生产标准化达标率", unit="%")
def standardization_rate(unit, year: int) -> Measure:
    """范围内规上企业中，标准化等级在考核日有效的比例；明细为未达标或已过期的规上企业。"""
    day = as_of(year)
    above = unit.enterprises().filter(scale=Scale.ABOVE)
    valid = ~Q(standardization_grade="") & Q(standardization_expiry__gte=day)
    total = above.count()
    ok = above.filter(valid).count()
    return Measure(percent(ok, total), above.exclude(valid), f"达标 {ok} / 规上企业 {total}（截至 {day}）")


@register("expired_licences", "过期未换证照数", unit="个")
def expired_licences(unit, year: int) -> Measure:
    """范围内企业在考核日已过有效期的证照许可。"""
    day = as_of(year)
    licences = Licence.objects.filter(enterprise__in=unit.enterprises().values("pk"), expires_on__lt=day)
    n = licences.count()
    return Measure(count(n), licences.select_related("enterprise"), f"过期证照 {n} 个（截至 {day}）")


@register("unfiled_major_hazard_sources", "未备案重大危险源数", unit="个")
def unfiled_major_hazard_sources(unit, year: int) -> Measure:
    """范围内企业的重大危险源中，没有备案编号或备案日期晚于考核年度的。"""
    day = as_of(year)
    sources = MajorHazardSource.objects.filter(enterprise__in=unit.enterprises().values("pk")).filter(
        Q(filing_no="") | Q(filed_on__isnull=True) | Q(filed_on__gt=day)
    )
    n = sources.count()
    return Measure(count(n), sources.select_related("enterprise"), f"未备案 {n} 个")


# ---- hazards 隐患排查治理 (hazards.selectors / hazards.models) ------------------------------------

def _year_hazards(unit, year: int) -> QuerySet:
    start, end = year_bounds(year)
    return in_scope(Hazard.objects.all(), unit).filter(reported_at__gte=start, reported_at__lt=end)


@register("hazard_rectification_rate", "隐患整改率", unit="%")
def hazard_rectification_rate(unit, year: int) -> Measure:
    """年内发现的隐患中已销号的比例（hazards.selectors.rectification_rate）；明细为未销号隐患。"""
    hazards = _year_hazards(unit, year)
    rate = hazard_selectors.rectification_rate(hazards)
    return Measure(rate, hazards.exclude(status=HazardStatus.CLOSED), "年内发现隐患中已销号的比例")


@register("hazards_rectified_late", "逾期整改隐患数", unit="条")
def hazards_rectified_late(unit, year: int) -> Measure:
    """整改期限在年内（截至考核日）的隐患中，逾期才销号或至今未销号的条数。"""
    day = as_of(year)
    start, _ = year_bounds(year)
    late = in_scope(Hazard.objects.all(), unit).filter(deadline__gte=start.date(), deadline__lt=day).filter(
        Q(closed_at__isnull=True) | Q(closed_at__date__gt=F("deadline"))
    )
    n = late.count()
    return Measure(count(n), late.select_related("enterprise"), f"逾期 {n} 条（截至 {day}）")


@register("major_hazards_open", "年内重大隐患未销号数", unit="条")
def major_hazards_open(unit, year: int) -> Measure:
    """年内发现的重大隐患中，考核日仍未销号的条数。"""
    day = as_of(year)
    limit = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=year_bounds(year)[0].tzinfo)
    open_major = _year_hazards(unit, year).filter(grade=HazardGrade.MAJOR).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=limit)
    )
    n = open_major.count()
    return Measure(count(n), open_major.select_related("enterprise"), f"未销号重大隐患 {n} 条（截至 {day}）")


@register("selfcheck_filing_rate", "企业隐患自查周报填报率", unit="%")
def selfcheck_filing_rate(unit, year: int) -> Measure:
    """年内已结束的每个自然周（截至考核日），范围内在营企业应报周报的已报比例（逾期补报计入）；
    明细为有漏报周的企业。"""
    first = dt.date.fromisocalendar(year, 1, 1)
    last_monday = as_of(year) - dt.timedelta(days=as_of(year).weekday() + 7)
    weeks = max(0, (last_monday - first).days // 7 + 1)
    enterprises = unit.enterprises().filter(status=EnterpriseStatus.OPERATING)
    filed = SelfCheck.objects.filter(enterprise__in=enterprises.values("pk"), week_start__gte=first,
                                     week_start__lte=last_monday).count()
    expected = enterprises.count() * weeks
    missing = enterprises.annotate(
        filed_weeks=Count("self_checks", filter=Q(self_checks__week_start__gte=first,
                                                  self_checks__week_start__lte=last_monday))
    ).filter(filed_weeks__lt=weeks)
    return Measure(percent(filed, expected), missing, f"已报 {filed} / 应报 {expected}（{weeks} 周）")


# ---- accidents 事故统计 (accidents.models) ------------------------------------------------------

def _year_accidents(unit, year: int) -> QuerySet:
    """Accidents of the year in the unit's scope; a department's are those of its supervised
    enterprises or industries (an accident may have no enterprise), as in accidents' own scoping."""
    qs = Accident.objects.filter(year=year)
    if unit.kind == UnitKind.DEPARTMENT:
        d = unit.department_id
        q = Q(enterprise__departments=d) | Q(industry__departments=d) | Q(industry__parent__departments=d)
        return qs.filter(pk__in=Accident.objects.filter(q).values("pk"))
    return in_scope(qs, unit)


@register("larger_accidents", "较大及以上生产安全事故起数", unit="起")
def larger_accidents(unit, year: int) -> Measure:
    """年内范围内发生的较大、重大、特别重大事故（等级按493号令由伤亡和损失计算）。常用作一票否决。"""
    larger = _year_accidents(unit, year).filter(grade__gte=AccidentGrade.LARGER)
    n = larger.count()
    return Measure(count(n), larger.select_related("enterprise"), f"较大及以上事故 {n} 起")


@register("accident_deaths", "生产安全事故死亡人数", unit="人")
def accident_deaths(unit, year: int) -> Measure:
    """年内范围内生产安全事故死亡人数合计（含30日内补报）；明细为有死亡的事故。"""
    fatal = _year_accidents(unit, year).filter(deaths__gt=0)
    deaths = sum(fatal.values_list("deaths", flat=True))
    return Measure(count(deaths), fatal.select_related("enterprise"), f"死亡 {deaths} 人，{fatal.count()} 起")


@register("accident_deaths_change", "事故死亡人数较上年变化率", unit="%")
def accident_deaths_change(unit, year: int) -> Measure:
    """(本年死亡人数 − 上年) ÷ 上年 × 100；上年为0时无法计算。对照“死亡人数下降 x%”的目标使用（分档、越小越好）。"""
    this = sum(_year_accidents(unit, year).values_list("deaths", flat=True))
    last = sum(_year_accidents(unit, year - 1).values_list("deaths", flat=True))
    value = None if not last else ((Decimal(this) - last) * 100 / last).quantize(Decimal("0.01"))
    return Measure(value, _year_accidents(unit, year).filter(deaths__gt=0), f"本年 {this} 人，上年 {last} 人")


@register("irregular_accident_reports", "迟报、漏报、瞒报、谎报事故起数", unit="起")
def irregular_accident_reports(unit, year: int) -> Measure:
    """年内范围内被认定迟报（按报告时限计算）或漏报/瞒报/谎报的事故。"""
    bad = _year_accidents(unit, year).filter(Q(late_reported=True) | ~Q(irregularity=""))
    n = bad.count()
    return Measure(count(n), bad.select_related("enterprise"), f"{n} 起")


# ---- emergency 应急管理 (emergency.models / emergency.rules) ------------------------------------

@register("drill_compliance_rate", "企业应急演练达标率", unit="%")
def drill_compliance_rate(unit, year: int) -> Measure:
    """启用的企业演练频次规则（如综合/专项预案每年≥1次、现场处置方案每年≥2次）在考核日所在周期内，
    范围内在营企业逐条达标的比例；明细为至少一条未达标的企业。"""
    day = as_of(year)
    enterprises = unit.enterprises().filter(status=EnterpriseStatus.OPERATING)
    n_enterprises = enterprises.count()
    met = total = 0
    failing = Q(pk__in=[])
    for rule in DrillRule.objects.filter(active=True, owner_kind=OwnerKind.ENTERPRISE):
        start, end = rule_period(on=day, period_years=rule.period_years, anchor_year=rule.anchor_year)
        ok_ids = (
            Drill.objects.filter(owner_kind=OwnerKind.ENTERPRISE, status=DrillStatus.HELD,
                                 drill_type__in=rule.drill_types, enterprise__in=enterprises.values("pk"),
                                 held_on__range=(start, min(end, day)))
            .values("enterprise").annotate(n=Count("id")).filter(n__gte=rule.min_count).values("enterprise")
        )
        met += enterprises.filter(pk__in=ok_ids).count()
        total += n_enterprises
        failing |= ~Q(pk__in=ok_ids)
    behind = enterprises.filter(failing) if total else enterprises.none()
    return Measure(percent(met, total), behind, f"达标 {met} / 应达标 {total}（企业×规则，截至 {day}）")


@register("risk_reports_on_time_rate", "风险每月一报送按时率", unit="%")
def risk_reports_on_time_rate(unit, year: int) -> Measure:
    """年内已到报送期限的月份中，本街道/本部门按时报送的比例（重点单位不适用）；明细为本年的报送记录。"""
    if unit.kind == UnitKind.ENTERPRISE:
        return Measure(None, RiskMonthlyReport.objects.none(), "重点单位不报送")
    today = timezone.localdate()
    due_months = [
        m for m in (dt.date(year, k, 1) for k in range(1, 13))
        if report_due_date(m, settings.EMERGENCY_RISK_REPORT_DUE_DAY) < today
    ]
    owner = {"region": unit.region_id} if unit.kind == UnitKind.STREET else {"department": unit.department_id}
    reports = RiskMonthlyReport.objects.filter(month__year=year, **owner)
    on_time = reports.filter(month__in=due_months, late=False).count()
    return Measure(percent(on_time, len(due_months)), reports.order_by("month"),
                   f"按时 {on_time} / 应报 {len(due_months)} 个月")


# ---- inspections 执法检查 (inspections.selectors.plan_progress) ----------------------------------

@register("enforcement_plan_completion", "年度执法计划完成率", unit="%")
def enforcement_plan_completion(unit, year: int) -> Measure:
    """部门已批准的年度执法计划中，年内已完成检查家次占计划家次的比例（街道、重点单位不适用）；
    明细为年内已完成的执法检查。"""
    if unit.kind != UnitKind.DEPARTMENT:
        return Measure(None, Inspection.objects.none(), "仅适用于部门")
    done = Inspection.objects.filter(department_id=unit.department_id, status=InspectionStatus.FINISHED,
                                     inspected_on__year=year).select_related("enterprise")
    plan = EnforcementPlan.objects.filter(department_id=unit.department_id, year=year,
                                          status=InspectionPlanStatus.APPROVED).first()
    if plan is None:
        return Measure(None, done, "没有已批准的年度执法计划")
    progress = plan_progress(plan)
    value = None if progress.rate is None else Decimal(str(progress.rate))
    return Measure(value, done, f"完成 {progress.total_done} / 计划 {plan.total} 家次")


# ---- batch forms: the same values for many units at once --------------------------------------

@batch("insurance_coverage_rate")
def insurance_coverage_rate_batch(units: Sequence, year: int) -> Values:
    day = as_of(year)
    covered = Q(insurance_expiry__gte=day) & ~Q(insurance_policy_no="")
    n = grouped(units, _open_enterprises(), enterprise="", total=Count("pk"), ok=Count("pk", filter=covered))
    return {pk: percent(c["ok"], c["total"]) for pk, c in n.items()}


@batch("standardization_rate")
def standardization_rate_batch(units: Sequence, year: int) -> Values:
    day = as_of(year)
    valid = ~Q(standardization_grade="") & Q(standardization_expiry__gte=day)
    n = grouped(units, _open_enterprises().filter(scale=Scale.ABOVE), enterprise="",
                total=Count("pk"), ok=Count("pk", filter=valid))
    return {pk: percent(c["ok"], c["total"]) for pk, c in n.items()}


@batch("expired_licences")
def expired_licences_batch(units: Sequence, year: int) -> Values:
    licences = Licence.objects.filter(expires_on__lt=as_of(year)).exclude(enterprise__status=EnterpriseStatus.CLOSED)
    n = grouped(units, licences, region="enterprise__region", n=Count("pk"))
    return {pk: count(c["n"]) for pk, c in n.items()}


@batch("unfiled_major_hazard_sources")
def unfiled_major_hazard_sources_batch(units: Sequence, year: int) -> Values:
    sources = MajorHazardSource.objects.exclude(enterprise__status=EnterpriseStatus.CLOSED).filter(
        Q(filing_no="") | Q(filed_on__isnull=True) | Q(filed_on__gt=as_of(year))
    )
    n = grouped(units, sources, region="enterprise__region", n=Count("pk"))
    return {pk: count(c["n"]) for pk, c in n.items()}


@batch("hazard_rectification_rate")
def hazard_rectification_rate_batch(units: Sequence, year: int) -> Values:
    start, end = year_bounds(year)
    hazards = Hazard.objects.filter(reported_at__gte=start, reported_at__lt=end)
    n = grouped(units, hazards, found=Count("pk"), closed=Count("pk", filter=Q(status=HazardStatus.CLOSED)))
    return {pk: hazard_selectors.percent(c["closed"], c["found"]) for pk, c in n.items()}


@batch("hazards_rectified_late")
def hazards_rectified_late_batch(units: Sequence, year: int) -> Values:
    start, _ = year_bounds(year)
    late = Hazard.objects.filter(deadline__gte=start.date(), deadline__lt=as_of(year)).filter(
        Q(closed_at__isnull=True) | Q(closed_at__date__gt=F("deadline"))
    )
    return {pk: count(c["n"]) for pk, c in grouped(units, late, n=Count("pk")).items()}


@batch("major_hazards_open")
def major_hazards_open_batch(units: Sequence, year: int) -> Values:
    start, end = year_bounds(year)
    limit = dt.datetime.combine(as_of(year) + dt.timedelta(days=1), dt.time.min, tzinfo=start.tzinfo)
    open_major = Hazard.objects.filter(reported_at__gte=start, reported_at__lt=end, grade=HazardGrade.MAJOR).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=limit)
    )
    return {pk: count(c["n"]) for pk, c in grouped(units, open_major, n=Count("pk")).items()}


@batch("selfcheck_filing_rate")
def selfcheck_filing_rate_batch(units: Sequence, year: int) -> Values:
    first = dt.date.fromisocalendar(year, 1, 1)
    last_monday = as_of(year) - dt.timedelta(days=as_of(year).weekday() + 7)
    weeks = max(0, (last_monday - first).days // 7 + 1)
    enterprises = grouped(units, _open_enterprises().filter(status=EnterpriseStatus.OPERATING), enterprise="",
                          n=Count("pk"))
    checks = SelfCheck.objects.filter(enterprise__status=EnterpriseStatus.OPERATING, week_start__gte=first,
                                      week_start__lte=last_monday)
    filed = grouped(units, checks, region="enterprise__region", n=Count("pk"))
    return {pk: percent(filed[pk]["n"], c["n"] * weeks) for pk, c in enterprises.items()}


@batch("drill_compliance_rate")
def drill_compliance_rate_batch(units: Sequence, year: int) -> Values:
    day = as_of(year)
    operating = _open_enterprises().filter(status=EnterpriseStatus.OPERATING)
    rules = list(DrillRule.objects.filter(active=True, owner_kind=OwnerKind.ENTERPRISE))
    n_enterprises = grouped(units, operating, enterprise="", n=Count("pk"))
    met = dict.fromkeys(n_enterprises, 0)
    for rule in rules:
        start, end = rule_period(on=day, period_years=rule.period_years, anchor_year=rule.anchor_year)
        ok_ids = (
            Drill.objects.filter(owner_kind=OwnerKind.ENTERPRISE, status=DrillStatus.HELD,
                                 drill_type__in=rule.drill_types, held_on__range=(start, min(end, day)))
            .values("enterprise").annotate(n=Count("id")).filter(n__gte=rule.min_count).values("enterprise")
        )
        for pk, c in grouped(units, operating.filter(pk__in=ok_ids), enterprise="", n=Count("pk")).items():
            met[pk] += c["n"]
    return {pk: percent(met[pk], c["n"] * len(rules)) for pk, c in n_enterprises.items()}


@batch("risk_reports_on_time_rate")
def risk_reports_on_time_rate_batch(units: Sequence, year: int) -> Values:
    today = timezone.localdate()
    due_months = [
        m for m in (dt.date(year, k, 1) for k in range(1, 13))
        if report_due_date(m, settings.EMERGENCY_RISK_REPORT_DUE_DAY) < today
    ]
    on_time: dict[tuple[str, int], int] = defaultdict(int)
    rows = (RiskMonthlyReport.objects.filter(month__year=year, month__in=due_months, late=False).order_by()
            .values_list("region_id", "department_id").annotate(n=Count("pk")))
    for region_id, department_id, n in rows:
        on_time[(UnitKind.STREET, region_id)] += n
        on_time[(UnitKind.DEPARTMENT, department_id)] += n
    values: Values = {}
    for u in units:
        if u.kind == UnitKind.ENTERPRISE:
            values[u.pk] = None
            continue
        owner = u.region_id if u.kind == UnitKind.STREET else u.department_id
        values[u.pk] = percent(on_time.get((u.kind, owner), 0), len(due_months))
    return values


def _accidents_by_unit(units: Sequence, years: Sequence[int]) -> dict[int, list[dict]]:
    """The accidents of ``years`` in each unit's scope as in ``_year_accidents``: the street's
    subtree, the enterprise, or (department) its supervised enterprises or industries. Accidents
    are few per year, so they are read once and assigned in Python."""
    rows = {a["pk"]: a for a in Accident.objects.filter(year__in=years).values(
        "pk", "year", "region_id", "enterprise_id", "deaths", "grade", "late_reported", "irregularity")}
    departments: dict[int, set[int]] = defaultdict(set)
    if any(u.kind == UnitKind.DEPARTMENT for u in units):
        for path in ("enterprise__departments", "industry__departments", "industry__parent__departments"):
            for pk, dept in Accident.objects.filter(year__in=years).values_list("pk", path):
                if dept is not None:
                    departments[pk].add(dept)
    streets, key_units = _owners(units, UnitKind.STREET), _owners(units, UnitKind.ENTERPRISE)
    by_department = _owners(units, UnitKind.DEPARTMENT)
    out: dict[int, list[dict]] = {u.pk: [] for u in units}
    for pk, a in rows.items():
        owners = {*streets.get(a["region_id"], ()), *key_units.get(a["enterprise_id"], ())}
        owners.update(u for d in departments[pk] for u in by_department.get(d, ()))
        for owner in owners:
            out[owner].append(a)
    return out


@batch("larger_accidents")
def larger_accidents_batch(units: Sequence, year: int) -> Values:
    return {pk: count(sum(1 for a in rows if a["grade"] >= AccidentGrade.LARGER))
            for pk, rows in _accidents_by_unit(units, [year]).items()}


@batch("accident_deaths")
def accident_deaths_batch(units: Sequence, year: int) -> Values:
    return {pk: count(sum(a["deaths"] for a in rows if a["deaths"] > 0))
            for pk, rows in _accidents_by_unit(units, [year]).items()}


@batch("accident_deaths_change")
def accident_deaths_change_batch(units: Sequence, year: int) -> Values:
    values: Values = {}
    for pk, rows in _accidents_by_unit(units, [year, year - 1]).items():
        this = sum(a["deaths"] for a in rows if a["year"] == year)
        last = sum(a["deaths"] for a in rows if a["year"] == year - 1)
        values[pk] = None if not last else ((Decimal(this) - last) * 100 / last).quantize(Decimal("0.01"))
    return values


@batch("irregular_accident_reports")
def irregular_accident_reports_batch(units: Sequence, year: int) -> Values:
    return {pk: count(sum(1 for a in rows if a["late_reported"] or a["irregularity"] != ""))
            for pk, rows in _accidents_by_unit(units, [year]).items()}


@batch("enforcement_plan_completion")
def enforcement_plan_completion_batch(units: Sequence, year: int) -> Values:
    departments = [u.department_id for u in units if u.kind == UnitKind.DEPARTMENT]
    plans = {p.department_id: p for p in EnforcementPlan.objects.filter(
        department_id__in=departments, year=year, status=InspectionPlanStatus.APPROVED)}
    done = dict(
        Inspection.objects.filter(department_id__in=list(plans), status=InspectionStatus.FINISHED,
                                  inspected_on__year=year)
        .order_by().values("department_id").annotate(n=Count("pk")).values_list("department_id", "n")
    )
    values: Values = {}
    for u in units:
        plan = plans.get(u.department_id) if u.kind == UnitKind.DEPARTMENT else None
        if plan is None or not plan.total:
            values[u.pk] = None
        else:
            values[u.pk] = Decimal(str(round(done.get(u.department_id, 0) * 100 / plan.total, 1)))
    return values
