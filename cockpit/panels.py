"""The cockpit's cards and tables: each figure carries the link to the filtered list behind it.

``Figure.check`` says how the figure relates to its list: "count" — the number of rows the list
shows; "sum:<field>" — the sum of that field over the list's rows (deaths); "" — a rate, whose
parts are figures of their own. The demo-district test fetches every link and compares.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from accidents.models import Accident
from accounts.models import User
from accounts.permissions import can, is_department, is_street
from enterprises.models import Enterprise
from hazards.models import Hazard
from hazards.reporting.models import PublicReport
from hazards.rules import week_label, week_start_of

from . import selectors as s


@dataclass
class Figure:
    label: str
    value: int | Decimal | None
    url: str
    check: str = "count"
    unit: str = ""


@dataclass
class Card:
    title: str
    main: Figure
    parts: list[Figure] = field(default_factory=list)
    tone: str = "primary"
    note: str = ""


def link(name: str, **params) -> str:
    url = reverse(name)
    query = urlencode({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in params.items() if v is not None})
    return f"{url}?{query}" if query else url


def ledger(**params) -> str:
    return link("hazards:ledger", **params)


def board(week: dt.date, **params) -> str:
    return link("hazards:filing_board", week=week, **params)


def filing_card(title: str, f: s.FilingSummary, tone: str) -> Card:
    return Card(
        title=f"{title}（{week_label(f.week_start)}）",
        main=Figure("填报率", f.rate, board(f.week_start, status="missing"), check="", unit="%"),
        parts=[
            Figure("应报", f.total, board(f.week_start)),
            Figure("已报", f.filed, board(f.week_start, status="filed")),
            Figure("零报告", f.zero, board(f.week_start, status="zero")),
            Figure("补报", f.late, board(f.week_start, status="late")),
            Figure("未报", f.missing, board(f.week_start, status="missing")),
            Figure("其中代报", f.proxy, board(f.week_start, proxy="1")),
        ],
        tone=tone,
    )


def hazard_cards(h: s.HazardSummary, *, year: int) -> list[Card]:
    jan1 = dt.date(year, 1, 1)
    return [
        Card("未销号隐患", Figure("未销号", h.open, ledger(open="true"), unit="条"),
             [Figure("逾期", h.overdue, ledger(overdue="true"))], tone="primary"),
        Card("逾期隐患", Figure("逾期", h.overdue, ledger(overdue="true"), unit="条"),
             [Figure("其中重大", h.major_overdue, ledger(overdue="true", grade="major"))], tone="danger"),
        Card("重大隐患（未销号）", Figure("重大", h.major_open, ledger(grade="major", open="true"), unit="条"),
             [Figure("挂牌督办", h.supervised_open, ledger(supervised="true", open="true"))], tone="warning"),
        Card("挂牌督办（未销号）", Figure("督办", h.supervised_open, ledger(supervised="true", open="true"), unit="条"),
             tone="warning"),
        Card(f"{year}年隐患整改率",
             Figure("整改率", h.rectification_rate, ledger(reported_from=jan1, open="true"), check="", unit="%"),
             [Figure("发现", h.found_year, ledger(reported_from=jan1)),
              Figure("已销号", h.closed_year, ledger(reported_from=jan1, status="closed"))],
             tone="success"),
    ]


def accident_card(a: s.AccidentSummary, target: s.DeathsTarget | None) -> Card:
    jan1, last_jan1 = dt.date(a.year, 1, 1), dt.date(a.year - 1, 1, 1)
    this = link("accidents:list", occurred_from=jan1, occurred_to=dt.date(a.year, 12, 31))
    last = link("accidents:list", occurred_from=last_jan1, occurred_to=a.last_until)
    note = ""
    if target is not None and target.ceiling is not None:
        scope = "" if target.covers_year else f"（{target.plan_name}，规划期至{target.target_year}年）"
        note = f"死亡人数目标：≤ {target.ceiling.quantize(Decimal('0.1'))} 人/年{scope}"
    elif target is None:
        note = "未设定死亡人数规划目标"
    return Card(
        title=f"{a.year}年生产安全事故",
        main=Figure("死亡", a.deaths, this, check="sum:deaths", unit="人"),
        parts=[
            Figure("事故", a.accidents, this),
            Figure("较大以上", a.larger, link("accidents:list", year=a.year, larger="true")),
            Figure("去年同期事故", a.last_accidents, last),
            Figure("去年同期死亡", a.last_deaths, last, check="sum:deaths"),
        ],
        tone="danger" if target and target.covers_year and target.ceiling is not None and a.deaths > target.ceiling
        else "secondary",
        note=note,
    )


def enforcement_card(e: s.EnforcementSummary, *, plans_visible: bool) -> Card:
    month = link("inspections:inspection_list", status="finished", since=e.month_start, until=e.month_end)
    quarter = link("inspections:inspection_list", status="finished", since=e.quarter_start, until=e.quarter_end)
    parts = [Figure(f"第{e.quarter}季度完成", e.quarter_done, quarter)]
    note = ""
    if plans_visible and e.quarter_planned is not None:
        plans = link("inspections:plan_list", year=e.quarter_start.year, status="approved")
        parts.append(Figure("季度计划", e.quarter_planned, plans, check=f"sum:q{e.quarter}"))
        note = f"季度计划完成率：{'—' if e.rate is None else f'{e.rate}%'}"
    elif plans_visible:
        note = f"{e.quarter_start.year}年度执法计划尚未批准"
    return Card("本月执法检查", Figure("本月完成", e.month_done, month, unit="家次"), parts, tone="primary", note=note)


def coverage_card(p: s.PatrolCoverage) -> Card:
    board_url = link("inspections:coverage", month=f"{p.month_start:%Y-%m}")
    patrols = link("inspections:patrol_list", status="finished", since=p.month_start, until=p.month_end)
    return Card("本月网格巡查覆盖率", Figure("覆盖率", p.rate, board_url, check="", unit="%"),
                [Figure("已巡企业", p.visited, board_url, check="ctx:totals.visited"),
                 Figure("应巡企业", p.enterprises, board_url, check="ctx:totals.enterprises"),
                 Figure("巡查次数", p.patrols, patrols)],
                tone="success")


def drill_card(d: s.DrillSummary) -> Card:
    url = reverse("emergency:compliance")
    return Card("应急演练达标", Figure("达标率", d.rate, f"{url}?behind=1", check="", unit="%"),
                [Figure("应演练（单位×规则）", d.owners, url), Figure("未达标", d.behind, f"{url}?behind=1")],
                tone="info")


def expiry_card(e: s.ExpirySummary) -> Card:
    return Card("证照/保险到期预警", Figure("到期及临期", e.total, link("enterprises:expiring"), unit="项"),
                [Figure("已过期", e.expired, link("enterprises:expiring", state="expired")),
                 Figure("证照许可", e.licence, link("enterprises:expiring", kind="licence")),
                 Figure("安责险", e.insurance, link("enterprises:expiring", kind="insurance")),
                 Figure("标准化", e.standardization, link("enterprises:expiring", kind="standardization"))],
                tone="secondary")


def cockpit(user: User, *, today: dt.date) -> dict:
    """Everything the cockpit page shows for ``user`` (scoped by ``for_user``; cached briefly).

    The figures are independent aggregates: ``selectors.compute_sections`` runs them side by side
    on PostgreSQL (each on its own connection), one after the other elsewhere."""
    this_week = week_start_of(today)
    last_week = this_week - dt.timedelta(weeks=1)
    enterprises = Enterprise.objects.for_user(user)
    hazards = Hazard.objects.for_user(user)
    region = s.scope_region(user)
    streets = s.streets_in(user)
    street_of = s.street_of_regions(streets)  # region id → street: shared by the top-10 table and the chart
    years = list(range(today.year - 9, today.year + 1))
    sections = {
        "filing": lambda: s.filing_counts(enterprises, [this_week, last_week]),
        "hazards_open": lambda: s.open_hazards(hazards, today=today),
        "hazards_trend": lambda: s.hazard_trend(hazards, today=today),
        "accidents": lambda: s.accident_summary(Accident.objects.for_user(user), today=today),
        "target": lambda: region and s.deaths_target(user=user, region=region, year=today.year),
        "deaths": lambda: s.deaths_by_year(user=user, region=region, years=years) if region else {},
        "drills": lambda: s.drill_summary(user=user, on=today),
        "expiry": lambda: s.expiry_summary(enterprises, today=today),
        "enforcement": lambda: s.enforcement_summary(user=user, today=today),
        "top_streets": lambda: s.overdue_by_street(hazards, streets, street_of, today=today),
    }
    if can(user, "inspections.view_coverage"):
        # heavy sections first: the pool starts them in this order
        sections = {"coverage": lambda: s.patrol_coverage(user=user, today=today), **sections}
    if can(user, "reporting.handle"):
        sections["reports"] = lambda: s.report_closure(PublicReport.objects.for_user(user), today=today)
    got = s.compute_sections(user, sections, today)
    filing_rows = got["filing"]
    filing = s.filing_weeks(filing_rows)
    filing_now, filing_last = filing[this_week], filing[last_week]
    overview = s.combine_overview(got["hazards_open"], got["hazards_trend"])
    hz = overview.summary
    accidents, target, drills, expiry = got["accidents"], got["target"], got["drills"], got["expiry"]

    cards = [filing_card("本周自查填报", filing_now, "info"), filing_card("上周自查填报", filing_last, "info")]
    cards += hazard_cards(hz, year=today.year)
    cards.append(enforcement_card(got["enforcement"], plans_visible=can(user, "inspections.view_enforcement")))
    if "coverage" in got:
        cards.append(coverage_card(got["coverage"]))
    cards += [accident_card(accidents, target), drill_card(drills), expiry_card(expiry)]

    top_streets = got["top_streets"]
    top_industries = overview.overdue_industries
    tables = {
        "streets": [Figure(r.name, r.value, ledger(overdue="true", region=r.pk)) for r in top_streets],
        "industries": [Figure(r.name, r.value, ledger(overdue="true", industry=r.pk)) for r in top_industries],
    }
    closure = []
    if "reports" in got:
        for m in reversed(got["reports"]):
            period = {"submitted_from": m.month, "submitted_to": s.month_end(m.month)}
            closure.append({
                "month": m.month, "rate": m.rate, "on_target": m.on_target,
                "figures": [
                    Figure("受理", m.received, link("reporting:list", **period)),
                    Figure("不属实", m.unfounded, link("reporting:list", status="unfounded", **period)),
                    Figure("已办结（销号）", m.done - m.unfounded, link("reporting:list", status="closed", **period)),
                ],
            })
    charts = charts_data(overview, streets, street_of, today=today, week=last_week, target=target,
                         filing_rows=filing_rows, deaths=got["deaths"], years=years)
    return {
        "cards": cards, "tables": tables, "closure": closure, "charts": charts,
        "this_week": this_week, "last_week": last_week, "region": region,
        "scope_label": scope_label(user),
    }


def charts_data(overview: s.HazardOverview, streets: list, street_of: dict[int, int], *, today: dt.date,
                week: dt.date, target: s.DeathsTarget | None,
                filing_rows: s.FilingCounts, deaths: dict[int, int], years: list[int]) -> dict:
    """The charts' series, from figures already computed (no queries)."""
    trend, industries = overview.trend, overview.industries
    filing = s.filing_by_street(filing_rows, streets, street_of, week) if len(streets) > 1 else []
    ceiling = None
    if target is not None and target.ceiling is not None:
        ceiling = [float(target.ceiling) if target.baseline_year < y <= target.target_year else None for y in years]
    return {
        "trend": {
            "weeks": [week_label(p.week_start).split("年")[1] for p in trend],
            "found": [p.found for p in trend], "closed": [p.closed for p in trend],
            "found_urls": [ledger(reported_from=p.week_start, reported_to=p.week_end) for p in trend],
            "closed_urls": [ledger(closed_from=p.week_start, closed_to=p.week_end) for p in trend],
        },
        "deaths": {
            "years": [str(y) for y in years], "deaths": [deaths.get(y, 0) for y in years], "ceiling": ceiling,
            "target_name": target.plan_name if target else "",
            "urls": [link("accidents:list", year=y) for y in years],
        },
        "industries": {
            "names": [i.name for i in industries], "open": [i.open for i in industries],
            "overdue": [i.overdue for i in industries],
            "open_urls": [ledger(open="true", industry=i.pk) for i in industries],
            "overdue_urls": [ledger(overdue="true", industry=i.pk) for i in industries],
        },
        "filing": {
            "week": week_label(week), "names": [f.name for f in filing],
            "rates": [float(f.rate) if f.rate is not None else None for f in filing],
            "urls": [board(week, region=f.pk, status="missing") for f in filing],
        },
    }


def scope_label(user: User) -> str:
    if user.sees_everything:
        return "全区"
    if is_department(user) and user.department_id:
        return f"{user.department.name}监管行业"
    if is_street(user) and user.region_id:
        return user.region.name
    return str(user)
