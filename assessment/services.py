"""Every write of the assessment app: keyword-only, one transaction, state checked, audited."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.lifecycle import Lifecycle, Transition
from accounts.models import Department, Region, User
from accounts.notifications import notify
from accounts.permissions import require
from accounts.services import audit_record, model_changes
from enterprises.models import Enterprise

from . import registry
from .choices import ItemKind, ObjectionStatus, SchemeStatus, Source, UnitKind
from .models import AssessedUnit, Category, Evidence, Indicator, Objection, Scheme, Score
from .permissions import SCHEME, UNIT, status_message
from .scoring import ItemPoints, grade_for, points_for, q2, ranks, unit_totals, validate_params, veto_triggered
from .selectors import office_users, pending_objections, unit_members, unscored_manual

SCHEME_FIELDS = (
    "year", "name", "description", "excellent_min", "good_min", "pass_min", "bonus_cap",
    "self_deadline", "objection_deadline",
)
INDICATOR_FIELDS = ("category", "name", "criteria", "kind", "source", "max_score", "computer", "rule", "params",
                    "no_data_points", "order")


def _step(lifecycle: Lifecycle, action: str, by: User | None, obj) -> Transition:
    """The user may take the step (403 with the reason), then the status allows it (400) — both
    read from the lifecycle table in permissions.py. ``by=None``: the system (a nightly task)."""
    t = lifecycle.step(action)
    if by is not None:
        require(by, t.permission, obj)
    status = lifecycle.status_of(obj)
    if status not in t.source:
        raise ValidationError(status_message(lifecycle, action, status))
    return t


def _snapshot(obj, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f"{f}_id" if f == "category" else f) for f in fields}


# ---- scheme design (office, draft only) --------------------------------------------------------

def _check_thresholds(excellent_min, good_min, pass_min) -> None:
    if not (Decimal(excellent_min) >= Decimal(good_min) >= Decimal(pass_min) >= 0):
        raise ValidationError({"good_min": "等次分数线须满足：优秀线 ≥ 良好线 ≥ 合格线 ≥ 0"})


@transaction.atomic
def scheme_create(*, by: User, year: int, name: str, **fields: Any) -> Scheme:
    require(by, "assessment.manage_schemes")
    scheme = Scheme(year=year, name=name, created_by=by, **fields)
    _check_thresholds(scheme.excellent_min, scheme.good_min, scheme.pass_min)
    scheme.full_clean()
    scheme.save()
    audit_record(actor=by, action="考核方案创建", obj=scheme, changes={"year": year, "name": name})
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, by: User, **fields: Any) -> Scheme:
    _step(SCHEME, "edit", by, scheme)
    before = _snapshot(scheme, SCHEME_FIELDS)
    for k, v in fields.items():
        if k not in SCHEME_FIELDS:
            raise ValueError(f"unknown scheme field {k}")
        setattr(scheme, k, v)
    _check_thresholds(scheme.excellent_min, scheme.good_min, scheme.pass_min)
    scheme.full_clean()
    scheme.save()
    audit_record(actor=by, action="考核方案修改", obj=scheme, changes=model_changes(before, _snapshot(scheme, SCHEME_FIELDS)))
    return scheme


@transaction.atomic
def category_create(*, scheme: Scheme, by: User, name: str, order: int | None = None) -> Category:
    _step(SCHEME, "edit_indicators", by, scheme)
    if order is None:
        order = (scheme.categories.aggregate(m=Max("order"))["m"] or 0) + 1
    cat = Category.objects.create(scheme=scheme, name=name, order=order)
    audit_record(actor=by, action="考核类别新增", obj=scheme, changes={"category": name})
    return cat


@transaction.atomic
def category_delete(*, category: Category, by: User) -> None:
    _step(SCHEME, "edit_indicators", by, category.scheme)
    audit_record(actor=by, action="考核类别删除", obj=category.scheme, changes={"category": category.name})
    category.delete()


def _clean_indicator(ind: Indicator) -> None:
    errors: dict[str, str] = {}
    if ind.category.scheme_id != ind.scheme_id:
        errors["category"] = "类别不属于本方案"
    if ind.max_score < 0:
        errors["max_score"] = "分值不能为负"
    if ind.kind != ItemKind.VETO and ind.max_score <= 0:
        errors["max_score"] = "评分项、加分项、扣分项须设分值"
    if ind.source == Source.COMPUTED:
        if registry.get(ind.computer) is None:
            errors["computer"] = "请选择一个平台数据指标"
        if not ind.rule:
            errors["rule"] = "请选择换算规则"
        else:
            errors.update(validate_params(kind=ind.kind, rule=ind.rule, params=ind.params or {}))
    else:
        ind.computer, ind.rule, ind.params = "", "", {}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(*, scheme: Scheme, by: User, category: Category, name: str, **fields: Any) -> Indicator:
    _step(SCHEME, "edit_indicators", by, scheme)
    if fields.get("order") is None:
        fields["order"] = (category.indicators.aggregate(m=Max("order"))["m"] or 0) + 1
    ind = Indicator(scheme=scheme, category=category, name=name, **fields)
    _clean_indicator(ind)
    ind.full_clean()
    ind.save()
    audit_record(actor=by, action="考核指标新增", obj=ind, changes=model_changes({}, _snapshot(ind, INDICATOR_FIELDS)))
    return ind


@transaction.atomic
def indicator_update(*, indicator: Indicator, by: User, **fields: Any) -> Indicator:
    _step(SCHEME, "edit_indicators", by, indicator.scheme)
    before = _snapshot(indicator, INDICATOR_FIELDS)
    for k, v in fields.items():
        if k not in INDICATOR_FIELDS:
            raise ValueError(f"unknown indicator field {k}")
        setattr(indicator, k, v)
    _clean_indicator(indicator)
    indicator.full_clean()
    indicator.save()
    audit_record(actor=by, action="考核指标修改", obj=indicator,
                 changes=model_changes(before, _snapshot(indicator, INDICATOR_FIELDS)))
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User) -> None:
    _step(SCHEME, "edit_indicators", by, indicator.scheme)
    audit_record(actor=by, action="考核指标删除", obj=indicator.scheme, changes={"indicator": indicator.name})
    indicator.delete()


@transaction.atomic
def units_add(
    *,
    scheme: Scheme,
    by: User,
    kind: str,
    regions: Iterable[Region] | None = None,
    departments: Iterable[Department] | None = None,
    enterprises: Iterable[Enterprise] | None = None,
    all_of_kind: bool = False,
    enterprise_flag: str = "",
) -> int:
    """Add assessed units by list, or all of a kind (all streets / all departments / the enterprises
    carrying a 重点监管 flag). Units already in the scheme are kept. Returns how many were added."""
    _step(SCHEME, "edit_units", by, scheme)
    existing = set(scheme.units.values_list("kind", "region_id", "department_id", "enterprise_id"))
    new: list[AssessedUnit] = []
    if kind == UnitKind.STREET:
        objs = Region.objects.filter(kind=UnitKind.STREET) if all_of_kind else list(regions or [])
        for r in objs:
            if r.kind != UnitKind.STREET:
                raise ValidationError({"regions": f"“{r.name}”不是街道/镇"})
            if (kind, r.pk, None, None) not in existing:
                new.append(AssessedUnit(scheme=scheme, kind=kind, region=r, name=r.name))
    elif kind == UnitKind.DEPARTMENT:
        objs = Department.objects.all() if all_of_kind else list(departments or [])
        new += [AssessedUnit(scheme=scheme, kind=kind, department=d, name=d.name)
                for d in objs if (kind, None, d.pk, None) not in existing]
    elif kind == UnitKind.ENTERPRISE:
        if all_of_kind:
            if not enterprise_flag.startswith("flag_") or not hasattr(Enterprise, enterprise_flag):
                raise ValidationError({"enterprise_flag": "请选择重点监管类别"})
            objs = Enterprise.objects.filter(**{enterprise_flag: True}).exclude(status="closed")
        else:
            objs = list(enterprises or [])
        new += [AssessedUnit(scheme=scheme, kind=kind, enterprise=e, name=e.name)
                for e in objs if (kind, None, None, e.pk) not in existing]
    else:
        raise ValidationError({"kind": "未知的单位类别"})
    AssessedUnit.objects.bulk_create(new)
    audit_record(actor=by, action="被考核单位新增", obj=scheme,
                 changes={"kind": kind, "units": [u.name for u in new][:200]}, note=f"新增 {len(new)} 个")
    return len(new)


@transaction.atomic
def unit_remove(*, unit: AssessedUnit, by: User) -> None:
    _step(SCHEME, "edit_units", by, unit.scheme)
    audit_record(actor=by, action="被考核单位移除", obj=unit.scheme, changes={"unit": unit.name})
    unit.delete()


@transaction.atomic
def unit_set_reviewers(*, unit: AssessedUnit, by: User, reviewers: Iterable[User]) -> AssessedUnit:
    _step(SCHEME, "assign_reviewers", by, unit.scheme)
    before = sorted(unit.reviewers.values_list("username", flat=True))
    reviewers = list(reviewers)
    unit.reviewers.set(reviewers)
    after = sorted(u.username for u in reviewers)
    audit_record(actor=by, action="评审人员分配", obj=unit, changes={"reviewers": [before, after]})
    return unit


@transaction.atomic
def scheme_copy(*, source: Scheme, by: User, year: int, name: str = "") -> Scheme:
    """Copy last year's scheme: thresholds, categories, indicators, units and reviewers, as a new draft."""
    require(by, "assessment.manage_schemes")
    name = name or source.name
    if Scheme.objects.filter(year=year, name=name).exists():
        raise ValidationError({"year": f"{year}年度已有名为“{name}”的方案"})
    scheme = Scheme.objects.create(
        year=year, name=name, description=source.description, excellent_min=source.excellent_min,
        good_min=source.good_min, pass_min=source.pass_min, bonus_cap=source.bonus_cap,
        copied_from=source, created_by=by,
    )
    for cat in source.categories.all():
        new_cat = Category.objects.create(scheme=scheme, name=cat.name, order=cat.order)
        Indicator.objects.bulk_create([
            Indicator(
                scheme=scheme, category=new_cat, name=i.name, criteria=i.criteria, kind=i.kind, source=i.source,
                max_score=i.max_score, computer=i.computer, rule=i.rule, params=i.params,
                no_data_points=i.no_data_points, order=i.order,
            )
            for i in cat.indicators.all()
        ])
    for unit in source.units.prefetch_related("reviewers"):
        copy = AssessedUnit.objects.create(
            scheme=scheme, kind=unit.kind, region=unit.region, department=unit.department,
            enterprise=unit.enterprise, name=unit.name,
        )
        copy.reviewers.set(unit.reviewers.all())
    audit_record(actor=by, action="考核方案复制", obj=scheme, changes={"from": str(source)})
    return scheme


