"""Excel writers (lists, indicators, statistics) and readers (historical ledger, reference data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import Industry, Region
from enterprises.models import Enterprise
from safety_platform.excel import (
    ImportReport,
    cell_date,
    cell_datetime,
    cell_decimal,
    cell_int,
    cell_text,
    read_rows,
)

from .choices import RATE_INDICATORS, AccidentCategory, AccidentType, Indicator
from .models import Accident, RegionYearData
from .selectors import StatsTable, YearIndicators

ACCIDENT_COLUMNS = [
    "事故名称", "发生时间", "区域", "详细地点", "事故单位", "行业", "统计类别", "事故类型", "死亡", "失踪", "重伤",
    "轻伤", "直接经济损失（万元）", "事故等级", "状态", "迟报", "漏报/瞒报/谎报", "结案日期", "整改评估到期",
]


def accident_row(a: Accident) -> list[Any]:
    return [
        a.title, a.occurred_at, a.region.full_name if a.region_id else "", a.place,
        a.enterprise.name if a.enterprise_id else "", str(a.industry) if a.industry_id else "",
        a.get_category_display(), a.get_accident_type_display(), a.deaths, a.missing, a.serious_injuries,
        a.minor_injuries, a.direct_loss, a.get_grade_display(), a.get_status_display(), a.late_reported,
        a.get_irregularity_display() if a.irregularity else "", a.closed_on, a.evaluation_due,
    ]


YEAR_DATA_COLUMNS = ["区域", "区划代码", "年度", "地区生产总值（亿元）", "常住人口（人）", "工矿商贸就业人员（人）",
                     "机动车保有量（辆）", "煤炭产量（万吨）", "数据来源"]


def year_data_row(r: RegionYearData) -> list[Any]:
    return [r.region.name, r.region.code, r.year, r.gdp, r.population, r.industrial_employees, r.motor_vehicles,
            r.coal_output, r.source]


# ---------------------------------------------------------------- indicators and statistics

INDICATOR_ROWS: list[tuple[str, str]] = [
    ("accidents", "生产安全事故起数（起）"),
    ("deaths", "生产安全事故死亡人数（人）"),
    ("larger_accidents", "较大以上事故起数（起）"),
    *[(f"cat:{c}", f"其中{label}死亡人数（人）") for c, label in AccidentCategory.choices],
    ("coal_deaths", "煤矿事故死亡人数（人）"),
    ("gdp", "地区生产总值（亿元）"),
    ("industrial_employees", "工矿商贸就业人员（人）"),
    ("motor_vehicles", "机动车保有量（辆）"),
    ("coal_output", "煤炭产量（万吨）"),
    ("gdp_rate", Indicator.GDP_RATE.label),
    ("industrial_rate", Indicator.INDUSTRIAL_RATE.label),
    ("road_rate", Indicator.ROAD_RATE.label),
    ("coal_rate", Indicator.COAL_RATE.label),
]


def display_value(key: str, value: Any) -> Any:
    """Rounding happens here, at display: rates to 3 decimals (as the plans print them)."""
    if value is None:
        return None
    if key in RATE_INDICATORS:
        return Decimal(value).quantize(Decimal("0.001"))
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral() else value.quantize(Decimal("0.01"))
    return value


def indicator_value(item: YearIndicators, key: str) -> Any:
    if key.startswith("cat:"):
        return item.deaths_by_category.get(key[4:], 0)
    return getattr(item, key)


def indicator_table(data: dict[int, YearIndicators]) -> list[list[Any]]:
    """[[label, value per year …]] with display rounding; the page and the export share it."""
    years = sorted(data)
    return [[label, *[display_value(key, indicator_value(data[y], key)) for y in years]] for key, label in INDICATOR_ROWS]


def stats_rows(table: StatsTable) -> tuple[list[str], list[list[Any]]]:
    columns = ["分组"]
    for y in table.years:
        columns += [f"{y}年起数", f"{y}年死亡", f"{y}年重伤", f"{y}年直接经济损失（万元）"]
    columns += ["合计起数", "合计死亡", "合计重伤", "合计直接经济损失（万元）"]
    rows = []
    for row in [*table.rows, None]:
        label = row.label if row else "合计"
        cells = [row.cells[y] for y in table.years] + [row.total] if row else \
            [table.totals[y] for y in table.years] + [table.total]
        values: list[Any] = [label]
        for c in cells:
            values += [c.accidents, c.deaths, c.serious_injuries, c.direct_loss]
        rows.append(values)
    return columns, rows


# ---------------------------------------------------------------- imports

ACCIDENT_IMPORT_COLUMNS = [
    "事故名称", "发生时间", "区划代码", "企业统一社会信用代码", "行业代码", "统计类别", "是否煤矿", "事故类型",
    "死亡人数", "失踪人数", "重伤人数", "轻伤人数", "直接经济损失（万元）", "详细地点", "事故简要经过", "结案日期",
]
ACCIDENT_IMPORT_EXAMPLE = [
    "某钢铁公司“6·12”机械伤害事故", "2019-06-12 09:30", "150203001", "", "C31", "工矿商贸", "否", "机械伤害",
    1, 0, 0, 0, 85.5, "炼钢厂二号转炉平台", "检修作业时设备误启动，1名作业人员被卷入死亡", "2019-09-30",
]
YEAR_DATA_IMPORT_COLUMNS = ["区划代码", "年度", "地区生产总值（亿元）", "常住人口（人）", "工矿商贸就业人员（人）",
                            "机动车保有量（辆）", "煤炭产量（万吨）", "数据来源"]
YEAR_DATA_IMPORT_EXAMPLE = ["150203", 2020, 618.2, 803000, 158000, 286000, "", "2020年国民经济和社会发展统计公报"]

CATEGORY_BY_LABEL = {label: value for value, label in AccidentCategory.choices}
TYPE_BY_LABEL = {label: value for value, label in AccidentType.choices}


def read_accident_ledger(upload) -> ImportReport:
    """Validate every row of the 历史事故台账; the caller writes only when the report is ok."""
    report = ImportReport()
    records = read_rows(upload, ACCIDENT_IMPORT_COLUMNS)
    regions = {r.code: r for r in Region.objects.filter(code__in={cell_text(r["区划代码"]) for _, r in records})}
    ents = {e.uscc: e for e in Enterprise.objects.filter(
        uscc__in={cell_text(r["企业统一社会信用代码"]) for _, r in records} - {""})}
    industries = {i.code: i for i in Industry.objects.all()}
    existing = set(Accident.objects.filter(title__in={cell_text(r["事故名称"]) for _, r in records})
                   .values_list("title", "occurred_at"))
    seen: set[tuple[str, dt.datetime]] = set()
    now = timezone.now()
    for number, r in records:
        errors_before = len(report.errors)
        values: dict[str, Any] = {}
        title = cell_text(r["事故名称"])
        if not title:
            report.add_error(number, "事故名称", "不能为空")
        values["title"] = title
        try:
            values["occurred_at"] = cell_datetime(r["发生时间"])
            if values["occurred_at"] > now:
                report.add_error(number, "发生时间", "不能晚于当前时间")
        except ValueError:
            report.add_error(number, "发生时间", f"“{cell_text(r['发生时间'])}”不是有效时间（格式 2019-06-12 09:30）")
        code = cell_text(r["区划代码"])
        values["region"] = regions.get(code)
        if values["region"] is None:
            report.add_error(number, "区划代码", f"找不到区划代码“{code}”" if code else "不能为空")
        uscc = cell_text(r["企业统一社会信用代码"])
        values["enterprise"] = ents.get(uscc) if uscc else None
        if uscc and values["enterprise"] is None:
            report.add_error(number, "企业统一社会信用代码", f"平台中没有统一社会信用代码为“{uscc}”的企业")
        icode = cell_text(r["行业代码"])
        values["industry"] = industries.get(icode) if icode else None
        if icode and values["industry"] is None:
            report.add_error(number, "行业代码", f"找不到行业代码“{icode}”")
        category = CATEGORY_BY_LABEL.get(cell_text(r["统计类别"]))
        if category is None:
            report.add_error(number, "统计类别", f"应为：{'、'.join(CATEGORY_BY_LABEL)}")
        values["category"] = category
        coal = cell_text(r["是否煤矿"])
        if coal not in ("", "是", "否"):
            report.add_error(number, "是否煤矿", "应为“是”或“否”")
        values["is_coal_mine"] = coal == "是"
        if values["is_coal_mine"] and category and category != AccidentCategory.INDUSTRIAL:
            report.add_error(number, "是否煤矿", "煤矿事故的统计类别应为工矿商贸")
        values["accident_type"] = TYPE_BY_LABEL.get(cell_text(r["事故类型"]))
        if values["accident_type"] is None:
            report.add_error(number, "事故类型", "应为 GB 6441 的类别之一，如：机械伤害、高处坠落、物体打击")
        for column, name in (("死亡人数", "deaths"), ("失踪人数", "missing"), ("重伤人数", "serious_injuries"),
                             ("轻伤人数", "minor_injuries")):
            try:
                values[name] = cell_int(r[column])
            except ValueError:  # CellError included
                report.add_error(number, column, f"“{cell_text(r[column])}”不是非负整数")
        try:
            values["direct_loss"] = cell_decimal(r["直接经济损失（万元）"], non_negative=True) or Decimal(0)
        except ValueError:
            report.add_error(number, "直接经济损失（万元）", f"“{cell_text(r['直接经济损失（万元）'])}”不是非负数")
        values["place"] = cell_text(r["详细地点"])[:200]
        values["summary"] = cell_text(r["事故简要经过"])
        try:
            values["closed_on"] = cell_date(r["结案日期"])
        except ValueError:
            report.add_error(number, "结案日期", f"“{cell_text(r['结案日期'])}”不是有效日期")
        key = (title, values.get("occurred_at"))
        if key in existing:
            report.add_error(number, "事故名称", "平台中已有同名同时间的事故（请勿重复导入）")
        elif key in seen:
            report.add_error(number, "事故名称", "与本文件中前面的行重复")
        seen.add(key)
        if len(report.errors) == errors_before:
            report.rows.append(values)
    return report


def read_year_data(upload) -> ImportReport:
    report = ImportReport()
    records = read_rows(upload, YEAR_DATA_IMPORT_COLUMNS)
    regions = {r.code: r for r in Region.objects.filter(code__in={cell_text(r["区划代码"]) for _, r in records})}
    seen: set[tuple[str, int]] = set()
    fields = [("地区生产总值（亿元）", "gdp", False), ("常住人口（人）", "population", True),
              ("工矿商贸就业人员（人）", "industrial_employees", True), ("机动车保有量（辆）", "motor_vehicles", True),
              ("煤炭产量（万吨）", "coal_output", False)]
    for number, r in records:
        errors_before = len(report.errors)
        code = cell_text(r["区划代码"])
        values: dict[str, Any] = {"region": regions.get(code)}
        if values["region"] is None:
            report.add_error(number, "区划代码", f"找不到区划代码“{code}”" if code else "不能为空")
        try:
            values["year"] = cell_int(r["年度"])
            if not 1990 <= values["year"] <= 2100:
                raise ValueError
        except ValueError:  # CellError included
            report.add_error(number, "年度", f"“{cell_text(r['年度'])}”不是有效年度")
        for column, name, integer in fields:
            raw = r[column]
            try:
                if integer:
                    values[name] = cell_int(raw) if cell_text(raw) != "" else None
                else:
                    values[name] = cell_decimal(raw, non_negative=True)
            except ValueError:  # CellError included
                report.add_error(number, column, f"“{cell_text(raw)}”不是非负{'整数' if integer else '数'}")
        if values.get("gdp") == 0:
            report.add_error(number, "地区生产总值（亿元）", "不能为0（未知请留空）")
        values["source"] = cell_text(r["数据来源"])[:200]
        key = (code, values.get("year"))
        if key in seen:
            report.add_error(number, "年度", "同一区域同一年度在文件中出现多次")
        seen.add(key)
        if len(report.errors) == errors_before:
            report.rows.append(values)
    return report
