"""Reads that are more than a filter: patrol cycles, the coverage board, plan progress, 双随机
publication. Every selector takes querysets the caller already scoped with ``for_user``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Region, User
from enterprises.choices import EnterpriseStatus
from enterprises.models import Enterprise

from .choices import InspectionStatus, PatrolStatus, VisitStatus
from .models import DrawItem, EnforcementPlan, Inspection, Patrol
from .rules import month_bounds, next_visit_due, publish_due, quarter_of, visit_status

# ---------------------------------------------------------------------------------------------
# 网格巡查 cycle


def with_last_visit(enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Operating enterprises annotated with the date of their last finished patrol and an open draft."""
    finished = Patrol.objects.filter(enterprise=OuterRef("pk"), status=PatrolStatus.FINISHED).order_by("-visit_date")
    return enterprises.filter(status=EnterpriseStatus.OPERATING).annotate(
        last_visit=Subquery(finished.values("visit_date")[:1]),
    )


# The Bootstrap tone of each visit status (templates never compare status strings).
VISIT_TONES = {VisitStatus.OVERDUE: "danger", VisitStatus.DUE: "warning", VisitStatus.DONE: "success"}


@dataclass
class EnterpriseVisit:
    enterprise: Enterprise
    last_visit: dt.date | None
    next_due: dt.date | None
    status: str
    draft_id: int | None = None

    @property
    def status_label(self) -> str:
        return VisitStatus(self.status).label

    @property
    def tone(self) -> str:
        return VISIT_TONES[self.status]


ORDER = {VisitStatus.OVERDUE: 0, VisitStatus.DUE: 1, VisitStatus.DONE: 2}


def my_enterprises(officer: User, today: dt.date | None = None, status: str = "", q: str = "") -> list[EnterpriseVisit]:
    """A grid officer's enterprises, who is due first (逾期 → 本月待巡 → 本月已巡)."""
    today = today or timezone.localdate()
    qs = with_last_visit(Enterprise.objects.for_user(officer)).select_related("region").only(
        "id", "name", "address", "risk_level", "region__name", "lat", "lng"
    )
    if q:
        qs = qs.filter(name__icontains=q)
    drafts = dict(
        Patrol.objects.filter(officer=officer, status=PatrolStatus.DRAFT).values_list("enterprise_id", "pk")
    )
    rows = [
        EnterpriseVisit(e, e.last_visit, next_visit_due(e.last_visit, e.risk_level),
                        visit_status(e.last_visit, e.risk_level, today), drafts.get(e.pk))
        for e in qs
    ]
    if status:
        rows = [r for r in rows if r.status == status]
    rows.sort(key=lambda r: (ORDER[r.status], r.next_due or dt.date.min, r.enterprise.name))
    return rows


@dataclass
class CoverageRow:
    officer: User
    cells: list[str]
    street: str
    enterprises: int = 0
    visited: int = 0  # visited in the month
    due: int = 0  # not yet visited in the month
    overdue: int = 0  # past the risk interval (or never visited)
    patrols: int = 0  # finished patrols in the month
    hazards: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.visited * 100 / self.enterprises, 1) if self.enterprises else None


def coverage(viewer: User, month: dt.date | None = None, street: Region | None = None) -> list[CoverageRow]:
    """Per grid officer in the viewer's area: enterprises, visited / due this month, overdue visits."""
    today = timezone.localdate()
    first, last = month_bounds(month or today)
    as_of = min(last, today)
    cells = Region.objects.for_user(viewer).filter(officers__isnull=False)
    if street is not None:
        cells = cells.filter(path__startswith=street.path)
    cell_rows = list(cells.values_list("pk", "name", "path", "officers").distinct())
    officers = User.objects.in_bulk({o for _, _, _, o in cell_rows})
    streets = {r.path: r.name for r in Region.objects.filter(kind="street")}
    cells_of: dict[int, list[tuple[int, str, str]]] = {}
    for cid, name, path, oid in cell_rows:
        cells_of.setdefault(oid, []).append((cid, name, path))
    enterprise_rows = list(
        Enterprise.objects.filter(region_id__in={c for c, _, _, _ in cell_rows}, status=EnterpriseStatus.OPERATING)
        .annotate(last_visit=Max("patrols__visit_date", filter=Q(patrols__status=PatrolStatus.FINISHED,
                                                                  patrols__visit_date__lte=as_of)))
        .values_list("pk", "region_id", "risk_level", "last_visit")
    )
    by_cell: dict[int, list[tuple]] = {}
    for row in enterprise_rows:
        by_cell.setdefault(row[1], []).append(row)
    month_patrols = dict(
        Patrol.objects.filter(status=PatrolStatus.FINISHED, visit_date__range=(first, as_of), officer_id__in=officers)
        .values("officer_id").annotate(n=Count("pk")).values_list("officer_id", "n")
    )
    month_hazards = dict(
        Patrol.objects.filter(status=PatrolStatus.FINISHED, visit_date__range=(first, as_of), officer_id__in=officers)
        .values("officer_id").annotate(n=Count("pk", filter=Q(hazards_found__gt=0))).values_list("officer_id", "n")
    )
    rows = []
    for oid, cells_list in cells_of.items():
        officer = officers[oid]
        if officer.role != Role.GRID:
            continue
        path = cells_list[0][2]
        street_name = next((n for p, n in streets.items() if path.startswith(p)), "")
        row = CoverageRow(officer=officer, cells=sorted(n for _, n, _ in cells_list), street=street_name,
                          patrols=month_patrols.get(oid, 0), hazards=month_hazards.get(oid, 0))
        for cid, _, _ in cells_list:
            for _, _, risk, last_visit in by_cell.get(cid, []):
                row.enterprises += 1
                if last_visit is not None and last_visit >= first:
                    row.visited += 1
                else:
                    row.due += 1
                if visit_status(last_visit, risk, as_of) == VisitStatus.OVERDUE:
                    row.overdue += 1
        rows.append(row)
    rows.sort(key=lambda r: (r.street, -r.overdue, str(r.officer)))
    return rows