# ---- the flow ---------------------------------------------------------------------------------

def _notify_units(scheme: Scheme, title: str, key: str) -> None:
    for unit in scheme.units.all():
        notify(
            recipients=unit_members(unit), title=title, category="年度考核",
            url=reverse("assessment:unit_detail", args=[unit.pk]), dedup_key=f"assessment:{key}:{unit.pk}",
        )


@transaction.atomic
def scheme_publish(*, scheme: Scheme, by: User) -> Scheme:
    """草稿 → 自评: every unit gets its score sheet; computed values are evaluated at once."""
    step = _step(SCHEME, "publish", by, scheme)
    if not scheme.units.exists():
        raise ValidationError("方案还没有被考核单位")
    indicators = list(scheme.indicators.all())
    if not indicators:
        raise ValidationError("方案还没有考核指标")
    Score.objects.bulk_create(
        [Score(unit=u, indicator=i) for u in scheme.units.all() for i in indicators], ignore_conflicts=True
    )
    scheme.status, scheme.published_at = step.target, timezone.now()
    scheme.save(update_fields=["status", "published_at"])
    audit_record(actor=by, action="考核方案发布", obj=scheme, changes={"status": [SchemeStatus.DRAFT, SchemeStatus.SELF]})
    _refresh_values(scheme)
    _notify_units(scheme, f"{scheme}已发布，请开展自评并上传佐证材料", "published")
    return scheme


