"""Reads of the assessment app: the unit's members and sheet, results tables (who may do what: permissions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.choices import Role
from accounts.models import User

from .choices import ObjectionStatus, Source, UnitKind
from .models import AssessedUnit, Category, Evidence, Indicator, Objection, Scheme, Score


def unit_members(unit: AssessedUnit) -> QuerySet[User]:
    users = User.objects.filter(is_active=True)
    if unit.kind == UnitKind.STREET:
        return users.filter(role=Role.STREET, region=unit.region_id)
    if unit.kind == UnitKind.DEPARTMENT:
        return users.filter(role=Role.DEPARTMENT, department=unit.department_id)
    return users.filter(role=Role.ENTERPRISE, enterprise=unit.enterprise_id)


def office_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role=Role.OFFICE)


def indicator_tree(scheme: Scheme) -> list[Category]:
    return list(scheme.categories.prefetch_related(Prefetch("indicators", Indicator.objects.order_by("order", "id"))))


@dataclass
class SheetRow:
    score: Score
    evidence: list[Evidence]
    objections: list[Objection]


@dataclass
class SheetCategory:
    category: Category
    rows: list[SheetRow]
    points: Decimal | None


def unit_sheet(unit: AssessedUnit) -> list[SheetCategory]:
    """The unit's indicators by category, each with its score, evidence and objections."""
    scores = (
        unit.scores.select_related("indicator__category", "reviewed_by", "self_by")
        .prefetch_related(Prefetch("objections", Objection.objects.select_related("raised_by", "answered_by")))
    )
    evidence: dict[int | None, list[Evidence]] = {}
    for ev in unit.evidence.select_related("uploaded_by"):
        evidence.setdefault(ev.indicator_id, []).append(ev)
    by_cat: dict[int, SheetCategory] = {}
    for cat in unit.scheme.categories.all():
        raw = unit.category_scores.get(str(cat.pk))
        by_cat[cat.pk] = SheetCategory(cat, [], Decimal(raw) if raw is not None else None)
    for s in scores:
        by_cat[s.indicator.category_id].rows.append(SheetRow(s, evidence.get(s.indicator_id, []), list(s.objections.all())))
    return list(by_cat.values())


def general_evidence(unit: AssessedUnit) -> QuerySet[Evidence]:
    return unit.evidence.filter(indicator__isnull=True).select_related("uploaded_by")


def unscored_manual(scheme: Scheme) -> QuerySet[Score]:
    """Manual items that still lack the reviewer's decision (blocks computing the results)."""
    return Score.objects.filter(unit__scheme=scheme, indicator__source=Source.MANUAL, reviewed_at__isnull=True)


def pending_objections(scheme: Scheme) -> QuerySet[Objection]:
    return Objection.objects.filter(score__unit__scheme=scheme, status=ObjectionStatus.PENDING)


def unit_list(qs: QuerySet[AssessedUnit]) -> QuerySet[AssessedUnit]:
    return qs.select_related("scheme", "region", "department", "enterprise").annotate(
        manual_total=Count("scores", filter=Q(scores__indicator__source=Source.MANUAL), distinct=True),
        manual_done=Count(
            "scores", filter=Q(scores__indicator__source=Source.MANUAL, scores__reviewed_at__isnull=False), distinct=True
        ),
    )


@dataclass
class ResultRow:
    unit: AssessedUnit
    categories: list[Decimal | None]


def results_table(scheme: Scheme, units: QuerySet[AssessedUnit]) -> tuple[list[Category], list[ResultRow]]:
    """One row per unit (kind, then rank), one column per category — the page and the export."""
    categories = list(scheme.categories.all())
    rows = []
    for u in units.filter(scheme=scheme).order_by("kind", "vetoed", "rank", "name"):
        cells = [u.category_scores.get(str(c.pk)) for c in categories]
        rows.append(ResultRow(u, [Decimal(v) if v is not None else None for v in cells]))
    return categories, rows


def results_visible(scheme: Scheme) -> bool:
    return scheme.results_visible
