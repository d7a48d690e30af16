"""Excel: the results sheet in the layout sent to 组织部, and the drill-down records."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from safety_platform.excel import XLSX_MIME, append_row, xlsx_bytes, xlsx_response

from .choices import SchemeStatus


def results_headers(categories) -> list[str]:
    return ["序号", "单位类别", "被考核单位", *[c.name for c in categories], "总分", "考核等次", "同类排名", "一票否决原因"]


def results_values(index: int, row) -> list:
    u = row.unit
    return [index, u.get_kind_display(), u.name, *row.categories, u.total, u.get_grade_display(), u.rank,
            u.veto_reason or ""]


def results_workbook(scheme, categories, rows) -> Workbook:
    """Row 1: title; row 2: headers; one row per unit (grouped by kind, by rank); a closing note row.

    Every row goes through ``append_row`` so names typed by users stay text cells."""
    headers = results_headers(categories)
    wb = Workbook()
    ws = wb.active
    ws.title = "考核结果"
    append_row(ws, [f"{scheme}考核结果汇总表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    append_row(ws, headers)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i in range(1, len(headers) + 1):
        cell = ws.cell(row=2, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for n, row in enumerate(rows, start=1):
        append_row(ws, [float(v) if isinstance(v, Decimal) else v for v in results_values(n, row)])
    for r in ws.iter_rows(min_row=2, max_row=len(rows) + 2, max_col=len(headers)):
        for cell in r:
            cell.border = border
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    state = "结果已发布" if scheme.status == SchemeStatus.PUBLISHED else "异议期（未发布，数据可能变化）"
    stamp = timezone.localtime(scheme.results_published_at or timezone.now()).strftime("%Y-%m-%d %H:%M")
    append_row(ws, [])
    append_row(ws, [f"说明：{state}；{stamp}；等次线 优秀≥{scheme.excellent_min}、良好≥{scheme.good_min}、"
                    f"合格≥{scheme.pass_min}；触发一票否决的单位等次为不合格，排在同类单位之后。"])
    widths = [6, 10, 24, *[max(10, len(c.name) * 2 + 2) for c in categories], 9, 10, 10, 40]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "D3"
    return wb


def results_workbook_response(scheme, categories, rows) -> HttpResponse:
    filename = f"{scheme}考核结果.xlsx"
    response = HttpResponse(xlsx_bytes(results_workbook(scheme, categories, rows)), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def drilldown_rows(score, computer, records) -> HttpResponse:
    def rows():
        for n, obj in enumerate(records, start=1):
            enterprise = getattr(obj, "enterprise", None)
            yield (n, str(obj), str(enterprise) if enterprise is not None else "")

    return xlsx_response(f"{score.unit.name}-{computer.label}明细", ("序号", "记录", "所属企业"), rows())