@transaction.atomic
def scheme_start_review(*, scheme: Scheme, by: User) -> Scheme:
    step = _step(SCHEME, "review", by, scheme)
    scheme.status = step.target
    scheme.save(update_fields=["status"])
    audit_record(actor=by, action="考核进入评审", obj=scheme, changes={"status": [SchemeStatus.SELF, SchemeStatus.REVIEW]})
    reviewers = {u for unit in scheme.units.prefetch_related("reviewers") for u in unit.reviewers.all()}
    notify(recipients=reviewers | set(office_users()), title=f"{scheme}进入评审，请对人工评分项打分",
           category="年度考核", url=reverse("assessment:unit_list"), dedup_key=f"assessment:review:{scheme.pk}")
    return scheme


@transaction.atomic
def scheme_compute_results(*, scheme: Scheme, by: User) -> Scheme:
    """评审 → 异议期: every manual item must be scored; computed values are refreshed; totals, grades, ranks."""
    step = _step(SCHEME, "compute", by, scheme)
    missing = unscored_manual(scheme).count()
    if missing:
        raise ValidationError(f"还有 {missing} 项人工评分未完成，不能计算结果")
    _refresh_values(scheme)
    _compute_results(scheme)
    scheme.status = step.target
    scheme.save(update_fields=["status"])
    audit_record(actor=by, action="考核结果计算", obj=scheme, changes={"status": [SchemeStatus.REVIEW, SchemeStatus.OBJECTION]})
    _notify_units(scheme, f"{scheme}结果已计算，进入异议期", "objection")
    return scheme


