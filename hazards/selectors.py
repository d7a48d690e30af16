"""Reads that are more than a filter: the filing board, counts for cards/cockpit, statistics.

Every selector takes a queryset the caller has already scoped with ``for_user`` — scoping is
never re-decided here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, FilteredRelation, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.models import Industry, Region
from enterprises.choices import EnterpriseStatus

from .choices import OPEN_STATUSES, FilingStatus, HazardGrade, HazardStatus
from .models import Hazard, SelfCheck

# --------------------------------------------------------------------------------------------
# counts (home cards, cockpit, assessment)


def open_count(hazards: QuerySet[Hazard]) -> int:
    return hazards.filter(status__in=OPEN_STATUSES).count()


def overdue_count(hazards: QuerySet[Hazard], today: dt.date | None = None) -> int:
    return hazards.filter(status__in=OPEN_STATUSES, deadline__lt=today or timezone.localdate()).count()


def major_count(hazards: QuerySet[Hazard], *, open_only: bool = True) -> int:
    qs = hazards.filter(grade=HazardGrade.MAJOR)
    return (qs.filter(status__in=OPEN_STATUSES) if open_only else qs).count()


def rectification_rate(hazards: QuerySet[Hazard]) -> Decimal | None:
    """Closed ÷ found, in percent (one decimal); None when nothing was found."""
    agg = hazards.aggregate(found=Count("pk"), closed=Count("pk", filter=Q(status=HazardStatus.CLOSED)))
    return percent(agg["closed"], agg["found"])


def filing_rate(enterprises: QuerySet, week_start: dt.date) -> Decimal | None:
    """Share of operating enterprises that filed the week's self-check (late included), in percent."""
    counts = filing_counts(enterprises, week_start)
    return percent(counts["total"] - counts[FilingStatus.MISSING], counts["total"])


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


# --------------------------------------------------------------------------------------------
# weekly filing


def filing_rows(enterprises: QuerySet, week_start: dt.date) -> QuerySet:
    """Operating enterprises annotated with that week's self-check (LEFT JOIN on the unique
    (enterprise, week) index) and ``filing`` = filed / zero / late / missing."""
    return (
        enterprises.filter(status=EnterpriseStatus.OPERATING)
        .annotate(sc=FilteredRelation("self_checks", condition=Q(self_checks__week_start=week_start)))
        .annotate(
            sc_id=F("sc__id"),
            sc_submitted_at=F("sc__submitted_at"),
            sc_hazards=F("sc__hazards_found"),
            sc_proxy=F("sc__is_proxy"),
            filing=Case(
                When(sc__id__isnull=True, then=Value(FilingStatus.MISSING)),
                When(sc__is_late=True, then=Value(FilingStatus.LATE)),
                When(sc__is_zero=True, then=Value(FilingStatus.ZERO)),
                default=Value(FilingStatus.FILED),
            ),
        )
    )


# The filing board's 代报 figure: an overlay on the statuses (a 代报 week is also filed/zero/late),
# counted beside them under this key.
PROXY = "proxy"


def filter_proxy(rows: QuerySet) -> QuerySet:
    """The ``filing_rows`` whose week was filed as 代报 by a grid officer or street."""
    return rows.filter(sc__is_proxy=True)


def filter_filing(rows: QuerySet, status: str) -> QuerySet:
    if status == FilingStatus.MISSING:
        return rows.filter(sc__id__isnull=True)
    if status == FilingStatus.LATE:
        return rows.filter(sc__is_late=True)
    if status == FilingStatus.ZERO:
        return rows.filter(sc__is_late=False, sc__is_zero=True)
    if status == FilingStatus.FILED:
        return rows.filter(sc__is_late=False, sc__is_zero=False)
    return rows


def nonfilers(enterprises: QuerySet, week_start: dt.date) -> QuerySet:
    return enterprises.filter(status=EnterpriseStatus.OPERATING).exclude(
        pk__in=SelfCheck.objects.filter(week_start=week_start).values("enterprise_id")
    )


def filing_counts(enterprises: QuerySet, week_start: dt.date) -> dict[str, int]:
    """{total, filed, zero, late, missing, proxy} for the week (proxy: of the filed, those filed as
    代报 — counted beside the statuses, not instead of one): the week's self-checks are aggregated on their
    own (index on week_start) rather than joining every enterprise to its week (50k index probes)."""
    operating = enterprises.filter(status=EnterpriseStatus.OPERATING)
    total = operating.count()
    # Count a column of the covering index (not the id) so that no heap row is read.
    agg = SelfCheck.objects.filter(week_start=week_start, enterprise__in=operating.values("pk")).aggregate(
        late=Count("week_start", filter=Q(is_late=True)),
        zero=Count("week_start", filter=Q(is_late=False, is_zero=True)),
        filed=Count("week_start", filter=Q(is_late=False, is_zero=False)),
        proxy=Count("week_start", filter=Q(is_proxy=True)),
    )
    return {"total": total, FilingStatus.MISSING: total - agg["late"] - agg["zero"] - agg["filed"],
            FilingStatus.LATE: agg["late"], FilingStatus.ZERO: agg["zero"], FilingStatus.FILED: agg["filed"],
            PROXY: agg["proxy"]}