# ---------------------------------------------------------------------------------------------
# 年度执法计划 progress


@dataclass
class PlanProgress:
    plan: EnforcementPlan
    done: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    key_done: list[int] = field(default_factory=list)
    key_total: int = 0  # key enterprises named in the plan

    @property
    def total_done(self) -> int:
        return sum(self.done)

    @property
    def rate(self) -> float | None:
        return round(self.total_done * 100 / self.plan.total, 1) if self.plan.total else None

    @property
    def quarters(self) -> list[dict]:
        return [{"quarter": q + 1, "planned": p, "done": d, "rate": round(d * 100 / p, 1) if p else None}
                for q, (p, d) in enumerate(zip(self.plan.quarters, self.done))]


def plans_progress(plans) -> list[PlanProgress]:
    """Each plan's finished inspections (its department and year) per quarter and the key enterprises
    checked — two queries for any number of plans (the office sees one plan per department)."""
    plans = list(plans)
    if not plans:
        return []
    done: dict[tuple[int, int], list[int]] = {}
    checked: dict[tuple[int, int], set[int]] = {}
    rows = Inspection.objects.filter(
        department_id__in={p.department_id for p in plans}, status=InspectionStatus.FINISHED,
        inspected_on__year__in={p.year for p in plans},
    ).order_by().values_list("department_id", "inspected_on", "enterprise_id")
    for dept, day, eid in rows:
        key = (dept, day.year)
        done.setdefault(key, [0, 0, 0, 0])[quarter_of(day) - 1] += 1
        checked.setdefault(key, set()).add(eid)
    keys: dict[int, set[int]] = {}
    through = EnforcementPlan.key_enterprises.through
    for plan_id, eid in through.objects.filter(enforcementplan_id__in=[p.pk for p in plans]).values_list(
            "enforcementplan_id", "enterprise_id"):
        keys.setdefault(plan_id, set()).add(eid)
    result = []
    for plan in plans:
        key, named = (plan.department_id, plan.year), keys.get(plan.pk, set())
        result.append(PlanProgress(plan, list(done.get(key, [0, 0, 0, 0])),
                                   sorted(named & checked.get(key, set())), len(named)))
    return result


def plan_progress(plan: EnforcementPlan) -> PlanProgress:
    """Finished inspections of the plan's department and year, per quarter; key enterprises checked."""
    return plans_progress([plan])[0]


# ---------------------------------------------------------------------------------------------
# 双随机一公开


@dataclass
class Publication:
    item: DrawItem
    finished_on: dt.date | None
    due: dt.date | None
    overdue: bool


def publication_rows(items: QuerySet[DrawItem], today: dt.date | None = None) -> list[Publication]:
    """Each draw item with its inspection's finish date, the publication deadline (N working days)
    and whether it is unpublished past that deadline."""
    today = today or timezone.localdate()
    rows = []
    for item in items.select_related("enterprise", "inspection").prefetch_related("inspectors"):
        insp = getattr(item, "inspection", None)
        finished = (timezone.localdate(insp.finished_at) if insp is not None and insp.finished_at else None)
        due = publish_due(finished) if finished else None
        rows.append(Publication(item, finished, due, bool(due and item.published_at is None and due < today)))
    return rows


def overdue_publications(items: QuerySet[DrawItem], today: dt.date | None = None) -> list[Publication]:
    unpublished = items.filter(published_at__isnull=True, inspection__status=InspectionStatus.FINISHED)
    return [p for p in publication_rows(unpublished, today) if p.overdue]


def public_results() -> QuerySet[DrawItem]:
    """What the public page shows: published items only (no login, no scoping by design)."""
    return (
        DrawItem.objects.filter(published_at__isnull=False)
        .select_related("enterprise", "draw__department", "inspection")
        .order_by("-published_at", "draw_id", "position")
    )