@transaction.atomic
def scheme_publish_results(*, scheme: Scheme, by: User) -> Scheme:
    """异议期 → 发布: last refresh of the computed values, then everything is frozen."""
    step = _step(SCHEME, "publish_results", by, scheme)
    pending = pending_objections(scheme).count()
    if pending:
        raise ValidationError(f"还有 {pending} 条异议未答复，不能发布结果")
    _refresh_values(scheme)
    _compute_results(scheme)
    scheme.status, scheme.results_published_at = step.target, timezone.now()
    scheme.save(update_fields=["status", "results_published_at"])
    audit_record(actor=by, action="考核结果发布", obj=scheme,
                 changes={"status": [SchemeStatus.OBJECTION, SchemeStatus.PUBLISHED]})
    _notify_units(scheme, f"{scheme}结果已发布", "results")
    return scheme


@transaction.atomic
def scheme_recompute(*, scheme: Scheme, by: User | None) -> int:
    """Re-evaluate the computed indicators from today's data (on demand, or the nightly job with
    ``by=None``). Refused once the results are published: those stay as they were."""
    _step(SCHEME, "recompute", by, scheme)
    changed = _refresh_values(scheme)
    if scheme.status == SchemeStatus.OBJECTION:
        _compute_results(scheme)
    audit_record(actor=by, action="考核指标重新计算", obj=scheme, changes={"changed": changed[:100]},
                 note=f"{len(changed)} 项计算值变化")
    return len(changed)


def _refresh_values(scheme: Scheme) -> list[list[str]]:
    """Evaluate every computed indicator for every unit: one batch evaluation per function over all
    the scheme's units (grouped queries), the per-unit function where an indicator has no batch form."""
    indicators = [i for i in scheme.indicators.all() if i.source == Source.COMPUTED]
    if not indicators:
        return []
    now = timezone.now()
    scores = {
        (s.unit_id, s.indicator_id): s
        for s in Score.objects.filter(unit__scheme=scheme, indicator__source=Source.COMPUTED)
    }
    units = list(scheme.units.select_related("region", "department", "enterprise"))
    values: dict[str, dict[int, Decimal | None]] = {}
    for ind in indicators:
        computer = registry.get(ind.computer)
        if computer is None:
            raise ValidationError(f"指标“{ind.name}”引用的数据指标 {ind.computer} 已不存在")
        if ind.computer not in values:
            values[ind.computer] = computer.values(units, scheme.year)
    changed: list[list[str]] = []
    dirty: list[Score] = []
    for unit in units:
        for ind in indicators:
            computer = registry.get(ind.computer)
            value = values[ind.computer][unit.pk]
            score = scores[(unit.pk, ind.pk)]
            old = (score.value, score.points, score.vetoed)
            score.value = value
            if ind.kind == ItemKind.VETO:
                score.vetoed = veto_triggered(params=ind.params, value=value)
                score.veto_reason = f"{ind.name}（{computer.label} {_fmt(value)}{computer.unit}）" if score.vetoed else ""
                score.points = None
            else:
                score.points = points_for(rule=ind.rule, params=ind.params, max_score=ind.max_score,
                                          value=value, no_data_points=ind.no_data_points)
            score.computed_at = now
            dirty.append(score)
            if old != (score.value, score.points, score.vetoed):
                changed.append([unit.name, ind.name, _fmt(old[0]), _fmt(value)])
    Score.objects.bulk_update(dirty, ["value", "points", "vetoed", "veto_reason", "computed_at"], batch_size=1000)
    return changed


