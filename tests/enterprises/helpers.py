"""Small builders shared by the enterprise tests."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.exports import IMPORT_COLUMNS
from safety_platform.excel import XLSX_MIME, build_workbook, xlsx_bytes
from tests.factories import valid_uscc


def import_row(world, n: int, **overrides: Any) -> dict[str, Any]:
    row = {column: "" for column in IMPORT_COLUMNS}
    row.update({
        "统一社会信用代码": valid_uscc(100_000 + n),
        "企业名称": f"导入测试{n}有限公司",
        "属地网格编码": world.cell_a.code,
        "行业代码": world.industry.code,
        "地址": f"测试路{n}号",
        "经度": 109.81,
        "纬度": 40.65,
        "法定代表人": "王五",
        "从业人数": 20,
        "规模": "规下",
        "危化品": "否",
    })
    row.update(overrides)
    return row


def xlsx_upload(rows: list[dict[str, Any]], name: str = "台账.xlsx") -> SimpleUploadedFile:
    wb = build_workbook("企业台账", IMPORT_COLUMNS, ([r[c] for c in IMPORT_COLUMNS] for r in rows))
    return SimpleUploadedFile(name, xlsx_bytes(wb), content_type=XLSX_MIME)