# --------------------------------------------------------------------------------------------
# statistics (16号令: quarterly and yearly, per region / industry)


@dataclass
class StatRow:
    key: int | None
    name: str
    found: int = 0
    closed: int = 0
    overdue: int = 0
    major: int = 0
    major_closed: int = 0

    @property
    def rate(self) -> Decimal | None:
        return percent(self.closed, self.found)

    @property
    def open(self) -> int:
        return self.found - self.closed


def period_bounds(year: int, quarter: int | None) -> tuple[dt.datetime, dt.datetime]:
    if quarter:
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    else:
        start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    aware = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, aware), dt.datetime.combine(end, dt.time.min, aware))


def hazard_statistics(
    hazards: QuerySet[Hazard], *, year: int, quarter: int | None = None, by: str = "region",
    today: dt.date | None = None,
) -> tuple[list[StatRow], StatRow]:
    """Hazards found in the period, grouped by street (``by="region"``) or industry.

    found: reported in the period; closed: of those, closed (销号) by now; overdue: of those, still
    open past the deadline or closed after it; major: 重大隐患 among them; rate = closed ÷ found.
    """
    today = today or timezone.localdate()
    start, end = period_bounds(year, quarter)
    qs = hazards.filter(reported_at__gte=start, reported_at__lt=end)
    key = "region_id" if by == "region" else "enterprise__industry_id"
    grouped = (
        qs.values(key)
        .annotate(
            found=Count("pk"),
            closed=Count("pk", filter=Q(status=HazardStatus.CLOSED)),
            overdue=Count(
                "pk",
                filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)
                | Q(status=HazardStatus.CLOSED, closed_at__date__gt=F("deadline")),
            ),
            major=Count("pk", filter=Q(grade=HazardGrade.MAJOR)),
            major_closed=Count("pk", filter=Q(grade=HazardGrade.MAJOR, status=HazardStatus.CLOSED)),
        )
        .order_by()
    )
    rows: dict[int | None, StatRow] = {}
    if by == "region":
        regions = dict(Region.objects.values_list("pk", "path"))
        streets = {r.path: r for r in Region.objects.filter(kind="street")}
        for g in grouped:
            path = regions.get(g[key], "")
            street = next((s for p, s in streets.items() if path.startswith(p)), None)
            k = street.pk if street else None
            row = rows.setdefault(k, StatRow(k, street.name if street else "（区直属）"))
            _add(row, g)
    else:
        names = dict(Industry.objects.values_list("pk", "name"))
        for g in grouped:
            k = g[key]
            _add(rows.setdefault(k, StatRow(k, names.get(k, "（未分类）"))), g)
    ordered = sorted(rows.values(), key=lambda r: (-r.found, r.name))
    total = StatRow(None, "合计")
    for r in ordered:
        for f in ("found", "closed", "overdue", "major", "major_closed"):
            setattr(total, f, getattr(total, f) + getattr(r, f))
    return ordered, total


def _add(row: StatRow, g: dict) -> None:
    for f in ("found", "closed", "overdue", "major", "major_closed"):
        setattr(row, f, getattr(row, f) + g[f])


def hazards_from(origin) -> QuerySet[Hazard]:
    """The hazards an inspection, a public report … produced (the generic ``origin`` link)."""
    from django.contrib.contenttypes.models import ContentType

    return Hazard.objects.filter(origin_type=ContentType.objects.get_for_model(origin), origin_id=str(origin.pk))


def weekly_filing_history(enterprise, weeks: int = 12, today: dt.date | None = None) -> list[dict]:
    """The enterprise's last ``weeks`` weeks, newest first, with its self-check or None (missing)."""
    from .rules import week_start_of

    current = week_start_of(today or timezone.localdate())
    starts = [current - dt.timedelta(weeks=i) for i in range(weeks)]
    filed = {s.week_start: s for s in SelfCheck.objects.filter(enterprise=enterprise, week_start__in=starts)}
    return [{"week_start": s, "self_check": filed.get(s)} for s in starts]



def verify_queue(user) -> QuerySet:
    """待验收: submitted hazards in scope that ``user`` may verify (hazards.permissions.verify_queue_q)."""
    from .permissions import verify_queue_q

    return Hazard.objects.for_user(user).filter(verify_queue_q(user), status=HazardStatus.SUBMITTED)


def spot_check_queue(user) -> QuerySet:
    """待抽查: hazards the enterprise closed itself (验收 or 误报撤销), for the local officers and the office."""
    from .permissions import is_spot_checker_role

    if not is_spot_checker_role.test(user):
        return Hazard.objects.none()
    return Hazard.objects.for_user(user).filter(status=HazardStatus.CLOSED, spot_check_due=True)