def _fmt(v: Decimal | None) -> str:
    return "无数据" if v is None else f"{v.normalize():f}"


def _compute_results(scheme: Scheme) -> None:
    """Totals per unit and category, 一票否决, grade by the scheme's lines, rank within each kind."""
    category_ids = list(scheme.categories.values_list("pk", flat=True))
    items: dict[int, list[ItemPoints]] = {}
    for s in Score.objects.filter(unit__scheme=scheme).select_related("indicator"):
        items.setdefault(s.unit_id, []).append(
            ItemPoints(s.indicator.category_id, s.indicator.kind, s.points, s.vetoed, s.veto_reason)
        )
    units = list(scheme.units.all())
    for u in units:
        t = unit_totals(items.get(u.pk, []), bonus_cap=scheme.bonus_cap, category_ids=category_ids)
        u.total, u.bonus, u.deduction, u.vetoed = t.total, t.bonus, t.deduction, t.vetoed
        u.category_scores = {str(c): str(v) for c, v in t.categories.items()}
        u.veto_reason = "；".join(t.veto_reasons)[:500]
        u.grade = grade_for(t.total, vetoed=t.vetoed, excellent_min=scheme.excellent_min,
                            good_min=scheme.good_min, pass_min=scheme.pass_min)
    for kind in {u.kind for u in units}:
        same = [u for u in units if u.kind == kind]
        by_pk = ranks([(u.pk, u.total, u.vetoed) for u in same])
        for u in same:
            u.rank = by_pk[u.pk]
    AssessedUnit.objects.bulk_update(
        units, ["total", "bonus", "deduction", "vetoed", "category_scores", "veto_reason", "grade", "rank"], batch_size=500
    )
    scheme.results_computed_at = timezone.now()
    scheme.save(update_fields=["results_computed_at"])


# ---- the unit's part ----------------------------------------------------------------------------

@transaction.atomic
def self_assess(*, score: Score, by: User, points: Decimal | None, comment: str) -> Score:
    unit = score.unit
    _step(UNIT, "self_assess", by, unit)
    ind = score.indicator
    if ind.source != Source.MANUAL:
        raise ValidationError("自动计算的指标无需自评；对数据有异议可在异议期提出")
    if ind.kind == ItemKind.VETO:
        points = None
    elif points is None:
        raise ValidationError({"self_points": "请填写自评分"})
    elif not (0 <= points <= ind.max_score):
        raise ValidationError({"self_points": f"自评分应在 0 到 {ind.max_score} 之间"})
    before = {"self_points": score.self_points, "self_comment": score.self_comment}
    score.self_points, score.self_comment = (q2(points) if points is not None else None), comment
    score.self_by, score.self_at = by, timezone.now()
    score.save(update_fields=["self_points", "self_comment", "self_by", "self_at"])
    audit_record(actor=by, action="考核自评", obj=score,
                 changes=model_changes(before, {"self_points": score.self_points, "self_comment": comment}))
    return score


@transaction.atomic
def self_submit(*, unit: AssessedUnit, by: User) -> AssessedUnit:
    _step(UNIT, "self_submit", by, unit)
    missing = unit.scores.filter(
        indicator__source=Source.MANUAL, self_at__isnull=True
    ).exclude(indicator__kind=ItemKind.VETO).count()
    if missing:
        raise ValidationError(f"还有 {missing} 项人工评分指标未自评")
    unit.self_submitted_at = timezone.now()
    unit.save(update_fields=["self_submitted_at"])
    audit_record(actor=by, action="考核自评提交", obj=unit)
    return unit


