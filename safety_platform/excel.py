"""openpyxl helpers shared by every export and import.

Exports: ``xlsx_response(title, columns, rows)`` — Chinese headers, frozen header row,
widths sized for CJK text, dates as real Excel dates. Every cell of every export is made by
``sheet_cell`` (a custom layout appends its rows with ``append_row``): user text is always a text
cell, so ``=HYPERLINK(…)`` typed by a reporter is shown, never evaluated.

Imports: ``read_rows(file, columns)`` reads a sheet whose header row carries the column
titles; the app's importer reads each cell with the one set of parsers here (``cell_text``,
``cell_int``, ``cell_decimal``, ``cell_date``, ``cell_datetime``, ``cell_yes_no``, ``cell_choice``:
``CellError`` with a Chinese message), validates every row and writes nothing unless all rows are valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from itertools import islice
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 20000
WIDTH_SAMPLE_ROWS = 200
# A text starting with one of these is a formula (or becomes one when edited) in Excel/LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, int, float, Decimal)) or value is None:
        return value
    return str(value)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def build_workbook(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Workbook:
    """A write-only (streaming) workbook: large exports stay fast and light on memory.

    Column widths are estimated from the header and the first rows, then the rest streams."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    rows = iter(rows)
    head = [[_cell_value(v) for v in row] for row in islice(rows, WIDTH_SAMPLE_ROWS)]
    widths = [_display_width(c) for c in columns]
    for values in head:
        for i, v in enumerate(values[: len(widths)]):
            if v is not None:
                widths[i] = max(widths[i], min(_display_width(str(v)), 60))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width + 2
    ws.freeze_panes = "A2"
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    header = []
    for c in columns:
        cell = sheet_cell(ws, c)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        header.append(cell)
    ws.append(header)
    for values in head:
        append_row(ws, values)
    for row in rows:
        append_row(ws, row)
    return wb


def sheet_cell(ws, value: Any) -> Cell:
    """The one way an export writes a value: numbers and dates stay numeric (dates formatted),
    ``bool`` becomes 是/否, and any text is an explicit text cell.

    openpyxl reads a str starting with "=" as a formula and "#N/A" as an error value, so the type is
    set back to text after the value is assigned; a text that starts like a formula also gets the
    quote prefix (Excel's leading ') so that Excel and LibreOffice show it and never evaluate it,
    not even after the cell is edited."""
    value = _cell_value(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def append_row(ws, values: Iterable[Any]) -> None:
    """Append one row to a write-only or a normal worksheet, every value through ``sheet_cell``."""
    ws.append([None if v is None else sheet_cell(ws, v) for v in values])


def xlsx_bytes(wb: Workbook) -> bytes:
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    wb = build_workbook(title, columns, rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{title}-{stamp}.xlsx"
    response = HttpResponse(xlsx_bytes(wb), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@dataclass
class RowError:
    row: int  # 1-based Excel row number
    field: str
    message: str


@dataclass
class ImportReport:
    """What an import would do (preview) or did (commit)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def add_error(self, row: int, field_name: str, message: str) -> None:
        self.errors.append(RowError(row, field_name, message))


class ImportFileError(ValueError):
    """The file itself cannot be read as the expected sheet (wrong type, missing columns)."""


def read_rows(upload, columns: Sequence[str]) -> list[tuple[int, dict[str, Any]]]:
    """Read (excel_row_number, {column title: value}) pairs; blank rows are skipped."""
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-xlsx file
        raise ImportFileError("文件无法读取：请上传 .xlsx 格式的 Excel 文件（可先下载模板）") from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportFileError("文件为空：第1行应为列标题")
    titles = [str(h).strip() if h is not None else "" for h in header]
    missing = [c for c in columns if c not in titles]
    if missing:
        raise ImportFileError(f"缺少列：{'、'.join(missing)}（请使用下载的模板）")
    index = {c: titles.index(c) for c in columns}
    out: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {}
        for c, i in index.items():
            v = values[i] if i < len(values) else None
            record[c] = v.strip() if isinstance(v, str) else v
        out.append((number, record))
        if len(out) > MAX_IMPORT_ROWS:
            raise ImportFileError(f"单次导入不超过 {MAX_IMPORT_ROWS} 行")
    wb.close()
    return out


# ---- cell parsers: the one reading of a typed cell, for every import --------------------------


class CellError(ValueError):
    """A cell that cannot be read as the column's type; the message names the value (Chinese)."""


def cell_text(value: Any) -> str:
    """Stripped text; a whole float becomes an int first (codes and phone numbers typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_decimal(value: Any, *, non_negative: bool = False) -> Decimal | None:
    """None for an empty cell."""
    text = cell_text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(f"“{text}”不是数字") from exc
    if not number.is_finite():
        raise CellError(f"“{text}”不是数字")
    if non_negative and number < 0:
        raise CellError(f"“{text}”不是非负数")
    return number


def cell_int(value: Any) -> int:
    """A non-negative integer; 0 for an empty cell."""
    number = cell_decimal(value)
    if number is None:
        return 0
    if number != number.to_integral_value() or number < 0:
        raise CellError(f"“{cell_text(value)}”应为非负整数")
    return int(number)


DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


def cell_datetime(value: Any) -> dt.datetime:
    """An aware datetime from an Excel date/time or a text such as 2019-06-12 09:30 (also 2019/06/12,
    2019.06.12; a date alone is midnight); naive values are in the platform's time zone."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(0, 0))
    else:
        text = cell_text(value).replace("/", "-").replace(".", "-")
        for fmt in DATETIME_FORMATS:
            try:
                moment = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise CellError(f"“{cell_text(value)}”不是有效时间（格式 2019-06-12 09:30）")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def cell_date(value: Any) -> dt.date | None:
    """None for an empty cell; an Excel date, or a text such as 2026-03-31 (also 2026/3/31, 2026.3.31)."""
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise CellError(f"“{cell_text(value)}”不是日期（格式如 2026-03-31）") from exc


def cell_yes_no(value: Any) -> bool:
    """是/否 (also Y/N, 1/0); empty is 否."""
    text = cell_text(value)
    if text in ("", "否", "N", "n", "0"):
        return False
    if text in ("是", "Y", "y", "1"):
        return True
    raise CellError(f"应填“是”或“否”，实际为“{text}”")


def cell_choice(value: Any, choices: Iterable[tuple[Any, Any]], default: str) -> str:
    """The value of a choice typed by its Chinese label; ``default`` for an empty cell."""
    text = cell_text(value)
    if not text:
        return default
    by_label = {str(label): val for val, label in choices}
    if text in by_label:
        return by_label[text]
    raise CellError(f"应为 {'/'.join(by_label)} 之一，实际为“{text}”")


def template_response(title: str, columns: Sequence[str], example: Sequence[Any]) -> HttpResponse:
    return xlsx_response(f"{title}导入模板", columns, [example])