@transaction.atomic
def evidence_add(*, unit: AssessedUnit, by: User, title: str, file, indicator: Indicator | None = None) -> Evidence:
    from safety_platform.uploads import validate_document

    _step(UNIT, "upload_evidence", by, unit)
    if indicator is not None and indicator.scheme_id != unit.scheme_id:
        raise ValidationError({"indicator": "指标不属于本方案"})
    validate_document(file)
    ev = Evidence.objects.create(unit=unit, indicator=indicator, title=title, file=file, uploaded_by=by)
    audit_record(actor=by, action="佐证材料上传", obj=ev, changes={"indicator": str(indicator or "综合"), "file": ev.file.name})
    return ev


@transaction.atomic
def objection_raise(*, score: Score, by: User, reason: str) -> Objection:
    _step(UNIT, "object", by, score.unit)
    if not reason.strip():
        raise ValidationError({"reason": "请填写异议理由"})
    if score.objections.filter(status=ObjectionStatus.PENDING).exists():
        raise ValidationError({"reason": "该指标已有待答复的异议"})
    obj = Objection.objects.create(score=score, reason=reason.strip(), raised_by=by)
    audit_record(actor=by, action="考核异议提出", obj=obj, changes={"reason": reason.strip()})
    notify(recipients=office_users(), title=f"{score.unit.name}对“{score.indicator.name}”提出异议", category="年度考核",
           url=reverse("assessment:unit_detail", args=[score.unit_id]), dedup_key=f"assessment:objection:{obj.pk}")
    return obj


# ---- reviewers and the office -----------------------------------------------------------------

@transaction.atomic
def review_score(
    *, score: Score, by: User, points: Decimal | None = None, vetoed: bool = False, veto_reason: str = "", comment: str = ""
) -> Score:
    """A reviewer scores a manual item (评审阶段); the office may still correct it in the objection
    window when it accepts an objection, and the results are then recomputed."""
    unit, ind = score.unit, score.indicator
    require(by, "assessment.review", unit)
    _step(UNIT, "correct" if UNIT.is_possible("correct", unit) else "review", by, unit)
    if ind.source != Source.MANUAL:
        raise ValidationError("自动计算的指标由平台数据计算，不能人工打分")
    if ind.kind == ItemKind.VETO:
        if vetoed and not veto_reason.strip():
            raise ValidationError({"veto_reason": "认定一票否决须写明原因"})
        new = {"vetoed": vetoed, "veto_reason": veto_reason.strip() if vetoed else "", "points": None}
    else:
        if points is None:
            raise ValidationError({"points": "请填写评分"})
        if not (0 <= points <= ind.max_score):
            raise ValidationError({"points": f"评分应在 0 到 {ind.max_score} 之间"})
        new = {"vetoed": False, "veto_reason": "", "points": q2(points)}
    before = {"points": score.points, "vetoed": score.vetoed, "veto_reason": score.veto_reason,
              "review_comment": score.review_comment}
    for k, v in new.items():
        setattr(score, k, v)
    score.review_comment, score.reviewed_by, score.reviewed_at = comment, by, timezone.now()
    score.save(update_fields=["points", "vetoed", "veto_reason", "review_comment", "reviewed_by", "reviewed_at"])
    audit_record(actor=by, action="考核评分", obj=score, changes=model_changes(before, {**new, "review_comment": comment}))
    if unit.scheme.status == SchemeStatus.OBJECTION:
        _compute_results(unit.scheme)
    return score


@transaction.atomic
def objection_answer(*, objection: Objection, by: User, accepted: bool, answer: str) -> Objection:
    _step(UNIT, "answer", by, objection.score.unit)
    if objection.status != ObjectionStatus.PENDING:
        raise ValidationError("该异议已答复")
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复意见"})
    objection.status = ObjectionStatus.ACCEPTED if accepted else ObjectionStatus.REJECTED
    objection.answer, objection.answered_by, objection.answered_at = answer.strip(), by, timezone.now()
    objection.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit_record(actor=by, action="考核异议答复", obj=objection,
                 changes={"status": [ObjectionStatus.PENDING, objection.status], "answer": answer.strip()})
    notify(recipients=[objection.raised_by], title=f"您对“{objection.score.indicator.name}”的异议已答复",
           category="年度考核", url=reverse("assessment:unit_detail", args=[objection.score.unit_id]),
           dedup_key=f"assessment:objection-answer:{objection.pk}")
    return objection

